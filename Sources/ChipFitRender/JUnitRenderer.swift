import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML

/// JUnit XML in the shape GitLab and Jenkins read: one test case per file and check, the
/// class name is the file, details in the failure body (GitLab ignores `message`), and the
/// `file` attribute set. A file without findings is one passing case.
public struct JUnitRenderer: Sendable {
    public init() {}

    public func render(_ r: DiagnosticReport) -> String {
        var cases: [String] = []
        var failures = 0
        let byFile = Dictionary(grouping: r.diagnostics, by: \.file)
        for file in Set(r.files + byFile.keys).sorted() {
            let findings = byFile[file] ?? []
            if findings.isEmpty {
                cases.append("    <testcase classname=\"\(x(file))\" name=\"valid\" file=\"\(x(file))\" time=\"0\"/>")
                continue
            }
            var names: [String: Int] = [:]
            let excerpts = r.excerpts(findings)
            for (d, excerpt) in zip(findings, excerpts) {
                var name = "\(d.code.rawValue) \(d.code.title)" + (d.location.map { " @ \($0.line):\($0.column)" } ?? "")
                // GitLab keeps only the first of duplicate names.
                let n = names[name, default: 0] + 1
                names[name] = n
                if n > 1 { name += " #\(n)" }
                var body = "\(d.file)" + (d.location.map { ":\($0.line):\($0.column)" } ?? "") + ": \(d.severity.rawValue)[\(d.code.rawValue)]: \(d.message)"
                if let l = d.location, let text = excerpt?.text { body += "\n  \(l.line) | \(text)" }
                if let s = d.suggestion { body += "\nhelp: \(s)" }
                for rel in d.related { body += "\nnote: \(rel.message) at \(rel.location)" }
                let head = "    <testcase classname=\"\(x(file))\" name=\"\(x(name))\" file=\"\(x(file))\" time=\"0\">"
                if r.fails(d) {
                    failures += 1
                    cases.append(head + "\n      <failure type=\"\(d.code.rawValue)\" message=\"\(x(d.message))\">\(x(body))</failure>\n    </testcase>")
                } else {
                    cases.append(head + "\n      <system-out>\(x(body))</system-out>\n    </testcase>")
                }
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="chipfit" tests="\(cases.count)" failures="\(failures)" errors="0" time="0">
              <testsuite name="chipfit validate" tests="\(cases.count)" failures="\(failures)" errors="0" skipped="0" time="0">
            \(cases.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
    }

    /// XML text and attribute escaping; characters XML 1.0 cannot carry, and other control
    /// characters (DEL, C1), become U+FFFD.
    func x(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            case _ where ControlCharacters.contains(scalar.value) || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
