/// The part of TOML that dependency lists use, read with positions: table headers (`[a.b]`,
/// `[[a.b]]`, quoted keys), `key = value` with dotted and quoted keys, and values that are
/// strings (basic, literal and multi-line), arrays (over several lines, nested), inline tables,
/// numbers, booleans and dates. It reads any bytes in one pass and never traps: what it cannot
/// read it skips to the end of the line. A general TOML library is not used because the one
/// available (TOMLKit, over toml++) aborts the process on some malformed files.
struct TOMLReader {
    /// A string value with where its first character is.
    struct Located {
        var text: String
        var line: Int
        var column: Int
    }

    /// A value, reduced to what dependency lists need.
    indirect enum Value {
        case string(Located)
        case array([Value])
        case table([String: Value], keyLines: [String: (line: Int, column: Int)])
        case other
    }

    /// Every `key = value` of the file: the full dotted path (table path + key), the value, and
    /// where the key's last part starts (inside its quotes, when quoted).
    struct Entry {
        var path: [String]
        var value: Value
        var line: Int
        var column: Int
    }

    private let s: [Unicode.Scalar]
    private var i = 0
    private var line = 1
    private var lineStart = 0
    private(set) var entries: [Entry] = []
    /// Whether anything could not be read (the scan then notes the file as not valid TOML).
    private(set) var damaged = false

    init(_ bytes: [UInt8]) {
        s = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        read()
    }

    private var column: Int { i - lineStart + 1 }
    private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    private mutating func advance() {
        if s[i] == "\n" { line += 1; lineStart = i + 1 }
        i += 1
    }

    private mutating func skipBlanks() { while let c = peek(), c == " " || c == "\t" || c == "\r" { advance() } }

    /// Blanks, line breaks and comments.
    private mutating func skipTrivia() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" || c == "\n" { advance() } else if c == "#" { skipLine() } else { return }
        }
    }

    private mutating func skipLine() { while let c = peek(), c != "\n" { advance() } }

    private mutating func read() {
        var table: [String] = []
        while i < s.count {
            skipTrivia()
            guard let c = peek() else { return }
            if c == "[" {
                let double = peek(1) == "["
                advance(); if double { advance() }
                if let path = key(), peek() == "]" {
                    advance(); if double, peek() == "]" { advance() }
                    table = path
                } else {
                    damaged = true
                }
                skipLine()
                continue
            }
            guard let path = key(), peek() == "=" else { damaged = true; skipLine(); continue }
            let (keyLine, keyColumn) = lastKeyPart
            advance()
            skipBlanks()
            let v = value(depth: 0)
            entries.append(Entry(path: table + path, value: v, line: keyLine, column: keyColumn))
            skipBlanks()
            if let c = peek(), c != "\n", c != "#" { damaged = true }
            skipLine()
        }
    }

    /// Where the last part of the last key read starts.
    private var lastKeyPart = (1, 1)

    /// A dotted key (`a."b.c".d`), blanks around the dots allowed; nil when none is there.
    private mutating func key() -> [String]? {
        var parts: [String] = []
        while true {
            skipBlanks()
            guard let c = peek() else { return nil }
            lastKeyPart = (line, column + (c == "\"" || c == "'" ? 1 : 0))
            if c == "\"" || c == "'" {
                guard case .string(let l) = string() else { return nil }
                parts.append(l.text)
            } else {
                var bare = ""
                while let c = peek(), c.isASCII, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "_" {
                    bare.unicodeScalars.append(c); advance()
                }
                guard !bare.isEmpty else { return nil }
                parts.append(bare)
            }
            skipBlanks()
            guard peek() == "." else { return parts }
            advance()
        }
    }

    private mutating func value(depth: Int) -> Value {
        guard depth < 64, let c = peek() else { damaged = true; return .other }
        switch c {
        case "\"", "'": return string()
        case "[":
            advance()
            var items: [Value] = []
            while true {
                skipTrivia()
                guard let c = peek() else { damaged = true; return .array(items) }
                if c == "]" { advance(); return .array(items) }
                if c == "," { advance(); continue }
                let before = i
                items.append(value(depth: depth + 1))
                if i == before { damaged = true; advance() } // nothing read: step on, never loop
            }
        case "{":
            advance()
            var members: [String: Value] = [:]
            var keyLines: [String: (line: Int, column: Int)] = [:]
            while true {
                skipBlanks()
                guard let c = peek(), c != "\n" else { damaged = true; return .table(members, keyLines: keyLines) }
                if c == "}" { advance(); return .table(members, keyLines: keyLines) }
                if c == "," { advance(); continue }
                let at = (line, column)
                guard let k = key(), peek() == "=" else { damaged = true; skipLine(); return .table(members, keyLines: keyLines) }
                advance(); skipBlanks()
                members[k.joined(separator: ".")] = value(depth: depth + 1)
                keyLines[k.joined(separator: ".")] = at
            }
        default:
            // A number, boolean or date: up to a separator.
            var read = false
            while let c = peek(), !(c == "," || c == "]" || c == "}" || c == "\n" || c == "#" || c == " " || c == "\t" || c == "\r") {
                advance(); read = true
            }
            if !read { damaged = true }
            return .other
        }
    }

    /// A basic or literal string, one- or multi-line; escapes are kept as written but for
    /// `\"` and `\\` (dependency strings hold neither in practice).
    private mutating func string() -> Value {
        let quote = s[i]
        let triple = peek(1) == quote && peek(2) == quote
        let at = (line, column + (triple ? 3 : 1))
        for _ in 0..<(triple ? 3 : 1) { advance() }
        if triple, peek() == "\n" { advance() }
        var text = ""
        while let c = peek() {
            if c == "\\", quote == "\"", let n = peek(1) {
                text.unicodeScalars.append(n == "\"" || n == "\\" ? n : c)
                if n == "\"" || n == "\\" { advance() }
                advance()
                continue
            }
            if c == quote {
                if !triple { advance(); return .string(Located(text: text, line: at.0, column: at.1)) }
                if peek(1) == quote, peek(2) == quote {
                    advance(); advance(); advance()
                    return .string(Located(text: text, line: at.0, column: at.1))
                }
            }
            if c == "\n", !triple { damaged = true; return .string(Located(text: text, line: at.0, column: at.1)) }
            text.unicodeScalars.append(c)
            advance()
        }
        damaged = true
        return .string(Located(text: text, line: at.0, column: at.1))
    }
}
