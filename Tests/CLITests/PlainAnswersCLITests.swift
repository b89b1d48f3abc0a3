import Foundation
import Testing
import TestSupport

/// Command lines that used to give a quiet wrong answer.
@Suite struct QuietWrongAnswers {
    private let fixture = ["--no-shipped-profiles", "--profiles", "Tests/Fixtures/plan-catalogue", "--as-of", "2026-11-30"]

    @Test func aReportTakesItsFormatFromTheOutputFileName() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let html = dir.appendingPathComponent("x.html").path
        let r = try Run(["report", "--output", html] + fixture + ["Tests/Fixtures/plan-specs"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: html, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        let md = dir.appendingPathComponent("x.md").path
        #expect(try Run(["report", "--output", md] + fixture + ["Tests/Fixtures/plan-specs"]).status == 0)
        #expect(try String(contentsOfFile: md, encoding: .utf8).hasPrefix("# chipfit migration report"))
        // A format that contradicts the name is refused, and nothing is written.
        let other = dir.appendingPathComponent("y.html").path
        let refused = try Run(["report", "--format", "markdown", "--output", other] + fixture + ["Tests/Fixtures/plan-specs"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("contradicts"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: other))
    }

    @Test func explainingADirectoryExplainsEverySpecInIt() throws {
        let r = try Run(["explain", "--chip", "alpha-9"] + fixture + ["Tests/Fixtures/plan-specs"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("chat on alpha-9"))
        #expect(r.stdout.contains("train on alpha-9"))
    }

    @Test func pathsWithNoYAMLAreAnErrorUnlessAllowed() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        for command in ["validate", "check", "plan"] {
            let r = try Run([command, dir.path])
            #expect(r.status == 2, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("--allow-empty"), "\(command): \(r.stderr)")
        }
        // Each named directory counts: files elsewhere do not make an empty one pass.
        let mixed = try Run(["validate", "examples/support-chat.yaml", dir.path])
        #expect(mixed.status == 2, "\(mixed.stderr)")
        #expect(try Run(["validate", "--allow-empty", dir.path]).status == 0)
        #expect(try Run(["check", "--allow-empty", dir.path]).status == 0)
        // With no path at all, validate checks the catalogue, as before.
        #expect(try Run(["validate"]).status == 0)
    }
}

@Suite struct OutputsNeverReplaceInputs {
    @Test func anOutputThatIsAnInputIsRefusedAndTheInputKept() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let spec = dir.appendingPathComponent("spec.yaml").path
        try FileManager.default.copyItem(atPath: Repo.path("examples/support-chat.yaml"), toPath: spec)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.md").path, withDestinationPath: "spec.yaml")
        let original = try Data(contentsOf: URL(fileURLWithPath: spec))
        let attempts: [[String]] = [
            ["plan", "--output", "spec.yaml", "spec.yaml"],
            ["plan", "--format", "json", "--output", "./spec.yaml", "spec.yaml"],
            ["validate", "--write-baseline", "spec.yaml", "spec.yaml"],
            ["check", "--write-baseline", "spec.yaml", "spec.yaml"],
            ["report", "--output", "link.md", "spec.yaml"],
        ]
        for arguments in attempts {
            let r = try Run(arguments, cwd: dir.path)
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains("refusing to write"), "\(arguments): \(r.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: spec)) == original, "\(arguments) changed the input")
        }
        // Another file is written as before.
        #expect(try Run(["plan", "--output", "plan.txt", "spec.yaml"], cwd: dir.path).status == 0)
    }
}

@Suite struct SpecialFilesNeverBlock {
    @Test func aFIFOGivenAsAnyInputIsRefusedAtOnce() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let fifo = dir.appendingPathComponent("config.json").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let spec = """
            apiVersion: chipfit/v1
            kind: Deployment
            name: piped
            model: {hf_config: config.json}
            workload: {phase: inference, precision: bf16, input_tokens: 8, output_tokens: 8}
            """
        try spec.write(toFile: dir.appendingPathComponent("spec.yaml").path, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Repo.path("examples/support-chat.yaml"), toPath: dir.appendingPathComponent("chat.yaml").path)
        // Each would wait forever for a writer if the file were opened as it was. A referenced
        // file must be a regular file; a pipe named on the command line reads what its writer
        // writes, and as empty when there is none.
        let runs: [([String], Int32, String)] = [
            (["validate", "spec.yaml"], 1, "`config.json` cannot be read: not a regular file"),
            (["diff", "config.json", "config.json"], 2, "config.json is not a chipfit plan"),
            (["validate", "--baseline", "config.json", "chat.yaml"], 2, "config.json is not a chipfit baseline"),
        ]
        for (arguments, status, message) in runs {
            let r = try Run(["timeout", "20", Run.binary] + arguments, cwd: dir.path, executable: "/usr/bin/timeout")
            #expect(r.status == status, "\(arguments): \(r.status) \(r.stderr)")
            #expect((r.stdout + r.stderr).contains(message), "\(arguments): \(r.stdout) \(r.stderr)")
        }
    }

    @Test func aPipeNamedOnTheCommandLineIsRead() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let plan = try Run(["plan", "--format", "json", "--as-of", "2026-11-30", Repo.path("examples/support-chat.yaml")])
        try plan.stdout.write(toFile: dir.appendingPathComponent("plan.json").path, atomically: true, encoding: .utf8)
        let piped = try Run(["sh", "-c", "cat plan.json | timeout 20 '\(Run.binary)' diff /dev/stdin plan.json"],
                            cwd: dir.path, executable: "/bin/sh")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains("no changes"), "\(piped.stdout)")
    }
}
