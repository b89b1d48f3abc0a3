import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport

@Suite struct CIIntegration {
    @Test func autoPicksGitHubUnderActions() throws {
        let path = "Tests/Fixtures/invalid/kv-heads.yaml"
        let gh = try Run(["validate", "--format", "auto", path], environment: ["GITHUB_ACTIONS": "true"])
        #expect(gh.status == 1)
        #expect(gh.stdout.hasPrefix("::error file=Tests/Fixtures/invalid/kv-heads.yaml,line=11,col=13,"))
        let plain = try Run(["validate", "--format", "auto", path])
        #expect(plain.stdout.hasPrefix("Tests/Fixtures/invalid/kv-heads.yaml:11:13: error[CF107]"))
    }

    @Test func sarifAndJUnitAreWellFormed() throws {
        let sarif = try Run(["validate", "--format", "sarif", "Tests/Fixtures/invalid"])
        #expect(sarif.status == 1)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        #expect(root["version"] as? String == "2.1.0")
        let junit = try Run(["validate", "--format", "junit", "Tests/Fixtures/invalid", "examples"])
        #expect(junit.status == 1)
        _ = try XMLDocument(xmlString: junit.stdout)
        #expect(junit.stdout.contains("classname=\"examples/support-chat.yaml\" name=\"valid\""))
    }

    @Test func baselineRoundTrip() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let spec = dir.appendingPathComponent("s.yaml")
        try "apiVersion: chipfit/v1\nkind: Deployment\nname: s\nmodel: {preset: llama-3-8b}\nworkload: {phase: inference, precision: bf16, input_tokens: 8, output_tokens: 8}\nbogus: 1\n"
            .write(to: spec, atomically: true, encoding: .utf8)
        let baseline = dir.appendingPathComponent("baseline.json").path
        let env = ["CHIPFIT_PROFILES": Repo.path("profiles")]
        let write = try Run(["validate", "--write-baseline", baseline, "s.yaml"], cwd: dir.path, environment: env)
        #expect(write.status == 0)
        #expect(try String(contentsOfFile: baseline, encoding: .utf8).contains("\"line\": \"bogus: 1\""))
        let quiet = try Run(["validate", "--baseline", baseline, "s.yaml"], cwd: dir.path, environment: env)
        #expect(quiet.status == 0, "\(quiet.stdout)")
        #expect(quiet.stdout.contains("1 suppressed: 0 inline, 1 by baseline"))
        // A new finding is still reported.
        try (String(contentsOf: spec, encoding: .utf8) + "another: 2\n").write(to: spec, atomically: true, encoding: .utf8)
        let noisy = try Run(["validate", "--baseline", baseline, "s.yaml"], cwd: dir.path, environment: env)
        #expect(noisy.status == 1)
        #expect(noisy.stdout.contains("unknown key `another`"))
        #expect(try Run(["validate", "--baseline", spec.path, "s.yaml"], cwd: dir.path, environment: env).status == 2)
    }

    @Test func checkFailsOnNoFitAtTheDeploymentName() throws {
        let fixture = ["--no-shipped-profiles", "--profiles", "Tests/Fixtures/plan-catalogue", "--as-of", "2026-11-30"]
        let r = try Run(["check"] + fixture + ["Tests/Fixtures/plan-specs"])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("Tests/Fixtures/plan-specs/train.yaml:3:7: error[CF401]: no chip fits `train`"))
        #expect(try Run(["check"] + fixture + ["Tests/Fixtures/plan-specs/chat.yaml"]).status == 0)
    }

    @Test func schemaCommandPrintsEveryKind() throws {
        for kind in ["deployment", "chip", "stack", "model", "certifications"] {
            let r = try Run(["schema", kind])
            #expect(r.status == 0)
            let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            #expect(root["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
            #expect(root["additionalProperties"] as? Bool == false)
        }
        #expect(try Run(["schema", "widget"]).status == 2)
    }
}
