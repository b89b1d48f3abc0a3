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
    /// The tree each named file's references must stay in (`--root`, or the named directory).
    var trees: [String: String] = [:]
    var root: String?

    /// The workspace again with values set in every deployment (`plan --set`): each file read
    /// anew from the bytes already in memory, the deployments with `overrides` written into
    /// them, then checked and linked as on the first load.
    func variant(_ overrides: [Override], limits: YAMLLimits) -> Workspace {
        let order = profileFiles + checkedFiles.filter { !Set(profileFiles).contains($0) }
        let files = order.compactMap { path in
            contents[path].map { DocumentLoader.load($0, file: path, limits: limits, overrides: overrides) }
        }
        let references = InputFiles.references(for: files, limit: limits.maxFileBytes,
                                               tree: { root ?? trees[$0] ?? "." })
        var ws = SpecScans.apply(to: Linker.link(files, references: references.byKey), tree: { root ?? trees[$0] ?? "." }).workspace
        // Linked from the files the session kept: the shipped profiles the team's replaced are not
        // among them, but every output must still name the replacement.
        ws.catalogue.profileOverrides = workspace.catalogue.profileOverrides
        return ws
    }

    /// The directories `toolchain.scan` read.
    var scanned: [SpecScans.Scanned] = []

    /// Every file read: specs, profiles, the files specs reference and the code they scan
    /// (an output may overwrite none of them).
    var inputPaths: [String] {
        contents.keys.sorted() + referenced.map(\.path) + scanned.flatMap { $0.report.files + $0.report.skipped.map(\.file) }
    }

    /// The shipped catalogue's files as read (built in, or the checkout's `profiles/`), and the
    /// directory that holds them on disk.
    var shippedFiles: Set<String> = []
    var shippedDirectory: String?

    /// A file as a report lists it: a shipped profile by its place in the catalogue
    /// (`chipfit 0.2.0: profiles/chips/ascend-910b.yaml`), not by where this machine keeps it.
    func reported(_ path: String) -> String {
        guard shippedFiles.contains(path) else { return path }
        if path.hasPrefix(InputFiles.builtInPrefix) { return "chipfit \(ChipFit.version): " + path.dropFirst(InputFiles.builtInPrefix.count) }
        guard let dir = shippedDirectory, path.hasPrefix(dir + "/") else { return path }
        return "chipfit \(ChipFit.version): profiles/" + path.dropFirst(dir.count + 1)
    }

    /// SHA-256 of every file read (specs, profiles, referenced configs), for reports. Computed
    /// on demand: only reports show them.
    var inputHashes: [ReportModel.Input] {
        contents.map { ReportModel.Input(path: reported($0.key), sha256: SHA256.hex($0.value)) }
            + referenced.map { ReportModel.Input(path: $0.path, sha256: SHA256.hex($0.bytes)) }
            + scanned.map { s in
                ReportModel.Input(path: "\(s.directory)/ (scanned: \(s.report.filesRead) file\(s.report.filesRead == 1 ? "" : "s"))",
                                  sha256: s.report.digest ?? "")
            }
    }

    /// Finds the files (the profiles, the named paths walked on every core), then hands them
    /// to the library's pipeline (`WorkspaceLoader`) with the command line's way of reading a
    /// file and the files specs reference.
    ///
    /// - Parameters:
    ///   - settings: the catalogue (shipped, and the team's directories), the configuration's
    ///     default paths and exclusions.
    ///   - root: `--root`, the tree referenced files must stay in.
    ///   - keepDeployments: false when only findings are wanted (`validate`).
    ///   - allowEmpty: named paths that hold no YAML file are not an error (`--allow-empty`).
    static func load(paths named: [String], settings: RunSettings, root: String?, limits: YAMLLimits,
                     keepDeployments: Bool = true, allowEmpty: Bool = false) throws -> ValidationSession {
        let paths = settings.paths(named)
        let shippedDirectory = settings.shippedProfiles ? InputFiles.shippedDirectory() : nil
        let shipped: [InputFiles.FoundFile]
        if !settings.shippedProfiles {
            shipped = []
        } else if let dir = shippedDirectory {
            shipped = try InputFiles.yamlFiles(under: dir)
        } else {
            shipped = InputFiles.builtInProfiles.keys.sorted().map { InputFiles.FoundFile(path: $0, canonical: $0, linked: false) }
        }
        // A team directory that is the shipped one (named again) adds nothing.
        let teamDirectories = try InputFiles.teamDirectories(settings.profiles, source: settings.profilesSource).filter { dir in
            shippedDirectory.map { InputFiles.canonical($0) != InputFiles.canonical(dir) } ?? true
        }
        let team = try teamDirectories.flatMap { try InputFiles.yamlFiles(under: InputFiles.display($0)) }
        let profiles = shipped + team
        PhaseTimings.mark("profiles found")

        // The named paths, walked in parts on every core (thousands are often named one by one).
        let cwd = FileManager.default.currentDirectoryPath
        let part = 128
        let walks = parallelMap((paths.count + part - 1) / part, serialBelow: 2) { k in
            InputFiles.walk(paths[(k * part)..<min(paths.count, (k + 1) * part)], cwd: cwd)
        }
        let expanded = try InputFiles.merge(walks, named: paths.count, allowEmpty: allowEmpty).filter {
            settings.exclude.isEmpty || !settings.excludes(PathText.absolute($0.path, cwd: cwd))
        }
        let named = expanded.map(\.path)
        // A named file that is one of the profiles is read once, as a profile. Compared as
        // bytes: a path that only looks like a profile's (another Unicode normalisation) is
        // another file.
        let profileSet = Set(profiles.map { ExactName($0.canonical) })
        let extra = expanded.filter { !profileSet.contains(ExactName($0.canonical)) }.map(\.path)
        PhaseTimings.mark("discover")

        // The tree a spec's references must stay in: --root, or the directory named on the
        // command line that holds it.
        let trees = Dictionary(expanded.map { ($0.path, $0.tree) }, uniquingKeysWith: { _, last in last })
        func tree(_ file: String) -> String { root ?? trees[file] ?? "." }
        let loaded: WorkspaceLoader.Loaded
        do {
            loaded = try WorkspaceLoader.load(
                shipped: shipped.map(\.path), profiles: team.map(\.path), named: extra, limits: limits, keepDeployments: keepDeployments,
                read: { try InputFiles.builtInProfiles[$0] ?? InputFiles.read($0, limit: limits.maxFileBytes) },
                references: { InputFiles.references(for: $0, limit: limits.maxFileBytes, tree: tree) })
        } catch let failure as InputFiles.Failure {
            throw failure
        } catch {
            throw InputFiles.Failure(description: "\(error)")
        }
        // Every file is reported under its path, so no two may be equal as strings while
        // different as bytes. The paths are distinct as bytes: fewer keys means such a pair.
        let read = profiles.map(\.path) + extra
        if loaded.contents.count < read.count {
            try InputFiles.requireDistinguishable(read)
        }
        // The catalogue as used: shipped profiles the team's replaced are not part of it.
        let profileFiles = profiles.map(\.path).filter { loaded.contents[$0] != nil }
        PhaseTimings.mark("read+parse+check+link")
        let scans = SpecScans.apply(to: loaded.workspace, tree: tree)
        var session = ValidationSession(workspace: scans.workspace, checkedFiles: paths.isEmpty ? profileFiles : named,
                                        profileFiles: profileFiles, contents: loaded.contents, suppressions: loaded.suppressions,
                                        referenced: loaded.referenced, trees: trees, root: root)
        session.shippedFiles = Set(shipped.map(\.path))
        session.scanned = scans.scanned
        session.shippedDirectory = shippedDirectory
        return session
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
