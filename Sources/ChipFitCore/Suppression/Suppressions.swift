import ChipFitYAML

/// Inline suppressions written in YAML comments:
///
///     kv_head: 8   # chipfit:ignore CF101 -- migrating next sprint
///     # chipfit:ignore CF202,CF303 -- internal chip not in the catalogue
///     chips: [our-asic]
///     # chipfit:ignore-file CF301 -- experiments run uncertified by design
///
/// A trailing comment covers its own line; a comment alone on a line covers the next line;
/// `ignore-file` covers the whole file. The reason after ` -- ` is required: a suppression
/// without one is reported (CF310) and suppresses nothing.
public struct SuppressionRules: Sendable {
    struct Rule: Sendable {
        var codes: Set<String>
        /// nil for `ignore-file`.
        var line: Int?
    }

    var rules: [Rule] = []
    public private(set) var diagnostics: [Diagnostic] = []

    public init(text: String, file: String) {
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" }).enumerated() {
            let line = String(raw)
            guard let hash = Self.commentStart(line) else { continue }
            var comment = Substring(line[line.index(after: hash)...]).drop { $0 == " " || $0 == "\t" }
            let fileLevel: Bool
            if comment.hasPrefix("chipfit:ignore-file") {
                fileLevel = true
                comment = comment.dropFirst("chipfit:ignore-file".count)
            } else if comment.hasPrefix("chipfit:ignore") {
                fileLevel = false
                comment = comment.dropFirst("chipfit:ignore".count)
            } else { continue }
            let (codePart, reasonPart) = Self.splitReason(String(comment))
            let codes = Set(codePart.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init).filter { !$0.isEmpty })
            let reason = reasonPart.trimmingSpaces
            let column = line[..<hash].unicodeScalars.count + 1
            let at = SourceLocation(file: file, line: index + 1, column: column)
            if codes.isEmpty || reason.isEmpty {
                diagnostics.append(.warning(
                    .suppressionWithoutReason,
                    codes.isEmpty ? "`chipfit:ignore` names no code; it suppresses nothing"
                        : "suppression of \(codes.sorted().joined(separator: ", ")) has no reason; it suppresses nothing",
                    at: at, suggestion: "write `# chipfit:ignore CODE -- why this is acceptable`"))
                continue
            }
            let ownLine = line[..<hash].allSatisfy { $0 == " " || $0 == "\t" }
            rules.append(Rule(codes: codes, line: fileLevel ? nil : (ownLine ? index + 2 : index + 1)))
        }
    }

    /// "CF101 -- why" → ("CF101", "why"); no separator → (text, "").
    static func splitReason(_ text: String) -> (String, String) {
        let chars = Array(text)
        let sep: [Character] = [" ", "-", "-", " "]
        if chars.count >= 4 {
            for i in 0...(chars.count - 4) where Array(chars[i..<(i + 4)]) == sep {
                return (String(chars[..<i]), String(chars[(i + 4)...]))
            }
        }
        return (text, "")
    }

    /// The `#` that starts a comment: at the line start or after white space, outside quotes.
    static func commentStart(_ line: String) -> String.Index? {
        var quote: Character?
        var previous: Character = " "
        for i in line.indices {
            let c = line[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#", previous == " " || previous == "\t" || i == line.startIndex {
                return i
            }
            previous = c
        }
        return nil
    }

    public func suppresses(_ d: Diagnostic) -> Bool {
        guard d.code != .suppressionWithoutReason else { return false }
        return rules.contains { rule in
            rule.codes.contains(d.code.rawValue) && (rule.line == nil || rule.line == d.location?.line)
        }
    }
}

/// Known findings recorded in a file so CI fails only on new ones. Entries are keyed on path,
/// code and the text of the offending line (trimmed), so they survive lines moving; a key
/// covers as many findings as it recorded, and any beyond that are reported.
public struct Baseline: Sendable, Equatable {
    public struct Key: Hashable, Sendable, Comparable {
        public var path: String
        public var code: String
        public var lineText: String

        public init(path: String, code: String, lineText: String) {
            self.path = path
            self.code = code
            self.lineText = lineText
        }

        public static func < (a: Key, b: Key) -> Bool { (a.path, a.code, a.lineText) < (b.path, b.code, b.lineText) }
    }

    public private(set) var counts: [Key: Int]

    public init(counts: [Key: Int] = [:]) { self.counts = counts }

    public static func key(_ d: Diagnostic, lineText: (String, Int) -> String?) -> Key {
        Key(path: d.file, code: d.code.rawValue,
            lineText: d.location.flatMap { lineText(d.file, $0.line) }?.trimmingSpaces ?? "")
    }

    public init(recording diagnostics: [Diagnostic], lineText: (String, Int) -> String?) {
        var counts: [Key: Int] = [:]
        for d in diagnostics { counts[Self.key(d, lineText: lineText), default: 0] += 1 }
        self.counts = counts
    }

    /// Splits findings into those still reported and those the baseline covers.
    public func apply(_ diagnostics: [Diagnostic], lineText: (String, Int) -> String?) -> (kept: [Diagnostic], covered: [Diagnostic]) {
        var left = counts
        var kept: [Diagnostic] = [], covered: [Diagnostic] = []
        for d in diagnostics {
            let k = Self.key(d, lineText: lineText)
            if let n = left[k], n > 0 {
                left[k] = n - 1
                covered.append(d)
            } else {
                kept.append(d)
            }
        }
        return (kept, covered)
    }

    public var entries: [(key: Key, count: Int)] { counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
}
