import Foundation
import Testing
import TestSupport

@Suite struct InitCommand {
    /// The spec written for a preset validates and plans as it stands, named after its file.
    @Test func aPresetSpecValidatesAndPlans() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let r = try Run(["init", "deploy/Chat Bot.yaml", "--preset", "qwen3-8b"], cwd: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: dir.appendingPathComponent("deploy/Chat Bot.yaml").path, encoding: .utf8)
        #expect(text.contains("name: chat-bot\n") && text.contains("  preset: qwen3-8b") && text.contains("# toolchain:"))
        let validate = try Run(["validate", "deploy"], cwd: dir.path)
        #expect(validate.status == 0 && validate.stdout.hasSuffix("no problems\n"), "\(validate.stdout)")
        let plan = try Run(["plan", "deploy", "--as-of", "2026-11-29"], cwd: dir.path)
        #expect(plan.status == 0 && plan.stdout.contains("recommended:"))
    }

    /// From a config.json, for training: the path is written relative to the spec.
    @Test func aConfigSpecForTraining() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("deploy/models"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repo.path("examples/configs/glm-4-9b-config.json"),
                                         toPath: dir.appendingPathComponent("deploy/models/config.json").path)
        let r = try Run(["init", "deploy/tune.yaml", "--hf-config", "deploy/models/config.json", "--phase", "training"], cwd: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: dir.appendingPathComponent("deploy/tune.yaml").path, encoding: .utf8)
        #expect(text.contains("  hf_config: \"models/config.json\"") && text.contains("  phase: training"))
        #expect(try Run(["validate", "deploy"], cwd: dir.path).status == 0)
    }

    @Test func neverOverwrites() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let path = dir.appendingPathComponent("chat.yaml").path
        try "# the team's own spec\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try Run(["init", "chat.yaml", "--preset", "qwen3-8b"], cwd: dir.path)
        #expect(r.status == 2 && r.stderr.contains("does not overwrite"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "# the team's own spec\n")
    }

    /// A spec that would not validate is not written: an unknown preset gets its did-you-mean.
    @Test func refusesWhatWouldNotValidate() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let r = try Run(["init", "chat.yaml", "--preset", "qwen3-8x"], cwd: dir.path)
        #expect(r.status == 2 && r.stderr.contains("chat.yaml:9:11: error[CF201]") && r.stderr.contains("did you mean `qwen3-8b`?"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "nothing written, no scratch file left")
        #expect(try Run(["init", "chat.yaml"], cwd: dir.path).status == 2)
        // Nor when the configuration excludes everything; a directory made for it goes again.
        try "exclude: ['*']\n".write(to: dir.appendingPathComponent(".chipfit.yaml"), atomically: true, encoding: .utf8)
        #expect(try Run(["init", "new/dir/chat.yaml", "--preset", "qwen3-8x"], cwd: dir.path).status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [".chipfit.yaml"])
        try FileManager.default.removeItem(at: dir.appendingPathComponent(".chipfit.yaml"))
        #expect(try Run(["init", "chat.yaml", "--preset", "qwen3-8b", "--hf-config", "c.json"], cwd: dir.path).status == 2)
        #expect(try Run(["init", "chat.txt", "--preset", "qwen3-8b"], cwd: dir.path).status == 2)
    }
}

@Suite struct TerminalWidth {
    /// $COLUMNS (or the terminal) fits the table; --wide, a pipe or a file keeps every column.
    @Test func theTableFitsAndWideShowsAll() throws {
        let args = ["plan", "examples/support-chat.yaml", "--as-of", "2026-11-29"]
        let piped = try Run(args)
        let narrow = try Run(args, environment: ["COLUMNS": "80"])
        #expect(narrow.status == 0)
        #expect(narrow.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(narrow.stdout)")
        #expect(piped.stdout.split(separator: "\n").contains { $0.count > 80 }, "the example is wider than 80 unnarrowed")
        #expect(try Run(args + ["--wide"], environment: ["COLUMNS": "80"]).stdout == piped.stdout)
    }
}

extension InitCommand {
    /// Names that would break the spec or the suggested command are refused or quoted.
    @Test func oddNames() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        #expect(try Run(["init", "a\ntoolchain: {}\n.yaml", "--preset", "qwen3-8b"], cwd: dir.path).status == 2)
        let spaced = try Run(["init", "my chat.yaml", "--preset", "qwen3-8b"], cwd: dir.path)
        #expect(spaced.status == 0 && spaced.stderr.contains("chipfit plan 'my chat.yaml'"), "\(spaced.stderr)")
        let dashed = try Run(["init", "--preset", "qwen3-8b", "--", "-x.yaml"], cwd: dir.path)
        #expect(dashed.status == 0 && dashed.stderr.contains("chipfit plan ./-x.yaml"), "\(dashed.stderr)")
        #expect(try Run(["validate", "."], cwd: dir.path).status == 0)
    }
}
