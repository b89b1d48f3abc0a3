import ChipFitSpec
import ChipFitPlanner
@testable import ChipFitRender
import ChipFitYAML
import Foundation
import Testing
import TestSupport

private let source = "apiVersion: chipfit/v1\nkind: Deployment\nname: chat\nworkload:\n  kv_head: 8\n"
private func report(_ d: [Diagnostic], strict: Bool = false) -> DiagnosticReport {
    DiagnosticReport(diagnostics: d, files: ["spec.yaml", "clean.yaml"], sources: ["spec.yaml": source],
                     suppressedInline: 1, version: "0.1.0", strict: strict)
}
private let findings: [Diagnostic] = [
    .warning(.certificationIgnored, "certification is ignored", at: SourceLocation(file: "spec.yaml", line: 2, column: 7)),
    .error(.unknownKey, "unknown key `kv_head` in `workload`, see: a,b", at: SourceLocation(file: "spec.yaml", line: 5, column: 3),
           suggestion: "did you mean `kv_heads`?"),
]

@Suite struct CIReporters {
    @Test func sarifGolden() { assertGolden(SARIFRenderer().render(report(findings)), "diagnostics.sarif") }
    @Test func junitGolden() { assertGolden(JUnitRenderer().render(report(findings)), "diagnostics.junit.xml") }
    @Test func githubGolden() { assertGolden(GitHubAnnotationsRenderer().render(report(findings)), "diagnostics.github.txt") }

    /// With the documentation's address known, every rule links its section; without it none
    /// carries a made-up one.
    @Test func sarifRulesLinkTheirDocumentation() throws {
        let linked = SARIFRenderer(documentation: "https://example.org/chipfit/blob/v0.2.0/docs/diagnostics.md").render(report(findings))
        #expect(linked.contains("\"helpUri\": \"https://example.org/chipfit/blob/v0.2.0/docs/diagnostics.md#cf101\""))
        #expect(!SARIFRenderer().render(report(findings)).contains("helpUri"))
        // Every rule's anchor is a section of docs/diagnostics.md.
        let docs = FieldReferenceRenderer().renderDiagnostics()
        for code in DiagnosticCode.all { #expect(docs.contains("\n## \(code.rawValue)\n"), "\(code)") }
    }

    @Test func sarifFingerprintsSurviveLineShifts() throws {
        let moved = "# a comment added above\n" + source
        let shifted = Diagnostic.error(.unknownKey, "unknown key `kv_head` in `workload`, see: a,b",
                                       at: SourceLocation(file: "spec.yaml", line: 6, column: 3))
        func fingerprint(_ text: String, _ d: Diagnostic) throws -> String {
            let r = DiagnosticReport(diagnostics: [d], files: ["spec.yaml"], sources: ["spec.yaml": text], version: "0")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(SARIFRenderer().render(r).utf8)) as? [String: Any])
            let result = try #require(((json["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
            return try #require((result["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"])
        }
        #expect(try fingerprint(source, findings[1]) == fingerprint(moved, shifted))
    }

    @Test func githubEscapesPropertiesAndData() {
        let r = GitHubAnnotationsRenderer()
        #expect(r.property("a:b,c%\nd") == "a%3Ab%2Cc%25%0Ad")
        #expect(r.data("a:b,c%\r\nd") == "a:b,c%25%0D%0Ad")
    }

    @Test func githubCapsAnnotationsAndSaysSo() {
        let many = (1...25).map { Diagnostic.error(.unknownKey, "k\($0)", at: SourceLocation(file: "spec.yaml", line: $0, column: 1)) }
        let out = GitHubAnnotationsRenderer().render(report(many))
        #expect(out.components(separatedBy: "::error ").count - 1 == 10)
        #expect(out.contains("spec.yaml:25:1: error[CF101]: k25"), "the rest stay in the log")
        #expect(out.contains("::notice title=chipfit::15 more findings were not annotated"))
    }

    @Test func strictMakesWarningsFail() {
        let out = JUnitRenderer().render(report(findings, strict: true))
        #expect(out.contains("failures=\"2\""))
        #expect(GitHubAnnotationsRenderer().render(report(findings, strict: true)).hasPrefix("::error file=spec.yaml,line=2"))
    }

    @Test func junitEscapesAndNamesCasesUniquely() {
        let twice = [findings[1], findings[1]]
        let out = JUnitRenderer().render(report(twice))
        #expect(out.contains("name=\"CF101 Unknown key @ 5:3 #2\""))
        #expect(out.contains("<testcase classname=\"clean.yaml\" name=\"valid\" file=\"clean.yaml\" time=\"0\"/>"))
    }
}

@Suite struct Suppression {
    @Test func inlineOwnLineFileLevelAndReasons() {
        let text = """
            a: 1 # chipfit:ignore CF101 -- trailing covers this line
            # chipfit:ignore CF103,CF104 -- own line covers the next
            b: 2
            c: 3 # chipfit:ignore CF101
            # chipfit:ignore-file CF301 -- experiments run uncertified
            d: "# chipfit:ignore CF101 -- inside a string is not a comment"
            """
        let rules = SuppressionRules(text: text, file: "f")
        func at(_ code: DiagnosticCode, _ line: Int) -> Diagnostic {
            Diagnostic(code.defaultSeverity, code, "m", file: "f", location: SourceLocation(file: "f", line: line, column: 1))
        }
        #expect(rules.suppresses(at(.unknownKey, 1)))
        #expect(!rules.suppresses(at(.unknownKey, 2)))
        #expect(rules.suppresses(at(.wrongType, 3)) && rules.suppresses(at(.invalidValue, 3)))
        #expect(!rules.suppresses(at(.unknownKey, 4)), "no reason: suppresses nothing")
        #expect(rules.diagnostics.map(\.code) == [.suppressionWithoutReason])
        #expect(rules.diagnostics.first?.location?.line == 4)
        #expect(rules.suppresses(at(.certificationIgnored, 99)))
        #expect(!rules.suppresses(at(.unknownKey, 6)))
    }

    @Test func baselineSurvivesLineShiftsAndReportsNewFindings() {
        let before = ["kv_head: 8", "foo: 1"]
        let d1 = Diagnostic.error(.unknownKey, "x", at: SourceLocation(file: "f", line: 1, column: 1))
        let b = Baseline(recording: [d1]) { _, l in before[l - 1] }
        let after = ["# new comment", "kv_head: 8", "kv_head: 8"]
        let moved = Diagnostic.error(.unknownKey, "x", at: SourceLocation(file: "f", line: 2, column: 1))
        let again = Diagnostic.error(.unknownKey, "x", at: SourceLocation(file: "f", line: 3, column: 1))
        let split = b.apply([moved, again]) { _, l in after[l - 1] }
        #expect(split.covered.count == 1, "the recorded finding moved a line and is still covered")
        #expect(split.kept.count == 1, "a second copy is new and reported")
    }
}

/// Regressions from the review of the CI formats and suppressions.
@Suite struct ReviewRegressions {
    @Test func overflowLinesCannotStartWorkflowCommands() {
        let hostile = Diagnostic.error(.unknownKey, "k\n::stop-commands::abc\n::error file=x::injected",
                                       at: SourceLocation(file: "a\nb.yaml", line: 1, column: 1))
        let many = (1...10).map { Diagnostic.error(.unknownKey, "k\($0)", at: SourceLocation(file: "s.yaml", line: $0, column: 1)) }
        let out = GitHubAnnotationsRenderer().render(report(many + [hostile]))
        #expect(!out.split(separator: "\n").contains { $0.hasPrefix("::stop-commands") || $0.hasPrefix("::error file=x") })
        #expect(out.contains("a b.yaml:1:1: error[CF101]: k ::stop-commands::abc ::error file=x::injected"))
    }

    @Test func suppressionsFollowYAMLNotRawText() {
        let text = [
            "description: |",
            "  # chipfit:ignore-file CF301 -- inside a block scalar",
            "name: \"say \\\" # chipfit:ignore-file CF303 -- inside a quoted string\"",
            "note: it's fine  # chipfit:ignore CF101 -- apostrophe in a plain scalar",
            "x: 1 # chipfit:ignore CF999 -- no such code",
            "y: 2 # chipfit:ignore cf101 -- codes are upper case",
        ].joined(separator: "\r\n")
        let rules = SuppressionRules(text: text, file: "f")
        func at(_ code: DiagnosticCode, _ line: Int) -> Diagnostic {
            Diagnostic(code.defaultSeverity, code, "m", file: "f", location: SourceLocation(file: "f", line: line, column: 1))
        }
        #expect(!rules.suppresses(at(.certificationIgnored, 9)))
        #expect(!rules.suppresses(at(.unknownComponent, 9)))
        #expect(rules.suppresses(at(.unknownKey, 4)), "CRLF lines and an apostrophe in a plain scalar")
        #expect(rules.diagnostics.map { $0.location?.line } == [5, 6])
        #expect(rules.diagnostics.allSatisfy { $0.message.contains("unknown code") })
    }

    @Test func markdownReportEscapesInputs() {
        let md = MarkdownReportRenderer()
        #expect(md.text("x<img src=x onerror=alert(1)>|&") == "x&lt;img src=x onerror=alert(1)&gt;\\|&amp;")
        #expect(md.code("a`b|c") == "`` a`b\\|c ``")
        #expect(md.code("plain") == "`plain`")
    }
}
