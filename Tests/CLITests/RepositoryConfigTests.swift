import Foundation
import Testing
import TestSupport

/// A repository with `.git`, a team profile directory and specs, for `.chipfit.yaml` tests.
private struct Repository {
    let root: URL

    init(config: String?, teamChip: String = "team-npu") throws {
        root = try temporaryDirectory().appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let shipped = try String(contentsOfFile: Repo.path("profiles/chips/ascend-910b.yaml"), encoding: .utf8)
        try write("team-profiles/chips/\(teamChip).yaml", shipped.replacingOccurrences(of: "id: ascend-910b", with: "id: \(teamChip)"))
        let spec = try String(contentsOfFile: Repo.path("examples/support-chat.yaml"), encoding: .utf8)
        try write("deploy/chat.yaml", spec.replacingOccurrences(of: "  max_chips: 16", with: "  max_chips: 16\n  chips: [\(teamChip), ascend-910c]"))
        // The chip's stack, for runs without the shipped catalogue.
        try write("team-profiles/stacks/cann.yaml", try String(contentsOfFile: Repo.path("profiles/stacks/cann.yaml"), encoding: .utf8))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("deploy/sub"), withIntermediateDirectories: true)
        if let config { try write(".chipfit.yaml", config) }
    }

    /// Removes the repository and the temporary directory holding it.
    func remove() { removeTemporaryDirectory(root.deletingLastPathComponent()) }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func run(_ arguments: [String], from directory: String = ".", environment: [String: String] = [:]) throws -> Run {
        try Run(arguments, cwd: root.appendingPathComponent(directory).path, environment: environment)
    }
}

@Suite struct RepositoryConfiguration {
    /// Without the configuration, a spec naming the team's chip fails wherever it runs; with
    /// it, the same command passes from any directory of the repository, named files or none.
    @Test func foundFromASubdirectoryGivesOneAnswer() throws {
        let bare = try Repository(config: nil)
        defer { bare.remove() }
        let unknown = try bare.run(["validate", "deploy/chat.yaml"])
        #expect(unknown.status == 1 && unknown.stdout.contains("CF202"), "\(unknown.stdout)")

        let repo = try Repository(config: "profiles: [team-profiles]\npaths: [deploy]\n")
        defer { repo.remove() }
        for (args, dir) in [(["validate", "deploy/chat.yaml"], "."), (["validate"], "deploy/sub"), (["validate", "../chat.yaml"], "deploy/sub")] {
            let r = try repo.run(args, from: dir)
            #expect(r.status == 0, "\(args) from \(dir): \(r.stdout)\(r.stderr)")
            #expect(r.stdout.contains("checked 1 file against"), "\(r.stdout)")
        }
        let plan = try repo.run(["plan", "--as-of", "2026-11-29"], from: "deploy/sub")
        #expect(plan.status == 0 && plan.stdout.contains("team-npu"), "\(plan.stderr)")
    }

    /// The search stops at the repository's top: a configuration above it is not read.
    @Test func notReadAboveTheRepository() throws {
        let repo = try Repository(config: nil)
        defer { repo.remove() }
        try "profiles: [nowhere]\n".write(to: repo.root.deletingLastPathComponent().appendingPathComponent(".chipfit.yaml"),
                                          atomically: true, encoding: .utf8)
        let r = try repo.run(["validate", "--no-shipped-profiles", "--profiles", "team-profiles"])
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// The command line wins over the configuration, setting by setting.
    @Test func theCommandLineOverridesIt() throws {
        let repo = try Repository(config: "profiles: [team-profiles]\npaths: [deploy]\nformat: json\nstrict: true\n")
        defer { repo.remove() }
        try repo.write("deploy/warned.yaml", try String(contentsOfFile: Repo.path("examples/support-chat.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "name: support-chat", with: "name: warned")
            .replacingOccurrences(of: "certification: required", with: "certification: ignore"))
        let configured = try repo.run(["validate"])
        #expect(configured.status == 1 && configured.stdout.hasPrefix("{"), "json and strict from the file")
        let overridden = try repo.run(["validate", "--format", "text", "--no-strict"])
        #expect(overridden.status == 0 && overridden.stdout.contains("warning[CF301]"), "\(overridden.stdout)")
        // --profiles replaces the configuration's directories: the team chip is unknown again.
        let other = try repo.run(["validate", "--format", "text", "--profiles", "deploy/sub", "deploy/chat.yaml"])
        #expect(other.status == 1 && other.stdout.contains("CF202"), "\(other.stdout)")
        let ignored = try repo.run(["validate", "--no-config", "deploy/chat.yaml"])
        #expect(ignored.status == 1 && ignored.stdout.contains("CF202"))
        let named = try repo.run(["validate", "--config", "/dev/null"])
        #expect(named.status == 2, "an empty configuration is an error, as an empty spec is")
    }

    /// A configuration with mistakes stops the run with located findings, exit 2.
    @Test func isValidatedLikeEveryFile() throws {
        let repo = try Repository(config: "profile: [team-profiles]\nstrict: yes\nformat: xml\n")
        defer { repo.remove() }
        let r = try repo.run(["validate", "deploy"])
        #expect(r.status == 2)
        #expect(r.stderr.contains(".chipfit.yaml:1:1: error[CF101]: unknown key `profile`"), "\(r.stderr)")
        #expect(r.stderr.contains("did you mean `profiles`?"))
        #expect(r.stderr.contains(".chipfit.yaml:2:9: error[CF103]"))
        #expect(r.stderr.contains(".chipfit.yaml:3:9: error[CF104]"))
        let schema = try Run(["schema", "config"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(schema.stdout.utf8)) as? [String: Any])
        let properties = try #require(json["properties"] as? [String: Any])
        #expect(Set(properties.keys) == ["apiVersion", "profiles", "shipped_profiles", "paths", "exclude", "strict", "baseline", "format"])
    }

    @Test func excludedFilesAreNotChecked() throws {
        let repo = try Repository(config: "profiles: [team-profiles]\npaths: [deploy]\nexclude: [deploy/legacy, '*.draft.yaml']\n")
        defer { repo.remove() }
        try repo.write("deploy/legacy/old.yaml", "kind: Nonsense\n")
        try repo.write("deploy/next.draft.yaml", "kind: Nonsense\n")
        let r = try repo.run(["validate"])
        #expect(r.status == 0 && r.stdout.contains("checked 1 file"), "\(r.stdout)")
        let named = try repo.run(["validate", "deploy/legacy/old.yaml", "deploy/chat.yaml"])
        #expect(named.status == 0, "a named file that is excluded is skipped too (pre-commit names every changed file)")
    }

    @Test func theBaselineComesFromIt() throws {
        let repo = try Repository(config: "profiles: [team-profiles]\npaths: [deploy]\nbaseline: ci/baseline.json\nstrict: true\n")
        defer { repo.remove() }
        try repo.write("deploy/warned.yaml", try String(contentsOfFile: Repo.path("examples/support-chat.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "name: support-chat", with: "name: warned")
            .replacingOccurrences(of: "certification: required", with: "certification: ignore"))
        try FileManager.default.createDirectory(at: repo.root.appendingPathComponent("ci"), withIntermediateDirectories: true)
        #expect(try repo.run(["validate", "--write-baseline", "ci/baseline.json"]).status == 0)
        let r = try repo.run(["validate"], from: "deploy/sub")
        #expect(r.status == 0 && r.stdout.contains("1 suppressed"), "\(r.stdout)\(r.stderr)")
        #expect(try repo.run(["validate", "--no-baseline"], from: "deploy/sub").status == 1)
    }
}

@Suite struct CatalogueLayers {
    /// A team profile with a shipped id replaces the shipped one, and every output says so.
    @Test func aTeamProfileReplacesTheShippedOneAndSaysSo() throws {
        let repo = try Repository(config: "profiles: [team-profiles]\n")
        defer { repo.remove() }
        let shipped = try String(contentsOfFile: Repo.path("profiles/chips/ascend-910b.yaml"), encoding: .utf8)
        try repo.write("team-profiles/chips/910b.yaml", shipped.replacingOccurrences(of: "capacity: 64GiB", with: "capacity: 96GiB"))
        let validate = try repo.run(["validate", "deploy"])
        #expect(validate.status == 0)
        #expect(validate.stdout.contains("team-profiles/chips/910b.yaml:3:5: note[CF313]: this Chip replaces the shipped profile `ascend-910b`"), "\(validate.stdout)")
        let table = try repo.run(["plan", "deploy", "--as-of", "2026-11-29"])
        #expect(table.stdout.contains("profile override: Chip `ascend-910b` from team-profiles/chips/910b.yaml replaces the shipped profile"), "\(table.stdout)")
        let json = try repo.run(["plan", "deploy", "--format", "json", "--as-of", "2026-11-29"])
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let overrides = try #require(plan["profile_overrides"] as? [[String: String]])
        #expect(overrides.count == 1 && overrides[0]["id"] == "ascend-910b" && overrides[0]["file"] == "team-profiles/chips/910b.yaml")
        let report = try repo.run(["report", "deploy", "--as-of", "2026-11-29"])
        #expect(report.stdout.contains("Chip `ascend-910b` is the team's profile (team-profiles/chips/910b.yaml)"))
        // Inputs name shipped profiles by their place in the catalogue, not this machine's paths.
        let inputs = report.stdout.components(separatedBy: "## Inputs").last ?? ""
        #expect(inputs.contains("| `chipfit \(try Run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)): profiles/chips/ascend-910c.yaml` |"), "\(inputs)")
        #expect(inputs.contains("| `team-profiles/chips/910b.yaml` |") && !inputs.contains("profiles/chips/ascend-910b.yaml"))
        #expect(!inputs.contains(Repo.root.path))
        let explain = try repo.run(["explain", "deploy/chat.yaml", "--chip", "ascend-910c", "--as-of", "2026-11-29"])
        #expect(explain.stdout.contains("note: profile override: Chip `ascend-910b`"))
        // The team's figures are the ones used.
        let chips = try repo.run(["profiles", "show", "ascend-910b"])
        #expect(chips.stdout.contains("96GiB"), "\(chips.stdout)")
    }

    /// The shipped catalogue named again, or a byte-identical copy, replaces nothing.
    @Test func anIdenticalCopyIsNoOverride() throws {
        let repo = try Repository(config: "profiles: [team-profiles]\n")
        defer { repo.remove() }
        try repo.write("team-profiles/chips/910b.yaml", try String(contentsOfFile: Repo.path("profiles/chips/ascend-910b.yaml"), encoding: .utf8))
        let r = try repo.run(["validate", "deploy"])
        #expect(r.status == 0 && !r.stdout.contains("CF313"), "\(r.stdout)")
        let again = try Run(["validate", "--profiles", "profiles"])
        #expect(again.status == 0 && !again.stdout.contains("CF313"))
    }

    /// Without the shipped catalogue only the team's profiles are there.
    @Test func theShippedCatalogueCanBeLeftOut() throws {
        let repo = try Repository(config: "profiles: [team-profiles]\nshipped_profiles: false\n")
        defer { repo.remove() }
        let r = try repo.run(["profiles", "list", "--kind", "chip", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("team-npu") && !r.stdout.contains("ascend-910c"), "\(r.stdout)")
        let withShipped = try repo.run(["profiles", "list", "--kind", "chip", "--format", "json", "--no-config"])
        #expect(withShipped.stdout.contains("ascend-910c") && !withShipped.stdout.contains("team-npu"))
        let empty = try repo.run(["validate", "--no-config", "--no-shipped-profiles"])
        #expect(empty.status == 2 && empty.stderr.contains("catalogue is empty"))
    }
}

@Suite struct RepositoryRelativePaths {
    /// SARIF, annotations and JUnit name files from the repository's top, wherever chipfit runs.
    @Test func fromASubdirectory() throws {
        let repo = try Repository(config: "profiles: [team-profiles]\n")
        defer { repo.remove() }
        try repo.write("deploy/bad.yaml", "apiVersion: chipfit/v1\nkind: Deployment\nnmae: x\n")
        let sarif = try repo.run(["validate", "--format", "sarif", "../bad.yaml"], from: "deploy/sub")
        #expect(sarif.stdout.contains("\"uri\": \"deploy/bad.yaml\""), "\(sarif.stdout)")
        let github = try repo.run(["validate", "--format", "github", "bad.yaml"], from: "deploy")
        #expect(github.stdout.contains("file=deploy/bad.yaml,line=3"), "\(github.stdout)")
        let junit = try repo.run(["validate", "--format", "junit", "bad.yaml"], from: "deploy")
        #expect(junit.stdout.contains("deploy/bad.yaml"))
        // GITHUB_WORKSPACE (the checkout, here the repository's parent) and --path-base win.
        let workspace = try repo.run(["validate", "--format", "github", "bad.yaml"], from: "deploy",
                                     environment: ["GITHUB_WORKSPACE": repo.root.deletingLastPathComponent().path])
        #expect(workspace.stdout.contains("file=repo/deploy/bad.yaml,"), "\(workspace.stdout)")
        let based = try repo.run(["validate", "--format", "github", "--path-base", ".", "bad.yaml"], from: "deploy")
        #expect(based.stdout.contains("file=bad.yaml,"))
        // Text keeps the paths as typed.
        let text = try repo.run(["validate", "bad.yaml"], from: "deploy")
        #expect(text.stdout.hasPrefix("bad.yaml:1:1"), "\(text.stdout)")
    }
}

extension RepositoryConfiguration {
    /// A hook that checks what the configuration names fails without one, rather than pass.
    @Test func requiredWhenAHookSaysSo() throws {
        let bare = try Repository(config: nil)
        defer { bare.remove() }
        let r = try bare.run(["validate", "--require-config"])
        #expect(r.status == 2 && r.stderr.contains("no .chipfit.yaml found"))
        let configured = try Repository(config: "profiles: [team-profiles]\npaths: [deploy]\n")
        defer { configured.remove() }
        #expect(try configured.run(["validate", "--require-config"], from: "deploy/sub").status == 0)
    }
}

extension RepositoryConfiguration {
    /// A baseline in a subdirectory written by an earlier chipfit (paths from the working
    /// directory) still matches from that working directory.
    @Test func anOlderBaselineStillMatches() throws {
        let repo = try Repository(config: "profiles: [team-profiles]\n")
        defer { repo.remove() }
        try repo.write("deploy/warned.yaml", try String(contentsOfFile: Repo.path("examples/support-chat.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "name: support-chat", with: "name: warned")
            .replacingOccurrences(of: "certification: required", with: "certification: ignore"))
        try repo.write("ci/old.json", """
            {"schema": "chipfit/baseline/v1", "entries": [{"path": "deploy/warned.yaml", "code": "CF301", "line": "certification: ignore", "count": 1}]}
            """)
        let r = try repo.run(["validate", "--strict", "--baseline", "ci/old.json", "deploy/warned.yaml"])
        #expect(r.status == 0 && r.stdout.contains("1 suppressed"), "\(r.stdout)")
    }
}

extension CatalogueLayers {
    /// A sweep names the replacement too; a directory named twice is read once.
    @Test func sweepsAndRepeatedDirectories() throws {
        let repo = try Repository(config: nil)
        defer { repo.remove() }
        let shipped = try String(contentsOfFile: Repo.path("profiles/chips/ascend-910b.yaml"), encoding: .utf8)
        try repo.write("team-profiles/chips/910b.yaml", shipped.replacingOccurrences(of: "capacity: 64GiB", with: "capacity: 96GiB"))
        let sweep = try repo.run(["plan", "deploy", "--profiles", "team-profiles", "--set", "workload.concurrency=8,16", "--as-of", "2026-11-29"])
        #expect(sweep.status == 0 && sweep.stdout.contains("profile override: Chip `ascend-910b`"), "\(sweep.stdout)\(sweep.stderr)")
        let twice = try repo.run(["validate", "deploy", "--profiles", "team-profiles", "--profiles", "team-profiles/"])
        #expect(twice.status == 0 && !twice.stdout.contains("CF204"), "\(twice.stdout)")
        let refused = try repo.run(["plan", "deploy", "--set", "workload.concurrency=8,16", "--top", "2"])
        #expect(refused.status == 2)
        let missing = try repo.run(["validate", "--profiles", "nowhere"])
        #expect(missing.status == 2 && missing.stderr.contains("(from --profiles)"))
    }
}
