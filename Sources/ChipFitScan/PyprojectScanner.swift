/// `pyproject.toml`: PEP 621 `[project] dependencies` and `optional-dependencies`, PEP 735
/// `[dependency-groups]`, `[build-system] requires`, and Poetry's `[tool.poetry.dependencies]`,
/// `dev-dependencies` and dependency groups, read with `TOMLReader`, positions included.
public enum PyprojectScanner {
    /// The sites, or nil when the file is not valid TOML as far as it was read (the scan then
    /// notes it; the sites found before the damage are still reported by `scanDamaged`).
    public static func scan(_ bytes: [UInt8], file: String) -> [ScanSite]? {
        let toml = TOMLReader(bytes)
        let sites = sites(toml, file: file)
        return toml.damaged && sites.isEmpty ? nil : sites
    }

    static func sites(_ toml: TOMLReader, file: String) -> [ScanSite] {
        var sites: [ScanSite] = []
        func requirement(_ l: TOMLReader.Located) {
            guard let r = Requirement.parse(l.text), let component = ComponentNames.forPackage(r.name) else { return }
            sites.append(ScanSite(file: file, line: l.line, column: l.column + r.offset, component: component, kind: .dependency,
                                  text: l.text, version: r.version))
            if let cuda = r.cuda {
                sites.append(ScanSite(file: file, line: l.line, column: l.column + r.offset, component: "cuda", kind: .dependency,
                                      text: l.text, version: cuda))
            }
        }
        func list(_ v: TOMLReader.Value) {
            guard case .array(let items) = v else { return }
            for case .string(let l) in items { requirement(l) }
        }
        func poetry(_ name: String, _ v: TOMLReader.Value, line: Int, column: Int) {
            guard let component = ComponentNames.forPackage(name) else { return }
            var version: String?
            switch v {
            case .string(let l): version = l.text
            case .table(let members, _): if case .string(let l)? = members["version"] { version = l.text }
            default: break
            }
            let plain = version?.trimming("^~=<>! ")
            sites.append(ScanSite(file: file, line: line, column: column, component: component, kind: .dependency,
                                  text: name + (version.map { " \($0)" } ?? ""),
                                  version: plain.flatMap { $0.isEmpty || $0 == "*" ? nil : $0 }))
        }
        func isPoetryDependencies(_ p: ArraySlice<String>) -> Bool {
            guard p.count >= 3, p.first == "tool", p.dropFirst().first == "poetry" else { return false }
            let rest = Array(p.dropFirst(2))
            return rest == ["dependencies"] || rest == ["dev-dependencies"]
                || (rest.count == 3 && rest[0] == "group" && rest[2] == "dependencies")
        }
        for e in toml.entries {
            let p = e.path
            if p == ["project", "dependencies"] || p == ["build-system", "requires"]
                || (p.count == 3 && p[0] == "project" && p[1] == "optional-dependencies")
                || (p.count == 2 && p[0] == "dependency-groups") {
                list(e.value)
            } else if isPoetryDependencies(p.dropLast()) {
                poetry(p.last!, e.value, line: e.line, column: e.column)
            } else if isPoetryDependencies(p[...]), case .table(let members, let at) = e.value {
                for (name, v) in members.sorted(by: { $0.key < $1.key }) {
                    poetry(name, v, line: at[name]?.line ?? e.line, column: at[name]?.column ?? e.column)
                }
            }
        }
        return sites
    }
}
