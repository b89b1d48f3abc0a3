/// Python source as tokens with their positions, so patterns match code and never text in
/// strings or comments. It follows the language's lexical rules that matter for that: comments,
/// string literals of every form (prefixes, triple quotes, escapes), line joining inside
/// brackets and after `\`. It does not check that the source is valid Python; a file that is not
/// still yields tokens, and a string left open runs to the end of the file.
public struct PythonToken: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case name, number, string, op
        /// The end of a logical line (not inside brackets).
        case newline
    }

    public var kind: Kind
    /// The name, operator or number as written; for a string, its content between the quotes.
    public var text: String
    public var line: Int
    /// Byte offsets of the token and of its line's start: the column is worked out only for
    /// the few tokens that become sites (counting on every token is quadratic on long lines).
    public var offset: Int
    public var lineStart: Int
    /// For a string, the bytes of its prefix and opening quotes (`r"` 2, `"""` 3): its text
    /// starts that far after `offset`.
    public var opening: Int = 0

    /// 1-based, counting Unicode scalars.
    public func column(in bytes: [UInt8]) -> Int {
        var c = 1
        for k in lineStart..<min(offset, bytes.count) where bytes[k] & 0xC0 != 0x80 { c += 1 }
        return c
    }
}

public enum PythonTokenizer {
    public static func tokens(_ bytes: [UInt8]) -> [PythonToken] {
        var out: [PythonToken] = []
        out.reserveCapacity(bytes.count / 4)
        var i = 0, line = 1, lineStart = 0, depth = 0
        func emit(_ kind: PythonToken.Kind, _ start: Int, _ end: Int) {
            out.append(PythonToken(kind: kind, text: String(decoding: bytes[start..<end], as: UTF8.self), line: line,
                                   offset: start, lineStart: lineStart))
        }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x0A: // newline
                if depth == 0, let last = out.last, last.kind != .newline {
                    out.append(PythonToken(kind: .newline, text: "", line: line, offset: i, lineStart: lineStart))
                }
                i += 1
                line += 1
                lineStart = i
            case 0x20, 0x09, 0x0C, 0x0D:
                i += 1
            case 0x23: // # comment to the end of the line
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            case 0x5C where i + 1 < bytes.count && (bytes[i + 1] == 0x0A || bytes[i + 1] == 0x0D): // \ line join
                i += 1
                if bytes[i] == 0x0D { i += 1 }
                if i < bytes.count, bytes[i] == 0x0A { i += 1 }
                line += 1
                lineStart = i
            case 0x22, 0x27: // a string without prefix
                let (next, endLine, endStart) = string(bytes, from: i, quoteAt: i, line: line, lineStart: lineStart, into: &out)
                i = next; line = endLine; lineStart = endStart
            default:
                if isNameStart(b) {
                    let start = i
                    while i < bytes.count, isNameByte(bytes[i]) { i += 1 }
                    // String prefixes: r, b, u, f and their pairs, straight before a quote.
                    if i < bytes.count, bytes[i] == 0x22 || bytes[i] == 0x27, i - start <= 2,
                       bytes[start..<i].allSatisfy({ "rRbBuUfF".utf8.contains($0) }) {
                        let (next, endLine, endStart) = string(bytes, from: start, quoteAt: i, line: line, lineStart: lineStart,
                                                               into: &out)
                        i = next; line = endLine; lineStart = endStart
                    } else {
                        emit(.name, start, i)
                    }
                } else if b >= 0x30 && b <= 0x39 || b == 0x2E && i + 1 < bytes.count && bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39 {
                    let start = i
                    while i < bytes.count, isNameByte(bytes[i]) || bytes[i] == 0x2E { i += 1 }
                    emit(.number, start, i)
                } else {
                    if b == 0x28 || b == 0x5B || b == 0x7B { depth += 1 }
                    if (b == 0x29 || b == 0x5D || b == 0x7D) && depth > 0 { depth -= 1 }
                    // Two-character comparisons stay one token: `==` is not an assignment.
                    let two = i + 1 < bytes.count && bytes[i + 1] == 0x3D && "=!<>".utf8.contains(b)
                    emit(.op, i, i + (two ? 2 : 1))
                    i += two ? 2 : 1
                }
            }
        }
        if let last = out.last, last.kind != .newline {
            out.append(PythonToken(kind: .newline, text: "", line: line, offset: i, lineStart: lineStart))
        }
        return out
    }

    /// Reads a string literal whose prefix starts at `from` and whose opening quote is at
    /// `quoteAt`; returns where reading goes on, and the line it ends on.
    private static func string(_ bytes: [UInt8], from: Int, quoteAt: Int, line: Int, lineStart: Int,
                               into out: inout [PythonToken]) -> (Int, Int, Int) {
        let quote = bytes[quoteAt]
        let triple = quoteAt + 2 < bytes.count && bytes[quoteAt + 1] == quote && bytes[quoteAt + 2] == quote
        var i = quoteAt + (triple ? 3 : 1)
        let contentStart = i
        let startLine = line, startLineStart = lineStart
        var line = line, lineStart = lineStart
        var contentEnd = bytes.count
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x5C { // an escape: the next byte is part of the string, whatever the prefix
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { line += 1; lineStart = i + 2 }
                i += 2
                continue
            }
            if b == 0x0A {
                if !triple { contentEnd = i; break } // an unterminated one-line string ends here
                line += 1
                lineStart = i + 1
            }
            if b == quote {
                if !triple { contentEnd = i; i += 1; break }
                if i + 2 < bytes.count, bytes[i + 1] == quote, bytes[i + 2] == quote { contentEnd = i; i += 3; break }
            }
            i += 1
        }
        if i > bytes.count { i = bytes.count }
        out.append(PythonToken(kind: .string, text: String(decoding: bytes[contentStart..<min(contentEnd, bytes.count)], as: UTF8.self),
                               line: startLine, offset: from, lineStart: startLineStart, opening: contentStart - from))
        return (i, line, lineStart)
    }

    static func isNameStart(_ b: UInt8) -> Bool { b == 0x5F || (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x80 }
    static func isNameByte(_ b: UInt8) -> Bool { isNameStart(b) || b >= 0x30 && b <= 0x39 }
}
