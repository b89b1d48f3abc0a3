import ChipFitSpec
import ChipFitPlanner
@testable import ChipFitRender
import ChipFitYAML
import Foundation
import Testing

/// No text format lets a control character through: names, messages and values come from
/// files a pull request controls, and CI logs and terminals act on ESC, BEL, NUL and C1 CSI.
@Suite struct ControlCharactersInOutputs {
    static let hostile = "a\u{0}b\u{7}c\u{1B}[31md\u{7F}e\u{85}f\u{9B}g"

    static func report() -> DiagnosticReport {
        let file = "deploy/\u{1B}]0;x\u{7}\u{9B}31m.yaml"
        let d = Diagnostic(.error, .unknownChip, "unknown chip `\(hostile)`", file: file,
                           location: SourceLocation(file: file, line: 1, column: 8),
                           suggestion: "did you mean `\(hostile)`?")
        return DiagnosticReport(diagnostics: [d], files: [file], sources: [file: "chips: [\(hostile)]\n"], version: "t")
    }

    /// Control characters an output may carry as they are: line breaks between its lines,
    /// tabs, and ESC where it starts chipfit's own colours (none here: colour is off).
    static func leaked(_ text: String) -> [UInt32] {
        text.unicodeScalars.map(\.value).filter { ControlCharacters.contains($0) && $0 != 0x0A && $0 != 0x09 }
    }

    @Test func noDiagnosticsFormatPassesAControlCharacter() {
        let r = Self.report()
        let outputs = [("text", DiagnosticsTextRenderer(color: false).render(r, summary: "s")),
                       ("github", GitHubAnnotationsRenderer().render(r)), ("junit", JUnitRenderer().render(r))]
        for (format, out) in outputs {
            #expect(Self.leaked(out).isEmpty, "\(format) prints \(Self.leaked(out).map { String($0, radix: 16) })")
        }
        // JSON-based formats escape C0 and DEL; C1 is legal JSON text and inert once escaped as data.
        let json = DiagnosticsJSONRenderer().render(r.diagnostics, files: 1)
        #expect(!json.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F })
    }

    @Test func tablesShowControlCharactersAsReplacementCharacters() {
        let table = Format.table([["deployment", "before"], [Self.hostile, "x\u{1B}[2J"]], indent: 0)
        #expect(Self.leaked(table).isEmpty)
        #expect(table.contains("a\u{FFFD}b"))
    }
}
