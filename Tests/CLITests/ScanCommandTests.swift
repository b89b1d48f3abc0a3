import Foundation
import Testing
import TestSupport

/// `chipfit scan` on the fixture repositories under Tests/Fixtures/scan: every expected site at
/// its line and column, and nothing from strings, comments, ignored or vendored files.
@Suite struct ScanCommand {
    private func sites(_ repo: String) throws -> (sites: [String], json: [String: Any]) {
        let r = try Run(["scan", "Tests/Fixtures/scan/\(repo)", "--format", "json", "--as-of", "2026-12-01"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let list = (json["sites"] as? [[String: Any]] ?? []).map { s in
            "\((s["file"] as! String).replacingOccurrences(of: "Tests/Fixtures/scan/\(repo)/", with: "")):\(s["line"]!):\(s["column"]!) \(s["component"]!)"
        }
        return (list, json)
    }

    @Test func aServingRepository() throws {
        let (found, json) = try sites("serving")
        #expect(found == [
            "Dockerfile:1:1 cuda", "Dockerfile:3:17 vllm", "Dockerfile:4:5 flash-attn", "Dockerfile:5:5 cuda", "Dockerfile:6:5 nccl",
            "requirements.txt:2:1 cuda", "requirements.txt:3:1 cuda", "requirements.txt:3:1 pytorch", "requirements.txt:4:1 vllm",
            "requirements.txt:5:1 flash-attn",
            "scripts/serve.sh:3:1 cuda", "scripts/serve.sh:4:8 cuda",
            "server/app.py:8:6 vllm", "server/app.py:9:6 flash-attn", "server/app.py:16:8 cuda", "server/app.py:17:18 cuda",
            "server/app.py:23:29 cuda", "server/app.py:23:39 cuda", "server/app.py:24:19 cuda", "server/app.py:28:37 nccl",
        ])
        let toolchain = try #require(json["toolchain"] as? [String: Any])
        #expect(toolchain["framework"] as? String == "pytorch@2.3" && toolchain["runtime"] as? String == "cuda@12.1")
        #expect(toolchain["components"] as? [String] == ["flash-attn@2.5.8", "nccl", "vllm@0.5.4"])
    }

    @Test func aTrainingRepositoryWithKernels() throws {
        let (found, json) = try sites("training")
        #expect(found == [
            "csrc/binding.cpp:2:1 custom-cuda-kernels", "csrc/fused_adam.cu:1:1 cuda", "csrc/fused_adam.cu:4:1 custom-cuda-kernels",
            "environment.yml:5:5 pytorch", "environment.yml:6:5 cuda", "environment.yml:8:9 deepspeed",
            "kernels/softmax.py:1:8 triton", "kernels/softmax.py:2:8 triton", "kernels/softmax.py:5:1 triton",
            "launch/train.slurm:3:8 nccl",
            "pyproject.toml:2:32 pytorch", "pyproject.toml:8:4 deepspeed", "pyproject.toml:9:4 triton", "pyproject.toml:10:4 apex",
            "setup.py:2:6 custom-cuda-kernels", "setup.py:6:24 megatron-lm", "setup.py:6:48 transformer-engine",
            "setup.py:8:9 custom-cuda-kernels",
            "train.py:1:8 deepspeed", "train.py:3:6 apex", "train.py:4:6 custom-cuda-kernels", "train.py:6:1 cuda",
            "train.py:9:1 custom-cuda-kernels", "train.py:15:37 cuda",
        ])
        // build/ and *.generated.py are in .gitignore; .venv is a virtual environment.
        #expect(json["files_read"] as? Int == 8)
    }

    @Test func aRepositoryWithNothingCUDASpecific() throws {
        let (found, json) = try sites("plain")
        #expect(found.isEmpty)
        let toolchain = try #require(json["toolchain"] as? [String: Any])
        #expect(toolchain["components"] as? [String] == [] && toolchain["runtime"] is NSNull)
    }

    /// The toolchain block pastes into a spec: a spec with it validates.
    @Test func theYAMLBlockIsASpecsToolchain() throws {
        let r = try Run(["scan", "Tests/Fixtures/scan/serving", "--format", "yaml"])
        #expect(r.stdout == "toolchain:\n  framework: pytorch@2.3\n  runtime: cuda@12.1\n  components: [flash-attn@2.5.8, nccl, vllm@0.5.4]\n")
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let spec = try String(contentsOfFile: Repo.path("examples/support-chat.yaml"), encoding: .utf8)
        let head = spec.components(separatedBy: "toolchain:")[0]
        let tail = spec.components(separatedBy: "requirements:")[1]
        try (head + r.stdout + "requirements:" + tail).write(to: dir.appendingPathComponent("chat.yaml"), atomically: true, encoding: .utf8)
        let v = try Run(["validate", "chat.yaml"], cwd: dir.path)
        #expect(v.status == 0, "\(v.stdout)")
    }

    /// Per target stack, each site with the stack's rule; SARIF, annotations and JUnit carry them.
    @Test func changesForATargetStack() throws {
        let text = try Run(["scan", "Tests/Fixtures/scan/serving", "--target", "cann"])
        #expect(text.stdout.contains("for CANN (") && text.stdout.contains("flash-attn (3 sites): rewrite with torch_npu.npu_fusion_attention"))
        let github = try Run(["scan", "Tests/Fixtures/scan/serving", "--target", "cann", "--format", "github"])
        #expect(github.stdout.contains("::warning file=Tests/Fixtures/scan/serving/Dockerfile,line=1,col=1,title=chipfit CF501"), "\(github.stdout)")
        #expect(github.stdout.contains("Tests/Fixtures/scan/serving/server/app.py:9:6: warning[CF501]: `from flash_attn import flash_attn_func`: flash-attn on CANN"))
        let sarif = try Run(["scan", "Tests/Fixtures/scan/training", "--target", "cann", "--format", "sarif"])
        #expect(sarif.stdout.contains("\"ruleId\": \"CF501\""))
        let unknown = try Run(["scan", "Tests/Fixtures/scan/serving", "--target", "canm"])
        #expect(unknown.status == 2 && unknown.stderr.contains("did you mean `cann`?"))
    }

    /// Limits: too many files is an error; large, binary and undecodable files are skipped with a note.
    @Test func boundedAndHonestAboutWhatItSkipped() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        try Data([0x69, 0x6D, 0x70, 0x00, 0x01]).write(to: dir.appendingPathComponent("blob.py"))
        try String(repeating: "import vllm\n", count: 400).write(to: dir.appendingPathComponent("big.py"), atomically: true, encoding: .utf8)
        try "import vllm\n".write(to: dir.appendingPathComponent("ok.py"), atomically: true, encoding: .utf8)
        let r = try Run(["scan", ".", "--max-file-bytes", "1000", "--format", "json"], cwd: dir.path)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let skipped = (json["skipped"] as? [[String: String]] ?? []).map { "\($0["file"]!): \($0["reason"]!)" }
        #expect(skipped == ["big.py: larger than 1000 bytes", "blob.py: binary"], "\(skipped)")
        #expect((json["sites"] as? [Any])?.count == 1)
        // Never written onto a file it read.
        let onto = try Run(["scan", ".", "--format", "yaml", "--output", "ok.py"], cwd: dir.path)
        let kept = try String(contentsOfFile: dir.appendingPathComponent("ok.py").path, encoding: .utf8)
        #expect(onto.status == 2 && kept == "import vllm\n")
        let tooMany = try Run(["scan", ".", "--max-files", "2"], cwd: dir.path)
        #expect(tooMany.status == 2 && tooMany.stderr.contains("more than 2 files"))
    }
}

/// `toolchain.scan` in a spec: plans and reports count the sites each change touches.
@Suite struct ScannedSpecs {
    @Test func plansCountTheSitesAndScaleEffort() throws {
        let r = try Run(["plan", "examples/scanned/chat.yaml", "--format", "json", "--as-of", "2026-12-01"])
        #expect(r.status == 0, "\(r.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let d = try #require((plan["deployments"] as? [[String: Any]])?.first)
        let candidates = try #require(d["candidates"] as? [[String: Any]])
        let ascend = try #require(candidates.first { ($0["chip"] as? String) == "ascend-910c" })
        let changes = try #require(ascend["toolchain_changes"] as? [[String: Any]])
        func sites(_ component: String) -> Int? {
            (changes.first { ($0["component"] as? String)?.hasPrefix(component) == true }?["sites"] as? [String: Any])?["count"] as? Int
        }
        #expect(sites("device placement") == 3 && sites("sglang") == 3 && sites("cuda") == 1 && sites("nccl") == 1 && sites("xformers") == 1)
        // Each change's weight (low 1, medium 3, high 8) times 1 + ⌊log₂ sites⌋: cuda, pytorch and
        // nccl low×1, device placement low×2 (3 sites), flashinfer and xformers medium×1, sglang medium×2 (3 sites).
        #expect(ascend["migration_effort_score"] as? Int == 1 + 1 + 1 + 2 + 3 + 3 + 6, "\(ascend["migration_effort_score"] ?? "")")
        let report = try Run(["report", "examples/scanned/chat.yaml", "--as-of", "2026-12-01"])
        #expect(report.stdout.contains("  - 3 sites in 1 file: `examples/scanned/service/server.py` (3)"), "\(report.stdout)")
        #expect(report.stdout.contains("per change (times 1 + ⌊log₂ sites⌋ for a change whose sites a scan of the code counted)"))
    }

    @Test func aScanOutsideTheTreeIsRefused() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("specs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("code"), withIntermediateDirectories: true)
        let spec = try String(contentsOfFile: Repo.path("examples/scanned/chat.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "scan: service", with: "scan: ../code")
        try spec.write(to: dir.appendingPathComponent("specs/chat.yaml"), atomically: true, encoding: .utf8)
        let refused = try Run(["plan", "specs"], cwd: dir.path)
        #expect(refused.status == 1 && refused.stderr.contains("specs/chat.yaml:19:9: error[CF207]: `../code` resolves outside specs"), "\(refused.stderr)")
        let allowed = try Run(["validate", "--root", ".", "specs"], cwd: dir.path)
        #expect(allowed.status == 0, "\(allowed.stdout)")
        let missing = try Run(["validate", "--root", ".", "specs/chat.yaml"], cwd: dir.path)
        #expect(missing.status == 0)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("code"))
        let gone = try Run(["validate", "--root", ".", "specs"], cwd: dir.path)
        #expect(gone.status == 1 && gone.stdout.contains("is not a directory"))
    }

    /// Two specs with the same toolchain and different code get their own counts (the plan
    /// cache keys on the sites as well as the toolchain's text).
    @Test func sameToolchainDifferentCode() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let fm = FileManager.default
        for (name, files) in [("a", ["requirements.txt"]), ("b", ["requirements.txt", "server.py"])] {
            try fm.createDirectory(at: dir.appendingPathComponent(name), withIntermediateDirectories: true)
            for f in files { try fm.copyItem(atPath: Repo.path("examples/scanned/service/\(f)"), toPath: dir.appendingPathComponent("\(name)/\(f)").path) }
        }
        // Six specs, the two kinds in turn, so that whatever way the planner splits them over
        // cores, some core plans both kinds.
        for i in 1...6 {
            let spec = try String(contentsOfFile: Repo.path("examples/scanned/chat.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "name: scanned-chat", with: "name: spec-\(i)")
                .replacingOccurrences(of: "  scan: service", with: "  scan: \(i % 2 == 1 ? "a" : "b")\n  framework: pytorch@2.4\n  runtime: cuda@12.1\n  components: [flashinfer@0.1.6, sglang@0.3.0, xformers@0.0.27]")
            try spec.write(to: dir.appendingPathComponent("s\(i).yaml"), atomically: true, encoding: .utf8)
        }
        let r = try Run(["plan", ".", "--format", "json", "--as-of", "2026-12-01"], cwd: dir.path)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let placement = (plan["deployments"] as? [[String: Any]] ?? []).map { d -> Int? in
            let c = (d["candidates"] as? [[String: Any]])?.first { ($0["chip"] as? String) == "ascend-910c" }
            let change = (c?["toolchain_changes"] as? [[String: Any]])?.first { ($0["component"] as? String) == "device placement" }
            return (change?["sites"] as? [String: Any])?["count"] as? Int
        }
        #expect(placement == [nil, 3, nil, 3, nil, 3], "\(placement)")
    }

    /// What the spec writes wins over what the scan finds; components are the union.
    @Test func theSpecsOwnToolchainWins() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        try FileManager.default.copyItem(atPath: Repo.path("examples/scanned/service"), toPath: dir.appendingPathComponent("service").path)
        let spec = try String(contentsOfFile: Repo.path("examples/scanned/chat.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  scan: service", with: "  scan: service\n  framework: pytorch@2.1\n  components: [triton]")
        try spec.write(to: dir.appendingPathComponent("chat.yaml"), atomically: true, encoding: .utf8)
        let r = try Run(["explain", "chat.yaml", "--chip", "ascend-910c", "--as-of", "2026-12-01"], cwd: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("pytorch@2.1") && !r.stdout.contains("pytorch@2.4") && r.stdout.contains("triton") && r.stdout.contains("sglang@0.3.0"), "\(r.stdout)")
    }
}

extension ScannedSpecs {
    /// Sites are found whatever spelling the spec gives a component (`torch`, `Flash_Attn`); the
    /// code is an input (never overwritten, hashed in reports); skipped files are reported.
    @Test func spellingsInputsAndSkippedFiles() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        try FileManager.default.copyItem(atPath: Repo.path("examples/scanned/service"), toPath: dir.appendingPathComponent("service").path)
        let spec = try String(contentsOfFile: Repo.path("examples/scanned/chat.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  scan: service", with: "  scan: service\n  framework: torch@2.4\n  components: [SGLang@0.3.0, Flash_Infer@0.1.6]")
        try spec.write(to: dir.appendingPathComponent("chat.yaml"), atomically: true, encoding: .utf8)
        let json = try Run(["plan", "chat.yaml", "--format", "json", "--as-of", "2026-12-01"], cwd: dir.path)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let c = try #require(((plan["deployments"] as? [[String: Any]])?.first?["candidates"] as? [[String: Any]])?.first { ($0["chip"] as? String) == "ascend-910c" })
        let counts = Dictionary(uniqueKeysWithValues: (c["toolchain_changes"] as? [[String: Any]] ?? []).map {
            ($0["component"] as? String ?? "", ($0["sites"] as? [String: Any])?["count"] as? Int)
        })
        #expect(counts["torch@2.4"] == 1 && counts["SGLang@0.3.0"] == 3, "\(counts)")
        let onto = try Run(["plan", "chat.yaml", "--output", "service/server.py"], cwd: dir.path)
        #expect(onto.status == 2 && onto.stderr.contains("refusing to write service/server.py"))
        let report = try Run(["report", "chat.yaml", "--as-of", "2026-12-01"], cwd: dir.path)
        #expect(report.stdout.contains("| `service/ (scanned: 3 files)` | `"), "\(report.stdout)")
        try Data(repeating: 0x78, count: 3 << 20).write(to: dir.appendingPathComponent("service/big.py"))
        let warned = try Run(["plan", "chat.yaml", "--as-of", "2026-12-01"], cwd: dir.path)
        #expect(warned.stderr.contains("warning[CF314]: 1 file under `service` was not read"), "\(warned.stderr)")
    }
}
