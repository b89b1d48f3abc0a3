import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML

/// `chipfit validate --format json`: the `chipfit/diagnostics/v1` document.
public struct DiagnosticsJSONRenderer: Sendable {
    public init() {}

    public func render(_ diagnostics: [Diagnostic], files: Int, suppressed: Int = 0) -> String {
        JSON.object([
            "schema": .string("chipfit/diagnostics/v1"),
            "files": .int(files),
            "errors": .int(diagnostics.errorCount),
            "warnings": .int(diagnostics.warningCount),
            "suppressed": .int(suppressed),
            "diagnostics": .array(diagnostics.map(Self.json)),
        ]).rendered()
    }

    static func json(_ d: Diagnostic) -> JSON {
        .object([
            "severity": .string(d.severity.rawValue),
            "code": .string(d.code.rawValue),
            "title": .string(d.code.title),
            "message": .string(d.message),
            "file": .string(d.file),
            "line": .optional(d.location?.line),
            "column": .optional(d.location?.column),
            "path": .optional(d.path),
            "suggestion": .optional(d.suggestion),
            "related": .array(d.related.map {
                .object(["message": .string($0.message), "file": .string($0.location.file),
                         "line": .int($0.location.line), "column": .int($0.location.column)])
            }),
        ])
    }
}
