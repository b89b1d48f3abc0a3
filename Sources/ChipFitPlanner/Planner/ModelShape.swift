/// Quantities derived once per architecture that the memory and performance models use.
public struct ModelShape: Sendable, Hashable {
    public let architecture: Architecture
    /// Total parameters (published when given, else computed).
    public let parameters: Double
    /// Parameters in routed and shared experts of MoE layers (0 for dense models).
    public let expertParameters: Double
    /// Parameters outside experts: embeddings, attention, norms, dense MLPs.
    public var nonExpertParameters: Double { parameters - expertParameters }
    /// Parameters used per token.
    public let activeParameters: Double
    /// Parameters that take part in matrix multiplies per token: active parameters minus the
    /// input embedding (a lookup), plus the output head even when tied (it is a matmul).
    public let activeMatmulParameters: Double
    /// Width of the attention for FLOP counts, the `d_attn` of Kaplan et al. 2020:
    /// heads × (query/key width + value width) / 2, which is heads × head_dim for standard
    /// attention; MLA's values are narrower than its queries and keys (DeepSeek-V2 §2.1).
    public let attentionWidth: Double
    /// Activation widths of one layer's attention: Q, K, V and the output projection's input.
    public let queryWidth: Double
    public let keyWidth: Double
    public let valueWidth: Double
    /// Routed-expert parameters used per token (top-k experts of every MoE layer).
    public let activeRoutedParameters: Double
    /// Shared-expert parameters: they run for every token, so they are replicated across
    /// expert-parallel ranks like a dense MLP.
    public let sharedExpertParameters: Double
    public var routedExpertParameters: Double { expertParameters - sharedExpertParameters }
    /// Parameters of the sparse layers' indexers (DeepSeek-V3.2's lightning indexer), among
    /// the parameters outside experts.
    public let indexerParameters: Double
    /// Layers with routed experts.
    public let moeLayers: Double
    /// Attention FLOPs per layer for one decoded token and one cached position. Standard
    /// attention: QKᵀ and AV, 4 · d_attn. MLA decodes with the up-projections absorbed into the
    /// query and output (DeepSeek-V2, arXiv 2405.04434, §2.1.3), so each head scores the cached
    /// latent and rotary key (r + rope) and mixes the latent (r): 2 · heads · (2r + rope).
    public let decodeAttentionFLOPsPerPosition: Double
    /// The KV cache, and how the layers' attention kinds scale positions attended and cached.
    public let kvCache: KVCache
    public var attention: AttentionMix { kvCache.attention }

    public init(_ a: Architecture) {
        architecture = a
        let computed = a.computedParameters
        parameters = a.parameters
        // Scale the computed expert share to the published total, so both sums agree.
        let scale = computed.total > 0 ? a.parameters / computed.total : 1
        moeLayers = Double(a.moeLayerCount)
        if let e = a.experts {
            expertParameters = moeLayers * computed.moePerLayer * scale
            let perExpert = computed.moePerLayer > 0
                ? (computed.moePerLayer - Double(a.hiddenSize * e.total)) / Double(e.total + e.shared) : 0
            sharedExpertParameters = moeLayers * Double(e.shared) * perExpert * scale
            activeRoutedParameters = moeLayers * Double(e.active) * perExpert * scale
        } else {
            expertParameters = 0
            sharedExpertParameters = 0
            activeRoutedParameters = 0
        }
        activeParameters = a.activeParameters
        indexerParameters = computed.indexer
        // Untied: drop the input embedding, the head is already counted. Tied: the one shared
        // matrix is counted once and is used as the head.
        let embedding = Double(a.vocabSize) * Double(a.hiddenSize)
        activeMatmulParameters = a.tiedEmbeddings ? activeParameters : max(0, activeParameters - embedding)
        let heads = Double(a.attentionHeads)
        if let m = a.mla {
            queryWidth = heads * Double(m.qkNopeHeadDim + m.qkRopeHeadDim)
            keyWidth = queryWidth
            valueWidth = heads * Double(m.vHeadDim)
        } else {
            queryWidth = heads * Double(a.headDim)
            keyWidth = Double(a.kvHeads * a.headDim)
            valueWidth = keyWidth
        }
        attentionWidth = a.mla.map { heads * Double($0.qkNopeHeadDim + $0.qkRopeHeadDim + $0.vHeadDim) / 2 }
            ?? heads * Double(a.headDim)
        if let m = a.mla {
            decodeAttentionFLOPsPerPosition = 2 * heads * Double(2 * m.kvLoraRank + m.qkRopeHeadDim)
        } else {
            decodeAttentionFLOPsPerPosition = 4 * attentionWidth
        }
        kvCache = KVCache(a, attention: AttentionMix(a, prefillFLOPsPerPosition: 4 * attentionWidth,
                                                     decodeFLOPsPerPosition: decodeAttentionFLOPsPerPosition))
    }
}
