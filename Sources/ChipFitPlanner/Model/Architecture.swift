/// A transformer's shape: everything the memory and performance models need.
public struct Architecture: Sendable, Hashable {
    public enum Kind: String, Sendable { case decoder, encoder }
    public enum MLP: String, Sendable { case gated, plain }

    public struct Experts: Sendable, Hashable {
        public init(total: Int, active: Int, shared: Int, intermediateSize: Int, denseLayers: Int) {
            self.total = total
            self.active = active
            self.shared = shared
            self.intermediateSize = intermediateSize
            self.denseLayers = denseLayers
        }
        public var total: Int
        public var active: Int
        public var shared: Int
        /// Width of one expert's MLP.
        public var intermediateSize: Int
        /// Leading layers that are dense rather than MoE.
        public var denseLayers: Int
    }

    public struct MLA: Sendable, Hashable {
        public var qLoraRank: Int?
        public var kvLoraRank: Int
        public var qkNopeHeadDim: Int
        public var qkRopeHeadDim: Int
        public var vHeadDim: Int

        public init(qLoraRank: Int? = nil, kvLoraRank: Int, qkNopeHeadDim: Int, qkRopeHeadDim: Int, vHeadDim: Int) {
            self.qLoraRank = qLoraRank
            self.kvLoraRank = kvLoraRank
            self.qkNopeHeadDim = qkNopeHeadDim
            self.qkRopeHeadDim = qkRopeHeadDim
            self.vHeadDim = vHeadDim
        }
}

    public var kind: Kind = .decoder
    public var layers: Int
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var mlp: MLP = .gated
    public var attentionHeads: Int
    public var kvHeads: Int
    public var headDim: Int
    public var vocabSize: Int
    public var tiedEmbeddings = false
    public var attentionBias = false
    /// Whether training applies dropout, whose masks stay in memory for the backward pass
    /// (GPT-style models); models trained without it (Llama, Qwen, DeepSeek, Mixtral) keep none.
    public var dropout = true
    public var maxContext: Int?
    public var experts: Experts?
    public var mla: MLA?
    public var kvLatentDim: Int?
    /// Published total parameters, when given; otherwise `computedParameters`.
    public var publishedParameters: Double?
    public var publishedActiveParameters: Double?

    public init(layers: Int, hiddenSize: Int, intermediateSize: Int, attentionHeads: Int, kvHeads: Int,
                headDim: Int, vocabSize: Int) {
        self.layers = layers
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.attentionHeads = attentionHeads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.vocabSize = vocabSize
    }

    public var isMoE: Bool { experts != nil }

    /// Parameters the plan uses: the published count when given, else the computed one.
    public var parameters: Double { publishedParameters ?? computedParameters.total }
    public var activeParameters: Double {
        publishedActiveParameters ?? (isMoE ? computedParameters.active : parameters)
    }
}
