import TOMLKit

/// `pyproject.toml`: PEP 621 `[project] dependencies` and `optional-dependencies`, PEP 735
/// `[dependency-groups]`, `[build-system] requires`, and Poetry's `[tool.poetry.dependencies]`
/// and dependency groups. TOMLKit reads the file; each requirement is then found in the text
/// for its line and column.
public enum PyprojectScanner {
    /// The sites, or nil when the file is not valid TOML (the scan then notes it as skipped).
    public static func scan(_ bytes: [UInt8], file: String) -> [ScanSite]? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let root = try? TOMLTable(string: text) else { return nil }
        var strings: [String] = []
        func add(_ value: TOMLValueConvertible?) {
            for item in value?.array ?? [] { if let s = item.string { strings.append(s) } }
        }
        let project = root["project"]?.table
        add(project?["dependencies"])
        if let optional = project?["optional-dependencies"]?.table { for key in optional.keys { add(optional[key]) } }
        if let groups = root["dependency-groups"]?.table { for key in groups.keys { add(groups[key]) } }
        add(root["build-system"]?.table?["requires"])
        var poetry: [(name: String, version: String?)] = []
        if let tool = root["tool"]?.table?["poetry"]?.table {
            var tables: [TOMLTable] = []
            if let d = tool["dependencies"]?.table { tables.append(d) }
            if let d = tool["dev-dependencies"]?.table { tables.append(d) }
            if let groups = tool["group"]?.table {
                for g in groups.keys { if let d = groups[g]?.table?["dependencies"]?.table { tables.append(d) } }
            }
            for t in tables {
                for key in t.keys {
                    let version = t[key]?.string ?? t[key]?.table?["version"]?.string
                    poetry.append((key, version.map { $0.trimming("^~=<>! ") }))
                }
            }
        }
        let lines = RequirementsScanner.lines(bytes)
        var sites: [ScanSite] = []
        for s in strings {
            guard let r = Requirement.parse(s), let component = ComponentNames.forPackage(r.name),
                  let (n, column) = locate(quoted: s, in: lines) else { continue }
            sites.append(ScanSite(file: file, line: n, column: column + r.offset, component: component, kind: .dependency,
                                  text: s, version: r.version))
            if let cuda = r.cuda {
                sites.append(ScanSite(file: file, line: n, column: column + r.offset, component: "cuda", kind: .dependency, text: s, version: cuda))
            }
        }
        for (name, version) in poetry {
            guard let component = ComponentNames.forPackage(name), let (n, column) = locate(key: name, in: lines) else { continue }
            sites.append(ScanSite(file: file, line: n, column: column, component: component, kind: .dependency,
                                  text: name + (version.map { " \($0)" } ?? ""), version: version.flatMap { $0.isEmpty || $0 == "*" ? nil : $0 }))
        }
        return sites
    }

    /// The line and the column of the first scalar inside the first quoted occurrence of `s`.
    static func locate(quoted s: String, in lines: [String]) -> (Int, Int)? {
        for (i, line) in lines.enumerated() {
            for quote in ["\"", "'"] {
                if let r = line.range(of: quote + s + quote) {
                    return (i + 1, line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: r.lowerBound) + 2)
                }
            }
        }
        return nil
    }

    /// The line and column of a table key `name = …` (bare or quoted).
    static func locate(key name: String, in lines: [String]) -> (Int, Int)? {
        for (i, line) in lines.enumerated() {
            let body = line.drop { $0 == " " || $0 == "\t" }
            let lead = line.count - body.count
            for spelled in [name, "\"\(name)\"", "'\(name)'"] where body.hasPrefix(spelled) {
                let after = body.dropFirst(spelled.count).drop { $0 == " " || $0 == "\t" }
                if after.hasPrefix("=") { return (i + 1, lead + (spelled.hasPrefix(name) ? 1 : 2)) }
            }
        }
        return nil
    }
}
