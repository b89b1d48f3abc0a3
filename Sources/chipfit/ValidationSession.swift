import ChipFitSpec
import ChipFitPlanner
import ChipFitRender
import ChipFitYAML
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Everything `validate` (and later `plan`) needs from disk, loaded concurrently.
struct ValidationSession {
    var workspace: Workspace
    /// The files the user named (or the catalogue, when none were named).
    var checkedFiles: [String]
    var profileFiles: [String]
    /// The bytes of every file read, for source excerpts and reports' input hashes.
    var contents: [String: [UInt8]]
    /// The inline suppressions of every file that has a `chipfit:ignore` comment, read while
    /// the file was loaded.
    var suppressions: [String: SuppressionRules]

    /// Text of the files the findings (and their related locations) point into.
    func sources(for diagnostics: [Diagnostic]) -> [String: String] {
        let files = Set(diagnostics.map(\.file) + diagnostics.flatMap { $0.related.map(\.location.file) })
            .compactMap { file in contents[file].map { (file, $0) } }
        // Decoded on every core: a run can have findings in thousands of files.
        let texts = parallelMap(files.count) { String(decoding: files[$0].1, as: UTF8.self) }
        return Dictionary(uniqueKeysWithValues: zip(files.lazy.map(\.0), texts))
    }
    /// The bytes of files that specs reference (hf_config), by resolved path.
    var referenced: [(path: String, bytes: [UInt8])]

    /// Every file read: specs, profiles and the files specs reference.
    var inputPaths: [String] { contents.keys.sorted() + referenced.map(\.path) }

    /// SHA-256 of every file read (specs, profiles, referenced configs), for reports. Computed
    /// on demand: only reports show them.
    var inputHashes: [ReportModel.Input] {
        contents.map { ReportModel.Input(path: $0.key, sha256: SHA256.hex($0.value)) }
            + referenced.map { ReportModel.Input(path: $0.path, sha256: SHA256.hex($0.bytes)) }
    }

    /// Reads, checks and links every file, on every core.
    ///
    /// The catalogue is loaded first (while the named paths are walked on the same threads),
    /// then linked; each named deployment is then read, checked and linked against it on the
    /// thread that loaded it, so its syntax tree is freed while still in cache instead of
    /// piling up until a separate link stage: heap, page faults and serial time shrink with
    /// it. A run whose named files add to the catalogue (a chip, stack, preset or
    /// certification list) is linked as a whole instead, by `Linker.link`, the same pure
    /// stages run in one go.
    ///
    /// - Parameters:
    ///   - profiles: `--profiles`; empty for the default catalogue.
    ///   - root: `--root`, the tree referenced files must stay in.
    ///   - keepDeployments: false when only findings are wanted (`validate`), so each
    ///     deployment's typed form is freed as soon as it is linked.
    ///   - allowEmpty: named paths that hold no YAML file are not an error (`--allow-empty`).
    static func load(paths: [String], profiles chosen: [String], root: String?, limits: YAMLLimits,
                     keepDeployments: Bool = true, allowEmpty: Bool = false) throws -> ValidationSession {
        let profileDirs = try InputFiles.profileDirectories(chosen)
        PhaseTimings.mark("profiles found")
        let profiles = try profileDirs.flatMap { try InputFiles.yamlFiles(under: InputFiles.display($0)) }
        let profileFiles = profiles.map(\.path)
        PhaseTimings.mark("profiles listed")

        var read = try loadProfiles(profiles.map(\.path), walking: paths, allowEmpty: allowEmpty, limits)
        let named = read.expanded.map(\.path)
        // Keyed by bytes, like the de-duplication of the named files: an input whose path only
        // looks like a profile's (another Unicode normalisation) is a different file.
        let profileSet = Set(profiles.map(\.canonical))
        let extra = read.expanded.filter { f in
            guard let i = profileSet.firstIndex(of: f.canonical) else { return true }
            return !profileSet[i].utf8.elementsEqual(f.canonical.utf8)
        }.map(\.path)
        PhaseTimings.mark("discover+profiles")

        // The catalogue, linked once. A deployment among the profiles would have to be linked
        // with the others: that run takes the whole-workspace path.
        let linkOnTheFly = !read.catalogueFiles.contains { $0.kind == .deployment }
        let catalogue = Linker.catalogue(linkOnTheFly ? read.catalogueFiles : [])
        PhaseTimings.mark("catalogue")

        var outcomes = try loadNamed(extra, linkingWith: linkOnTheFly ? catalogue : nil,
                                     keepDeployments: keepDeployments, limits, into: &read)
        // Every file is reported under its path, so no two may be equal as strings while
        // different as bytes. The paths are distinct as bytes: fewer keys means such a pair.
        if read.contents.count < profileFiles.count + extra.count {
            try InputFiles.requireDistinguishable(profileFiles + extra)
        }
        // A named profile changes the catalogue every deployment was linked against.
        let streamed = linkOnTheFly && !outcomes.contains {
            if case .loaded(let f) = $0 { f.kind != nil && f.kind != .deployment } else { false }
        }
        PhaseTimings.mark("collect")

        // The tree a spec's references must stay in, looked up only for specs that reference a
        // file (most runs have none, and indexing 2,000 paths was serial time for nothing).
        var trees: [String: String]?
        let expanded = read.expanded
        func tree(_ file: String) -> String {
            if let root { return root }
            if trees == nil {
                trees = Dictionary(expanded.map { ($0.path, $0.tree) }, uniquingKeysWith: { _, last in last })
            }
            return trees?[file] ?? "."
        }
        let workspace: Workspace
        let referenced: [(path: String, bytes: [UInt8])]
        if streamed {
            // Deployments that reference files are linked once those are read.
            let pending = outcomes.compactMap { if case .loaded(let f) = $0, f.kind == .deployment { f } else { nil } }
            let references = InputFiles.references(for: pending, limit: limits.maxFileBytes, tree: tree)
            var unlinked: [LoadedFile] = []
            var deployments: [LinkedDeployment] = []
            deployments.reserveCapacity(outcomes.count)
            // Taken from the end and reversed: moved out, not copied.
            while let outcome = outcomes.popLast() {
                switch consume outcome {
                case .linked(let d): deployments.append(d)
                case .loaded(let f) where f.kind == .deployment:
                    deployments.append(catalogue.link(f, references: references.byKey, keepResolved: keepDeployments))
                case .loaded(let f): unlinked.append(f)
                }
            }
            deployments.reverse()
            unlinked.reverse()
            workspace = Linker.join(catalogue, deployments, others: unlinked,
                                    files: read.catalogueFiles + unlinked + pending)
            referenced = references.read
        } else {
            // Files linked on the fly are loaded again from their bytes (a run that names
            // profiles is small), then everything is linked together.
            let files = read.catalogueFiles + outcomes.map { outcome -> LoadedFile in
                switch outcome {
                case .loaded(let f): return f
                case .linked(let d): return DocumentLoader.load(read.contents[d.file]!, file: d.file, limits: limits)
                }
            }
            let references = InputFiles.references(for: files, limit: limits.maxFileBytes, tree: tree)
            workspace = Linker.link(files, references: references.byKey)
            referenced = references.read
        }
        PhaseTimings.mark("link")
        return ValidationSession(workspace: workspace, checkedFiles: paths.isEmpty ? profileFiles : named,
                                 profileFiles: profileFiles, contents: read.contents, suppressions: read.suppressions,
                                 referenced: referenced)
    }

    /// What the loading stages gather besides the linked files.
    private struct Gathered {
        /// The named paths, walked.
        var expanded: [InputFiles.Found] = []
        var catalogueFiles: [LoadedFile] = []
        var contents: [String: [UInt8]] = [:]
        var suppressions: [String: SuppressionRules] = [:]

        mutating func add(_ path: String, _ bytes: [UInt8], _ rules: SuppressionRules?) {
            contents[path] = bytes
            if let rules { suppressions[path] = rules }
        }
    }

    /// The profiles read and checked on every core, while the named paths are walked: the
    /// walk comes first, in parts of `walkPart` paths (each an `lstat` and some path text, and
    /// thousands of files are often named one by one), so both threads share it. The first
    /// failure in reading order (the walk, then the profiles) is the one reported.
    private static func loadProfiles(_ profiles: [String], walking paths: [String], allowEmpty: Bool,
                                     _ limits: YAMLLimits) throws -> Gathered {
        let walkPart = 128
        let parts = (paths.count + walkPart - 1) / walkPart
        let cwd = FileManager.default.currentDirectoryPath
        var jobs = parallelMap(parts + profiles.count, serialBelow: 8) { i -> StageOne in
            guard i >= parts else {
                return .walked(InputFiles.walk(paths[(i * walkPart)..<min(paths.count, (i + 1) * walkPart)], cwd: cwd))
            }
            return .loaded(Self.read(profiles[i - parts], limits))
        }
        var gathered = Gathered()
        gathered.catalogueFiles.reserveCapacity(profiles.count)
        gathered.expanded = try InputFiles.merge(jobs[..<parts].map {
            guard case .walked(let walk) = $0 else { preconditionFailure("the first jobs walk the named paths") }
            return walk
        }, named: paths.count, allowEmpty: allowEmpty)
        for i in parts..<jobs.count {
            if case .loaded(let result) = jobs[i] {
                let read = try result.get()
                gathered.add(read.file.file, read.bytes, read.suppressions)
                gathered.catalogueFiles.append(read.file)
            }
        }
        jobs = []
        return gathered
    }

    /// The named files read and checked on every core; each deployment is linked against
    /// `catalogue` on the thread that loaded it, unless it waits for files it references (or
    /// there is no catalogue to link with yet). The first failure in path order is reported.
    private static func loadNamed(_ paths: [String], linkingWith catalogue: LinkedCatalogue?, keepDeployments: Bool,
                                  _ limits: YAMLLimits, into gathered: inout Gathered) throws -> [StageThree.Outcome] {
        var loaded = parallelMap(paths.count, serialBelow: 8) { i -> Result<StageThree, InputFiles.Failure> in
            // The loaded file is read in place, not copied out of the result first (a copy of a
            // typed deployment retains every string and array in it).
            switch Self.read(paths[i], limits) {
            case .failure(let failure):
                return .failure(failure)
            case .success(let read):
                guard let catalogue, read.file.kind == .deployment, !Self.referencesFiles(read.file) else {
                    return .success(StageThree(path: paths[i], bytes: read.bytes, suppressions: read.suppressions,
                                               outcome: .loaded(read.file)))
                }
                return .success(StageThree(path: paths[i], bytes: read.bytes, suppressions: read.suppressions,
                                           outcome: .linked(catalogue.link(read.file, keepResolved: keepDeployments))))
            }
        }
        PhaseTimings.mark("read+parse+check+link")
        for i in loaded.indices {
            if case .failure(let failure) = loaded[i] { throw failure }
        }
        // Moved out from the end into place rather than copied (a copy retains every part of a
        // typed document).
        gathered.contents.reserveCapacity(gathered.contents.count + loaded.count)
        return [StageThree.Outcome](unsafeUninitializedCapacity: loaded.count) { buffer, initialized in
            var i = loaded.count
            while case .success(let stage)? = loaded.popLast() {
                i -= 1
                gathered.add(stage.path, stage.bytes, stage.suppressions)
                (buffer.baseAddress! + i).initialize(to: stage.outcome)
            }
            initialized = buffer.count
        }
    }

    /// A file read and loaded, with its inline suppressions when it has any.
    private struct Read {
        var file: LoadedFile
        var bytes: [UInt8]
        var suppressions: SuppressionRules?
    }

    /// One file read and loaded, or why it could not be read.
    private static func read(_ path: String, _ limits: YAMLLimits) -> Result<Read, InputFiles.Failure> {
        do {
            let bytes = try InputFiles.read(path, limit: limits.maxFileBytes)
            let suppressions = contains(bytes, suppressionMarker)
                ? SuppressionRules(text: String(decoding: bytes, as: UTF8.self), file: path) : nil
            return .success(Read(file: DocumentLoader.load(bytes, file: path, limits: limits), bytes: bytes,
                                 suppressions: suppressions))
        } catch let failure as InputFiles.Failure {
            return .failure(failure)
        } catch {
            return .failure(InputFiles.Failure(description: "\(path): \(error)"))
        }
    }

    private static let suppressionMarker = Array("chipfit:ignore".utf8)

    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        bytes.firstRange(of: needle) != nil
    }

    /// Whether a deployment's model comes from a file it references (`model.hf_config`).
    private static func referencesFiles(_ file: LoadedFile) -> Bool {
        if case .deployment(let d)? = file.document, case .hfConfig = d.model { return true }
        return false
    }

    private enum StageOne {
        case walked(InputFiles.Walk)
        case loaded(Result<Read, InputFiles.Failure>)
    }

    private struct StageThree {
        /// A loaded file is boxed: it holds its typed document inline (several hundred bytes),
        /// and thousands of outcomes are moved between stages. A linked deployment is small
        /// and stays inline, so it is moved out rather than copied out of a box.
        enum Outcome {
            /// A deployment linked as soon as it was loaded.
            case linked(LinkedDeployment)
            /// Any other file, or a deployment that waits for the files it references.
            indirect case loaded(LoadedFile)
        }
        var path: String
        var bytes: [UInt8]
        var suppressions: SuppressionRules?
        var outcome: Outcome
    }

    var summary: String { summary(workspace.diagnostics) }

    func summary(_ d: [Diagnostic]) -> String {
        let errors = d.errorCount, warnings = d.warningCount
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let files = checkedFiles.count == profileFiles.count && checkedFiles == profileFiles
            ? "checked \(plural(profileFiles.count, "profile"))"
            : "checked \(plural(checkedFiles.count, "file")) against \(plural(profileFiles.count, "profile"))"
        if errors == 0 && warnings == 0 { return "\(files): no problems" }
        return "\(files): \(plural(errors, "error")), \(plural(warnings, "warning"))"
    }
}
