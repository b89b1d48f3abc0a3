import ChipFitPlanner
import ChipFitYAML

/// The validate pipeline, from file names to a linked workspace: every file read, parsed,
/// checked and linked on every core. The caller does the I/O it owns — finding the files,
/// reading one (`read`: the command line reads regular files only, within limits) and reading
/// the files specs reference (`references`) — and the stages are this library's.
///
/// The linker's three stages, always in this order: the catalogue; each deployment against it;
/// the join. Each named deployment is linked on the thread that loaded it, so its syntax tree is
/// freed while still in cache rather than piling up until a separate link stage (linking
/// everything after loading everything doubled validate's time: docs/benchmarks.md).
public enum WorkspaceLoader {
    /// Reads a file's bytes, or throws why it cannot.
    public typealias Read = @Sendable (String) throws -> [UInt8]
    /// Reads the files the deployments among `files` reference: by reference key, and the
    /// files read (for reports' input hashes).
    public typealias ReadReferences = ([LoadedFile]) -> (byKey: Linker.References, read: [(path: String, bytes: [UInt8])])

    public struct Loaded: Sendable {
        public var workspace: Workspace
        /// The bytes of every file read, by path.
        public var contents: [String: [UInt8]]
        /// The inline suppressions of every file that has a `chipfit:ignore` comment.
        public var suppressions: [String: SuppressionRules]
        /// The files specs reference, by resolved path.
        public var referenced: [(path: String, bytes: [UInt8])]
    }

    /// - Parameters:
    ///   - shipped: the shipped catalogue's files. A file in `profiles` with the kind and id of
    ///     one of them replaces it (noted, CF313, unless the two are the same bytes).
    ///   - profiles: the team's catalogue files, in precedence order.
    ///   - named: the other files to check, sorted by path.
    ///   - keepDeployments: false when only findings are wanted (`validate`), so each
    ///     deployment's typed form is freed as soon as it is linked.
    /// - Throws: the first error `read` throws, in the order of `profiles` then `named`.
    public static func load(shipped: [String] = [], profiles: [String], named: [String], limits: YAMLLimits,
                            keepDeployments: Bool, read: Read, references: ReadReferences) throws -> Loaded {
        var contents: [String: [UInt8]] = [:]
        var suppressions: [String: SuppressionRules] = [:]
        func keep(_ path: String, _ bytes: [UInt8], _ rules: SuppressionRules?) {
            contents[path] = bytes
            if let rules { suppressions[path] = rules }
        }
        let all = shipped + profiles
        let reads = try parallelMap(all.count, serialBelow: 8, { Self.read(all[$0], limits, read) }).map { try $0.get() }
        let layered = Layers(shipped: Array(reads[..<shipped.count]), team: Array(reads[shipped.count...]))
        var profileFiles: [LoadedFile] = []
        for r in layered.used {
            keep(r.file.file, r.bytes, r.suppressions)
            profileFiles.append(r.file)
        }
        // Stage 1, the catalogue. A deployment kept among the profiles is linked with the named ones.
        var catalogueFiles = profileFiles.filter { $0.kind != .deployment }
        let profileCatalogue = Linker.catalogue(catalogueFiles)

        // Stage 2, each named deployment linked against it on the thread that loaded it, so its
        // syntax tree is freed while still in cache; one that references files waits for them.
        let outcomes = try parallelMap(named.count, serialBelow: 8) { i -> Result<(bytes: [UInt8], outcome: Outcome), Error> in
            Self.read(named[i], limits, read).map { r in
                guard r.file.kind == .deployment, !referencesFiles(r.file) else { return (r.bytes, .loaded(r.file, r.suppressions)) }
                return (r.bytes, .linked(profileCatalogue.link(r.file, keepResolved: keepDeployments), r.suppressions))
            }
        }.map { try $0.get() }
        for (i, o) in outcomes.enumerated() { keep(named[i], o.bytes, o.outcome.suppressions) }

        let keptDeployments: [Outcome] = profileFiles.filter { $0.kind == .deployment }.map { .loaded($0, nil) }
        var namedDeployments: [Outcome] = []
        var others: [LoadedFile] = [] // files whose kind could not be read, for their findings
        var added: [LoadedFile] = []
        for o in outcomes {
            switch o.outcome {
            case .linked: namedDeployments.append(o.outcome)
            case .loaded(let f, _) where f.kind == .deployment: namedDeployments.append(o.outcome)
            case .loaded(let f, _) where f.kind == nil: others.append(f)
            case .loaded(let f, _): added.append(f)
            }
        }
        let catalogue: LinkedCatalogue
        let deployments: [Outcome]
        if added.isEmpty {
            catalogue = profileCatalogue
            deployments = keptDeployments + namedDeployments
        } else {
            // Named profiles change the catalogue every deployment was linked against: it is
            // built again with them, and the deployments linked again from their bytes (their
            // trees are gone). Runs that name profiles are small; spec runs never get here.
            catalogueFiles += added
            catalogue = Linker.catalogue(catalogueFiles)
            deployments = keptDeployments + outcomes.indices.compactMap { i -> Outcome? in
                switch outcomes[i].outcome {
                case .linked: .loaded(DocumentLoader.load(outcomes[i].bytes, file: named[i], limits: limits), nil)
                case .loaded(let f, _) where f.kind == .deployment: outcomes[i].outcome
                case .loaded: nil
                }
            }
        }
        let pending = deployments.compactMap { if case .loaded(let f, _) = $0 { f } else { nil } }
        let refs = references(pending)
        let linked = parallelMap(deployments.count, serialBelow: 8) { i -> LinkedDeployment in
            switch deployments[i] {
            case .linked(let l, _): l
            case .loaded(let f, _): catalogue.link(f, references: refs.byKey, keepResolved: keepDeployments)
            }
        }
        // Stage 3, the join.
        var workspace = Linker.join(catalogue, linked, others: others, files: catalogueFiles + others)
        if !layered.overrides.isEmpty {
            workspace.catalogue.profileOverrides = layered.overrides.map(\.override)
            workspace.diagnostics = (workspace.diagnostics + layered.overrides.map(\.note)).sorted(by: Diagnostic.ordered)
        }
        return Loaded(workspace: workspace, contents: contents, suppressions: suppressions, referenced: refs.read)
    }

    /// The shipped catalogue under the team's: a team file with the kind and id of a shipped one
    /// takes its place. The same bytes under both replace nothing worth a note (a team that
    /// copied the shipped profiles, or names the shipped directory again).
    private struct Layers {
        var used: [ReadFile]
        var overrides: [(override: ProfileOverride, note: Diagnostic)] = []

        init(shipped: [ReadFile], team: [ReadFile]) {
            var teamIDs: [String: ReadFile] = [:]
            for t in team {
                guard let key = Self.key(t.file) else { continue }
                teamIDs[key] = teamIDs[key] ?? t
            }
            used = []
            for s in shipped {
                guard let key = Self.key(s.file), let t = teamIDs[key], let identity = t.file.identity,
                      let kind = t.file.kind else {
                    used.append(s)
                    continue
                }
                guard t.bytes != s.bytes else { continue }
                let o = ProfileOverride(kind: kind.rawValue, id: identity.name, file: t.file.file, replaced: s.file.file)
                let note = Diagnostic(.note, .overridesShippedProfile,
                                      "this \(kind.rawValue) replaces the shipped profile `\(identity.name)` (\(s.file.file)) in every plan",
                                      file: identity.location.file, location: identity.location, path: "id",
                                      suggestion: "rename the id to keep both, or delete this file to use the shipped one")
                overrides.append((o, note))
            }
            used += team
        }

        private static func key(_ f: LoadedFile) -> String? {
            guard let kind = f.kind, kind != .deployment, kind != .measurement, let id = f.identity?.name else { return nil }
            return kind.rawValue + "\u{0}" + id
        }
    }

    /// A file read and loaded.
    private struct ReadFile: Sendable {
        var file: LoadedFile
        var bytes: [UInt8]
        var suppressions: SuppressionRules?
    }

    /// A named file after the loading stage.
    private enum Outcome: Sendable {
        /// A deployment linked as soon as it was loaded.
        case linked(LinkedDeployment, SuppressionRules?)
        /// Any other file, or a deployment that waits for the files it references.
        indirect case loaded(LoadedFile, SuppressionRules?)

        var suppressions: SuppressionRules? {
            switch self {
            case .linked(_, let rules), .loaded(_, let rules): rules
            }
        }
    }

    /// One file read and loaded, with its inline suppressions when it has any.
    private static func read(_ path: String, _ limits: YAMLLimits, _ read: Read) -> Result<ReadFile, Error> {
        Result {
            let bytes = try read(path)
            let suppressions = mentionsSuppression(bytes)
                ? SuppressionRules(text: String(decoding: bytes, as: UTF8.self), file: path) : nil
            return ReadFile(file: DocumentLoader.load(bytes, file: path, limits: limits), bytes: bytes,
                               suppressions: suppressions)
        }
    }

    /// Whether `bytes` hold a suppression comment's marker, or something meant as one
    /// (`chipfit: ignore`, any case), which the scanner then reports. A plain scan:
    /// Foundation's generic `firstRange(of:)` on `[UInt8]` goes through protocol witnesses for
    /// every byte, and every file is searched.
    static func mentionsSuppression(_ bytes: [UInt8]) -> Bool {
        let word = Array("chipfit".utf8), ignore = Array("ignore".utf8)
        func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }
        func matches(_ w: [UInt8], at i: Int) -> Bool {
            i + w.count <= bytes.count && (0..<w.count).allSatisfy { lower(bytes[i + $0]) == w[$0] }
        }
        var i = 0
        while i + word.count <= bytes.count {
            defer { i += 1 }
            guard lower(bytes[i]) == 0x63, matches(word, at: i) else { continue }
            var j = i + word.count
            while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
            guard j < bytes.count, bytes[j] == 0x3A else { continue }
            j += 1
            while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
            if matches(ignore, at: j) { return true }
        }
        return false
    }

    /// Whether a deployment's model comes from a file it references (`model.hf_config`).
    private static func referencesFiles(_ file: LoadedFile) -> Bool {
        guard case .deployment(let d)? = file.document else { return false }
        if case .hfConfig = d.model { return true }
        return d.toolchain.scan != nil
    }
}
