import Foundation
import Testing
import TestSupport

@Suite struct Reliability {
    @Test func symlinksOutOfTheTreeAreRefused() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let specs = dir.appendingPathComponent("specs")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repo.path("Tests/Fixtures/hf_configs/llama-3-8b.json"),
                                         toPath: dir.appendingPathComponent("config.json").path)
        // Inside the tree by name, outside it once the link is resolved.
        try FileManager.default.createSymbolicLink(atPath: specs.appendingPathComponent("config.json").path,
                                                   withDestinationPath: "../config.json")
        try """
            apiVersion: chipfit/v1
            kind: Deployment
            name: linked
            model: {hf_config: config.json}
            workload: {phase: inference, precision: bf16, input_tokens: 8, output_tokens: 8}
            """.write(to: specs.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let env = ["CHIPFIT_PROFILES": Repo.path("profiles")]
        let refused = try Run(["validate", "specs"], cwd: dir.path, environment: env)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("error[CF207]: `config.json` resolves outside specs"))
        #expect(!refused.stdout.contains("num_hidden_layers"), "no content of the referenced file is echoed")
        #expect(try Run(["validate", "--root", ".", "specs"], cwd: dir.path, environment: env).status == 0)
    }

    @Test func directoryScansDoNotFollowLinksOutOfTheTree() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let deploy = dir.appendingPathComponent("deploy")
        try FileManager.default.createDirectory(at: deploy, withIntermediateDirectories: true)
        try "SECRET_TOKEN=abc\n".write(to: dir.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: deploy.appendingPathComponent("leak.yaml").path,
                                                   withDestinationPath: "../secret.txt")
        try FileManager.default.createSymbolicLink(atPath: deploy.appendingPathComponent("env.yaml").path,
                                                   withDestinationPath: "/proc/self/environ")
        // One real spec beside the links: a directory with nothing to check is an error of its own.
        try FileManager.default.copyItem(atPath: Repo.path("examples/support-chat.yaml"),
                                         toPath: deploy.appendingPathComponent("chat.yaml").path)
        let r = try Run(["validate", "deploy"], cwd: dir.path, environment: ["CHIPFIT_PROFILES": Repo.path("profiles")])
        #expect(!r.stdout.contains("SECRET_TOKEN") && !r.stderr.contains("SECRET_TOKEN"))
        #expect(r.stderr.contains("skipping deploy/leak.yaml"))
        #expect(r.stderr.contains("skipping deploy/env.yaml"))
        #expect(r.status == 0)
    }

    @Test func aFileReachedTwiceIsCheckedOnce() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let deploy = dir.appendingPathComponent("deploy")
        try FileManager.default.createDirectory(at: deploy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repo.path("examples/support-chat.yaml"),
                                         toPath: deploy.appendingPathComponent("chat.yaml").path)
        // A link to a file in the same tree, and the same directory named twice.
        try FileManager.default.createSymbolicLink(atPath: deploy.appendingPathComponent("alias.yaml").path,
                                                   withDestinationPath: "chat.yaml")
        let env = ["CHIPFIT_PROFILES": Repo.path("profiles")]
        let linked = try Run(["validate", "deploy"], cwd: dir.path, environment: env)
        #expect(linked.status == 0)
        #expect(linked.stdout.contains("checked 1 file"))
        let twice = try Run(["validate", "deploy", "./deploy/chat.yaml", "deploy"], cwd: dir.path, environment: env)
        #expect(twice.stdout.contains("checked 1 file"))
    }

    @Test func namesThatDifferOnlyInNormalisationAreRefused() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        // "café" precomposed and decomposed: two files on Linux, one name to a Swift string.
        for (name, id) in [("caf\u{E9}.yaml", "one"), ("cafe\u{301}.yaml", "two")] {
            let text = try String(contentsOfFile: Repo.path("examples/support-chat.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "name: support-chat", with: "name: chat-\(id)")
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let env = ["CHIPFIT_PROFILES": Repo.path("profiles")]
        for arguments in [["validate", "."], ["validate", ".", "./caf\u{E9}.yaml"]] {
            let r = try Run(arguments, cwd: dir.path, environment: env)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stderr.contains("differ only in Unicode normalisation"), "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains("caf\\u{E9}.yaml") && r.stderr.contains("cafe\\u{301}.yaml"),
                    "the message spells the code points out: \(r.stderr)")
        }

        // The same among profile files, which never pass through the named-file checks.
        let profiles = try temporaryDirectory()
        defer { removeTemporaryDirectory(profiles) }
        let chips = profiles.appendingPathComponent("chips")
        try FileManager.default.createDirectory(at: chips, withIntermediateDirectories: true)
        let chip = try String(contentsOfFile: Repo.path("profiles/chips/ascend-910b.yaml"), encoding: .utf8)
        for (name, id) in [("caf\u{E9}.yaml", "twin-one"), ("cafe\u{301}.yaml", "twin-two")] {
            try chip.replacingOccurrences(of: "id: ascend-910b", with: "id: \(id)")
                .write(to: chips.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let r = try Run(["validate", "--profiles", profiles.path, Repo.path("Tests/Fixtures/plan-specs/chat.yaml")])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("differ only in Unicode normalisation"), "\(r.stderr)")
    }

    @Test func aFileNameThatIsNotUTF8IsSkippedWithAWarning() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        try FileManager.default.copyItem(atPath: Repo.path("examples/support-chat.yaml"),
                                         toPath: dir.appendingPathComponent("ok.yaml").path)
        // "bad\xFF.yaml": created through the C API, since Swift strings are always valid UTF-8.
        let name = dir.path + "/bad"
        var bytes = Array(name.utf8) + [0xFF] + Array(".yaml".utf8) + [0]
        let fd = bytes.withUnsafeMutableBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { open($0, O_CREAT | O_WRONLY, 0o644) }
        }
        try #require(fd >= 0)
        close(fd)
        let r = try Run(["validate", "."], cwd: dir.path, environment: ["CHIPFIT_PROFILES": Repo.path("profiles")])
        #expect(r.status == 0, "the readable spec is still checked; the run does not abort")
        #expect(r.stderr.contains("the name is not valid UTF-8"))
        #expect(r.stdout.contains("checked 1 file"))
    }

    /// A directory's walk keeps `*.yaml` and `*.yml` files (by their bytes, case-sensitive),
    /// goes into subdirectories, skips hidden entries, and warns about a name that is not
    /// UTF-8 only when it would have been read (a YAML file or a directory), in the order the
    /// directory lists them (so the warnings are compared sorted).
    @Test func aDirectoryWalkKeepsYAMLFilesAndWarnsOnlyAboutUnreadableOnes() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let spec = Repo.path("examples/support-chat.yaml")
        let fm = FileManager.default
        for sub in ["sub", ".hidden", "x.yaml.d"] {
            try fm.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        // Each copy renamed so the deployments' names stay unique.
        func place(_ relative: String, name: String) throws {
            let text = try String(contentsOfFile: spec, encoding: .utf8)
                .replacingOccurrences(of: "name: support-chat", with: "name: \(name)")
            try text.write(toFile: dir.appendingPathComponent(relative).path, atomically: true, encoding: .utf8)
        }
        try place("a.yaml", name: "a")
        try place("b.yml", name: "b")
        try place("sub/c.yaml", name: "c")
        try place("x.yaml.d/d.yaml", name: "d")
        try place("A.YAML", name: "upper")
        try place("notes.txt", name: "notes")
        try place(".hid.yaml", name: "hid")
        try place(".hidden/e.yaml", name: "e")
        // Names with a byte that is not UTF-8, made through the C API.
        func raw(_ prefix: String, _ suffix: String) -> [CChar] {
            (Array((dir.path + "/" + prefix).utf8) + [0xFF] + Array(suffix.utf8) + [0]).map { CChar(bitPattern: $0) }
        }
        for (prefix, suffix) in [("other", ".txt"), ("bad", ".yaml")] {
            let file = raw(prefix, suffix).withUnsafeBufferPointer { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
            try #require(file >= 0)
            close(file)
        }
        try #require(raw("folder", "").withUnsafeBufferPointer { mkdir($0.baseAddress!, 0o755) } == 0)
        let r = try Run(["validate", "."], cwd: dir.path, environment: ["CHIPFIT_PROFILES": Repo.path("profiles")])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("checked 4 files"), "a.yaml, b.yml, sub/c.yaml, x.yaml.d/d.yaml: \(r.stdout)")
        let warnings = r.stderr.split(separator: "\n").filter { $0.contains("is not valid UTF-8") }.sorted()
        #expect(warnings.count == 2 && warnings[0].contains("/bad") && warnings[1].contains("/folder"),
                "the YAML file and the directory, not the text file: \(r.stderr)")
    }

    @Test func pathsAreNormalisedWhateverTheSpelling() throws {
        let a = try Run(["validate", "--format", "json", "Tests/Fixtures/invalid/kv-heads.yaml"])
        let b = try Run(["validate", "--format", "json", "./Tests//Fixtures/invalid/kv-heads.yaml"])
        let c = try Run(["validate", "--format", "json", Repo.path("Tests/Fixtures/invalid/kv-heads.yaml")])
        #expect(a.stdout == b.stdout && a.stdout == c.stdout)
    }

    @Test func sameInputsInAnotherDirectoryGiveTheSameBytes() throws {
        var outputs: [String] = []
        for _ in 0..<2 {
            let dir = try temporaryDirectory()
            defer { removeTemporaryDirectory(dir) }
            for sub in ["profiles", "examples"] {
                try FileManager.default.copyItem(atPath: Repo.path(sub), toPath: dir.appendingPathComponent(sub).path)
            }
            let plan = try Run(["plan", "--format", "json", "--as-of", "2026-11-29", "--profiles", "profiles", "examples"], cwd: dir.path)
            let report = try Run(["report", "--format", "html", "--as-of", "2026-11-29", "--profiles", "profiles", "examples"], cwd: dir.path)
            #expect(plan.status == 0 && report.status == 0)
            outputs.append(plan.stdout + report.stdout)
        }
        #expect(outputs[0] == outputs[1])
    }

    @Test func aHugeScalarIsRefusedByTheDefaultLimit() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let file = dir.appendingPathComponent("big.yaml")
        try ("apiVersion: chipfit/v1\nkind: Deployment\nname: big\ndescription: " + String(repeating: "x", count: 300 << 10) + "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try Run(["validate", file.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("error[CF013]: scalar is 307200 bytes; the limit is 262144 bytes"))
    }

    @Test func fuzzRegressionsLoadWithoutCrashing() throws {
        // Inputs the fuzzer or reviewers found interesting, replayed through the CLI.
        let dir = Repo.path("Tests/Fixtures/fuzz-regressions")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasSuffix(".md") }.sorted()
        #expect(!files.isEmpty)
        for f in files {
            let r = try Run(["validate", "\(dir)/\(f)"])
            #expect(r.status == 0 || r.status == 1, "\(f): exit \(r.status)\n\(r.stderr)")
        }
    }
}
