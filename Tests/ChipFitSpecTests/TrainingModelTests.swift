import ChipFitSpec
import ChipFitPlanner
import Testing

/// The training model (docs/model.md, "Training time"): schedules and overlap checked against
/// published figures and hand arithmetic, not against the code's own output.
@Suite struct TrainingModel {
    /// An idealised chip (efficiency 1) so hand arithmetic applies.
    static let ideal = chipYAML(memory: "80GB", bandwidth: "2TB/s", compute: "bf16: 300TFLOPS, fp16: 300TFLOPS",
                                extra: "efficiency: {compute: 1, memory: 1, interconnect: 1}")

    static func evaluation(_ workload: String, chip: String = ideal) throws -> Evaluation {
        let spec = specYAML(model: "preset: llama-2-7b", workload: workload, requirements: "certification: ignore")
        let d = try #require(try plan([chip, spec]).deployments.first)
        return try #require(d.candidates.first { $0.chip.id == "test-chip" }?.evaluation)
    }

    /// Llama-2-7B as its preset gives it, for hand arithmetic on its FLOPs.
    static var llama2: Architecture? {
        try? plan([ideal, specYAML(model: "preset: llama-2-7b", workload: "phase: inference, precision: bf16, input_tokens: 1, output_tokens: 1",
                                   requirements: "certification: ignore")]).deployments.first?.model.architecture
    }

    static let base = "phase: training, precision: bf16, sequence_length: 4096, micro_batch_size: 1, tokens: 1B"

    /// Pangu Ultra (arXiv 2504.07866, §3.2): on 8 pipeline stages with 16 micro-batches per
    /// step, six virtual stages per rank cut the bubble "from 30.45% to 6.8%" of the step.
    /// chipfit's bubble is a fraction x of the compute, so of the step it is x / (1 + x).
    @Test func interleavingCutsTheBubbleAsPanguUltraMeasured() {
        func shareOfStep(_ s: TrainingSchedule) -> Double {
            let x = s.bubble(stages: 8, microBatches: 16)
            return x / (1 + x)
        }
        #expect(abs(shareOfStep(TrainingSchedule()) - 0.3045) < 0.0005)
        #expect(abs(shareOfStep(TrainingSchedule(pipeline: .interleaved, virtualStages: 6)) - 0.068) < 0.0005)
    }

    /// DeepSeek-V3, Table 2: DualPipe's bubble (PP/2 − 1)(F&B + B − 3W) against 1F1B's
    /// (PP − 1)(F + B), B a chunk's whole backward and W its weight-gradient part. With F = 1,
    /// B = 2, W = 1 and F&B = F + B, at PP 16 that is 7 · 2 = 14 units against 15 · 3 = 45.
    @Test func dualPipeBubbleFollowsDeepSeekV3Table2() {
        let f = 1.0, b = 2.0, w = 1.0, pp = 16.0
        let dualPipe = (pp / 2 - 1) * ((f + b) + b - 3 * w)
        let oneFOneB = (pp - 1) * (f + b)
        let ratio = TrainingSchedule(pipeline: .dualpipe).bubble(stages: 16, microBatches: 32)
            / TrainingSchedule().bubble(stages: 16, microBatches: 32)
        #expect(abs(ratio - dualPipe / oneFOneB) < 1e-12)
        #expect(TrainingSchedule(pipeline: .dualpipe).bubble(stages: 2, microBatches: 8) == 0)
    }

    /// With nothing but compute (one chip, no pipeline, no recompute) the chip runs at the
    /// stated efficiency, so the model FLOPs utilisation is exactly that efficiency.
    @Test func modelFLOPsUtilisationIsTheEfficiencyWhenOnlyComputeCounts() throws {
        let spec = specYAML(model: "preset: llama-2-7b", workload: Self.base + ", recompute: none, global_batch_size: 8, zero_stage: 3, parallelism: {tensor: 1, pipeline: 1, data: 1}, efficiency: {compute: 0.5}",
                            requirements: "certification: ignore")
        let c = try #require(try plan([chipYAML(memory: "1000GB", compute: "bf16: 300TFLOPS"), spec]).deployments.first?.candidates.first)
        let e = try #require(c.evaluation), rate = try #require(c.trainingRate)
        #expect(abs(try #require(rate.modelFLOPsUtilization) - 0.5) < 1e-9)
        // Tokens per second: a step's tokens over its time.
        #expect(abs(rate.tokensPerSecond - 8 * 4096 / e.stepSeconds) < 1e-6)
    }

    /// Interleaving with v chunks divides the 1F1B bubble by v (Narayanan et al. 2021, §2.2.2).
    @Test func interleavedStagesDivideTheBubble() throws {
        let layout = Self.base + ", global_batch_size: 32, parallelism: {tensor: 1, pipeline: 4, data: 1}"
        let plain = try Self.evaluation(layout)
        let interleaved = try Self.evaluation(layout + ", training: {pipeline_schedule: interleaved, virtual_stages: 4}")
        #expect(plain.bubbleSeconds > 0)
        #expect(abs(plain.bubbleSeconds - plain.stepComputeSeconds * 3 / 32) < 1e-9 * plain.stepSeconds)
        #expect(abs(interleaved.bubbleSeconds - plain.bubbleSeconds / 4) < 1e-9 * plain.stepSeconds)
    }

    /// Tensor-parallel collectives hidden behind the matmuls leave the step only where they
    /// outlast the compute; unhidden, every one is waited for.
    @Test func tensorParallelOverlapHidesTheAllReduces() throws {
        let layout = Self.base + ", global_batch_size: 8, parallelism: {tensor: 8, pipeline: 1, data: 1}"
        let waited = try Self.evaluation(layout)
        let hidden = try Self.evaluation(layout + ", training: {tensor_parallel_overlap: true}")
        #expect(waited.tpCommSeconds > 0 && waited.tpExposedSeconds == waited.tpCommSeconds)
        #expect(hidden.tpCommSeconds == waited.tpCommSeconds)
        #expect(hidden.tpExposedSeconds == max(0, hidden.tpCommSeconds - hidden.stepComputeSeconds))
        #expect(abs(waited.stepSeconds - hidden.stepSeconds - (waited.tpCommSeconds - hidden.tpExposedSeconds)) < 1e-9 * waited.stepSeconds)
    }

    /// FP8 recipes run the linear layers in FP8 and keep attention and the output head in
    /// 16 bits (DeepSeek-V3, §3.3): on a chip with twice the FP8 rate, only the rest halves.
    @Test func fp8TrainingKeepsAttentionAndTheHeadAt16Bits() throws {
        let chip = chipYAML(memory: "1000GB", compute: "bf16: 300TFLOPS, fp8: 600TFLOPS",
                            extra: "efficiency: {compute: 1, memory: 1, interconnect: 1}")
        let layout = ", recompute: none, global_batch_size: 8, sequence_length: 4096, micro_batch_size: 1, tokens: 1B, parallelism: {tensor: 1, pipeline: 1, data: 1}"
        let bf16 = try Self.evaluation("phase: training, precision: bf16" + layout, chip: chip)
        let fp8 = try Self.evaluation("phase: training, precision: fp8" + layout, chip: chip)
        // Llama-2-7B: 32 layers of width 4096, vocabulary 32,000, sequence 4096.
        let attention = 4.0 * 32 * 4096 * 4096 * 3, head = 6.0 * 32000 * 4096
        let total = PerformanceModel.trainingFLOPs(ModelShape(try #require(Self.llama2)), sequence: 4096, recompute: .none,
                                                   method: .full, adapterParameters: 0).total
        let expected = ((total - attention - head) / 600 + (attention + head) / 300) / (total / 300)
        #expect(abs(fp8.stepComputeSeconds / bf16.stepComputeSeconds - expected) < 1e-9)
        #expect(expected > 0.5 && expected < 0.7)
    }

    /// A multi-token-prediction module (DeepSeek-V3 §2.2) runs a layer like the model's, a
    /// 2h → h projection and the output head once more, forward and backward. Llama-2-7B by
    /// hand: 32 layers of 202.4M matmul parameters (6.74B less the 131M input embedding and
    /// the 131M head, over 32), width 4096, vocabulary 32,000, sequence 4096.
    @Test func multiTokenPredictionAddsALayerAProjectionAndAHead() throws {
        let shape = ModelShape(try #require(Self.llama2))
        func flops(_ modules: Int, _ method: Workload.Method = .full) -> TrainingFLOPs {
            PerformanceModel.trainingFLOPs(shape, sequence: 4096, recompute: .none, method: method,
                                           adapterParameters: 0, mtpLayers: modules)
        }
        let h = 4096.0, v = 32000.0
        let layer = (2 * shape.activeMatmulParameters - 2 * v * h) / 32
        #expect(abs(layer / 2 - 202.4e6) < 0.1e6)
        let attention = 4 * h * 4096, projection = 2 * 2 * h * h, head = 2 * v * h
        let added = 3 * (layer + attention + projection + head)
        #expect(abs(flops(1).total - flops(0).total - added) < 1e-9 * added)
        #expect(abs(flops(2).total - flops(0).total - 2 * added) < 1e-9 * added)
        #expect(flops(1).head == 2 * flops(0).head)
        #expect(flops(1, .lora).total == flops(0, .lora).total) // adapters only: no module trained
    }

    /// ZeRO-3 prefetches parameters in the forward pass as in the backward, so its traffic
    /// overlaps the whole step's compute; the gradient reduction of lower stages only the
    /// backward pass (two thirds of it).
    @Test func zeroThreeTrafficOverlapsTheWholeStep() throws {
        let layout = Self.base + ", global_batch_size: 8, parallelism: {tensor: 1, pipeline: 1, data: 8}"
        let slow = chipYAML(memory: "80GB", compute: "bf16: 300TFLOPS", nodeBandwidth: "1GB/s",
                            extra: "efficiency: {compute: 1, memory: 1, interconnect: 1}")
        let three = try Self.evaluation(layout + ", zero_stage: 3", chip: slow)
        let one = try Self.evaluation(layout + ", zero_stage: 1", chip: slow)
        #expect(three.dpExposedSeconds == max(0, three.dpCommSeconds - three.stepComputeSeconds))
        #expect(one.dpExposedSeconds == max(0, one.dpCommSeconds - one.stepComputeSeconds * 2 / 3))
        #expect(one.dpExposedSeconds > 0 && three.dpCommSeconds == 1.5 * one.dpCommSeconds)
    }

    /// An expert-load imbalance stretches the busiest rank's routed-expert matmuls: the step's
    /// compute grows by the routed FLOPs' time times the excess.
    @Test func expertLoadImbalanceStretchesTheRoutedMatmuls() throws {
        let base = "phase: training, precision: bf16, recompute: none, sequence_length: 4096, micro_batch_size: 1, global_batch_size: 8, tokens: 1B, zero_stage: 3, parallelism: {tensor: 1, pipeline: 1, data: 8, expert: 8}"
        func evaluation(_ extra: String) throws -> Evaluation {
            let chip = chipYAML(memory: "1000GB", compute: "bf16: 300TFLOPS", extra: "efficiency: {compute: 1, memory: 1, interconnect: 1}")
            let spec = specYAML(model: "preset: mixtral-8x7b", workload: base + extra, requirements: "certification: ignore")
            let d = try #require(try plan([chip, spec]).deployments.first)
            return try #require(d.candidates.first?.evaluation)
        }
        let balanced = try evaluation("")
        let skewed = try evaluation(", training: {expert_load_imbalance: 1.5}")
        // Mixtral: 32 layers, 2 of 8 experts of three 4096 × 14336 matrices each (the preset
        // scales its tally to the published parameter count, a 0.01 % difference).
        let routedPerToken = 2.0 * (32 * 2 * 3 * 4096 * 14336) * 3
        let extra = 8 * 4096 * routedPerToken * 0.5 / 8 / 300e12
        #expect(abs((skewed.stepComputeSeconds - balanced.stepComputeSeconds) / extra - 1) < 1e-3)
        #expect(abs(skewed.expertCommSeconds / balanced.expertCommSeconds - 1.5) < 1e-9)
    }

    /// Activation terms each memory-saving fact removes, against Korthikanti's count by hand
    /// (s = 4096, b = 1, t = 1): no dropout drops the two sbh masks; a fused SwiGLU keeps 6sbi
    /// of the gated MLP's 8sbi; recomputing the normalisations drops their outputs (4sbh).
    @Test func activationTermsFollowWhatTheTrainingKeeps() {
        var a = Architecture(layers: 32, hiddenSize: 4096, intermediateSize: 11008, attentionHeads: 32, kvHeads: 32,
                             headDim: 128, vocabSize: 32000)
        let sb = 4096.0, h = 4096.0, i = 11008.0
        func bytes(_ a: Architecture, fused: Bool, _ modules: TrainingSchedule.Recomputed = [.coreAttention]) -> Double {
            MemoryModel.activationBytesPerLayer(sequence: 4096, microBatch: 1, shape: ModelShape(a), tensorParallel: 1,
                                                recompute: .selective, fusedKernels: fused, recomputed: modules)
        }
        // Korthikanti's selective count with MHA and a gated MLP: 11sbh + 3sbh + 8sbi + 4sbh.
        let withMasks = bytes(a, fused: false)
        #expect(withMasks == sb * h * 18 + 8 * sb * i)
        a.dropout = false
        #expect(withMasks - bytes(a, fused: false) == 2 * sb * h)
        #expect(bytes(a, fused: false) - bytes(a, fused: true) == 2 * sb * i)
        #expect(bytes(a, fused: true) - bytes(a, fused: true, [.coreAttention, .layernorm]) == 4 * sb * h)
    }

    /// MLA's up-projections recomputed: the latents (q 1536, kv 512 + rope 64) are kept instead
    /// of the decompressed queries, keys and values, and their matmuls run again in the backward.
    @Test func recomputingMLAUpProjectionsKeepsTheLatents() throws {
        var a = Architecture(layers: 4, hiddenSize: 7168, intermediateSize: 18432, attentionHeads: 128, kvHeads: 128,
                             headDim: 192, vocabSize: 129280)
        a.mla = Architecture.MLA(qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128)
        a.dropout = false
        let shape = ModelShape(a)
        let sb = 4096.0
        func bytes(_ modules: TrainingSchedule.Recomputed) -> Double {
            MemoryModel.activationBytesPerLayer(sequence: 4096, microBatch: 1, shape: shape, tensorParallel: 1,
                                                recompute: .selective, fusedKernels: true, recomputed: modules)
        }
        let widths: Double = 128 * 192 + 128 * 192 + 128 * 128
        let decompressed = 2 * sb * widths, latents = 2 * sb * (1536 + 512 + 64)
        #expect(bytes([.coreAttention]) - bytes([.coreAttention, .mlaUpProjection]) == decompressed - latents)
        func flops(_ modules: TrainingSchedule.Recomputed) -> Double {
            PerformanceModel.trainingFLOPs(shape, sequence: 4096, recompute: .selective, method: .full,
                                           adapterParameters: 0, recomputed: modules).total
        }
        let queries: Double = 1536 * 128 * 192, keysValues: Double = 512 * 128 * 256
        let upProjections = 2 * 4 * (queries + keysValues)
        #expect(flops([.coreAttention, .mlaUpProjection]) - flops([.coreAttention]) == upProjections)
    }

    /// Stated first and last stages (Llama 3 405B: 7 of 126 layers on each of 16 stages) leave
    /// the middle stages ⌈112/14⌉ = 8, which set the pace; the second stage, 8 layers with 15
    /// micro-batches in flight, holds more than the first's 7 with 16.
    @Test func statedFirstAndLastStagesShareTheRest() throws {
        let base = "phase: training, precision: bf16, recompute: selective, sequence_length: 4096, micro_batch_size: 1, global_batch_size: 64, tokens: 1B, parallelism: {tensor: 1, pipeline: 4, data: 1}"
        let even = try Self.evaluation(base)
        let stated = try Self.evaluation(base + ", training: {first_stage_layers: 6, last_stage_layers: 6}")
        // Llama-2-7B's 32 layers: evenly 8 a stage; stated, the two middle stages take 10 each.
        #expect(abs(stated.stepComputeSeconds / even.stepComputeSeconds - 10.0 / 8) < 1e-9)
        let perLayer = even.memory.activations / (8 * 4)
        #expect(abs(stated.memory.activations - perLayer * 10 * 3) < 1e-6 * stated.memory.activations)
    }

    /// DualPipe's ranks hold p + 1 micro-batches' activations (DeepSeek-V3, Table 2), 1F1B's
    /// first stage p.
    @Test func dualPipeHoldsOneMicroBatchMore() {
        #expect(TrainingSchedule(pipeline: .dualpipe).inFlight(stages: 16, microBatches: 120) == 17)
        #expect(TrainingSchedule().inFlight(stages: 16, microBatches: 120) == 16)
        #expect(TrainingSchedule(pipeline: .dualpipe).inFlight(stages: 16, microBatches: 8) == 8)
    }

    /// Hidden communication shares the compute time: once the tensor-parallel all-reduces have
    /// used it up, the gradient reduction has nothing left to hide behind.
    @Test func hiddenCommunicationSharesTheComputeTime() throws {
        let slow = chipYAML(memory: "80GB", compute: "bf16: 300TFLOPS", nodeBandwidth: "4GB/s",
                            extra: "efficiency: {compute: 1, memory: 1, interconnect: 1}")
        let e = try Self.evaluation(Self.base + ", global_batch_size: 8, zero_stage: 1, parallelism: {tensor: 4, pipeline: 1, data: 2}, training: {tensor_parallel_overlap: true}",
                                    chip: slow)
        #expect(e.tpCommSeconds > e.stepComputeSeconds)
        #expect(abs(e.tpExposedSeconds - (e.tpCommSeconds - e.stepComputeSeconds)) < 1e-9 * e.tpCommSeconds)
        #expect(e.dpCommSeconds > 0 && e.dpExposedSeconds == e.dpCommSeconds)
        let waited = try Self.evaluation(Self.base + ", global_batch_size: 8, zero_stage: 1, parallelism: {tensor: 4, pipeline: 1, data: 2}, training: {data_parallel_overlap: false}",
                                         chip: slow)
        #expect(waited.dpExposedSeconds == waited.dpCommSeconds)
    }

    /// DeepSeek's reference DualPipe (deepseek-ai/DualPipe, `DualPipe.step`), stepped through
    /// rank by rank: each step's forward chunks, alone or in a forward-and-backward pair. The
    /// busiest rank's lone chunks over the micro-batches are the share chipfit waits for.
    @Test func dualPipeUnpairedChunksFollowTheReferenceSchedule() {
        func forwards(rank: Int, ranks p: Int, chunks n: Int) -> (alone: Int, paired: Int) {
            let half = p / 2, h = min(rank, p - 1 - rank)
            let middle = rank == half - 1 || rank == half
            let step4 = n / 2 - p + h + 1
            var alone = 2 * (half - h - 1)   // step 1: nF0
            alone += 2 * (h + 1)             // step 2: nF0F1
            alone += half - h - 1            // step 3: nB1W1F1, the forward after a backward
            var paired = 2 * step4           // step 4: nF0B1F1B0, two pairs an iteration
            if middle, step4 > 0 { paired -= 1; alone += 1 } // "we don't overlap these two chunks"
            paired += half - h - 1           // step 5: nB1F1B0, one pair an iteration
            return (alone, paired)
        }
        for p in [4, 8, 16] {
            for n in [2 * p, 20, 120] where n >= 2 * p && n % 2 == 0 {
                let counts = (0..<p).map { forwards(rank: $0, ranks: p, chunks: n) }
                #expect(counts.allSatisfy { $0.alone + $0.paired == n }, "p \(p), n \(n): every forward chunk counted once")
                let busiest = counts.map(\.alone).max()!
                #expect(TrainingSchedule(pipeline: .dualpipe).unpairedChunkShare(stages: p, microBatches: n) == Double(busiest) / Double(n),
                        "p \(p), n \(n)")
            }
        }
        #expect(TrainingSchedule().unpairedChunkShare(stages: 8, microBatches: 20) == 0)
    }

    /// A hidden expert all-to-all: the unpaired chunks' share is waited for, and a pair lasts
    /// max(communication H, compute C + s·H), its kernels taking s = 20/132 of the chip
    /// (DeepSeek-V3 §3.2.2). On a slow link H outlasts the compute; on a fast one the pair
    /// costs s·H beyond its compute.
    @Test func hiddenAllToAllLastsTheLongerOfItsPair() throws {
        func evaluation(link: String) throws -> Evaluation {
            let chip = chipYAML(memory: "640GB", compute: "bf16: 300TFLOPS", nodeBandwidth: link,
                                extra: "efficiency: {compute: 1, memory: 1, interconnect: 1}")
            let spec = specYAML(model: "preset: mixtral-8x7b", workload: Self.base + ", global_batch_size: 64, zero_stage: 1, parallelism: {tensor: 1, pipeline: 4, data: 2, expert: 2}, training: {pipeline_schedule: dualpipe}",
                                requirements: "certification: ignore")
            let d = try #require(try plan([chip, spec]).deployments.first)
            return try #require(d.candidates.first { $0.chip.id == "test-chip" }?.evaluation)
        }
        let s = 20.0 / 132, u = (1.5 * 4 - 1) / 32 // 32 micro-batches of 1 over DP 2
        for link in ["2GB/s", "2TB/s"] {
            let e = try evaluation(link: link)
            let a = e.expertCommSeconds, c = e.stepComputeSeconds
            #expect(a > 0)
            let expected = u * a + max((1 - u) * (a - c), s * (1 - u) * a)
            #expect(abs(e.expertExposedSeconds - expected) < 1e-9 * a, "\(link)")
        }
        let slow = try evaluation(link: "2GB/s")
        #expect(slow.stepComputeSeconds < (1 - s) * slow.expertCommSeconds) // the communication outlasts its pair's compute
        #expect(try evaluation(link: "2TB/s").expertCommSeconds < evaluation(link: "2TB/s").stepComputeSeconds)
    }

    /// DualPipe keeps two copies of each stage's parameters (DeepSeek-V3, §3.2.1).
    @Test func dualPipeKeepsTwoCopiesOfTheWeights() throws {
        let layout = Self.base + ", global_batch_size: 32, parallelism: {tensor: 1, pipeline: 4, data: 1}"
        let plain = try Self.evaluation(layout)
        let dual = try Self.evaluation(layout + ", training: {pipeline_schedule: dualpipe}")
        #expect(dual.memory.weights == 2 * plain.memory.weights)
        #expect(dual.bubbleSeconds < plain.bubbleSeconds)
    }
}
