/// A finding about an input file, as a value. Renderers turn a list of these into
/// text, JSON, SARIF, JUnit or GitHub annotations; nothing here prints.
public struct Diagnostic: Hashable, Sendable {
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        case error, warning, note

        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// A second place that explains the first, e.g. the earlier key of a duplicate.
    public struct Related: Hashable, Sendable {
        public var message: String
        public var location: SourceLocation
        public init(message: String, location: SourceLocation) {
            self.message = message
            self.location = location
        }
    }

    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    /// The file the finding is about. Always set; `location` adds line and column when known.
    public var file: String
    public var location: SourceLocation?
    /// Dotted key path of the offending node, e.g. `workload.slo.ttft_ms` or `entries[2].chip`.
    public var path: String?
    public var suggestion: String?
    public var related: [Related]

    public init(
        _ severity: Severity, _ code: DiagnosticCode, _ message: String,
        file: String, location: SourceLocation? = nil, path: String? = nil,
        suggestion: String? = nil, related: [Related] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.file = file
        self.location = location
        self.path = path
        self.suggestion = suggestion
        self.related = related
    }

    public static func error(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation,
        path: String? = nil, suggestion: String? = nil, related: [Related] = []
    ) -> Diagnostic {
        Diagnostic(.error, code, message, file: location.file, location: location,
                   path: path, suggestion: suggestion, related: related)
    }

    public static func warning(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation,
        path: String? = nil, suggestion: String? = nil, related: [Related] = []
    ) -> Diagnostic {
        Diagnostic(.warning, code, message, file: location.file, location: location,
                   path: path, suggestion: suggestion, related: related)
    }

    /// Stable order for output: file, line, column, then severity and code.
    public static func ordered(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        let la = a.location, lb = b.location
        if a.file != b.file { return a.file < b.file }
        let pa = (la?.line ?? 0, la?.column ?? 0), pb = (lb?.line ?? 0, lb?.column ?? 0)
        if pa != pb { return pa < pb }
        if a.severity != b.severity { return a.severity < b.severity }
        if a.code != b.code { return a.code.rawValue < b.code.rawValue }
        return a.message < b.message
    }
}

extension Array where Element == Diagnostic {
    public var errorCount: Int { count(where: { $0.severity == .error }) }
    public var warningCount: Int { count(where: { $0.severity == .warning }) }
    public var hasErrors: Bool { contains(where: { $0.severity == .error }) }
}
