import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML
import Foundation
import TestSupport
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
        let planner = Planner(catalogue: ws.catalogue, asOf: Day("2026-11-29")!)
        // One cache through every deployment, so later ones reuse what earlier ones derived.
        var cache = PlanCache()
        let shared = Plan(asOf: planner.asOf, certificationLists: [],
                          deployments: planner.ordered(ws.deployments).map { planner.plan($0, cache: &cache) })
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

@Suite struct PlanCacheText {
    /// `2.9` and `2.9.0` compare equal as versions, but each plan quotes its own spec (as
    /// chipfit prints versions: `2.9.00` reads as `2.9.0`).
    @Test func equalVersionsWrittenDifferentlyKeepTheirOwnText() throws {
        func spec(_ name: String, _ version: String) -> String {
            """
            apiVersion: chipfit/v1
            kind: Deployment
            name: \(name)
            model: {preset: llama-3-8b}
            workload: {phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 256, concurrency: 4}
            toolchain: {framework: pytorch@\(version), components: [vllm@0.6, nccl]}
            requirements: {certification: ignore}
            """
        }
        let files = [load(.init(spec("a", "2.9")), file: "a.yaml"), load(.init(spec("b", "2.9.0")), file: "b.yaml"),
                     load(.init(spec("c", "2.9.00")), file: "c.yaml")]
        let ws = Linker.link(shippedProfiles + files)
        let plan = Planner(catalogue: ws.catalogue, asOf: Day("2026-11-29")!).plan(ws.deployments)
        for (name, text) in [("a", "pytorch@2.9"), ("b", "pytorch@2.9.0"), ("c", "pytorch@2.9.0")] {
            let d = try #require(plan.deployments.first { $0.name == name })
            let quoted = Set(d.candidates.flatMap(\.changes).map(\.component).filter { $0.hasPrefix("pytorch") })
            #expect(quoted == [text], "\(name)")
        }
    }

    /// One inference spec, with `toolchain` when given.
    private func inferenceSpec(toolchain: String? = nil) -> LoadedFile {
        load(.init("""
            apiVersion: chipfit/v1
            kind: Deployment
            name: a
            model: {preset: llama-3-8b}
            workload: {phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 256, concurrency: 4}
            \(toolchain.map { "toolchain: \($0)" } ?? "")
            requirements: {certification: ignore}
            """), file: "a.yaml")
    }

    @Test func aCacheUsedByAnotherPlannerStartsOver() throws {
        let spec = inferenceSpec()
        let full = Linker.link(shippedProfiles + [spec])
        // Without the first-generation Ascend 910, the Atlas 300I Duo (no bf16) moves to the
        // position the 910B held: a stale cache would give it the 910B's precision choice.
        let fewer = Linker.link(shippedProfiles.filter { !$0.file.hasSuffix("/ascend-910.yaml") } + [spec])
        let day = Day("2026-11-29")!
        var cache = PlanCache()
        _ = Planner(catalogue: full.catalogue, asOf: day).plan(full.deployments[0], cache: &cache)
        let reused = Planner(catalogue: fewer.catalogue, asOf: day).plan(fewer.deployments[0], cache: &cache)
        let fresh = Planner(catalogue: fewer.catalogue, asOf: day).plan(fewer.deployments[0])
        #expect(reused.candidates.map(\.chip.id) == fresh.candidates.map(\.chip.id))
        #expect(reused.candidates.map(\.precision) == fresh.candidates.map(\.precision))
        #expect(reused.candidates.map { $0.rejections.map(\.message) } == fresh.candidates.map { $0.rejections.map(\.message) })
    }

    @Test func sameChipIdsOnAnotherStackStartOver() throws {
        let spec = inferenceSpec(toolchain: "{framework: pytorch@2.3, components: [vllm, nccl]}")
        // The same chip ids, but the H20 declared on CANN instead of CUDA: its toolchain
        // changes differ, and the cache (keyed by chip position) must not hand out the old ones.
        let h20 = "profiles/chips/nvidia-h20.yaml"
        let text = String(decoding: Repo.read(h20), as: UTF8.self)
        try #require(text.contains("stack: cuda\n"))
        let moved = DocumentLoader.load(Array(text.replacingOccurrences(of: "stack: cuda\n", with: "stack: cann\n").utf8), file: h20)
        let full = Linker.link(shippedProfiles + [spec])
        let other = Linker.link(shippedProfiles.filter { $0.file != h20 } + [moved, spec])
        try #require(other.diagnostics.filter { $0.severity == .error }.isEmpty)
        let day = Day("2026-11-29")!
        var cache = PlanCache()
        let first = Planner(catalogue: full.catalogue, asOf: day).plan(full.deployments[0], cache: &cache)
        let reused = Planner(catalogue: other.catalogue, asOf: day).plan(other.deployments[0], cache: &cache)
        let fresh = Planner(catalogue: other.catalogue, asOf: day).plan(other.deployments[0])
        func changes(_ p: DeploymentPlan) -> [ToolchainChange]? { p.candidates.first { $0.chip.id == "nvidia-h20" }?.changes }
        #expect(changes(first) != changes(fresh), "the two catalogues must differ for this test to mean anything")
        #expect(changes(reused) == changes(fresh))
        let differing = zip(reused.candidates, fresh.candidates).filter { $0.changes != $1.changes }.map(\.0.chip.id)
        #expect(differing.isEmpty, "toolchain changes differ from a fresh cache's on \(differing)")
    }
}

/// `Planner.plan` on every core, a contiguous run and a cache each, gives what planning one
/// deployment at a time gives, in plan order, with more deployments than cores.
@Suite struct ParallelPlanning {
    @Test func everyCoreGivesTheSerialPlanInOrder() throws {
        let count = 3 * Parallelism.workers + 2
        let toolchains = ["{framework: pytorch@2.3, components: [vllm, flash-attn]}", "{framework: pytorch@2.1, components: [sglang, nccl, triton]}"]
        let files = (0..<count).map { i in
            DocumentLoader.load(Array("""
                apiVersion: chipfit/v1
                kind: Deployment
                name: d\(String(format: "%03d", i))
                model: {preset: \(i % 3 == 0 ? "qwen2.5-72b" : "llama-3-8b")}
                workload: {phase: inference, precision: \(i % 2 == 0 ? "bf16" : "fp8"), input_tokens: \(512 * (1 + i % 4)), output_tokens: 128, concurrency: \(1 + i)}
                toolchain: \(toolchains[i % 2])
                requirements: {certification: ignore}

                """.utf8), file: "d\(i).yaml")
        }
        let ws = Linker.link(shippedProfiles + files)
        try #require(ws.deployments.count == count)
        let planner = Planner(catalogue: ws.catalogue, asOf: Day("2026-11-29")!)
        let parallel = planner.plan(ws.deployments.reversed())
        #expect(parallel.deployments.map(\.name) == (0..<count).map { "d" + String(format: "%03d", $0) })
        for (p, r) in zip(parallel.deployments, planner.ordered(ws.deployments)) {
            let alone = planner.plan(r)
            #expect(p.candidates.map(\.chip.id) == alone.candidates.map(\.chip.id), "\(p.name)")
            #expect(p.candidates.map { $0.evaluation?.layout } == alone.candidates.map { $0.evaluation?.layout }, "\(p.name)")
            #expect(p.candidates.map(\.changes) == alone.candidates.map(\.changes), "\(p.name)")
        }
    }
}
