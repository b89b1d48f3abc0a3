import ChipFitSpec
import ChipFitPlanner
@testable import ChipFitRender
import ChipFitYAML
import Testing

/// Findings show a bounded window of their line, so output stays linear in the findings
/// whatever the line's length, and the window holds the caret.
@Suite struct Excerpts {
    /// One 120 KB line of flow-style ids, one finding at each id.
    static let ids = (0..<10_000).map { String(format: "x%05d", $0) }
    static let line = "  chips: [" + ids.joined(separator: ", ") + "]"
    static let columns: [Int] = ids.indices.map { 11 + $0 * 8 }

    static func report() -> DiagnosticReport {
        let diagnostics = columns.enumerated().map { i, column in
            Diagnostic(.error, .unknownChip, "unknown chip `\(ids[i])`", file: "spec.yaml",
                       location: SourceLocation(file: "spec.yaml", line: 2, column: column))
        }
        return DiagnosticReport(diagnostics: diagnostics, files: ["spec.yaml"],
                                sources: ["spec.yaml": "requirements:\n" + line + "\n"], version: "test")
    }

    @Test func everyFormatStaysLinearInItsFindingsOnOneLongLine() {
        let r = Self.report()
        // A whole-line echo would be 10,000 × 120 KB = 1.2 GB; a bounded one is a few hundred
        // bytes a finding.
        let outputs = [("text", DiagnosticsTextRenderer(color: false).render(r, summary: "s")),
                       ("sarif", SARIFRenderer().render(r)), ("junit", JUnitRenderer().render(r)),
                       ("github", GitHubAnnotationsRenderer().render(r))]
        for (format, out) in outputs {
            #expect(out.utf8.count < 10_000 * 1_000, "\(format): \(out.utf8.count) bytes")
        }
    }

    @Test func theCaretPointsAtItsTokenFarAlongTheLine() {
        let text = DiagnosticsTextRenderer(color: false).render(Self.report(), summary: "s")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Finding 9,000: its excerpt and caret line follow its first line.
        let first = "spec.yaml:2:\(Self.columns[9_000]):"
        let at = lines.firstIndex { $0.hasPrefix(first) }!
        let shown = lines[at + 1], caret = lines[at + 2]
        let column = caret.distance(from: caret.startIndex, to: caret.firstIndex(of: "^")!)
        let token = shown[shown.index(shown.startIndex, offsetBy: column)...].prefix(6)
        #expect(token == "x09000", "\(shown)\n\(caret)")
        #expect(shown.contains("…"), "the cut is marked")
    }

    @Test func aHugeLineOfNULBytesShowsABoundedWindowOfReplacementCharacters() throws {
        let text = SourceText(String(repeating: "\u{0}", count: 1_000_000))
        let e = try #require(text.excerpts(line: 1, columns: [1, 500_000])).map(\.text)
        #expect(e[0].unicodeScalars.count == Excerpt.width + 1) // the window and a closing …
        #expect(e[0].unicodeScalars.allSatisfy { $0 == "\u{FFFD}" || $0 == "…" })
        #expect(e[1].unicodeScalars.count == Excerpt.width + 2)
    }

    @Test func controlCharactersOfEveryKindAreReplaced() throws {
        let text = SourceText("a\u{0}b\u{7}c\u{1B}[31md\u{7F}e\u{86}f\u{9B}g\th")
        let e = try #require(text.excerpts(line: 1, columns: [1])?.first)
        #expect(e.text == "a\u{FFFD}b\u{FFFD}c\u{FFFD}[31md\u{FFFD}e\u{FFFD}f\u{FFFD}g\th")
    }
}
