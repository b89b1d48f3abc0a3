@testable import ChipFitSpec
@testable import ChipFitPlanner
import ChipFitYAML
import Testing
import TestSupport

/// DeepSeek Sparse Attention as serving engines run it (docs/model.md, "Attention kinds"): the
/// indexer whole on every tensor-parallel rank, and the attention over the picked positions on
/// padded heads where the chip's kernels take heads in blocks. Expected figures are worked out
/// by hand from DeepSeek-V3.2's published dimensions: 61 layers, 128 heads, MLA with a
/// 512-value latent and 64 rope dimensions, an indexer of 64 heads of 128, top 2,048.
@Suite struct SparseAttentionServing {
    /// One 4,096-token prompt on a copy of the H200 profile edited by `edit`, at `precision`
    /// (weights and arithmetic) with a BF16 KV cache.
    private func evaluator(precision: Precision = .fp8, _ edit: (String) -> String) throws -> Evaluator {
        let spec = """
            apiVersion: chipfit/v1
            kind: Deployment
            name: dsa
            model: {preset: deepseek-v3.2}
            workload: {phase: inference, precision: \(precision.rawValue), kv_cache_precision: bf16, input_tokens: 4096, output_tokens: 1, concurrency: 1}
            requirements: {certification: ignore}

            """
        let file = "profiles/chips/nvidia-h200.yaml"
        let chipText = edit(String(decoding: Repo.read(file), as: UTF8.self))
        let choice = PrecisionChoice(requested: precision, weights: precision, compute: precision, kvCache: .bf16)
        return try ChipFitSpecTests.evaluator(spec: spec, chip: "nvidia-h200", precision: choice,
                                              profiles: shippedProfiles.filter { $0.file != file }
                                                  + [DocumentLoader.load(Array(chipText.utf8), file: file)])
    }

    private func withoutHeadBlock(_ text: String) -> String {
        text.replacingOccurrences(of: "sparse_attention_head_block: 64\n", with: "")
    }

    /// The prompt's prefill iteration on TP t: its FLOPs per chip.
    private func prefillFLOPs(_ e: Evaluator, tensor t: Int) throws -> Double {
        let evaluation = e.evaluate(Layout(tensor: t, pipeline: 1, data: 1, expert: 1))
        try #require(evaluation.memory.fits)
        #expect(evaluation.prefill.prefillTokens == 4096)
        return evaluation.prefill.flopsPerChip
    }

    @Test func theIndexerRunsWholeOnEveryTensorParallelRank() throws {
        // Memory enough for one chip to hold the model, so TP 1 and TP 8 can be compared.
        let e = try evaluator { withoutHeadBlock($0).replacingOccurrences(of: "capacity: 143771MiB", with: "capacity: 4000GB") }
        let one = try prefillFLOPs(e, tensor: 1), eight = try prefillFLOPs(e, tensor: 8)
        // Everything else splits eight ways; the indexer does not: 8 · eight − one = 7 · indexer.
        // Its scores: 2 · 64 heads · 128 FLOPs per scored position, over a prompt token's earlier
        // positions, 2,048.5 on average for positions 0.5 … 4,096.5. Its projections: queries
        // from the 1,536-wide query latent (64 heads × 128), a 128-wide key and 64 head weights
        // from the 7,168-wide hidden state, 2 FLOPs per parameter. 61 layers, 4,096 tokens.
        let scores = 2.0 * 64 * 128 * 2048.5
        let queryProjection: Double = 1536 * 64 * 128, keyAndWeights: Double = 7168 * (128 + 64)
        let projections = 2 * (queryProjection + keyAndWeights)
        let indexer = 61 * (scores + projections) * 4096
        #expect(abs((8 * eight - one) / 7 / indexer - 1) < 1e-9)
        // So are its weights: 61 layers' projections at 1 byte and a 4-byte scale per 128 × 128 block.
        func weights(_ t: Int) -> Double { e.evaluate(Layout(tensor: t, pipeline: 1, data: 1, expert: 1)).memory.weights }
        let indexerBytes = 61 * (queryProjection + keyAndWeights) * (1 + 4.0 / (128 * 128))
        #expect(abs((8 * weights(8) - weights(1)) / 7 / indexerBytes - 1) < 1e-9)
    }

    @Test func theIndexerScoresAtTheChipsFP8Rate() throws {
        // A BF16 deployment: the indexer's scores are the only work at the FP8 rate, so doubling
        // the chip's FP8 figure saves half their time and changes nothing else.
        func prefillSeconds(fp8 tflops: Int) throws -> (seconds: Double, efficiency: Double) {
            let e = try evaluator(precision: .bf16) {
                $0.replacingOccurrences(of: "capacity: 143771MiB", with: "capacity: 4000GB")
                    .replacingOccurrences(of: "fp8: 1979TFLOPS", with: "fp8: \(tflops)TFLOPS")
            }
            let evaluation = e.evaluate(Layout(tensor: 1, pipeline: 1, data: 1, expert: 1))
            try #require(evaluation.memory.fits)
            return (evaluation.prefill.computeSeconds, e.efficiency.compute)
        }
        // 2 · 64 heads · 128 FLOPs per scored position, 2,048.5 earlier positions on average,
        // 61 layers, 4,096 prompt tokens, at the compute efficiency in force.
        let scores = 61 * 2.0 * 64 * 128 * 2048.5 * 4096
        let (base, efficiency) = try prefillSeconds(fp8: 1979)
        let saved = base - (try prefillSeconds(fp8: 3958).seconds)
        #expect(abs(saved / (scores / (1979e12 * efficiency) / 2) - 1) < 1e-6)
    }

    @Test func hopperPadsEachRanksHeadsToABlockOf64() throws {
        let padded = try evaluator { $0 }, unpadded = try evaluator(withoutHeadBlock)
        // TP 8 leaves 16 heads a rank, computed as 64: three times the picked positions' attention
        // again. A picked position costs absorbed MLA, 2 · 128 heads · (2 · 512 + 64) FLOPs; a
        // prompt token at position t attends min(t, 2,048), 1,536.25 on average over the prompt.
        let picked = 61.0 * 2 * 128 * (2 * 512 + 64) * 1536.25 * 4096 / 8
        let extra = try prefillFLOPs(padded, tensor: 8) - prefillFLOPs(unpadded, tensor: 8)
        #expect(abs(extra / (3 * picked) - 1) < 1e-6)
        // 128 heads a rank at TP 1 fill two blocks: nothing to pad.
        #expect(padded.sparseHeadPadding(tensor: 1) == 1)
        #expect(padded.sparseHeadPadding(tensor: 4) == 2)
    }
}
