@testable import ChipFitSpec
@testable import ChipFitPlanner
import ChipFitYAML
import Testing
import TestSupport

/// `serving.admission`: whether a replica's memory must hold every sequence it runs, or runs as
/// many as its KV cache holds and queues the rest, as vLLM and SGLang admit requests.
/// Qwen3-32B in BF16 on one H100 holds its 65 GB of weights and caches for a handful of
/// 8,000-token sequences, not the 64 the spec sends.
@Suite struct Admission {
    private func spec(_ serving: String, chip: String = "nvidia-h100-sxm") -> String {
        """
            apiVersion: chipfit/v1
            kind: Deployment
            name: admission
            model: {preset: qwen3-32b}
            workload:
              phase: inference
              precision: bf16
              input_tokens: 6000
              output_tokens: 2000
              concurrency: 64
              parallelism: {tensor: 1, pipeline: 1, data: 1}
              serving: \(serving)
            requirements: {certification: ignore, chips: [\(chip)]}

            """
    }

    private func linked(_ spec: String) -> Workspace {
        Linker.link(shippedProfiles + [DocumentLoader.load(Array(spec.utf8), file: "admission.yaml")])
    }

    private func evaluation(_ serving: String, chip: String = "nvidia-h100-sxm") throws -> Evaluation {
        let bf16 = PrecisionChoice(requested: .bf16, weights: .bf16, compute: .bf16, kvCache: .bf16)
        return try evaluator(spec: spec(serving, chip: chip), chip: chip, precision: bf16)
            .evaluate(Layout(tensor: 1, pipeline: 1, data: 1, expert: 1))
    }

    @Test func byDefaultEveryRunningSequenceMustFit() throws {
        let e = try evaluation("{}")
        #expect(e.runningSequences == 64)
        #expect(!e.memory.fits)
        #expect(!e.runningLimitedByMemory)
    }

    @Test func admittedByMemoryTheReplicaRunsTheMostThatFit() throws {
        let admitted = try evaluation("{admission: memory}")
        #expect(admitted.memory.fits)
        #expect(admitted.runningLimitedByMemory)
        let n = Int(admitted.runningSequences)
        // Each of 6,000 + 2,000 positions keeps 64 layers × 8 KV heads × 128 × 2 (K and V) BF16
        // values: 2.1 GB a sequence. The 85.5 GB device less 65.6 GB of weights, its 10 % reserve
        // (8.6 GB) and an 8,192-token prefill chunk's workspace (1.6 GB) leaves 9.8 GB: four
        // caches. The rule agrees with `max_sequences` stated outright.
        #expect(n == 4)
        #expect(try evaluation("{max_sequences: \(n)}").memory.fits)
        #expect(try !evaluation("{max_sequences: \(n + 1)}").memory.fits)
        // The others wait for a slot: the first token comes long after the prompt's own prefill.
        #expect(try #require(admitted.ttftSeconds) > 10 * admitted.prefill.seconds)
    }

    @Test func maxSequencesStillCapsTheRunningSequences() throws {
        let capped = try evaluation("{admission: memory, max_sequences: 3}")
        #expect(capped.runningSequences == 3)
        #expect(!capped.runningLimitedByMemory)
        let roomier = try evaluation("{admission: memory, max_sequences: 10}")
        #expect(roomier.runningSequences == 4)
        #expect(roomier.runningLimitedByMemory)
    }

    @Test func aChipThatHoldsNotEvenOneSequenceIsStillOutOfMemory() throws {
        // 65.6 GB of weights on a 48 GB L20: no cache fits, and nothing is said to be admitted.
        let e = try evaluation("{admission: memory}", chip: "nvidia-l20")
        #expect(!e.memory.fits)
        #expect(!e.runningLimitedByMemory)
    }

    @Test func thePlanNotesTheWait() throws {
        let ws = linked(spec("{admission: memory}"))
        let plan = Planner(catalogue: ws.catalogue, asOf: Day("2026-11-29")!).plan(ws.deployments)
        let c = try #require(plan.deployments.first?.candidates.first { $0.chip.id == "nvidia-h100-sxm" })
        let note = try #require(c.warnings.first { $0.code == .sequencesQueued })
        #expect(note.message.contains("holds 4 of the 64 sequences each replica serves"))
        #expect(c.rejections.allSatisfy { $0.code != .sequencesQueued })
    }

    @Test(arguments: ["{admission: memory, batching: static}",
                      "{admission: memory, disaggregation: {prefill: {tensor: 1}, decode: {tensor: 1}}}"])
    func onlyContinuousBatchingOnOneSetOfReplicasAdmitsByMemory(serving: String) throws {
        let text = spec(serving).replacingOccurrences(of: "  parallelism: {tensor: 1, pipeline: 1, data: 1}\n", with: "")
        let ws = linked(text)
        let found = ws.diagnostics.filter { $0.code == .conflictingFields }
        #expect(found.count == 1, "\(ws.diagnostics)")
        #expect(found.first?.message.contains("`admission: memory`") == true)
        #expect(ws.deployments.isEmpty)
    }
}
