/// Bytes per chip, by what holds them. A figure that does not apply is nil (JSON null).
public struct MemoryBreakdown: Sendable, Hashable {
    public var weights: Double
    public var kvCache: Double?
    public var activations: Double
    public var gradients: Double?
    public var optimizer: Double?
    /// Reserve for the runtime, allocator and communication buffers.
    public var overhead: Double
    public var capacity: Double

    public var total: Double { weights + (kvCache ?? 0) + activations + (gradients ?? 0) + (optimizer ?? 0) + overhead }
    public var fits: Bool { total <= capacity }
}

/// Closed-form memory estimates. Each function cites the formula it implements; the
/// derivations are written out in docs/model.md.
public enum MemoryModel {
    /// Bytes per parameter of weights, gradients and optimizer states in training.
    /// Mixed precision (bf16/fp16/fp8 compute) keeps 16-bit weights and gradients and an fp32
    /// master copy inside the optimizer state: Adam K = 12 (master + m + v), as in the ZeRO
    /// paper (Rajbhandari et al. 2020, arXiv 1910.02054, §3.1); SGD with momentum K = 8;
    /// Adafactor K = 4 (master copy; its factored second moments are O(rows + cols) and
    /// neglected). fp32/tf32 training keeps 4-byte weights and gradients and no master copy.
    public struct StateBytes: Sendable, Hashable {
        public init(weight: Double, gradient: Double, optimizer: Double) {
            self.weight = weight
            self.gradient = gradient
            self.optimizer = optimizer
        }
        public var weight: Double
        public var gradient: Double
        public var optimizer: Double
    }

    public static func stateBytes(precision: Precision, optimizer: Workload.Optimizer) -> StateBytes {
        let mixed = precision != .fp32 && precision != .tf32
        let master = mixed ? 4.0 : 0.0
        let moments: Double = switch optimizer {
        case .adamw: 8
        case .sgd: 4
        case .adafactor: 0
        }
        return StateBytes(weight: mixed ? 2 : 4, gradient: mixed ? 2 : 4, optimizer: master + moments)
    }

    /// Model states per device under ZeRO stage 0–3 with data-parallel degree N_d
    /// (Rajbhandari et al. 2020, Fig. 1): stage 1 partitions optimizer states, stage 2 also
    /// gradients, stage 3 also parameters. With Ψ = 7.5B, K = 12, N_d = 64 this gives
    /// 120 / 31.4 / 16.6 / 1.9 GB for stages 0–3.
    public static func zero(stage: Int, parameters psi: Double, dataParallel nd: Int, bytes: StateBytes)
        -> (weights: Double, gradients: Double, optimizer: Double)
    {
        let n = Double(max(nd, 1))
        return (weights: bytes.weight * psi / (stage >= 3 ? n : 1),
                gradients: bytes.gradient * psi / (stage >= 2 ? n : 1),
                optimizer: bytes.optimizer * psi / (stage >= 1 ? n : 1))
    }

    /// Activation bytes of one transformer layer for one micro-batch in 16-bit training,
    /// after Korthikanti et al. 2022 (arXiv 2205.05198, §4): attention 11sbh + 5as²b, MLP
    /// 19sbh, LayerNorm 4sbh for a GPT layer, i.e. sbh(34 + 5as/h). Generalised here:
    /// - attention keeps its input (2sbh), Q, K and V (2sb each of their widths), the output
    ///   projection's input (2sb · heads·v_head) and a dropout mask (sbh): 11sbh for MHA,
    ///   7sbh + 4sb·kvd with grouped KV heads, the decompressed widths for MLA;
    /// - MLP of width i: its input (2sbh), a dropout mask (sbh) and plain 4sbi (= 16sbh at
    ///   i = 4h); gated (SwiGLU) 8sbi when gate and up outputs, the activation output and the
    ///   product are all kept, 6sbi when a fused SwiGLU keeps its input and recomputes the
    ///   activation (Megatron-Core's, Transformer Engine's and MindSpeed's fused kernels,
    ///   assumed with the stack's fused kernels, `fusedKernels`);
    /// - a model trained without dropout keeps no masks (sbh less in attention and in the MLP)
    ///   and, unfused, only the softmax output of the 5as²b score terms (2as²b);
    /// - fused (flash) attention keeps no s² score matrices, dropping the score terms;
    /// - tensor parallelism with sequence parallelism divides everything by t;
    /// - selective recompute drops what its modules recompute: the attention core (34sbh/t in
    ///   the paper), the normalisations' outputs (the attention's and the MLP's inputs, 4sbh),
    ///   MLA's decompressed Q, K and V (their latents kept instead);
    /// - full recompute keeps only the layer input, 2sbh/t.
    /// The division by t comes last: `Evaluator` computes the figure once at t = 1 and divides.
    public static func activationBytesPerLayer(
        sequence s: Int, microBatch b: Int, shape: ModelShape, tensorParallel t: Int,
        recompute: Workload.Recompute, fusedKernels: Bool, moeLayer: Bool = false,
        recomputed: TrainingSchedule.Recomputed = [.coreAttention]
    ) -> Double {
        let a = shape.architecture
        let sb = Double(s) * Double(b), h = Double(a.hiddenSize), tp = Double(t)
        if recompute == .full { return 2 * sb * h / tp }
        var width = Double(a.intermediateSize)
        if moeLayer, let e = a.experts { width = Double(e.active + e.shared) * Double(e.intermediateSize) }
        let selected = recompute == .selective ? recomputed : []
        let masks = a.dropout ? sb * h : 0
        let normOutputs = selected.contains(.layernorm) ? 0 : 2 * sb * h
        let projectionInput = a.mla != nil ? shape.valueWidth : shape.queryWidth
        let qkv: Double
        if let mla = a.mla, selected.contains(.mlaUpProjection) {
            // Queries without a latent come straight from the hidden state: kept as they are.
            let queries = mla.qLoraRank.map(Double.init) ?? shape.queryWidth
            qkv = 2 * sb * (queries + Double(mla.kvLoraRank + mla.qkRopeHeadDim))
        } else {
            qkv = 2 * sb * (shape.queryWidth + shape.keyWidth + shape.valueWidth)
        }
        let attention = normOutputs + qkv + 2 * sb * projectionInput + masks
        let scores = (fusedKernels || selected.contains(.coreAttention))
            ? 0 : (a.dropout ? 5 : 2) * Double(a.attentionHeads) * Double(s) * Double(s) * Double(b)
        let intermediate = a.mlp == .plain ? 4.0 : fusedKernels ? 6.0 : 8.0
        let mlp = normOutputs + masks + intermediate * sb * width
        let norms = 4 * sb * h
        return (attention + scores + mlp + norms) / tp
    }

    /// Bytes of quantized weights: linear layers at the precision plus its scale metadata;
    /// embeddings and the output head stay 16-bit, as GPTQ/AWQ and FP8 checkpoints keep them.
    public static func weightBytes(parameters: Double, embeddingParameters: Double, precision: Precision) -> Double {
        let quantized = precision.isInteger || precision == .fp8
        let perParam = precision.bytes + Assumptions.quantizationOverheadBits(precision) / 8
        guard quantized else { return parameters * precision.bytes }
        let embedding = min(embeddingParameters, parameters)
        return (parameters - embedding) * perParam + embedding * 2
    }

    /// Transient workspace for one prefill chunk through a layer (hidden states in and out,
    /// Q/K/V, MLP intermediates, all 16-bit) plus fp32 logits for the sequences being sampled.
    public static func inferenceWorkspace(shape: ModelShape, tensorParallel t: Int, chunkTokens: Double,
                                          sequences: Double) -> Double {
        let a = shape.architecture
        let h = Double(a.hiddenSize), tp = Double(t)
        var width = Double(a.intermediateSize)
        if let e = a.experts { width = max(width, Double(e.active + e.shared) * Double(e.intermediateSize)) }
        let kvd = Double(2 * a.kvHeads * a.headDim)
        let perToken = (2 * h + (shape.attentionWidth + kvd) / tp + 3 * width / tp) * 2
        let logits = sequences * Double(a.vocabSize) / tp * 4
        return chunkTokens * perToken + logits
    }
}
