/// A static `setup.py`: the string literals of `install_requires=[…]`, `setup_requires=[…]`
/// and `extras_require={…}`, read from tokens; nothing is executed, so requirements computed
/// at run time are not seen.
public enum SetupPyScanner {
    static let keywords: Set<String> = ["install_requires", "setup_requires", "extras_require", "tests_require"]

    public static func scan(_ bytes: [UInt8], file: String) -> [ScanSite] {
        let tokens = PythonTokenizer.tokens(bytes)
        var sites: [ScanSite] = []
        var i = 0
        while i + 2 < tokens.count {
            guard tokens[i].kind == .name, keywords.contains(tokens[i].text), tokens[i + 1].text == "=",
                  tokens[i + 2].kind == .op, tokens[i + 2].text == "[" || tokens[i + 2].text == "{" else { i += 1; continue }
            var depth = 0, k = i + 2
            repeat {
                let t = tokens[k]
                if t.kind == .op, "[{(".contains(t.text) { depth += 1 }
                if t.kind == .op, "]})".contains(t.text) { depth -= 1 }
                // In a dict, only the values are requirements; the keys are extra names.
                let isKey = k + 1 < tokens.count && tokens[k + 1].kind == .op && tokens[k + 1].text == ":"
                if t.kind == .string, !isKey, let r = Requirement.parse(t.text), let component = ComponentNames.forPackage(r.name) {
                    // The string's text starts after its prefix and quotes (ASCII: one column a byte).
                    let column = t.column(in: bytes) + t.opening + r.offset
                    sites.append(ScanSite(file: file, line: t.line, column: column, component: component, kind: .dependency,
                                          text: t.text, version: r.version))
                }
                k += 1
            } while depth > 0 && k < tokens.count
            i = k
        }
        return sites
    }
}
