/// What a model's attention costs, averaged over its layers' kinds (docs/model.md, "Attention
/// kinds"). Costs are expressed in positions of full attention: a layer that attends `n`
/// positions costs what a full-attention layer costs at `n`, so the FLOP and cache formulas
/// of full attention carry over with the number of positions replaced.
///
/// A token at position t attends: t positions (full); min(t, W) (sliding window W, Beltagy et
/// al. 2020, arXiv 2004.05150); t mod C (chunked, Llama 4: each chunk of C positions attends
/// only within itself); min(t, k) chosen by an indexer that scores all t (sparse, DeepSeek-V3.2-Exp);
/// none (linear attention keeps a d_k × d_v state per head, Katharopoulos et al. 2020, arXiv
/// 2006.16236, §3.2: 2·d_k·d_v FLOPs to update it and as many to read it, per head and token).
/// Its queries are inlined where a layout is costed: all-full attention, the common case, then
/// costs a comparison rather than a call (scripts/bench).
public struct AttentionMix: Sendable, Hashable {
    /// Shares of the layers of each kind.
    let full, sliding, chunked, linear, sparse: Double
    let window, chunk, topK: Double
    /// Sparse layers: the indexer's FLOPs per scored position over a main-attention position's,
    /// in prefill (unabsorbed) and decode (MLA absorbed) form.
    let indexerPrefillRatio, indexerDecodeRatio: Double
    /// Sparse layers: a picked position's FLOPs in prefill over a full-attention prefill
    /// position's. DeepSeek's sparse attention runs MLA in its absorbed (MQA) form in prefill
    /// too (DeepSeek-V3.2-Exp paper, §2.1), so a picked position costs a decode position.
    let sparsePrefillRatio: Double
    /// Linear layers: FLOPs per token in positions of full attention, prefill and decode.
    let linearPrefillPositions, linearDecodePositions: Double
    /// Linear layers: their heads, and the state values each keeps per sequence.
    let linearHeads: Double
    let linearStateValuesPerHead: Double
    /// Sparse layers: indexer key values cached per position per layer.
    let indexerKeyValues: Double
    /// Every layer attends fully: the formulas of full attention apply unchanged.
    public let isAllFull: Bool

    public enum Phase { case prefill, decode }

    init(_ a: Architecture, prefillFLOPsPerPosition: Double, decodeFLOPsPerPosition: Double) {
        let layout = a.attention
        let counts = layout?.counts(layers: a.layers) ?? [.full: a.layers]
        let l = Double(a.layers)
        func share(_ k: AttentionKind) -> Double { Double(counts[k] ?? 0) / l }
        full = share(.full)
        sliding = share(.sliding)
        chunked = share(.chunked)
        linear = share(.linear)
        sparse = share(.sparse)
        isAllFull = full == 1
        window = Double(layout?.slidingWindow ?? 0)
        chunk = Double(layout?.chunkSize ?? 0)
        topK = Double(layout?.sparse?.topK ?? 0)
        // Products in Double: head counts times widths can exceed Int for accepted input.
        if let s = layout?.sparse {
            // Each indexer head scores a position with a dot product of its width.
            let perPosition = 2 * Double(s.indexerHeads) * Double(s.indexerHeadDim)
            indexerPrefillRatio = perPosition / prefillFLOPsPerPosition
            indexerDecodeRatio = perPosition / decodeFLOPsPerPosition
            indexerKeyValues = Double(s.indexerHeadDim)
            sparsePrefillRatio = a.mla == nil ? 1 : decodeFLOPsPerPosition / prefillFLOPsPerPosition
        } else {
            (indexerPrefillRatio, indexerDecodeRatio, indexerKeyValues, sparsePrefillRatio) = (0, 0, 0, 1)
        }
        if let lin = layout?.linear {
            let perToken = 4 * Double(lin.heads) * Double(lin.keyDim) * Double(lin.valueDim)
            linearPrefillPositions = perToken / prefillFLOPsPerPosition
            linearDecodePositions = perToken / decodeFLOPsPerPosition
            linearHeads = Double(lin.heads)
            linearStateValuesPerHead = Double(lin.keyDim) * Double(lin.valueDim)
        } else {
            (linearPrefillPositions, linearDecodePositions, linearHeads, linearStateValuesPerHead) = (0, 0, 0, 0)
        }
    }

    /// Mean over positions `a` to `b` of what a token at t attends, from its integral ∫₀ˣ; at
    /// one position (a = b), its value there.
    private static func mean(_ a: Double, _ b: Double, integral: (Double) -> Double, value: (Double) -> Double) -> Double {
        b - a > 1e-9 ? (integral(b) - integral(a)) / (b - a) : value(a)
    }
    /// Every earlier position: t.
    private static func all(_ a: Double, _ b: Double) -> Double { mean(a, b, integral: { $0 * $0 / 2 }, value: { $0 }) }
    /// A window of w: t up to w, then w.
    private static func windowed(_ a: Double, _ b: Double, _ w: Double) -> Double {
        mean(a, b, integral: { $0 <= w ? $0 * $0 / 2 : w * w / 2 + w * ($0 - w) }, value: { min($0, w) })
    }
    /// Within its chunk of c: t mod c, a sawtooth whose every whole chunk integrates to c²/2.
    private func inChunk(_ a: Double, _ b: Double) -> Double {
        let c = chunk
        // Without chunked layers c is 0, and the share multiplying this is 0: avoid 0 · NaN.
        guard c > 0 else { return Self.all(a, b) }
        func integral(_ x: Double) -> Double {
            let whole = (x / c).rounded(.down), rest = x - whole * c
            return whole * c * c / 2 + rest * rest / 2
        }
        return Self.mean(a, b, integral: integral, value: { $0 - ($0 / c).rounded(.down) * c })
    }

    /// Mean FLOP-equivalent positions a token attends per layer, over tokens at positions
    /// `from` to `to` (one position when they meet). All full attention: their midpoint.
    @inline(__always)
    public func flopPositions(from a: Double, to b: Double, _ phase: Phase) -> Double {
        if isAllFull { return (a + b) / 2 }
        return attendingPositions(from: a, to: b, phase) + linear * (phase == .prefill ? linearPrefillPositions : linearDecodePositions)
    }

    /// Training's positions for a sequence of `s` tokens: the convention counts a token's
    /// attention over all s positions, twice the causal mean, so the attending kinds count
    /// double; a linear layer's state costs the same whatever the position, and counts once.
    public func trainingPositions(sequence s: Double) -> Double {
        if isAllFull { return s }
        return 2 * attendingPositions(from: 0, to: s, .prefill) + linear * linearPrefillPositions
    }

    /// The part of `flopPositions` that sparse layers' indexers score (every earlier position),
    /// per layer. Serving engines run the indexer whole on every tensor-parallel rank and in
    /// FP8 (docs/model.md, "Inference speed"), so it is costed apart.
    public func indexerPositions(from a: Double, to b: Double, _ phase: Phase) -> Double {
        guard sparse > 0 else { return 0 }
        return sparse * (phase == .prefill ? indexerPrefillRatio : indexerDecodeRatio) * Self.all(a, b)
    }

    /// The part of `flopPositions` that sparse layers attend (the positions their indexers
    /// pick), per layer: the work a sparse-attention kernel pads when it takes heads in blocks.
    public func pickedPositions(from a: Double, to b: Double, _ phase: Phase) -> Double {
        guard sparse > 0 else { return 0 }
        return sparse * (phase == .prefill ? sparsePrefillRatio : 1) * Self.windowed(a, b, topK)
    }

    /// The positions the attending kinds (all but linear) read, per layer.
    private func attendingPositions(from a: Double, to b: Double, _ phase: Phase) -> Double {
        full * Self.all(a, b) + sliding * Self.windowed(a, b, window) + chunked * inChunk(a, b)
            + pickedPositions(from: a, to: b, phase) + indexerPositions(from: a, to: b, phase)
    }

    /// Positions a layer keeps in its cache for a sequence of `n` tokens, averaged over the
    /// layers, in cache entries of a full-attention layer; `valuesPerPosition` is one entry's
    /// values on a rank, which the indexer's keys and linear state are counted in.
    @inline(__always)
    public func cachedPositions(_ n: Double, valuesPerPosition: Double, tensorParallel t: Int) -> Double {
        if isAllFull { return n }
        let indexerKeys = indexerKeyValues / valuesPerPosition
        return full * n + sliding * min(n, window) + chunked * min(n, chunk) + sparse * n * (1 + indexerKeys)
            + linear * stateValues(tensorParallel: t) / valuesPerPosition
    }

    /// Cache entries a decode step reads per layer, averaged over the layers and over the
    /// steps from context `from` to `to`: the positions attended, every indexer key of a
    /// sparse layer, and a linear layer's state, read and written back.
    @inline(__always)
    public func readPositions(from a: Double, to b: Double, valuesPerPosition: Double, tensorParallel t: Int) -> Double {
        if isAllFull { return (a + b) / 2 }
        let all = Self.all(a, b)
        return full * all + sliding * Self.windowed(a, b, window) + chunked * inChunk(a, b)
            + sparse * (Self.windowed(a, b, topK) + all * indexerKeyValues / valuesPerPosition)
            + linear * 2 * stateValues(tensorParallel: t) / valuesPerPosition
    }

    /// A linear layer's state values per sequence on one rank: its heads split over t.
    private func stateValues(tensorParallel t: Int) -> Double {
        max(1, linearHeads / Double(t)) * linearStateValuesPerHead
    }
}
