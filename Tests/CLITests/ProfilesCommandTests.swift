import Foundation
import Testing
import TestSupport

@Suite struct ProfilesCommand {
    @Test func listsEveryKind() throws {
        let r = try Run(["profiles", "list"])
        #expect(r.status == 0)
        for header in ["chips (", "stacks (", "models (", "certification lists ("] { #expect(r.stdout.contains(header)) }
        #expect(r.stdout.contains("ascend-910b"))
    }

    @Test func listsOneKindAsJSON() throws {
        let r = try Run(["profiles", "list", "--kind", "model", "--format", "json"])
        #expect(r.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let profiles = try #require(root["profiles"] as? [[String: Any]])
        #expect(profiles.count >= 10)
        #expect(profiles.allSatisfy { $0["kind"] as? String == "Model" })
        let llama = try #require(profiles.first { $0["id"] as? String == "llama-3-8b" })
        #expect(llama["parameters"] as? Int == 8_030_000_000)
    }

    @Test func showPrintsTheProfileAsWritten() throws {
        let r = try Run(["profiles", "show", "cann"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("# profiles/stacks/cann.yaml (Stack)\napiVersion: chipfit/v1\n"))
        let missing = try Run(["profiles", "show", "ascend-910z"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("did you mean `ascend-910"))
    }
}
