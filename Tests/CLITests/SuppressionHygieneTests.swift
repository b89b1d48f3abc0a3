import Foundation
import Testing
import TestSupport

/// Suppressions and baselines that no longer do anything are findings themselves.
@Suite struct SuppressionHygiene {
    private let spec = """
        apiVersion: chipfit/v1
        kind: Deployment
        name: chat
        model: {preset: llama-3-8b}
        workload: {phase: inference, precision: bf16, input_tokens: 64, output_tokens: 64}
        requirements:
          certification: ignore
        """

    private func validate(_ text: String, _ extra: [String] = []) throws -> Run {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let file = dir.appendingPathComponent("chat.yaml").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return try Run(["validate", file] + extra)
    }

    @Test func aSuppressionThatMatchesNothingIsReported() throws {
        let used = try validate(spec.replacingOccurrences(of: "certification: ignore", with: "certification: ignore  # chipfit:ignore CF301 -- by design"))
        #expect(!used.stdout.contains("CF311") && !used.stdout.contains("CF301"), "\(used.stdout)")
        let unused = try validate(spec.replacingOccurrences(of: "input_tokens: 64", with: "input_tokens: 64}  # chipfit:ignore CF101 -- old\n#").replacingOccurrences(of: "output_tokens: 64}", with: ""))
        #expect(unused.stdout.contains("warning[CF311]: suppression of CF101 matches no finding"), "\(unused.stdout)")
    }

    @Test func aMisspeltSuppressionIsReported() throws {
        let r = try validate(spec.replacingOccurrences(of: "certification: ignore", with: "certification: ignore  # chipfit: ignore CF301 -- by design"))
        #expect(r.stdout.contains("warning[CF310]: this looks like a suppression but is not read as one"), "\(r.stdout)")
        #expect(r.stdout.contains("warning[CF301]"))
    }

    /// A baseline entry whose finding is gone is reported, and says how to rewrite it.
    @Test func aStaleBaselineEntryIsReported() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let file = dir.appendingPathComponent("chat.yaml").path, baseline = dir.appendingPathComponent("baseline.json").path
        try spec.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try Run(["validate", "--write-baseline", baseline, file]).status == 0)
        #expect(!(try Run(["validate", "--baseline", baseline, file]).stdout.contains("CF312")))
        try spec.replacingOccurrences(of: "certification: ignore", with: "certification: required").write(toFile: file, atomically: true, encoding: .utf8)
        let r = try Run(["validate", "--baseline", baseline, file])
        #expect(r.stdout.contains("warning[CF312]:") && r.stdout.contains("CF301 finding that no longer occurs"), "\(r.stdout)")
    }
}
