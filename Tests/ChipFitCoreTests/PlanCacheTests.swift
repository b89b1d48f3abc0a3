import ChipFitCore
import Testing

/// The planner shares derivations across chips and deployments (`PlanCache`). Planning a
/// varied set of specs with the shared cache must give exactly what planning each chip alone
/// with a fresh cache gives.
@Suite struct PlanCacheSharing {
    private func spec(_ name: String, _ model: String, _ workload: String, _ toolchain: String) -> String {
        """
        apiVersion: chipfit/v1
        kind: Deployment
        name: \(name)
        model: {\(model)}
        workload: {\(workload)}
        toolchain: {\(toolchain)}
        requirements: {certification: ignore, max_chips: 64}
        """
    }

    @Test func sharedCacheMatchesFreshDerivations() throws {
        let inference = "phase: inference, input_tokens: 2048, output_tokens: 256, concurrency: 16, slo: {tpot_ms: 60}"
        let training = "phase: training, sequence_length: 4096, global_batch_size: 256, tokens: 20B, deadline_days: 30"
        let specs = [
            spec("a", "preset: llama-3-8b", inference + ", precision: bf16", "framework: pytorch@2.3, components: [vllm, flash-attn]"),
            spec("b", "preset: qwen2.5-72b", inference + ", precision: int4", "framework: pytorch@2.3, components: [vllm, flash-attn]"),
            spec("c", "preset: mixtral-8x7b", training + ", precision: bf16", "framework: pytorch@2.3, components: [vllm, flash-attn]"),
            spec("d", "preset: llama-3-8b", inference + ", precision: fp8", "framework: pytorch@2.1, components: [sglang, nccl, triton]"),
            spec("e", "preset: deepseek-v3", inference + ", precision: fp8", "framework: pytorch@2.1, components: [sglang, nccl, triton]"),
            spec("f", "preset: llama-3-70b", training + ", precision: fp16", "framework: pytorch@2.3, components: [deepspeed, apex]"),
        ]
        let files = specs.enumerated().map { load(.init($1), file: "spec-\($0).yaml") }
        let ws = Linker.link(shippedProfiles + files)
        try #require(ws.deployments.count == specs.count)
        let planner = Planner(catalog: ws.catalog, asOf: Day("2026-11-29")!)
        let shared = planner.plan(ws.deployments)
        for d in shared.deployments {
            let r = try #require(ws.deployments.first { $0.deployment.name == d.name })
            for c in d.candidates {
                let alone = planner.candidate(r.deployment, ModelShape(r.architecture), c.chip)
                #expect(alone.changes == c.changes, "\(d.name) on \(c.chip.id)")
                #expect(alone.rejections.map(\.message) == c.rejections.map(\.message), "\(d.name) on \(c.chip.id)")
                #expect(alone.precision == c.precision, "\(d.name) on \(c.chip.id)")
                #expect(alone.evaluation?.layout == c.evaluation?.layout, "\(d.name) on \(c.chip.id)")
                #expect(alone.evaluations == c.evaluations, "\(d.name) on \(c.chip.id)")
            }
        }
        // The set exercises more than one toolchain, precision fallbacks and rejections.
        #expect(Set(shared.deployments.flatMap { $0.candidates.compactMap { $0.precision?.fallback } }).count > 1)
        #expect(shared.deployments.contains { $0.candidates.contains { !$0.fits } })
    }
}
