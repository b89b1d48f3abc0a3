/// Parameter counts derived from the architecture, for configs that publish none and to
/// check presets against their published counts.
///
/// Per layer (Vaswani et al. 2017; Llama: Touvron et al. 2023, arXiv 2302.13971, SwiGLU MLP
/// with three matrices; GQA: Ainslie et al. 2023, arXiv 2305.13245; MLA: DeepSeek-V2,
/// arXiv 2405.04434 §2.1): attention Q, K, V, O projections, the MLP, and two norms.
/// Embeddings add `vocab · hidden`, plus as much again for an untied output head.
/// Small terms (rotary tables, biases of norms) are counted where the config implies them
/// and otherwise left out: they change totals by well under 1 %.
extension Architecture {
    public struct ParameterBreakdown: Sendable, Hashable {
        public var embedding: Double
        /// A full-attention layer's projections (sliding and chunked layers have the same).
        public var attentionPerLayer: Double
        /// Every layer's attention, each by its kind: linear layers have their own heads,
        /// sparse layers add their indexer.
        public var attention: Double
        /// The sparse layers' indexers (part of `attention`): serving engines hold them whole
        /// on every tensor-parallel rank.
        public var indexer: Double = 0
        public var denseMLPPerLayer: Double
        /// All routed + shared experts of one MoE layer, with the router.
        public var moePerLayer: Double
        /// Routed experts actually used per token + shared + router, for one MoE layer.
        public var moeActivePerLayer: Double
        public var normsPerLayer: Double
        public var total: Double
        public var active: Double
    }

    public var computedParameters: ParameterBreakdown {
        let h = Double(hiddenSize)
        let heads = Double(attentionHeads), kv = Double(kvHeads), hd = Double(headDim)

        var attention: Double
        if let m = mla {
            let qHead = Double(m.qkNopeHeadDim + m.qkRopeHeadDim)
            let q = m.qLoraRank.map { Double($0) * (h + heads * qHead) + Double($0) } ?? h * heads * qHead
            let kvDown = h * Double(m.kvLoraRank + m.qkRopeHeadDim) + Double(m.kvLoraRank)
            let kvUp = Double(m.kvLoraRank) * heads * Double(m.qkNopeHeadDim + m.vHeadDim)
            attention = q + kvDown + kvUp + heads * Double(m.vHeadDim) * h
        } else {
            attention = h * heads * hd + 2 * h * kv * hd + heads * hd * h
            if attentionBias { attention += heads * hd + 2 * kv * hd + (mlp == .plain ? h : 0) }
        }

        func mlpParams(_ width: Int) -> Double {
            let i = Double(width)
            return mlp == .gated ? 3 * h * i : 2 * h * i + (attentionBias ? i + h : 0)
        }
        let dense = mlpParams(intermediateSize)
        // LayerNorm (plain MLP family) has weight and bias; RMSNorm only a weight.
        let norms = mlp == .plain ? 4 * h : 2 * h

        var moe = 0.0, moeActive = 0.0, moeLayers = 0.0
        if let e = experts {
            let expert = mlpParams(e.intermediateSize)
            let router = h * Double(e.total)
            moe = Double(e.total + e.shared) * expert + router
            moeActive = Double(e.active + e.shared) * expert + router
            moeLayers = Double(moeLayerCount)
        }
        let denseLayers = Double(layers) - moeLayers

        var embedding = Double(vocabSize) * h * (tiedEmbeddings ? 1 : 2) + h // + final norm
        if kind == .encoder {
            // BERT: learned positions, two token types, pooler (Devlin et al. 2019).
            embedding += Double(maxContext ?? 512) * h + 2 * h + 2 * h + h * h + h
        }
        var attentionTotal = Double(layers) * attention
        var indexer = 0.0
        if let layout = self.attention {
            let counts = layout.counts(layers: layers)
            if let n = counts[.linear], let lin = layout.linear {
                // Q and K of the state's key width; V, the output gate and the output projection
                // of its value width (MiniMax-M1's lightning attention, arXiv 2506.13585).
                let linear = Double(lin.heads) * h * Double(2 * lin.keyDim + 3 * lin.valueDim)
                attentionTotal += Double(n) * (linear - attention)
            }
            if let n = counts[.sparse], let sparse = layout.sparse {
                // The indexer (DeepSeek-V3.2-Exp): queries from the query latent (or the
                // hidden state), one shared key, and a weight per head.
                let heads = Double(sparse.indexerHeads), width = Double(sparse.indexerHeadDim)
                let queryInput = Double(mla?.qLoraRank ?? hiddenSize)
                indexer = Double(n) * (queryInput * heads * width + h * width + h * heads)
                attentionTotal += indexer
            }
        }
        let shared = embedding + attentionTotal + Double(layers) * norms
        let total = shared + denseLayers * dense + moeLayers * moe
        let active = shared + denseLayers * dense + moeLayers * moeActive
        return ParameterBreakdown(
            embedding: embedding, attentionPerLayer: attention, attention: attentionTotal, indexer: indexer, denseMLPPerLayer: dense,
            moePerLayer: moe, moeActivePerLayer: moeActive, normsPerLayer: norms, total: total, active: active)
    }
}
