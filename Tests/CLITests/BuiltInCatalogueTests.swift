import ChipFitShippedCatalogue
import Foundation
import Testing
import TestSupport

/// The catalogue built into the executable (scripts/embed-catalogue).
@Suite struct BuiltInCatalogue {
    /// It is profiles/ as committed: every file, byte for byte.
    @Test func isTheShippedProfiles() throws {
        let root = Repo.path("profiles")
        let onDisk = try FileManager.default.subpathsOfDirectory(atPath: root)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map { "profiles/" + $0 }.sorted()
        #expect(ShippedCatalogue.files.map(\.path) == onDisk, "run scripts/embed-catalogue")
        for (path, text) in ShippedCatalogue.files {
            #expect(try String(contentsOfFile: Repo.path(path), encoding: .utf8) == text, "\(path): run scripts/embed-catalogue")
        }
    }

    /// A copied binary, run where no profiles directory is, plans with it.
    @Test func aBinaryAloneStillPlans() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        try FileManager.default.copyItem(atPath: Repo.path("examples/support-chat.yaml"), toPath: dir.appendingPathComponent("chat.yaml").path)
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Run.binary, toPath: bin.appendingPathComponent("chipfit").path)
        let r = try Run(["chipfit", "plan", "chat.yaml", "--as-of", "2026-11-29"], cwd: dir.path, executable: bin.appendingPathComponent("chipfit").path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("recommended: ascend-910c"))
    }
}
