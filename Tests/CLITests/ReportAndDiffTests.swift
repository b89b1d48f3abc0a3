import Foundation
import Testing
import TestSupport

@Suite struct ReportAndDiff {
    private let fixture = ["--no-shipped-profiles", "--profiles", "Tests/Fixtures/plan-catalogue", "--as-of", "2026-11-30"]

    @Test func reportWritesHTMLAtomically() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let out = dir.appendingPathComponent("report.html").path
        let r = try Run(["report", "--format", "html", "--output", out] + fixture + ["Tests/Fixtures/plan-specs"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains(">Tests/Fixtures/plan-specs/chat.yaml<"), "inputs are listed with their hashes")
    }

    @Test func reportOptionsChangeTheTimeline() throws {
        let base = try Run(["report"] + fixture + ["Tests/Fixtures/plan-specs/chat.yaml"])
        let slower = try Run(["report", "--engineers", "1", "--effort-days", "low=5,medium=20"] + fixture + ["Tests/Fixtures/plan-specs/chat.yaml"])
        #expect(base.status == 0 && slower.status == 0)
        #expect(base.stdout != slower.stdout)
        #expect(slower.stdout.contains("1 engineers, low 5 d, medium 20 d, high 20 d per change"))
        #expect(try Run(["report", "--effort-days", "huge=3"] + fixture + ["Tests/Fixtures/plan-specs"]).status == 2)
    }

    @Test func timelineAssumptionsOutOfRangeAreUsageErrors() throws {
        for option in [["--validation-days", "1e9"], ["--validation-days", "nan"], ["--validation-days", "-1"],
                       ["--effort-days", "low=inf"], ["--effort-days", "high=1e17"], ["--effort-days", "low"]] {
            let r = try Run(["report", "--as-of", "2026-11-29"] + option + ["examples"])
            #expect(r.status == 2, "\(option): \(r.stderr)")
            #expect(r.stderr.contains(option[0]), "\(option): the message names the option")
        }
        let spaced = try Run(["report", "--as-of", "2026-11-29", "--effort-days", "low = 3 , medium=5", "examples"])
        #expect(spaced.status == 0, "\(spaced.stderr)")
        // A plan date at the calendar's end: the timeline stops at 9999-12-31 instead of failing.
        let late = try Run(["report", "--as-of", "9999-12-30", "examples"])
        #expect(late.status == 0, "\(late.stderr)")
        #expect(late.stdout.contains("9999-12-31"))
    }

    @Test func diffReportsChangesAndExitCodes() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let a = dir.appendingPathComponent("a.json").path, b = dir.appendingPathComponent("b.json").path
        #expect(try Run(["plan", "--format", "json", "--output", a] + fixture + ["Tests/Fixtures/plan-specs"]).status == 0)
        // After the fixture certificates expire (2028-12-31), chat no longer fits on alpha-9.
        #expect(try Run(["plan", "--format", "json", "--output", b, "--no-shipped-profiles", "--profiles", "Tests/Fixtures/plan-catalogue",
                         "--as-of", "2029-01-02", "Tests/Fixtures/plan-specs"]).status == 0)
        let same = try Run(["diff", "--fail-on-change", a, a])
        #expect(same.status == 0 && same.stdout == "no changes\n")
        let changed = try Run(["diff", "--fail-on-change", "--format", "json", a, b])
        #expect(changed.status == 1)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(changed.stdout.utf8)) as? [String: Any])
        #expect(root["changed"] as? Bool == true)
        let kinds = (root["changes"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        #expect(kinds.contains("recommended") && kinds.contains("certification") && kinds.contains("as_of"))
        #expect(try Run(["diff", a, "Tests/Fixtures/plan-specs/chat.yaml"]).status == 2)
    }
}
