import ChipFitCore
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
        // Findings render independently: runs of them are rendered on every core and joined
        // in order, so the text is the same however the work is split.
        let run = 128
        let parts = parallelMap((diagnostics.count + run - 1) / run, serialBelow: 2) { k in
            render(diagnostics[(k * run)..<min(diagnostics.count, (k + 1) * run)], lines: lines)
        }
        return parts.joined() + summary + "\n"
    }

    private func render(_ diagnostics: ArraySlice<Diagnostic>, lines: SourceLines) -> String {
        var out = ""
        for d in diagnostics {
            let position = d.location.map { "\($0.line):\($0.column):" } ?? ""
            let label = paint("\(d.severity.rawValue)[\(d.code.rawValue)]", style(d.severity))
            out += "\(bold(Self.oneLine("\(d.file):\(position)"))) \(label): \(Self.oneLine(d.message))\n"
            if let loc = d.location, let text = lines.line(loc.line, in: d.file) {
                let gutter = String(loc.line)
                let pad = String(repeating: " ", count: gutter.count)
                out += "  \(paint(gutter, "34")) | \(text)\n"
                // A missing field has no token of its own: mark the mapping's start only.
                let mark = d.code == .missingField ? Self.underline(text, column: loc.column, length: 1)
                    : Self.underline(text, column: loc.column)
                out += "  \(pad) | \(paint(mark, style(d.severity)))\n"
            }
            if let help = d.suggestion { out += "  \(paint("help:", "32")) \(Self.oneLine(help))\n" }
            for r in d.related {
                out += "  \(paint("note:", "36")) " + Self.oneLine("\(r.message) at \(r.location.file):\(r.location.line):\(r.location.column)") + "\n"
            }
        }
        return out
    }

    /// Keeps each finding on its first line, whatever a message holds: problem matchers
    /// read one line, and control characters must not reach the terminal.
    static func oneLine(_ text: String) -> String {
        let utf8 = text.utf8
        // Fast path: printable ASCII at both ends (nothing to trim) and no control characters.
        if let first = utf8.first, let last = utf8.last, (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last),
           !utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return text }
        let scalars = text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }
        return String(String.UnicodeScalarView(scalars)).trimmingBlanks
    }

    /// Spaces (tabs kept, so the caret lines up) to the column, then `^` and `~` under the rest of the token.
    static func underline(_ line: String, column: Int, length fixed: Int? = nil) -> String {
        // Built as bytes: one per scalar before the column (a tab stays a tab), then the marks.
        var out: [UInt8] = []
        var length = 0
        var i = 0
        for scalar in line.unicodeScalars {
            if i < column - 1 {
                out.append(scalar == "\t" ? 0x09 : 0x20)
            } else {
                // The token ends at white space or a YAML indicator (`:` after the first
                // character, `,`, `}`, `]`).
                if scalar == " " || scalar == "\t" { break }
                if length > 0, scalar == ":" || scalar == "," || scalar == "}" || scalar == "]" { break }
                length += 1
            }
            i += 1
        }
        out.append(0x5E) // "^"
        out.append(contentsOf: repeatElement(0x7E, count: max(0, min(fixed ?? length, 60) - 1))) // "~"
        return String(decoding: out, as: UTF8.self)
    }

    private func style(_ s: Diagnostic.Severity) -> String {
        switch s {
        case .error: "1;31"
        case .warning: "1;33"
        case .note: "1;36"
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func bold(_ text: String) -> String { paint(text, "1") }
}

/// Lines of each source file, indexed once on first use.
struct SourceLines: Sendable {
    private let texts: [String: SourceText]

    init(_ texts: [String: SourceText]) { self.texts = texts }

    /// The line as shown in an excerpt: no byte-order mark, control characters replaced,
    /// at most 240 characters.
    func line(_ number: Int, in file: String) -> String? {
        guard let raw = texts[file]?.line(number) else { return nil }
        var text = raw.hasPrefix("\u{FEFF}") ? raw.dropFirst() : raw
        // Control characters would corrupt the terminal; show them as the replacement char.
        if text.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F }) {
            text = Substring(String(String.UnicodeScalarView(text.unicodeScalars.map {
                $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F ? "\u{FFFD}" : $0
            })))
        }
        if text.utf8.count <= 240 { return String(text) } // at most 240 characters, cheaply
        return text.count > 240 ? String(text.prefix(240)) + "…" : String(text)
    }
}
