import Foundation
import Testing
import TestSupport

/// `plan --set`: each variant is the plan of the spec as if it said the value.
@Suite struct Sweeps {
    private let date = ["--as-of", "2026-11-29"]

    /// Every variant's candidates equal planning a copy of the spec edited to say the value.
    @Test func aSweepEqualsPlanningEachVariantAlone() throws {
        let sweep = try Run(["plan", "--format", "json", "--set", "workload.concurrency=4,64", "examples/support-chat.yaml"] + date)
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(sweep.stdout.utf8)) as? [String: Any])
        #expect(root["schema"] as? String == "chipfit/sweep/v1")
        let variants = try #require(root["variants"] as? [[String: Any]])
        #expect(variants.count == 2)
        let text = try String(contentsOfFile: Repo.path("examples/support-chat.yaml"), encoding: .utf8)
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        for (variant, value) in zip(variants, ["4", "64"]) {
            let file = dir.appendingPathComponent("support-chat-\(value).yaml").path
            try text.replacingOccurrences(of: "concurrency: 32", with: "concurrency: \(value)").write(toFile: file, atomically: true, encoding: .utf8)
            let alone = try Run(["plan", "--format", "json", file] + date)
            let plan = try #require(try JSONSerialization.jsonObject(with: Data(alone.stdout.utf8)) as? [String: Any])
            let expected = try #require((plan["deployments"] as? [[String: Any]])?.first?["candidates"] as? [[String: Any]])
            let got = try #require(((variant["deployments"] as? [[String: Any]])?.first?["candidates"]) as? [[String: Any]])
            #expect(got.count == expected.count)
            for (g, e) in zip(got, expected) {
                #expect(g["chip"] as? String == e["chip"] as? String)
                #expect(g["fits"] as? Bool == e["fits"] as? Bool)
                #expect(g["chips"] as? Int == e["chips"] as? Int)
                #expect(NSDictionary(dictionary: g["performance"] as? [String: Any] ?? [:])
                        .isEqual(to: e["performance"] as? [String: Any] ?? [:]), "\(g["chip"] ?? "")")
            }
        }
    }

    /// A value that selects a calibration (the serving engine) says which recommendation rests on
    /// one, in the table and in the JSON.
    @Test func anEngineSweepNamesTheCalibration() throws {
        let spec = "Tests/Fidelity/serving/sglang-910c-qwen3-30b-a3b-int8-c156.yaml"
        let table = try Run(["plan", "--set", "workload.serving.engine=sglang,vllm", spec] + date)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("  at sglang: ascend-910c-560t calibrated from 12 published measurements of sglang ("))
        #expect(!table.stdout.contains("at vllm:") && !table.stdout.contains("at every value"))
        let json = try Run(["plan", "--format", "json", "--set", "workload.serving.engine=sglang,vllm", spec] + date)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let engines = (root["variants"] as? [[String: Any]] ?? []).map { variant -> String? in
            let candidates = (variant["deployments"] as? [[String: Any]])?.first?["candidates"] as? [[String: Any]] ?? []
            let chip = candidates.first { $0["chip"] as? String == "ascend-910c-560t" }
            return (chip?["calibration"] as? [String: Any])?["engine"] as? String
        }
        #expect(engines == ["sglang", nil])
    }

    /// A value is checked as the spec's own would be: a bad one is a finding, exit 1.
    @Test func aBadValueIsAFinding() throws {
        let r = try Run(["plan", "--set", "workload.concurrency=4,lots", "examples/support-chat.yaml"] + date)
        #expect(r.status == 1)
        #expect(r.stderr.contains("workload.concurrency=lots"))
        #expect(r.stderr.contains("concurrency"))
    }

    @Test func malformedSetsAreUsageErrors() throws {
        #expect(try Run(["plan", "--set", "workload.concurrency", "examples/support-chat.yaml"]).status == 2)
        #expect(try Run(["plan", "--set", "a=1", "--set", "b=2", "--set", "c=3", "examples/support-chat.yaml"]).status == 2)
    }
}
