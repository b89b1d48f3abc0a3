import ChipFitSpec
import ChipFitPlanner
import Testing
import ChipFitYAML

/// Plain answers a new user checks first: how many replicas, which chip first, what a change
/// is, why a chip was ruled out.
@Suite struct PlainAnswers {
    private func deployment(_ yaml: [String]) throws -> DeploymentPlan {
        try #require(plan(yaml).deployments.first)
    }

    @Test func replicasNeverOutnumberTheSequencesTheyServe() throws {
        // 100k tokens/s from 4 sequences cannot be reached; more replicas than sequences
        // would only add idle chips.
        let d = try deployment([chipYAML(), specYAML(
            workload: "phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 256, concurrency: 4, slo: {throughput_tokens_per_s: 100000}",
            requirements: "certification: ignore")])
        let c = try #require(d.candidates.first)
        let e = try #require(c.evaluation)
        #expect(e.layout.data <= 4)
        #expect(e.sequencesPerReplica >= 1)
        #expect(c.rejections.map(\.code) == [.sloMissed])
        #expect(c.rejections[0].message.contains("closest layout found"), "\(c.rejections[0].message)")
        #expect(c.rejections[0].message.contains("DP \(e.layout.data)"))
    }

    @Test func expertParallelismStaysOpenAtLowConcurrency() throws {
        // DeepSeek-V3 serving one sequence: data-parallel ranks also hold expert shards, so the
        // cap on replicas must leave the expert-parallel layouts (the first cap forced a
        // 61-stage pipeline on every chip).
        let d = try deployment([chipYAML(), specYAML(model: "preset: deepseek-v3",
            workload: "phase: inference, precision: bf16, input_tokens: 2048, output_tokens: 512, concurrency: 1",
            requirements: "certification: ignore")])
        let e = try #require(d.candidates.first?.evaluation)
        #expect(d.candidates.first?.fits == true)
        #expect(e.layout.expert > 1 && e.layout.pipeline < 61, "\(e.layout)")
        #expect(e.layout.ranks <= 32, "\(e.layout)")
    }

    @Test func aPinnedDataDegreeBeyondTheSequencesIsHonouredWithAWarning() throws {
        let spec = specYAML(workload: "phase: inference, precision: bf16, input_tokens: 128, output_tokens: 16, parallelism: {data: 2}",
                            requirements: "certification: ignore")
        let d = try deployment([chipYAML(), spec])
        #expect(d.candidates.first?.evaluation?.layout.data == 2)
        let loaded = DocumentLoader.load(Array(spec.utf8), file: "spec.yaml")
        #expect(loaded.diagnostics.map(\.code).contains(.replicasBeyondSequences), "\(loaded.diagnostics)")
    }

    @Test func eachRejectionCodeIsNamedOnceWithEveryMissedTarget() throws {
        let d = try deployment([chipYAML(memory: "80GB", bandwidth: "0.1TB/s", compute: "bf16: 10TFLOPS"), specYAML(
            workload: "phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 256, concurrency: 1, slo: {ttft_ms: 1, tpot_ms: 1, throughput_tokens_per_s: 100000}",
            requirements: "certification: ignore, max_chips: 8")])
        let c = try #require(d.candidates.first)
        #expect(c.rejections.map(\.code) == [.sloMissed])
        let message = c.rejections[0].message
        #expect(message.contains("TTFT") && message.contains("TPOT") && message.contains("throughput"))
    }

    @Test func aChipPositionedForInferenceIsNotATrainingCandidate() throws {
        let training = "phase: training, method: lora, precision: bf16, sequence_length: 2048, global_batch_size: 16, tokens: 100M"
        let d = try deployment([chipYAML(positioning: "[inference]"), specYAML(workload: training, requirements: "certification: ignore")])
        let c = try #require(d.candidates.first)
        #expect(!c.fits)
        #expect(c.rejections.map(\.code) == [.notPositionedForPhase])
        #expect(c.evaluation != nil, "it still shows what it would need")
        // The same chip serves inference as before.
        let served = try deployment([chipYAML(positioning: "[inference]"), specYAML(
            workload: "phase: inference, precision: bf16, input_tokens: 512, output_tokens: 128", requirements: "certification: ignore")])
        #expect(served.candidates.first?.fits == true)
    }

    @Test func aChipPositionedForTrainingServesInferenceWithANote() throws {
        let d = try deployment([chipYAML(positioning: "[training]"), specYAML(
            workload: "phase: inference, precision: bf16, input_tokens: 512, output_tokens: 128", requirements: "certification: ignore")])
        let c = try #require(d.candidates.first)
        #expect(c.fits)
        #expect(c.warnings.map(\.code) == [.notPositionedForPhase])
        #expect(c.warnings.first?.message.contains("positioned for training only") == true)
    }

    @Test func aKeepWithEffortIsWorkAndAKeepWithoutIsNot() {
        let keep = ToolchainChange(component: "nccl", action: "keep", replacement: nil, effort: .none, blocking: false, note: nil, source: nil)
        let configure = ToolchainChange(component: "deepspeed", action: "keep", replacement: nil, effort: .low, blocking: false, note: nil, source: nil)
        let swap = ToolchainChange(component: "vllm", action: "replace", replacement: "x", effort: .medium, blocking: false, note: nil, source: nil)
        #expect(!keep.needsWork && configure.needsWork && swap.needsWork)
        #expect(MigrationPlanner.effortScore([keep, configure, swap]) == 1 + 3)
        // The timeline charges exactly the entries that need work (2 + 8 engineer-days at the defaults).
        let rollout = Rollout(changes: [keep, configure, swap], start: Day("2026-12-07")!, assumptions: .default)
        #expect(rollout.engineerDays == 10)
    }

    @Test func rejectedChipsAreListedNearestFirst() throws {
        // "a-far" cannot hold the model at any layout, "b-near" holds it but misses the TPOT
        // target slightly, "c-policy" fits technically and is only uncertified: nearest first,
        // whatever their ids.
        let spec = specYAML(workload: "phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 256, concurrency: 1, slo: {tpot_ms: 20}",
                            requirements: "certification: required, max_chips: 1")
        let d = try deployment([
            chipYAML(id: "a-far", memory: "4GB"),
            chipYAML(id: "b-near", bandwidth: "0.5TB/s"),
            chipYAML(id: "c-policy", bandwidth: "3TB/s"),
            spec,
        ])
        #expect(d.candidates.map(\.chip.id) == ["c-policy", "b-near", "a-far"])
    }

    @Test func aTrainingPrecisionFallbackRanksAfterNativeBF16() throws {
        // Same chip count; the fp16-only chip needs less migration effort (none) and less power,
        // but training a bf16 model in fp16 risks the run.
        let training = "phase: training, precision: bf16, sequence_length: 2048, global_batch_size: 16, tokens: 100M"
        let d = try deployment([
            chipYAML(id: "a-fp16-only", compute: "fp16: 300TFLOPS", power: "100W"),
            chipYAML(id: "b-native", compute: "bf16: 300TFLOPS, fp16: 300TFLOPS", power: "700W"),
            specYAML(model: "preset: llama-2-7b", workload: training, requirements: "certification: ignore"),
        ])
        let fitting = d.candidates.filter(\.fits)
        #expect(fitting.map(\.chip.id) == ["b-native", "a-fp16-only"])
        #expect(fitting.map { $0.evaluation?.layout.ranks } == [fitting[0].evaluation?.layout.ranks, fitting[0].evaluation?.layout.ranks])
    }
}

@Suite struct DiagnosticCodeRegistry {
    @Test func everyCodeIsListedOnceInOrderWithTheSeverityOfItsSeries() {
        let ids = DiagnosticCode.all.map(\.rawValue)
        #expect(Set(ids).count == ids.count, "a code id is declared twice")
        #expect(ids == ids.sorted())
        for code in DiagnosticCode.all {
            // CF3xx is about valid input: warnings, or notes that change nothing's validity;
            // CF5xx reports places in a scanned repository, blocking (errors) or not.
            if code.rawValue.hasPrefix("CF3") {
                #expect(code.defaultSeverity != .error, "\(code)")
            } else if !code.rawValue.hasPrefix("CF5") {
                #expect(code.defaultSeverity == .error, "\(code)")
            }
            #expect(DiagnosticCode.named(code.rawValue) == code)
        }
        #expect(DiagnosticCode.named("CF999") == nil)
    }
}
