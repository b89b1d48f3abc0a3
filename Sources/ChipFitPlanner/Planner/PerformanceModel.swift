/// FLOP counts and collective times. Conventions follow the sources the efficiency factors
/// come from, so that "achieved fraction of peak" means the same thing on both sides.
public enum PerformanceModel {
    /// Training FLOPs per token, counting every executed FLOP (hardware FLOPs), in the
    /// convention of Narayanan et al. 2021 (arXiv 2104.04473, §5.1) and PaLM (arXiv
    /// 2204.02311, App. B): forward 2N + 4·layers·d_attn·s (attention not halved for
    /// causality), backward twice the forward, full recompute one more transformer forward
    /// (not the output head), selective recompute what its modules name again: the attention
    /// core, the normalisations (negligible FLOPs), MLA's up-projections (queries and
    /// keys/values from their latents). With these, a GPT layer stack gives Megatron's
    /// F = 96Bslh²(1 + s/6h + V/16lh) exactly. LoRA/QLoRA: the frozen base computes activation
    /// gradients only (backward ≈ forward for matmuls, twice for the attention core), adapters
    /// a full forward and backward. The parts that run at other rates (the attention core and
    /// the head in 16 bits under FP8, routed experts at theirs) are given apart.
    ///
    /// Multi-token prediction (`mtpLayers`, full training only; DeepSeek-V3, arXiv 2412.19437,
    /// §2.2): each module adds a layer like the model's mean one, a 2h → h projection and a
    /// pass through the shared output head.
    public static func trainingFLOPs(_ shape: ModelShape, sequence s: Double, recompute: Workload.Recompute,
                                     method: Workload.Method, adapterParameters: Double,
                                     recomputed: TrainingSchedule.Recomputed = [.coreAttention],
                                     mtpLayers: Int = 0) -> TrainingFLOPs {
        let a = shape.architecture
        let full = method == .full
        let modules = full ? Double(mtpLayers) : 0
        let h = Double(a.hiddenSize)
        // The layers' terms count the modules' layers too: L + D mean layers.
        let l = Double(a.layers) + modules
        let oneHead = 2 * Double(a.vocabSize) * h
        let head = oneHead * (1 + modules)
        // s positions a token for full attention: twice the causal mean, as the convention counts.
        let attention = 4 * l * shape.attentionWidth * shape.attention.trainingPositions(sequence: s)
        let layerScale = l / Double(a.layers)
        let matmul = modules == 0 ? 2 * shape.activeMatmulParameters
            : (2 * shape.activeMatmulParameters - oneHead) * layerScale + head + modules * 2 * (2 * h * h)
        let routed = 2 * shape.activeRoutedParameters * layerScale
        let forward = matmul + attention
        let backward: Double = full ? 2 * forward : (matmul + 2 * attention) + 4 * adapterParameters
        let adapterForward = full ? 0 : 2 * adapterParameters
        var again = 0.0, attentionAgain = 0.0, routedAgain = 0.0
        switch recompute {
        case .none: break
        case .selective:
            if recomputed.contains(.coreAttention) { attentionAgain = attention }
            again = attentionAgain
            if recomputed.contains(.mlaUpProjection), let m = a.mla {
                let heads = Double(a.attentionHeads)
                let queries = Double(m.qLoraRank ?? 0) * heads * Double(m.qkNopeHeadDim + m.qkRopeHeadDim)
                let keysValues = Double(m.kvLoraRank) * heads * Double(m.qkNopeHeadDim + m.vHeadDim)
                again += 2 * l * (queries + keysValues)
            }
        case .full:
            again = forward - head + adapterForward
            attentionAgain = attention
            routedAgain = routed
        }
        return TrainingFLOPs(total: forward + adapterForward + backward + again,
                             attention: 3 * attention + attentionAgain,
                             head: head * (full ? 3 : 2),
                             routed: routed * (full ? 3 : 2) + routedAgain)
    }

    /// Ring all-reduce (Patarasuk & Yuan 2009): each rank sends and receives 2(n−1)/n of the
    /// buffer, in 2(n−1) steps that each pay the link latency.
    public static func allReduceSeconds(bytes: Double, ranks n: Int, bandwidth: Double, latency: Double) -> Double {
        guard n > 1, bandwidth > 0 else { return 0 }
        let steps = 2 * Double(n - 1)
        return steps / Double(n) * bytes / bandwidth + steps * latency
    }

    /// LoRA adapter parameters with rank r on every linear projection of every layer
    /// (Q, K, V, O and the MLP, as in QLoRA, Dettmers et al. 2023, arXiv 2305.14314, §4):
    /// r · (fan_in + fan_out) per matrix. Experts' MLPs are adapted too.
    public static func loraParameters(_ a: Architecture, rank r: Int) -> Double {
        let h = Double(a.hiddenSize), rr = Double(r)
        let q = Double(a.attentionHeads * a.headDim), kv = Double(a.kvHeads * a.headDim)
        let attention = rr * ((h + q) + 2 * (h + kv) + (q + h))
        func mlp(_ width: Int) -> Double { rr * Double(a.mlp == .gated ? 3 : 2) * (h + Double(width)) }
        var perLayer = Double(a.layers) * (attention + mlp(a.intermediateSize))
        if let e = a.experts {
            let moeLayers = Double(a.moeLayerCount)
            perLayer += moeLayers * (Double(e.total + e.shared) * mlp(e.intermediateSize) - mlp(a.intermediateSize))
        }
        return perLayer
    }
}

/// Training FLOPs per token, and the parts of them that run at rates of their own.
public struct TrainingFLOPs: Sendable, Hashable {
    public var total: Double
    /// The attention core (scores and attention over values) in every pass that runs it.
    public var attention: Double
    /// The output head, forward and backward (never recomputed).
    public var head: Double
    /// A mixture-of-experts model's routed-expert matmuls in every pass that runs them.
    public var routed: Double
}
