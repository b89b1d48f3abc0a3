import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML

/// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`).
/// GitHub shows at most 10 error and 10 warning annotations per step, so the rest are printed
/// as plain lines, with a notice saying how many were not annotated; the log keeps them all.
public struct GitHubAnnotationsRenderer: Sendable {
    public static let limitPerSeverity = 10

    public init() {}

    public func render(_ r: DiagnosticReport) -> String {
        var out = ""
        var annotated: [Diagnostic.Severity: Int] = [:]
        var overflow: [Diagnostic] = []
        for d in r.diagnostics {
            let severity: Diagnostic.Severity = r.fails(d) ? .error : d.severity == .warning ? .warning : .note
            let kind = severity == .error ? "error" : severity == .warning ? "warning" : "notice"
            guard annotated[severity, default: 0] < Self.limitPerSeverity else {
                overflow.append(d)
                continue
            }
            annotated[severity, default: 0] += 1
            var props = ["file=\(property(d.file))"]
            if let l = d.location { props += ["line=\(l.line)", "col=\(l.column)"] }
            props.append("title=\(property("chipfit \(d.code.rawValue): \(d.code.title)"))")
            let message = d.message + (d.suggestion.map { "\nhelp: \($0)" } ?? "")
            out += "::\(kind) \(props.joined(separator: ","))::\(data(message))\n"
        }
        // Plain lines must never start a workflow command: line breaks in file names or
        // messages (both come from the pull request) are flattened.
        for d in overflow {
            let line = "\(d.file):" + (d.location.map { "\($0.line):\($0.column):" } ?? "") + " \(d.severity.rawValue)[\(d.code.rawValue)]: \(d.message)"
            out += DiagnosticsTextRenderer.oneLine(line) + "\n"
        }
        if !overflow.isEmpty {
            out += "::notice title=chipfit::\(overflow.count) more finding\(overflow.count == 1 ? " was" : "s were") not annotated (GitHub shows at most \(Self.limitPerSeverity) errors and \(Self.limitPerSeverity) warnings per step); all are listed in this log\n"
        }
        let errors = r.diagnostics.filter { r.fails($0) }.count
        out += "chipfit: \(r.files.count) file\(r.files.count == 1 ? "" : "s"), \(errors) failing finding\(errors == 1 ? "" : "s"), \(r.diagnostics.count - errors) other" + (r.suppressed > 0 ? ", \(r.suppressed) suppressed" : "") + "\n"
        return out
    }

    /// Message data: `%`, CR and LF are escaped (actions/toolkit `escapeData`); other control
    /// characters become U+FFFD.
    func data(_ s: String) -> String { escape(s, property: false) }

    /// Property values also escape `:` and `,` (actions/toolkit `escapeProperty`).
    func property(_ s: String) -> String { escape(s, property: true) }

    private func escape(_ s: String, property: Bool) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":" where property: out += "%3A"
            case "," where property: out += "%2C"
            // Raw NUL, ESC or a C1 CSI would reach the log as they are.
            case _ where ControlCharacters.contains(scalar.value): out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
