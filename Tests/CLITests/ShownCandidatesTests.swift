import Foundation
import Testing
import TestSupport

/// `plan --top`, `plan --only-certified`, `explain` without `--chip`, `diff --format markdown`.
@Suite struct ShownCandidates {
    private let date = ["--as-of", "2026-11-29"]

    private func candidates(_ args: [String]) throws -> [[String: Any]] {
        let r = try Run(["plan", "--format", "json"] + args + date)
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        return try #require((root["deployments"] as? [[String: Any]])?.first?["candidates"] as? [[String: Any]])
    }

    @Test func topShowsTheBestChipsInTheirOrder() throws {
        let all = try candidates(["examples/support-chat.yaml"])
        let top = try candidates(["--top", "3", "examples/support-chat.yaml"])
        #expect(top.map { $0["chip"] as? String } == all.prefix(3).map { $0["chip"] as? String })
    }

    @Test func onlyCertifiedDropsTheOthers() throws {
        let shown = try candidates(["--only-certified", "examples/support-chat.yaml"])
        #expect(!shown.isEmpty && shown.allSatisfy { $0["certified"] as? Bool == true })
        #expect(try candidates(["examples/support-chat.yaml"]).contains { $0["certified"] as? Bool == false })
    }

    @Test func explainDefaultsToTheRecommendedChip() throws {
        let r = try Run(["explain", "examples/support-chat.yaml"] + date)
        #expect(r.status == 0, "\(r.stderr)")
        let plan = try Run(["plan", "examples/support-chat.yaml"] + date)
        let line = try #require(plan.stdout.split(separator: "\n").first { $0.contains("recommended:") })
        let recommended = line.split(separator: " ").dropFirst().first.map(String.init) // "recommended:", then the chip
        #expect(r.stdout.hasPrefix("support-chat on \(try #require(recommended)) "))
    }

    @Test func diffAsMarkdown() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let before = dir.appendingPathComponent("before.json").path, after = dir.appendingPathComponent("after.json").path
        _ = try Run(["plan", "--format", "json", "--output", before, "examples/support-chat.yaml", "--as-of", "2026-11-29"])
        _ = try Run(["plan", "--format", "json", "--output", after, "examples/support-chat.yaml", "--as-of", "2031-01-01"])
        let r = try Run(["diff", "--format", "markdown", before, after])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("| deployment | change | chip | before | after |"))
        #expect(r.stdout.contains("| * | as_of |  | 2026-11-29 | 2031-01-01 |"))
    }
}

/// Kind names are read as people write them, everywhere a kind is named.
@Suite struct KindNames {
    @Test(arguments: ["chip", "chips", "Chip", "certification", "certifications", "CertificationList", "Deployment", "prices"])
    func schemaTakesEverySpelling(kind: String) throws {
        #expect(try Run(["schema", kind]).status == 0)
    }

    @Test func profilesListTakesThePlural() throws {
        let r = try Run(["profiles", "list", "--kind", "chips"])
        #expect(r.status == 0 && r.stdout.hasPrefix("chips ("))
    }
}
