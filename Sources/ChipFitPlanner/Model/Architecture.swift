/// A transformer's shape: everything the memory and performance models need.
public struct Architecture: Sendable, Hashable {
    public enum Kind: String, Sendable { case decoder, encoder }
    public enum MLP: String, Sendable { case gated, plain }

    public struct Experts: Sendable, Hashable {
        public init(total: Int, active: Int, shared: Int, intermediateSize: Int, denseLayers: Int,
                    layerStep: Int = 1, denseLayerList: [Int] = []) {
            self.total = total
            self.active = active
            self.shared = shared
            self.intermediateSize = intermediateSize
            self.denseLayers = denseLayers
            self.layerStep = layerStep
            self.denseLayerList = denseLayerList
        }
        public var total: Int
        public var active: Int
        public var shared: Int
        /// Width of one expert's MLP.
        public var intermediateSize: Int
        /// Leading layers that are dense rather than MoE.
        public var denseLayers: Int
        /// MoE on every `layerStep`-th layer, the others dense: layer i (from 0) is MoE when
        /// (i + 1) is a multiple of the step, as Llama 4's `interleave_moe_layer_step` and
        /// Qwen's `decoder_sparse_step` place them.
        public var layerStep: Int = 1
        /// Further layers (indices from 0) that are dense, as Qwen's `mlp_only_layers` lists them.
        public var denseLayerList: [Int] = []

        public func isMoE(layer i: Int) -> Bool {
            i >= denseLayers && (i + 1) % max(1, layerStep) == 0 && !denseLayerList.contains(i)
        }

        /// MoE layers among `layers`: the i + 1 in (dense_layers, layers] that the step divides,
        /// less the listed layers among them (each counted once, however often listed).
        public func moeLayers(of layers: Int) -> Int {
            let step = max(1, layerStep)
            let stepped = layers / step - min(denseLayers, layers) / step
            let listed = Set(denseLayerList).count { $0 < layers && $0 >= denseLayers && ($0 + 1) % step == 0 }
            return stepped - listed
        }
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
    /// Per-layer attention kinds; `nil`: every layer attends fully.
    public var attention: AttentionLayout?
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

    /// Layers with routed experts (0 for a dense model).
    public var moeLayerCount: Int { experts?.moeLayers(of: layers) ?? 0 }

    /// Parameters the plan uses: the published count when given, else the computed one.
    public var parameters: Double { publishedParameters ?? computedParameters.total }
    public var activeParameters: Double {
        publishedActiveParameters ?? (isMoE ? computedParameters.active : parameters)
    }
}
