/// How each layer of a model attends: the kinds 2025–26 models mix, and their parameters.
/// Every layer attends fully unless the architecture says otherwise (docs/model.md,
/// "Attention kinds").
public enum AttentionKind: String, Sendable, Hashable, CaseIterable {
    /// Every earlier position (causal softmax attention).
    case full
    /// The last `sliding_window` positions (Mistral, gpt-oss, Gemma's local layers).
    case sliding
    /// Only the positions of the token's own chunk of `chunk_size` (Llama 4's local layers).
    case chunked
    /// A recurrent state of constant size instead of a cache (MiniMax lightning attention,
    /// gated delta networks).
    case linear
    /// The top-k positions an indexer picks from every earlier one (DeepSeek Sparse Attention).
    case sparse
}

/// A linear-attention layer's heads: each keeps a `keyDim × valueDim` state per sequence.
public struct LinearAttention: Sendable, Hashable {
    public var heads: Int
    public var keyDim: Int
    public var valueDim: Int
    public init(heads: Int, keyDim: Int, valueDim: Int) {
        self.heads = heads
        self.keyDim = keyDim
        self.valueDim = valueDim
    }
}

/// A sparse-attention layer: the main attention reads `topK` positions; a light indexer with
/// `indexerHeads` heads of `indexerHeadDim` scores every earlier position to choose them, and
/// caches one `indexerHeadDim` key per position.
public struct SparseAttention: Sendable, Hashable {
    public var topK: Int
    public var indexerHeads: Int
    public var indexerHeadDim: Int
    public init(topK: Int, indexerHeads: Int, indexerHeadDim: Int) {
        self.topK = topK
        self.indexerHeads = indexerHeads
        self.indexerHeadDim = indexerHeadDim
    }
}

/// The per-layer attention of an architecture: a pattern of kinds that repeats over the
/// layers (one entry per layer states them all), and the parameters the kinds need.
public struct AttentionLayout: Sendable, Hashable {
    public var pattern: [AttentionKind]
    public var slidingWindow: Int?
    public var chunkSize: Int?
    public var linear: LinearAttention?
    public var sparse: SparseAttention?

    public init(pattern: [AttentionKind], slidingWindow: Int? = nil, chunkSize: Int? = nil,
                linear: LinearAttention? = nil, sparse: SparseAttention? = nil) {
        self.pattern = pattern
        self.slidingWindow = slidingWindow
        self.chunkSize = chunkSize
        self.linear = linear
        self.sparse = sparse
    }

    /// Layer `i`'s kind: the pattern repeats from the first layer.
    public func kind(ofLayer i: Int) -> AttentionKind {
        pattern.isEmpty ? .full : pattern[i % pattern.count]
    }

    /// How many of `layers` layers have each kind: entry j of the pattern covers layers j,
    /// j + |pattern|, …, once per whole repetition and once more when j < layers mod |pattern|.
    public func counts(layers: Int) -> [AttentionKind: Int] {
        guard !pattern.isEmpty else { return [.full: layers] }
        let (whole, rest) = layers.quotientAndRemainder(dividingBy: pattern.count)
        var counts: [AttentionKind: Int] = [:]
        for (j, kind) in pattern.enumerated() where whole > 0 || j < rest { counts[kind, default: 0] += whole + (j < rest ? 1 : 0) }
        return counts
    }

    /// The layers of each kind with what bounds them, e.g. "36 chunked (8192), 12 full".
    public func summary(layers: Int) -> String {
        let counts = counts(layers: layers)
        return AttentionKind.allCases.compactMap { kind -> String? in
            guard let n = counts[kind] else { return nil }
            switch kind {
            case .full: return "\(n) full"
            case .sliding: return "\(n) sliding (\(slidingWindow ?? 0))"
            case .chunked: return "\(n) chunked (\(chunkSize ?? 0))"
            case .linear: return "\(n) linear (state \(linear.map { "\($0.heads) × \($0.keyDim) × \($0.valueDim)" } ?? "?"))"
            case .sparse: return "\(n) sparse (top \(sparse?.topK ?? 0), indexer keys cached)"
            }
        }.joined(separator: ", ")
    }
}
