/// A file's text with the start of every line found once, so each excerpt is one lookup
/// rather than a split of the whole file into `Character`s. Lines end where libyaml counts a
/// line break (its marks give the line numbers): LF, CR LF, CR, NEL (U+0085), and the line
/// and paragraph separators U+2028 and U+2029.
struct SourceText: Sendable {
    let text: String
    /// UTF-8 offsets of line starts; one more entry than lines, the last being the end.
    private let starts: [Int]
    /// UTF-8 offsets where each line's text ends (before its terminator).
    private let ends: [Int]

    init(_ text: String) {
        self.text = text
        var starts = [0], ends: [Int] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            var length = 0 // of the line break starting at i, if any
            if b == 0x0A {
                length = 1
            } else if b == 0x0D {
                length = i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
            } else if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0x85 {
                length = 2 // NEL
            } else if b == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                length = 3 // LS, PS
            }
            if length > 0 {
                ends.append(i)
                i += length
                starts.append(i)
            } else {
                i += 1
            }
        }
        ends.append(bytes.count)
        self.starts = starts
        self.ends = ends
    }

    var lineCount: Int { ends.count }

    /// Line `number` (1-based) without its terminator, or nil past the end.
    func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= ends.count else { return nil }
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: starts[number - 1])
        let to = utf8.index(utf8.startIndex, offsetBy: ends[number - 1])
        return text[from..<to]
    }
}

/// What a finding shows of its source line: a window of at most `Excerpt.width` characters
/// around the column, so a finding on a 100 KB line prints a bounded line (output stays linear
/// in the findings), with `…` where the line was cut. C0 and C1 control characters and DEL
/// are shown as U+FFFD (tabs stay, so carets line up), and a byte-order mark is dropped.
struct Excerpt: Sendable, Hashable {
    var text: String
    /// The finding's column within `text` (1-based, in Unicode scalars).
    var column: Int

    static let width = 160
    /// Characters kept before the column when the line is cut.
    static let lead = 60

    /// Whether a scalar is shown as U+FFFD: every control character but tab (kept so the
    /// caret lines up).
    static func isControl(_ value: UInt32) -> Bool {
        value != 0x09 && ControlCharacters.contains(value)
    }
}

extension SourceText {
    /// Excerpts of line `number` at each of `columns` (1-based). One pass over the line's
    /// bytes finds every window, however many findings the line has, and nothing the size of
    /// the line is copied: a 1 GB line of NUL bytes costs its window, not gigabytes.
    func excerpts(line number: Int, columns: [Int]) -> [Excerpt]? {
        guard let raw = line(number) else { return nil }
        var utf8 = Substring(raw).utf8
        if number == 1, utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8 = utf8.dropFirst(3) }
        // Scalars start at every byte that is not a continuation byte (10xxxxxx).
        let count = utf8.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
        let windows = columns.map { column -> (start: Int, end: Int, at: Int) in
            let at = min(max(column - 1, 0), count)
            let end = min(count, max(at - Excerpt.lead, 0) + Excerpt.width)
            return (max(0, end - Excerpt.width), end, at)
        }
        // The byte offset of every scalar index a window starts or ends at, in one pass.
        var offsets: [Int: String.Index] = [:]
        let wanted = Set(windows.flatMap { [$0.start, $0.end] }).sorted()
        var next = 0, scalar = 0
        var i = utf8.startIndex
        while next < wanted.count {
            if i == utf8.endIndex || utf8[i] & 0xC0 != 0x80 {
                while next < wanted.count, wanted[next] == scalar { offsets[scalar] = i; next += 1 }
                if i == utf8.endIndex { break }
                scalar += 1
            }
            i = utf8.index(after: i)
        }
        return windows.map { w in
            var text = String.UnicodeScalarView()
            if w.start > 0 { text.append("…") }
            for s in raw[offsets[w.start]!..<offsets[w.end]!].unicodeScalars {
                text.append(Excerpt.isControl(s.value) ? "\u{FFFD}" : s)
            }
            if w.end < count { text.append("…") }
            return Excerpt(text: String(text), column: w.at - w.start + 1 + (w.start > 0 ? 1 : 0))
        }
    }
}
