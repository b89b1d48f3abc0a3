/// A sequence's KV cache: what one chip holds for it and what a decode step reads from it
/// (docs/model.md, "Inference memory per chip"). It is its own value, apart from the rest of
/// `ModelShape`, because planning asks for it at every layout; its per-layout methods are
/// inlined there, where a call would first copy the whole value (scripts/bench).
public struct KVCache: Sendable, Hashable {
    /// Values cached per token per layer before any split over ranks: 2 · kv_heads · head_dim,
    /// or the MLA latent.
    public let valuesPerTokenPerLayer: Double
    let layers: Int
    let kvHeads: Int
    let headDim: Int
    /// An MLA latent is replicated on every tensor-parallel rank rather than split.
    let latent: Bool
    /// How the layers' attention kinds scale the positions cached and read.
    public let attention: AttentionMix

    init(_ a: Architecture, attention: AttentionMix) {
        layers = a.layers
        kvHeads = a.kvHeads
        headDim = a.headDim
        latent = a.kvLatentDim != nil
        valuesPerTokenPerLayer = a.kvLatentDim.map(Double.init) ?? 2 * Double(a.kvHeads * a.headDim)
        self.attention = attention
    }

    /// Values cached per token per layer on one tensor-parallel rank. Standard attention
    /// splits KV heads across ranks but keeps at least one per rank (replicated when
    /// t > kv_heads, as vLLM and llm-analysis do); an MLA latent is replicated on every rank.
    public func valuesPerTokenPerLayer(tensorParallel t: Int) -> Double {
        if latent { return valuesPerTokenPerLayer }
        return 2 * max(1.0, Double(kvHeads) / Double(t)) * Double(headDim)
    }

    /// Values one sequence of `n` tokens caches per layer on one rank, averaged over the
    /// layers' attention kinds.
    @inline(__always)
    public func valuesPerSequencePerLayer(tokens n: Double, tensorParallel t: Int) -> Double {
        let perPosition = valuesPerTokenPerLayer(tensorParallel: t)
        return perPosition * attention.cachedPositions(n, valuesPerPosition: perPosition, tensorParallel: t)
    }

    /// Values one sequence's decode step reads per layer on one rank, averaged over the layers
    /// and over the steps from context `from` to `to`.
    @inline(__always)
    public func valuesReadPerStepPerLayer(from a: Double, to b: Double, tensorParallel t: Int) -> Double {
        let perPosition = valuesPerTokenPerLayer(tensorParallel: t)
        return perPosition * attention.readPositions(from: a, to: b, valuesPerPosition: perPosition, tensorParallel: t)
    }

    /// Bytes per chip (Kwon et al. 2023, vLLM, §3: 2 · layers · kv_heads · head_dim · bytes per
    /// token; OPT-13B: 800 KB per token): ⌈layers / p⌉ of the pipeline, KV heads split across t
    /// with at least one per rank, the MLA latent instead where there is one, and fewer
    /// positions in layers that attend less than everything (`AttentionMix.cachedPositions`).
    @inline(__always)
    public func bytes(tensorParallel t: Int, pipeline p: Int, bytesPerValue: Double, tokens: Double, sequences: Double) -> Double {
        let stage = (Double(layers) / Double(p)).rounded(.up) // the largest stage
        return valuesPerSequencePerLayer(tokens: tokens, tensorParallel: t) * stage * bytesPerValue * sequences
    }

    /// Bytes per chip one decode step reads for `sequences` sequences whose context runs from
    /// `from` to `to` over their decode: the cache of the positions they attend.
    @inline(__always)
    public func readBytes(tensorParallel t: Int, pipeline p: Int, bytesPerValue: Double, from a: Double, to b: Double,
                          sequences: Double) -> Double {
        let stage = (Double(layers) / Double(p)).rounded(.up)
        return valuesReadPerStepPerLayer(from: a, to: b, tensorParallel: t) * stage * bytesPerValue * sequences
    }
}
