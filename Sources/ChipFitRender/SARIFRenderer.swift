import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML

/// SARIF 2.1.0 as GitHub code scanning accepts it: every rule with short and full
/// descriptions and help, results with 1-based regions and repository-relative URIs, stable
/// rule ids, and `partialFingerprints` keyed on the rule and the offending line's text so an
/// alert survives lines moving.
public struct SARIFRenderer: Sendable {
    /// Where docs/diagnostics.md is published (e.g. the repository's copy at the release in
    /// use); each rule's `helpUri` is its section there. None: the rules carry no `helpUri`.
    public var documentation: String?

    public init(documentation: String? = nil) { self.documentation = documentation }

    public func render(_ r: DiagnosticReport) -> String {
        let codes = DiagnosticCode.all
        let index = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        var occurrences: [String: Int] = [:]
        // The whole line keys the fingerprint (so alerts keep matching across runs); it is hashed
        // once per line, however many findings share it.
        struct LineKey: Hashable { var code: String, file: String, line: Int? }
        var hashes: [LineKey: String] = [:]
        func fingerprint(_ d: Diagnostic) -> String {
            let key = LineKey(code: d.code.rawValue, file: d.file, line: d.location?.line)
            if let known = hashes[key] { return known }
            let text = d.location.flatMap { r.lineText(d.file, $0.line) }?.trimmingSpaces ?? ""
            let hash = String(SHA256.hex(Array("\(d.code.rawValue)\u{0}\(d.file)\u{0}\(text)".utf8)).prefix(16))
            hashes[key] = hash
            return hash
        }
        let results: [JSON] = r.diagnostics.map { d in
            var result: JSONObject = [
                "ruleId": .string(d.code.rawValue),
                "ruleIndex": .int(index[d.code]!),
                "level": .string(level(d, r)),
                "message": .object(["text": .string(d.message + (d.suggestion.map { " (\($0))" } ?? ""))]),
                "locations": .array([location(d.file, d.location)]),
            ]
            let base = fingerprint(d)
            let n = occurrences[base, default: 0] + 1
            occurrences[base] = n
            result["partialFingerprints"] = .object(["primaryLocationLineHash": .string("\(base):\(n)")])
            if !d.related.isEmpty {
                result["relatedLocations"] = .array(d.related.enumerated().map { i, rel in
                    var loc = location(rel.location.file, rel.location)
                    if case .object(var o) = loc {
                        o["id"] = .int(i)
                        o["message"] = .object(["text": .string(rel.message)])
                        loc = .object(o)
                    }
                    return loc
                })
            }
            return .object(result)
        }
        let rules: [JSON] = codes.map { code in
            var rule: JSONObject = [
                "id": .string(code.rawValue),
                "name": .string(Self.ruleName(code)),
                "shortDescription": .object(["text": .string(code.title)]),
                "fullDescription": .object(["text": .string(code.help)]),
                "help": .object(["text": .string(code.help + " More: `chipfit docs diagnostics \(code.rawValue)`."),
                                 "markdown": .string("**\(code.rawValue): \(code.title).** \(code.help) More: `chipfit docs diagnostics \(code.rawValue)`, or docs/diagnostics.md.")]),
                "defaultConfiguration": .object(["level": .string(code.defaultSeverity.rawValue)]),
                "properties": .object(["tags": .array([.string("chipfit"), .string(Self.category(code))])]),
            ]
            if let documentation { rule["helpUri"] = .string(documentation + "#" + code.rawValue.lowercased()) }
            return .object(rule)
        }
        let run: JSON = .object([
            "tool": .object(["driver": .object([
                "name": .string("chipfit"),
                "version": .string(r.version),
                "semanticVersion": .string(r.version),
                "rules": .array(rules),
            ])]),
            "columnKind": .string("unicodeCodePoints"),
            "originalUriBaseIds": .object(["%SRCROOT%": .object(["description": .object(["text": .string("The repository's top (GITHUB_WORKSPACE, the directory holding .git, or --path-base).")])])]),
            "results": .array(results),
            "automationDetails": .object(["id": .string("chipfit/validate/")]),
        ])
        return JSON.object([
            "$schema": .string("https://json.schemastore.org/sarif-2.1.0.json"),
            "version": .string("2.1.0"),
            "runs": .array([run]),
        ]).rendered()
    }

    private func level(_ d: Diagnostic, _ r: DiagnosticReport) -> String {
        switch d.severity {
        case .error: "error"
        case .warning: r.strict ? "error" : "warning"
        case .note: "note"
        }
    }

    private func location(_ file: String, _ l: SourceLocation?) -> JSON {
        var physical: JSONObject = ["artifactLocation": .object(["uri": .string(Self.uri(file)), "uriBaseId": .string("%SRCROOT%")])]
        if let l { physical["region"] = .object(["startLine": .int(l.line), "startColumn": .int(l.column)]) }
        return .object(["physicalLocation": .object(physical)])
    }

    /// Repository-relative URI: the path as chipfit printed it, percent-encoded where needed.
    static func uri(_ path: String) -> String {
        var out = ""
        for scalar in (path.hasPrefix("./") ? String(path.dropFirst(2)) : path).unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "/-._~".unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 {
                    let hex = String(byte, radix: 16, uppercase: true)
                    out += "%" + (hex.count == 1 ? "0" + hex : hex)
                }
            }
        }
        return out
    }

    static func ruleName(_ code: DiagnosticCode) -> String {
        // PascalCase of the title, as SARIF `name` conventionally is.
        code.title.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func category(_ code: DiagnosticCode) -> String {
        switch code.rawValue.dropFirst(2).first {
        case "0": "yaml"
        case "1": "schema"
        case "2": "references"
        case "3": "advice"
        default: "plan"
        }
    }
}
