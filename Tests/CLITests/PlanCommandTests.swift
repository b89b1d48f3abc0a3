import Foundation
import Testing
import TestSupport

@Suite struct PlanCommand {
    private let fixture = ["--no-shipped-profiles", "--profiles", "Tests/Fixtures/plan-catalogue", "--as-of", "2026-11-29"]

    @Test func plansTheShippedExamplesAndNamesTheListProvenance() throws {
        let r = try Run(["plan", "examples", "--as-of", "2026-11-29"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("certification list cnitsec-2026-02-press (PRESS: as reported in the press, not the official text)"))
        #expect(r.stdout.contains("recommended:"))
    }

    @Test func jsonIsDeterministicAndFollowsTheContract() throws {
        let a = try Run(["plan", "--format", "json"] + fixture + ["Tests/Fixtures/plan-specs"])
        let b = try Run(["plan", "--format", "json"] + fixture + ["Tests/Fixtures/plan-specs/train.yaml", "Tests/Fixtures/plan-specs/chat.yaml"])
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        #expect(root["schema"] as? String == "chipfit/plan/v1")
    }

    /// Planning threads keep their caches from batch to batch (128 deployments each): a
    /// deployment planned late in a long run, with caches warmed by hundreds of others, must
    /// read exactly as when it is planned alone, with one thread or with every one.
    @Test func aDeploymentPlansTheSameAloneAsLateInALongRun() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        var files: [String] = []
        for example in ["deepseek-v3-serving", "llama3-8b-pretrain", "support-chat"] {
            let text = try String(contentsOfFile: Repo.path("examples/\(example).yaml"), encoding: .utf8)
            let name = try #require(text.split(separator: "\n").first { $0.hasPrefix("name: ") })
            for i in 0..<100 {
                let file = dir.appendingPathComponent("\(example)-\(i).yaml").path
                try text.replacingOccurrences(of: String(name), with: "name: d\(i % 10)-\(example)-\(i)")
                    .write(toFile: file, atomically: true, encoding: .utf8)
                files.append(file)
            }
        }
        let args = ["plan", "--format", "json", "--as-of", "2026-11-29"]
        let all = try Run(args + [dir.path])
        #expect(all.status == 0, "\(all.stderr)")
        let plans = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])
        let deployments = try #require(plans["deployments"] as? [[String: Any]])
        #expect(deployments.count == 300)
        // The last deployments of the third batch, one of each example.
        for late in deployments[250..<300] where (late["name"] as? String)?.hasSuffix("-99") == true {
            let spec = try #require(late["spec"] as? String)
            let alone = try Run(args + [spec])
            let single = try #require(try JSONSerialization.jsonObject(with: Data(alone.stdout.utf8)) as? [String: Any])
            let only = try #require((single["deployments"] as? [[String: Any]])?.first)
            #expect(NSDictionary(dictionary: only).isEqual(to: late), "\(spec)")
        }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") {
            // Pinned to one CPU, chipfit starts one thread (its affinity, not the online count)
            // and prints the same plan.
            let one = try Run(["/usr/bin/taskset", "-c", "0", Run.binary] + args + [dir.path],
                              environment: ["CHIPFIT_TIMINGS": "1"], executable: "/usr/bin/taskset")
            #expect(one.stdout == all.stdout)
            #expect(one.stderr.contains("(1 thread)"), "\(one.stderr.suffix(300))")
        }
    }

    @Test func failOnNoFit() throws {
        // `train` is blocked on every fixture chip by its Triton dependency.
        #expect(try Run(["plan"] + fixture + ["Tests/Fixtures/plan-specs"]).status == 0)
        #expect(try Run(["plan", "--fail-on-no-fit"] + fixture + ["Tests/Fixtures/plan-specs"]).status == 1)
        #expect(try Run(["plan", "--fail-on-no-fit"] + fixture + ["Tests/Fixtures/plan-specs/chat.yaml"]).status == 0)
    }

    @Test func invalidSpecsAreReportedAndNotPlanned() throws {
        let r = try Run(["plan", "--format", "json", "Tests/Fixtures/invalid/kv-heads.yaml", "examples/support-chat.yaml",
                         "--as-of", "2026-11-29"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("kv-heads.yaml:11:13: error[CF107]"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((root["deployments"] as? [Any])?.count == 1)
    }

    @Test func badDatesAndChipsAreUsageErrors() throws {
        #expect(try Run(["plan", "--as-of", "2026-02-30", "examples"]).status == 2)
        let unknown = try Run(["explain", "examples/support-chat.yaml", "--chip", "ascend-910x"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean `ascend-910"))
    }

    @Test func explainShowsFormulasAndAssumptions() throws {
        let r = try Run(["explain", "Tests/Fixtures/plan-specs/chat.yaml", "--chip", "alpha-9"] + fixture)
        #expect(r.status == 0)
        #expect(r.stdout.contains("compute efficiency 0.6 (default)"))
        #expect(r.stdout.contains("KV cache"))
        #expect(r.stdout.contains("TPOT"))
    }

    @Test func outputIsWrittenAtomicallyKeepingTheMode() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let out = dir.appendingPathComponent("plan.json").path
        try "old".write(toFile: out, atomically: false, encoding: .utf8)
        chmod(out, 0o600)
        let r = try Run(["plan", "--format", "json", "--output", out] + fixture + ["Tests/Fixtures/plan-specs"])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.hasPrefix("{"))
        var st = stat()
        stat(out, &st)
        #expect(st.st_mode & 0o777 == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "plan.json" }
        #expect(leftovers.isEmpty)
        // A failed run (unwritable target: a directory) leaves nothing behind and exits 2.
        let blocked = dir.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: blocked, withIntermediateDirectories: true)
        let failed = try Run(["plan", "--output", blocked.path] + fixture + ["Tests/Fixtures/plan-specs"])
        #expect(failed.status == 2)
    }
}
