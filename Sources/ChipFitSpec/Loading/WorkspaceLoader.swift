import ChipFitPlanner
import ChipFitYAML

/// The validate pipeline, from file names to a linked workspace: every file read, parsed,
/// checked and linked on every core. The caller does the I/O it owns — finding the files,
/// reading one (`read`: the command line reads regular files only, within limits) and reading
/// the files specs reference (`references`) — and the stages are this library's.
///
/// The catalogue is loaded and linked first; each named deployment is then read, checked and
/// linked against it on the thread that loaded it, so its syntax tree is freed while still in
/// cache rather than piling up until a separate link stage (linking everything in one go
/// doubled validate's time: docs/benchmarks.md). A run whose named files add to the catalogue
/// (a chip, stack, preset or certification list), or whose deployments reference files, is
/// linked by `Linker.link` instead: the same stages, run in one go.
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
    ///   - profiles: the catalogue's files, in precedence order.
    ///   - named: the other files to check, sorted by path.
    ///   - keepDeployments: false when only findings are wanted (`validate`), so each
    ///     deployment's typed form is freed as soon as it is linked.
    /// - Throws: the first error `read` throws, in the order of `profiles` then `named`.
    public static func load(profiles: [String], named: [String], limits: YAMLLimits, keepDeployments: Bool,
                            read: Read, references: ReadReferences) throws -> Loaded {
        var contents: [String: [UInt8]] = [:]
        var suppressions: [String: SuppressionRules] = [:]
        func keep(_ path: String, _ bytes: [UInt8], _ rules: SuppressionRules?) {
            contents[path] = bytes
            if let rules { suppressions[path] = rules }
        }
        var catalogueFiles: [LoadedFile] = []
        for result in parallelMap(profiles.count, serialBelow: 8, { Self.read(profiles[$0], limits, read) }) {
            let r = try result.get()
            keep(r.file.file, r.bytes, r.suppressions)
            catalogueFiles.append(r.file)
        }
        // A deployment among the profiles would have to be linked with the others: that run
        // takes the whole-workspace path.
        let linkOnTheFly = !catalogueFiles.contains { $0.kind == .deployment }
        let catalogue = Linker.catalogue(linkOnTheFly ? catalogueFiles : [])

        // A deployment linked here keeps only its bytes and findings: its syntax tree is freed on
        // the thread that built it.
        let outcomes = try parallelMap(named.count, serialBelow: 8) { i -> Result<(bytes: [UInt8], outcome: Outcome), Error> in
            Self.read(named[i], limits, read).map { r in
                do {
                    guard linkOnTheFly, r.file.kind == .deployment, !referencesFiles(r.file) else {
                        return (r.bytes, .loaded(r.file, r.suppressions))
                    }
                    return (r.bytes, .linked(catalogue.link(r.file, keepResolved: keepDeployments), r.suppressions))
                }
            }
        }.map { try $0.get() }
        for (i, o) in outcomes.enumerated() { keep(named[i], o.bytes, o.outcome.suppressions) }
        // A named profile changes the catalogue every deployment was linked against.
        let streamed = linkOnTheFly && !outcomes.contains {
            if case .loaded(let f, _) = $0.outcome { f.kind != nil && f.kind != .deployment } else { false }
        }
        let workspace: Workspace
        let referenced: [(path: String, bytes: [UInt8])]
        if streamed {
            // Deployments that reference files are linked once those are read.
            let pending = outcomes.compactMap { if case .loaded(let f, _) = $0.outcome, f.kind == .deployment { f } else { nil } }
            let refs = references(pending)
            var unlinked: [LoadedFile] = []
            var deployments: [LinkedDeployment] = []
            for o in outcomes {
                switch o.outcome {
                case .linked(let d, _): deployments.append(d)
                case .loaded(let f, _) where f.kind == .deployment:
                    deployments.append(catalogue.link(f, references: refs.byKey, keepResolved: keepDeployments))
                case .loaded(let f, _): unlinked.append(f)
                }
            }
            workspace = Linker.join(catalogue, deployments, others: unlinked, files: catalogueFiles + unlinked + pending)
            referenced = refs.read
        } else {
            // Files linked on the fly are loaded again from their bytes (a run that names
            // profiles is small), then everything is linked together.
            let files = catalogueFiles + outcomes.enumerated().map { i, o -> LoadedFile in
                switch o.outcome {
                case .loaded(let f, _): return f
                case .linked: return DocumentLoader.load(o.bytes, file: named[i], limits: limits)
                }
            }
            let refs = references(files)
            workspace = Linker.link(files, references: refs.byKey)
            referenced = refs.read
        }
        return Loaded(workspace: workspace, contents: contents, suppressions: suppressions, referenced: referenced)
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

    /// Whether `bytes` hold a suppression comment's marker. A plain scan: Foundation's generic
    /// `firstRange(of:)` on `[UInt8]` goes through protocol witnesses for every byte, and every
    /// file is searched.
    static func mentionsSuppression(_ bytes: [UInt8]) -> Bool {
        let marker = Array("chipfit:ignore".utf8)
        guard bytes.count >= marker.count else { return false }
        for i in 0...(bytes.count - marker.count) where bytes[i] == marker[0] {
            if bytes[i..<(i + marker.count)].elementsEqual(marker) { return true }
        }
        return false
    }

    /// Whether a deployment's model comes from a file it references (`model.hf_config`).
    private static func referencesFiles(_ file: LoadedFile) -> Bool {
        if case .deployment(let d)? = file.document, case .hfConfig = d.model { return true }
        return false
    }
}
