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
