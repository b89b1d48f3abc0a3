import ChipFitSpec
import ChipFitPlanner
import Testing

/// What would make a chip fit (docs/plan.md, "What would make it fit"): each answer checked
/// against planning every smaller change by brute force.
@Suite struct WhatIfs {
    static let chip = chipYAML(memory: "24GB", bandwidth: "1TB/s")
    static let model = "preset: llama-2-70b"

    static func deployment(_ workload: String, _ requirements: String) throws -> DeploymentPlan {
        try #require(try plan([chip, specYAML(model: model, workload: workload, requirements: requirements)]).deployments.first)
    }

    static func fits(_ workload: String, _ requirements: String) throws -> Bool {
        try deployment(workload, requirements).fits
    }

    /// Raising `max_chips` to the reported count fits; one fewer does not.
    @Test func theFewestChipsOverTheLimit() throws {
        let w = "phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 128, concurrency: 4"
        let d = try Self.deployment(w, "certification: ignore, max_chips: 2")
        #expect(!d.fits)
        let c = try #require(d.candidates.first)
        guard case .maxChips(let n, let limit)? = c.whatIfs.first(where: { if case .maxChips = $0.change { true } else { false } })?.change else {
            Issue.record("no max_chips what-if: \(c.whatIfs.map(\.change))"); return
        }
        #expect(limit == 2)
        #expect(try Self.fits(w, "certification: ignore, max_chips: \(n)"))
        #expect(try !Self.fits(w, "certification: ignore, max_chips: \(n - 1)"))
    }

    /// The reported concurrency meets the targets and every higher one up to the stated one
    /// misses them.
    @Test func theMostSequencesThatMeetTheTargets() throws {
        func w(_ c: Int) -> String { "phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 128, concurrency: \(c), slo: {tpot_ms: 60}" }
        let requirements = "certification: ignore, max_chips: 8"
        let asked = 64
        let d = try Self.deployment(w(asked), requirements)
        #expect(!d.fits)
        let c = try #require(d.candidates.first)
        guard case .concurrency(let best)? = c.whatIfs.first(where: { if case .concurrency = $0.change { true } else { false } })?.change else {
            Issue.record("no concurrency what-if: \(c.rejections.map(\.code)) \(c.whatIfs.map(\.change))"); return
        }
        #expect(try Self.fits(w(best), requirements))
        for higher in (best + 1)..<asked { #expect(try !Self.fits(w(higher), requirements), "concurrency \(higher)") }
    }

    /// The reported precision is the highest narrower one that fits.
    @Test func theHighestPrecisionThatFits() throws {
        func w(_ p: String) -> String { "phase: inference, precision: \(p), input_tokens: 1024, output_tokens: 128, concurrency: 4" }
        let requirements = "certification: ignore, max_chips: 4"
        let d = try Self.deployment(w("bf16"), requirements)
        let c = try #require(d.candidates.first)
        guard case .precision(let p)? = c.whatIfs.first(where: { if case .precision = $0.change { true } else { false } })?.change else {
            Issue.record("no precision what-if: \(c.whatIfs.map(\.change))"); return
        }
        #expect(try Self.fits(w(p.rawValue), requirements))
        for wider in [Precision.fp8, .int8, .int4] where wider.bytes > p.bytes && wider.bytes < 2 {
            #expect(try !Self.fits(w(wider.rawValue), requirements), "\(wider)")
        }
    }

    /// A deployment that fits gets no what-ifs.
    @Test func aFittingDeploymentHasNone() throws {
        let d = try Self.deployment("phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 128, concurrency: 4", "certification: ignore")
        #expect(d.fits && d.candidates.allSatisfy(\.whatIfs.isEmpty))
    }
}
