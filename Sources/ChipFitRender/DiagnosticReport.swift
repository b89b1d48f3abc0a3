import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML

/// What every diagnostics reporter receives: the findings still reported, what was
/// suppressed, the files checked and their text (for excerpts and fingerprints).
public struct DiagnosticReport: Sendable {
    public var diagnostics: [Diagnostic]
    public var files: [String]
    public var suppressedInline: Int
    public var suppressedByBaseline: Int
    public var version: String
    public var strict: Bool
    /// Line indexes of the files findings point into, shared with the text renderer.
    private(set) var sources: [String: SourceText] = [:]

    public init(diagnostics: [Diagnostic], files: [String], sources: [String: String], suppressedInline: Int = 0,
                suppressedByBaseline: Int = 0, version: String, strict: Bool = false) {
        self.diagnostics = diagnostics
        self.files = files
        self.suppressedInline = suppressedInline
        self.suppressedByBaseline = suppressedByBaseline
        self.version = version
        self.strict = strict
        // Line indexes built on every core: a run can have findings in thousands of files.
        let files = Array(sources)
        let indexes = parallelMap(files.count) { SourceText(files[$0].value) }
        self.sources = Dictionary(uniqueKeysWithValues: zip(files.lazy.map(\.key), indexes))
    }

    /// The excerpt each of `diagnostics` shows, in order (`SourceLines.excerpts`).
    func excerpts(_ diagnostics: [Diagnostic]) -> [Excerpt?] { SourceLines(sources).excerpts(diagnostics) }

    /// The whole line, as baselines and fingerprints key findings by it.
    public func lineText(_ file: String, _ line: Int) -> String? {
        sources[file]?.line(line).map(String.init)
    }

    public var suppressed: Int { suppressedInline + suppressedByBaseline }

    /// Whether a finding fails the run: errors always, warnings under --strict.
    public func fails(_ d: Diagnostic) -> Bool { d.severity == .error || (strict && d.severity == .warning) }
}

extension DiagnosticReport {
    /// The same report with every file path rewritten, for formats whose readers resolve paths
    /// from somewhere else (code scanning and annotations from the repository's top).
    public func withPaths(_ rewrite: (String) -> String) -> DiagnosticReport {
        var r = self
        var cache: [String: String] = [:]
        func mapped(_ path: String) -> String {
            if let m = cache[path] { return m }
            let m = rewrite(path)
            cache[path] = m
            return m
        }
        r.diagnostics = diagnostics.map { d in
            var d = d
            d.file = mapped(d.file)
            d.location = d.location.map { relocated($0, mapped) }
            d.related = d.related.map { .init(message: $0.message, location: relocated($0.location, mapped)) }
            return d
        }
        r.files = files.map(mapped)
        r.sources = Dictionary(sources.map { (mapped($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        return r
    }

    private func relocated(_ l: SourceLocation, _ mapped: (String) -> String) -> SourceLocation {
        var l = l
        l.file = mapped(l.file)
        return l
    }
}
