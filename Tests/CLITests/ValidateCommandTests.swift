import Foundation
import Testing
import TestSupport

/// Runs the built `chipfit` binary as a user or CI would, from the repository root.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String

    static let binary: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [beside, beside.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("chipfit").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return Repo.path(".build/debug/chipfit")
    }()

    /// Runs chipfit, or `executable` (a wrapper such as taskset) with `arguments`.
    init(_ arguments: [String], cwd: String = Repo.root.path, environment: [String: String] = [:],
         executable: String = Run.binary) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = executable == Run.binary ? arguments : Array(arguments.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CHIPFIT_PROFILES")
        env.removeValue(forKey: "GITHUB_ACTIONS")
        env.removeValue(forKey: "GITHUB_WORKSPACE")
        env.removeValue(forKey: "COLUMNS")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        status = process.terminationStatus
        stdout = String(decoding: o, as: UTF8.self)
        stderr = String(decoding: e, as: UTF8.self)
    }
}

/// A new empty directory under the system's temporary directory; the test removes it with
/// `removeTemporaryDirectory` in a `defer`, so test runs leave nothing behind.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("chipfit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func removeTemporaryDirectory(_ url: URL) {
    try? FileManager.default.removeItem(at: url)
}

@Suite struct ValidateCommand {
    @Test func examplesAndProfilesValidateClean() throws {
        let r = try Run(["validate", "examples"])
        #expect(r.status == 0)
        #expect(r.stdout.hasSuffix("no problems\n"))
        let catalogue = try Run(["validate"])
        #expect(catalogue.status == 0, "\(catalogue.stdout)")
    }

    @Test func findingsExitOneWithLocatedFirstLines() throws {
        let r = try Run(["validate", "Tests/Fixtures/invalid/unknown-key.yaml"])
        #expect(r.status == 1)
        let first = r.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("Tests/Fixtures/invalid/unknown-key.yaml:11:3: error[CF101]: unknown key `input_tokns` in `workload`"))
        #expect(r.stdout.contains("help: did you mean `input_tokens`?"))
        // One mistake, one error: not also "missing required field `input_tokens`".
        #expect(!r.stdout.contains("CF102"))
        #expect(!r.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func jsonFollowsTheDiagnosticsContract() throws {
        let r = try Run(["validate", "--format", "json", "Tests/Fixtures/invalid/kv-heads.yaml", "examples"])
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "chipfit/diagnostics/v1")
        #expect(object["files"] as? Int == 23) // the fixture, 6 example specs, 15 example measurements and the sample prices
        #expect(object["errors"] as? Int == 1)
        #expect(object["warnings"] as? Int == 0)
        let d = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        for key in ["severity", "code", "message", "file", "line", "column", "path", "suggestion"] {
            #expect(d.keys.contains(key), "missing \(key)")
        }
        #expect(d["line"] as? Int == 11 && d["column"] as? Int == 13 && d["code"] as? String == "CF107")
    }

    /// An installed chipfit (`bin/chipfit` beside `share/chipfit/profiles`) run by name through
    /// `PATH` from another directory finds its profiles: argv[0] is then only `chipfit`.
    @Test func anInstalledCopyRunThroughPathFindsItsProfiles() throws {
        let prefix = try temporaryDirectory()
        defer { removeTemporaryDirectory(prefix) }
        let bin = prefix.appendingPathComponent("bin"), share = prefix.appendingPathComponent("share/chipfit")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: share, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Run.binary, toPath: bin.appendingPathComponent("chipfit").path)
        try FileManager.default.copyItem(atPath: Repo.path("profiles"), toPath: share.appendingPathComponent("profiles").path)
        let elsewhere = try temporaryDirectory()
        defer { removeTemporaryDirectory(elsewhere) }
        let r = try Run(["sh", "-c", "chipfit validate"], cwd: elsewhere.path,
                        environment: ["PATH": bin.path + ":/usr/bin:/bin"], executable: "/bin/sh")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("checked ") && r.stdout.hasSuffix(" profiles: no problems\n"), "\(r.stdout)")
    }

    @Test func usageAndIOErrorsExitTwo() throws {
        let missing = try Run(["validate", "no/such/file.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no/such/file.yaml: no such file or directory"))
        #expect(try Run(["validate", "--format", "xml"]).status == 2)
        #expect(try Run(["validate", "--bogus"]).status == 2)
        #expect(try Run(["frobnicate"]).status == 2)
        #expect(try Run(["validate", "--profiles", "no-such-dir", "examples"]).status == 2)
        #expect(try Run(["validate", "--max-depth", "0", "examples"]).status == 2)
        #expect(try Run(["--version"]).status == 0)
        #expect(try Run(["validate", "--help"]).status == 0)
    }

    /// Named paths are walked in parts of 128 on every core: the warnings of every part come
    /// out in argument order, the first failure stops the run, and files named twice, out of
    /// order or in other spellings are checked once, sorted.
    @Test func manyNamedPathsWalkInPartsAndReportInOrder() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let spec = try String(contentsOfFile: Repo.path("examples/support-chat.yaml"), encoding: .utf8)
        var names: [String] = []
        for i in 0..<300 {
            let name = String(format: "spec-%03d.yaml", i)
            try spec.replacingOccurrences(of: "name: support-chat", with: "name: chat-\(i)")
                .write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
            names.append(dir.appendingPathComponent(name).path)
        }
        for empty in ["empty-a", "empty-b"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(empty), withIntermediateDirectories: true)
        }
        let emptyA = dir.appendingPathComponent("empty-a").path, emptyB = dir.appendingPathComponent("empty-b").path
        // Empty directories in the first and third parts, each file named twice (the second
        // time as `dir/./name`), the whole list reversed.
        let twice = names.reversed() + names.map { dir.path + "/./" + URL(fileURLWithPath: $0).lastPathComponent }
        let arguments = [emptyA] + twice.prefix(300) + [emptyB] + twice.dropFirst(300)
        // Empty directories are allowed here, and warned about in order.
        let r = try Run(["validate", "--allow-empty"] + arguments)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("checked 300 files against ") && r.stdout.hasSuffix(" profiles: no problems\n"),
                "\(r.stdout)")
        #expect(r.stderr == "chipfit: warning: no *.yaml or *.yml files under \(emptyA)\n"
                + "chipfit: warning: no *.yaml or *.yml files under \(emptyB)\n")

        let missing = dir.appendingPathComponent("missing.yaml").path
        let failed = try Run(["validate", "--allow-empty"] + names.prefix(200) + [emptyA] + names.dropFirst(200) + [missing, emptyB])
        #expect(failed.status == 2)
        #expect(failed.stderr == "chipfit: warning: no *.yaml or *.yml files under \(emptyA)\n"
                + "chipfit: \(missing): no such file or directory\n")
    }

    /// Deployments are linked as they load, against the catalogue linked first; a run that
    /// names a profile of its own is linked as a whole by `Linker.link`. Both must report the
    /// same findings about the same specs: the invalid-input corpus, a duplicate name (whose
    /// model errors stay unreported) and a spec whose model comes from a referenced file.
    @Test func linkingAsFilesLoadMatchesLinkingTheWholeRun() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let specs = dir.appendingPathComponent("specs")
        try FileManager.default.copyItem(atPath: Repo.path("Tests/Fixtures/invalid"), toPath: specs.path)
        try FileManager.default.copyItem(atPath: Repo.path("examples/glm4-lora.yaml"),
                                         toPath: specs.appendingPathComponent("glm4-lora.yaml").path)
        try FileManager.default.copyItem(atPath: Repo.path("examples/configs"), toPath: specs.appendingPathComponent("configs").path)
        let chat = try String(contentsOfFile: Repo.path("examples/support-chat.yaml"), encoding: .utf8)
        try chat.write(to: specs.appendingPathComponent("a-chat.yaml"), atomically: true, encoding: .utf8)
        try chat.replacingOccurrences(of: "concurrency: 32", with: "concurrency: 32\n  parallelism: {expert: 2}")
            .write(to: specs.appendingPathComponent("b-chat-again.yaml"), atomically: true, encoding: .utf8)
        // A chip no spec names, so the catalogue it joins links every spec the same way.
        let chip = try String(contentsOfFile: Repo.path("profiles/chips/ascend-910b.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "id: ascend-910b", with: "id: test-only-chip")
        let extra = dir.appendingPathComponent("extra-chip.yaml")
        try chip.write(to: extra, atomically: true, encoding: .utf8)

        func findings(_ arguments: [String]) throws -> [String] {
            let r = try Run(["validate", "--format", "json", "--profiles", Repo.path("profiles")] + arguments, cwd: dir.path)
            #expect(r.status == 1, "\(r.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let list = try #require(object["diagnostics"] as? [[String: Any]])
            return list.filter { ($0["file"] as? String)?.hasPrefix("specs/") == true }.map {
                "\($0["file"]!):\($0["line"]!):\($0["column"]!) \($0["code"]!) \($0["message"]!)"
            }
        }
        let asTheyLoad = try findings(["specs"])
        let whole = try findings(["specs", "extra-chip.yaml"])
        #expect(asTheyLoad.count > 60)
        #expect(asTheyLoad == whole)
        #expect(asTheyLoad.contains { $0.hasPrefix("specs/b-chat-again.yaml:4:7 CF206") })
        #expect(!asTheyLoad.contains { $0.hasPrefix("specs/b-chat-again.yaml") && $0.contains("parallelism.expert") })
    }

    @Test func strictTurnsWarningsIntoFailures() throws {
        let path = "Tests/Fixtures/invalid/certification-ignored.yaml"
        #expect(try Run(["validate", path]).status == 0)
        #expect(try Run(["validate", "--strict", path]).status == 1)
    }

    @Test func oversizedFilesAreRefusedWithoutReadingThemWhole() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let big = dir.appendingPathComponent("big.yaml")
        try Data(repeating: 0x23, count: 5 << 20).write(to: big) // 5 MiB of '#', over the 4 MiB default
        let r = try Run(["validate", big.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("error[CF002]: file is larger than the limit of 4194304 bytes"))
    }

    @Test func referencedFilesMustStayInsideTheTree() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let specs = dir.appendingPathComponent("specs")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repo.path("Tests/Fixtures/hf_configs/llama-3-8b.json"),
                                         toPath: dir.appendingPathComponent("config.json").path)
        try """
            apiVersion: chipfit/v1
            kind: Deployment
            name: outside
            model: {hf_config: ../config.json}
            workload: {phase: inference, precision: bf16, input_tokens: 8, output_tokens: 8}
            """.write(to: specs.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let refused = try Run(["validate", "--profiles", Repo.path("profiles"), "specs"], cwd: dir.path)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("error[CF207]"))
        let allowed = try Run(["validate", "--profiles", Repo.path("profiles"), "--root", ".", "specs"], cwd: dir.path)
        #expect(allowed.status == 0, "\(allowed.stdout)")
    }

    @Test func outputDoesNotDependOnArgumentOrder() throws {
        let a = try Run(["validate", "--format", "json", "Tests/Fixtures/invalid", "examples"])
        let b = try Run(["validate", "--format", "json", "examples", "Tests/Fixtures/invalid"])
        #expect(a.stdout == b.stdout)
        #expect(a.status == 1)
    }

    @Test func profilesAreFoundFromTheEnvironment() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let r = try Run(["validate", Repo.path("examples/support-chat.yaml")], cwd: dir.path,
                        environment: ["CHIPFIT_PROFILES": Repo.path("profiles")])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }
}
