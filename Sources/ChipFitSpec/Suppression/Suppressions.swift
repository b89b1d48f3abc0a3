import ChipFitPlanner
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
        /// Where the comment is written.
        var at: SourceLocation
    }

    var rules: [Rule] = []
    public private(set) var diagnostics: [Diagnostic] = []

    public init(text: String, file: String) {
        var scan = Scanner()
        // CR LF is one Character in Swift, so split on every line-break form explicitly.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (index, raw) in lines.enumerated() {
            let line = String(raw)
            guard let hash = scan.commentStart(line) else { continue }
            var comment = Substring(line[line.index(after: hash)...]).drop { $0 == " " || $0 == "\t" }
            let fileLevel: Bool
            if comment.hasPrefix("chipfit:ignore-file") {
                fileLevel = true
                comment = comment.dropFirst("chipfit:ignore-file".count)
            } else if comment.hasPrefix("chipfit:ignore") {
                fileLevel = false
                comment = comment.dropFirst("chipfit:ignore".count)
            } else {
                // `# chipfit: ignore CF303`, `# Chipfit:Ignore …`: meant as a suppression, not read as one.
                let squeezed = comment.prefix(40).lowercased().filter { $0 != " " && $0 != "\t" }
                if squeezed.hasPrefix("chipfit:ignore") {
                    let column = line[..<hash].unicodeScalars.count + 1
                    diagnostics.append(.warning(
                        .suppressionWithoutReason, "this looks like a suppression but is not read as one; it suppresses nothing",
                        at: SourceLocation(file: file, line: index + 1, column: column),
                        suggestion: "write `# chipfit:ignore CODE -- why` exactly (lower case, no space before or after the colon)"))
                }
                continue
            }
            let (codePart, reasonPart) = Self.splitReason(String(comment))
            let codes = Set(codePart.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init).filter { !$0.isEmpty })
            let reason = reasonPart.trimmingSpaces
            let column = line[..<hash].unicodeScalars.count + 1
            let at = SourceLocation(file: file, line: index + 1, column: column)
            let unknown = codes.filter { DiagnosticCode.named($0) == nil }.sorted()
            if codes.isEmpty || reason.isEmpty || !unknown.isEmpty {
                let message = codes.isEmpty ? "`chipfit:ignore` names no code; it suppresses nothing"
                    : !unknown.isEmpty ? "`chipfit:ignore` names unknown code\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")); it suppresses nothing"
                    : "suppression of \(codes.sorted().joined(separator: ", ")) has no reason; it suppresses nothing"
                diagnostics.append(.warning(
                    .suppressionWithoutReason, message, at: at,
                    suggestion: "write `# chipfit:ignore CODE -- why this is acceptable` with codes from docs/diagnostics.md"))
                continue
            }
            let ownLine = line[..<hash].allSatisfy { $0 == " " || $0 == "\t" }
            rules.append(Rule(codes: codes, line: fileLevel ? nil : (ownLine ? index + 2 : index + 1), at: at))
        }
    }

    /// "CF101 -- why" → ("CF101", "why"); no separator → (text, "").
    static func splitReason(_ text: String) -> (String, String) {
        guard let sep = text.firstRange(of: " -- ") else { return (text, "") }
        return (String(text[..<sep.lowerBound]), String(text[sep.upperBound...]))
    }

    /// Finds comments line by line the way YAML does: a `#` after white space that is not
    /// inside a quoted scalar (which may span lines, with `\"` and `''` escapes) nor inside the
    /// lines of a block scalar (`|`, `>`). A quote opens a scalar only where a scalar can
    /// begin, so the apostrophe in `it's` is text.
    struct Scanner {
        private var quote: Character?
        private var blockIndent: Int?

        mutating func commentStart(_ line: String) -> String.Index? {
            let indent = line.prefix { $0 == " " }.count
            if let b = blockIndent {
                if line.allSatisfy({ $0 == " " || $0 == "\t" }) || indent > b { return nil }
                blockIndent = nil
            }
            var previous: Character = " "
            var lastToken: Character = "\n" // last non-blank character outside quotes
            var i = line.startIndex
            var comment: String.Index?
            while i < line.endIndex {
                let c = line[i]
                if let q = quote {
                    if q == "\"" && c == "\\" {
                        i = line.index(after: i)
                        if i < line.endIndex { i = line.index(after: i) }
                        continue
                    }
                    if c == q {
                        let next = line.index(after: i)
                        if q == "'", next < line.endIndex, line[next] == "'" { i = line.index(after: next); continue }
                        quote = nil
                        lastToken = c
                    }
                } else if c == "#", previous == " " || previous == "\t" || i == line.startIndex {
                    comment = i
                    break
                } else if (c == "\"" || c == "'"), "\n:-[{,?".contains(lastToken) {
                    quote = c
                } else if c != " " && c != "\t" {
                    lastToken = c
                }
                previous = c
                i = line.index(after: i)
            }
            // `key: |`, `- >-`, `key: |2` start a block scalar whose lines are content.
            let content = String(line[..<(comment ?? line.endIndex)]).trimmingSpaces
            if quote == nil, let last = content.last, last == "|" || last == ">" || last == "-" || last == "+" || last.isNumber {
                let indicator = content.reversed().prefix { "|>+-0123456789".contains($0) }
                let before = String(content.dropLast(indicator.count)).trimmingSpaces
                if indicator.contains(where: { $0 == "|" || $0 == ">" }), before.hasSuffix(":") || before.hasSuffix("-") || before.isEmpty {
                    blockIndent = indent
                }
            }
            return comment
        }
    }

    public func suppresses(_ d: Diagnostic) -> Bool {
        guard d.code != .suppressionWithoutReason, d.code != .unusedSuppression else { return false }
        return rules.contains { $0.suppresses(d) }
    }

    /// Suppressions that match none of `findings` (every finding of their file, before any is
    /// suppressed). Codes only a plan can raise are left out: `validate` does not plan.
    public func unused(among findings: [Diagnostic], planned: Bool) -> [Diagnostic] {
        rules.compactMap { rule in
            let codes = rule.codes.filter { planned || DiagnosticCode.named($0)?.raisedByPlanning != true }
            guard !codes.isEmpty, !findings.contains(where: rule.suppresses) else { return nil }
            return .warning(.unusedSuppression,
                            "suppression of \(codes.sorted().joined(separator: ", ")) matches no finding \(rule.line == nil ? "in this file" : "on line \(rule.line!)")",
                            at: rule.at, suggestion: "remove the comment if the finding is fixed, or move it to the line the finding is on")
        }
    }
}

extension SuppressionRules.Rule {
    func suppresses(_ d: Diagnostic) -> Bool {
        codes.contains(d.code.rawValue) && (line == nil || line == d.location?.line)
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

    /// Splits findings into those still reported and those the baseline covers, and names the
    /// recorded findings that no longer occur (`stale`, with how many of each).
    public func apply(_ diagnostics: [Diagnostic], lineText: (String, Int) -> String?)
        -> (kept: [Diagnostic], covered: [Diagnostic], stale: [(key: Key, count: Int)]) {
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
        let stale = left.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { (key: $0.key, count: $0.value) }
        return (kept, covered, stale)
    }

    public var entries: [(key: Key, count: Int)] { counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
}
