import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `file:line:col: error[CODE]: message`, the source line with a caret under the offending
/// token, then `help:` and related locations. The first line is what editors, grep and CI
/// problem matchers read; the rest is for people.
public struct DiagnosticsTextRenderer: Sendable {
    public var color: Bool

    public init(color: Bool) { self.color = color }

    /// - Parameter sources: file contents by path, for the source excerpt.
    public func render(_ diagnostics: [Diagnostic], sources: [String: String], summary: String) -> String {
        render(diagnostics, lines: SourceLines(sources.mapValues(SourceText.init)), summary: summary)
    }

    /// The report's findings, with excerpts from the line indexes it already holds.
    public func render(_ report: DiagnosticReport, summary: String) -> String {
        render(report.diagnostics, lines: SourceLines(report.sources), summary: summary)
    }

    private func render(_ diagnostics: [Diagnostic], lines: SourceLines, summary: String) -> String {
        let excerpts = lines.excerpts(diagnostics)
        // Findings render independently: runs of them are rendered on every core and joined
        // in order, so the text is the same however the work is split.
        let run = 128
        let parts = parallelMap((diagnostics.count + run - 1) / run, serialBelow: 2) { k in
            let range = (k * run)..<min(diagnostics.count, (k + 1) * run)
            return render(diagnostics[range], excerpts: excerpts[range])
        }
        return parts.joined() + summary + "\n"
    }

    /// Written as bytes into one buffer: string interpolation and `+=` made about a dozen
    /// intermediate strings per finding (the corpus benchmark renders 666 warnings).
    private func render(_ diagnostics: ArraySlice<Diagnostic>, excerpts: ArraySlice<Excerpt?>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(diagnostics.count * 256)
        for (d, excerpt) in zip(diagnostics, excerpts) {
            let severity = style(d.severity)
            // `file:line:col:`, bold, kept on one line.
            open("1", &out)
            // `:` ends the line, so a file name copied as it is may end in a blank.
            if Self.appendIfPlain(d.file, endingTheLine: false, to: &out) {
                out.append(0x3A) // ":"
                if let loc = d.location {
                    Self.appendDecimal(loc.line, to: &out)
                    out.append(0x3A)
                    Self.appendDecimal(loc.column, to: &out)
                    out.append(0x3A)
                }
            } else {
                var position = d.file
                if let loc = d.location { position += ":" + String(loc.line) + ":" + String(loc.column) + ":" } else { position += ":" }
                Self.appendOneLine(position, to: &out)
            }
            close(&out)
            out.append(0x20)
            open(severity, &out)
            out.append(contentsOf: d.severity.rawValue.utf8)
            out.append(0x5B) // "["
            out.append(contentsOf: d.code.rawValue.utf8)
            out.append(0x5D) // "]"
            close(&out)
            out.append(contentsOf: ": ".utf8)
            Self.appendOneLine(d.message, to: &out)
            out.append(0x0A)
            if let loc = d.location, var text = excerpt?.text, let column = excerpt?.column {
                out.append(contentsOf: "  ".utf8)
                open("34", &out)
                let gutter = Self.appendDecimal(loc.line, to: &out)
                close(&out)
                out.append(contentsOf: " | ".utf8)
                text.withUTF8 { out.append(contentsOf: $0) }
                out.append(0x0A)
                out.append(contentsOf: "  ".utf8)
                out.append(contentsOf: repeatElement(0x20, count: gutter))
                out.append(contentsOf: " | ".utf8)
                open(severity, &out)
                // A missing field has no token of its own: mark the mapping's start only.
                Self.appendUnderline(text, column: column, length: d.code == .missingField ? 1 : nil, to: &out)
                close(&out)
                out.append(0x0A)
            }
            if let help = d.suggestion {
                out.append(contentsOf: "  ".utf8)
                open("32", &out)
                out.append(contentsOf: "help:".utf8)
                close(&out)
                out.append(0x20)
                Self.appendOneLine(help, to: &out)
                out.append(0x0A)
            }
            for r in d.related {
                out.append(contentsOf: "  ".utf8)
                open("36", &out)
                out.append(contentsOf: "note:".utf8)
                close(&out)
                out.append(0x20)
                Self.appendOneLine(r.message + " at " + r.location.file + ":" + String(r.location.line) + ":"
                                   + String(r.location.column), to: &out)
                out.append(0x0A)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Keeps each finding on its first line, whatever a message holds: problem matchers
    /// read one line, and control characters must not reach the terminal.
    static func oneLine(_ text: String) -> String {
        var out: [UInt8] = []
        appendOneLine(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `oneLine(text)` appended as bytes; text with nothing to replace or trim (nearly all of
    /// it) is copied as it is.
    static func appendOneLine(_ text: String, to out: inout [UInt8]) {
        if appendIfPlain(text, endingTheLine: true, to: &out) { return }
        let scalars = text.unicodeScalars.map { ControlCharacters.contains($0.value) ? " " : $0 }
        out.append(contentsOf: String(String.UnicodeScalarView(scalars)).trimmingBlanks.utf8)
    }

    /// Appends `text` when `appendOneLine` would keep it as it is, and says whether it did:
    /// no control characters, printable ASCII first and (when `text` ends the line) last, so
    /// there is nothing to replace or trim. Nearly all text is like that.
    private static func appendIfPlain(_ text: String, endingTheLine: Bool, to out: inout [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { bytes -> Bool in
            guard let first = bytes.first, let last = bytes.last, (0x21..<0x7F).contains(first),
                  !endingTheLine || (0x21..<0x7F).contains(last) else { return false }
            // 0xC2 leads C1 controls (U+0080–U+009F) among others: such text takes the slow path.
            for b in bytes where b < 0x20 || b == 0x7F || b == 0xC2 { return false }
            out.append(contentsOf: bytes)
            return true
        }
    }

    /// `n` in decimal; returns how many bytes it took.
    @discardableResult
    static func appendDecimal(_ n: Int, to out: inout [UInt8]) -> Int {
        let digits = String(n).utf8
        out.append(contentsOf: digits)
        return digits.count
    }

    /// Spaces (tabs kept, so the caret lines up) to the column, then `^` and `~` under the rest of the token.
    static func underline(_ line: String, column: Int, length fixed: Int? = nil) -> String {
        var out: [UInt8] = []
        appendUnderline(line, column: column, length: fixed, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `underline` appended as bytes: one per scalar before the column (a tab stays a tab),
    /// then the marks.
    static func appendUnderline(_ line: String, column: Int, length fixed: Int?, to out: inout [UInt8]) {
        var length = 0
        var i = 0
        var line = line
        line.withUTF8 { bytes in
            // Scalars counted by their first bytes (UTF-8 continuation bytes are 10xxxxxx); the
            // characters compared below are all ASCII, one byte each.
            for b in bytes where b & 0xC0 != 0x80 {
                if i < column - 1 {
                    out.append(b == 0x09 ? 0x09 : 0x20)
                } else {
                    // The token ends at white space or a YAML indicator (`:` after the first
                    // character, `,`, `}`, `]`).
                    if b == 0x20 || b == 0x09 { break }
                    if length > 0, b == 0x3A || b == 0x2C || b == 0x7D || b == 0x5D { break }
                    length += 1
                }
                i += 1
            }
        }
        out.append(0x5E) // "^"
        out.append(contentsOf: repeatElement(0x7E, count: max(0, min(fixed ?? length, 60) - 1))) // "~"
    }

    private func style(_ s: Diagnostic.Severity) -> String {
        switch s {
        case .error: "1;31"
        case .warning: "1;33"
        case .note: "1;36"
        }
    }

    /// Starts the colour `code` (an SGR parameter such as `1;31`) when colour is on.
    private func open(_ code: String, _ out: inout [UInt8]) {
        guard color else { return }
        out.append(0x1B); out.append(0x5B) // ESC [
        out.append(contentsOf: code.utf8)
        out.append(0x6D) // m
    }

    /// Ends the colour started by `open`.
    private func close(_ out: inout [UInt8]) {
        if color { out.append(contentsOf: "\u{1B}[0m".utf8) }
    }
}

/// Lines of each source file, indexed once on first use.
struct SourceLines: Sendable {
    private let texts: [String: SourceText]

    init(_ texts: [String: SourceText]) { self.texts = texts }

    private struct LineKey: Hashable { var file: String, line: Int }

    /// The excerpt each finding shows (nil without a location or source), in order: findings
    /// on the same line share one pass over it.
    func excerpts(_ diagnostics: [Diagnostic]) -> [Excerpt?] {
        var byLine: [LineKey: [Int]] = [:] // finding indices per line
        let all = diagnostics
        for (i, d) in all.enumerated() {
            if let loc = d.location { byLine[LineKey(file: d.file, line: loc.line), default: []].append(i) }
        }
        var result = [Excerpt?](repeating: nil, count: all.count)
        for (key, indices) in byLine {
            guard let found = texts[key.file]?.excerpts(line: key.line, columns: indices.map { all[$0].location!.column })
            else { continue }
            for (i, e) in zip(indices, found) { result[i] = e }
        }
        return result
    }
}
