/// One PEP 508 requirement (`flash-attn[extra]>=2.5,<3 ; python_version>"3.8"`): the name, where
/// it starts in the text, and the version it pins, if it pins one.
public struct Requirement: Sendable, Equatable {
    public var name: String
    /// Offset of the name in the text, in Unicode scalars.
    public var offset: Int
    /// `2.5.8` from `==2.5.8` or `~=2.5.8`; for a lower bound only (`>=2.5`), `2.5`; nil when
    /// nothing is pinned.
    public var version: String?
    /// A CUDA version a local version label implies: `+cu121` → `12.1`.
    public var cuda: String?

    /// Parses a requirement; nil for what is not one (options, paths, URLs without a name).
    public static func parse(_ text: String) -> Requirement? {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
        let start = i
        func isNameScalar(_ s: Unicode.Scalar) -> Bool {
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_" || s == ".")
        }
        guard i < scalars.count, scalars[i].isASCII, scalars[i].properties.isAlphabetic || ("0"..."9").contains(scalars[i]) else { return nil }
        while i < scalars.count, isNameScalar(scalars[i]) { i += 1 }
        let name = String(String.UnicodeScalarView(scalars[start..<i]))
        var rest = String(String.UnicodeScalarView(scalars[i...]))
        if let semicolon = rest.firstIndex(of: ";") { rest = String(rest[..<semicolon]) }
        // pip options after the requirement (`--hash=…` from pip-compile) and a line
        // continuation end it.
        if let backslash = rest.firstIndex(of: "\\") { rest = String(rest[..<backslash]) }
        for option in [" -", "\t-"] { if let r = rest.range(of: option) { rest = String(rest[..<r.lowerBound]) } }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            rest = String(rest[rest.index(after: close)...])
        }
        rest = rest.trimming(" \t")
        // `name @ url`: a direct reference, version unknown. Anything else must be a specifier.
        var version: String?
        if rest.hasPrefix("@") {
            version = nil
        } else if !rest.isEmpty {
            let clauses = rest.split(separator: ",").map { String($0).trimming(" \t()") }
            guard clauses.allSatisfy({ c in ["==", "~=", ">=", "<=", "!=", ">", "<", "==="].contains { c.hasPrefix($0) } || c.isEmpty }) else {
                // `torch 2.1` (conda's spelling) and `torch=2.1`
                let conda = rest.trimming("= \t")
                guard !conda.isEmpty, conda.first!.isNumber else { return nil }
                return Requirement(name: name, offset: start, version: Self.plain(conda), cuda: Self.cuda(conda))
            }
            let pinned = clauses.first { $0.hasPrefix("==") || $0.hasPrefix("~=") }
                ?? clauses.first { $0.hasPrefix(">=") }
            version = pinned.map { String($0.drop { "=~><!".contains($0) }).trimming(" \t") }
        }
        return Requirement(name: name, offset: start, version: version.map(Self.plain), cuda: version.flatMap(Self.cuda))
    }

    /// The version without a local label or wildcard: `2.1.0+cu121` → `2.1.0`, `2.1.*` → `2.1`.
    static func plain(_ v: String) -> String {
        var s = v.split(separator: "+").first.map(String.init) ?? v
        while s.hasSuffix(".*") { s.removeLast(2) }
        return s
    }

    /// `2.1.0+cu121` → `12.1`; `+cu118` → `11.8`.
    static func cuda(_ v: String) -> String? {
        guard let plus = v.firstIndex(of: "+") else { return nil }
        return cudaLabel(v[v.index(after: plus)...])
    }

    /// The CUDA version a PyTorch build label names: `cu121` → `12.1`, `cu118` → `11.8`
    /// (`cu` and three or four digits, the last one the minor version); nil for anything else.
    static func cudaLabel(_ label: Substring) -> String? {
        guard label.hasPrefix("cu") else { return nil }
        let digits = label.dropFirst(2)
        guard digits.count == 3 || digits.count == 4, digits.allSatisfy(\.isNumber) else { return nil }
        return "\(digits.dropLast()).\(digits.last!)"
    }
}

extension String {
    func trimming(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
