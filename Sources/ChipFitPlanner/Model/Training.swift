/// How a training framework runs its steps: the pipeline schedule, and which communication it
/// hides behind compute. Every field has a default, so a spec that says nothing about it is
/// planned as Megatron-LM's plain 1F1B schedule with only the data-parallel gradient reduction
/// overlapped.
public struct TrainingSchedule: Sendable, Hashable {
    public enum Pipeline: String, Sendable, CaseIterable {
        /// One forward, one backward (PipeDream-Flush; Narayanan et al. 2021, §2.2.1): a bubble
        /// of (p − 1)/m of the step.
        case oneForwardOneBackward = "1f1b"
        /// Each rank holds `virtualStages` model chunks (Narayanan et al. 2021, §2.2.2): the
        /// bubble shrinks to (p − 1)/(v·m).
        case interleaved
        /// DeepSeek-V3's bidirectional schedule (arXiv 2412.19437, §3.2.1): micro-batches fed
        /// from both ends, each forward chunk overlapped with a backward chunk, and the
        /// expert all-to-all hidden behind that compute. Every rank keeps two copies of its
        /// stage's parameters.
        case dualpipe
    }

    /// Parts of each layer recomputed in the backward pass instead of kept, under `recompute:
    /// selective` (Megatron-Core's `--recompute-modules`). A set of bits: schedules are copied
    /// with every deployment, and a bit set copies as a plain value.
    public struct Recomputed: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// The attention core (scores, softmax, attention over values): Korthikanti et al.'s
        /// selective recompute, and the default.
        public static let coreAttention = Recomputed(rawValue: 1)
        /// The normalisations: their outputs, the inputs of the following matmuls, are not kept.
        public static let layernorm = Recomputed(rawValue: 2)
        /// MLA's up-projections: the compressed latents are kept, not the decompressed queries,
        /// keys and values (DeepSeek-V3, §3.2.3).
        public static let mlaUpProjection = Recomputed(rawValue: 4)

        /// The names specs use (Megatron-Core's), each with its module.
        public static let names: [(name: String, module: Recomputed)] = [
            ("core_attn", .coreAttention), ("layernorm", .layernorm), ("mla_up_proj", .mlaUpProjection),
        ]

        /// The modules named; unknown names are left to the schema to report.
        public init(names list: [String]) {
            self = []
            for (name, module) in Self.names where list.contains(name) { insert(module) }
        }
    }

    public var pipeline: Pipeline
    /// Model chunks per pipeline rank with the interleaved schedule; 1 otherwise.
    public var virtualStages: Int
    /// Whether tensor-parallel collectives run beside the matmuls that consume or produce
    /// them (Transformer Engine's userbuffer overlap with sequence parallelism).
    public var tensorParallelOverlap: Bool
    /// Whether the expert all-to-alls run beside other micro-batches' compute; nil for the
    /// default, which is the schedule's (`hidesExpertCommunication`).
    public var expertParallelOverlap: Bool?

    /// MoE with experts spread over ranks: the busiest rank's tokens over the mean, which its
    /// expert matmuls and all-to-alls wait for. 1 (balanced) by default: the published training
    /// throughputs are measured with balanced routing (an auxiliary loss or DeepSeek's bias
    /// adjustment) or force-balanced, as Megatron-Bridge states for its MoE benchmarks.
    public var expertLoadImbalance: Double
    /// Whether the data-parallel gradient reduction runs beside the backward pass (Megatron's
    /// `--overlap-grad-reduce`, DeepSpeed's and FSDP's bucketed reduction); Korthikanti et al.
    /// state that their 2,240-GPU run did not.
    public var dataParallelOverlap: Bool
    /// What `recompute: selective` recomputes.
    public var recomputedModules: Recomputed
    /// Layers of the first and of the last pipeline stage when they differ from the others
    /// (Megatron-Core's `--decoder-first-pipeline-num-layers` / `--decoder-last-pipeline-num-layers`:
    /// Llama 3 405B gives the first and last stages one layer fewer, for the embedding and the
    /// head); the other stages share the rest evenly. nil: ⌈L/p⌉ on the first stages.
    public var firstStageLayers: Int?
    public var lastStageLayers: Int?
    /// Multi-token-prediction modules trained beside the model (DeepSeek-V3's depth D, §2.2;
    /// Megatron-Core's `--mtp-num-layers`): each a layer like the model's, a 2h → h projection
    /// and a pass through the shared output head. Full training only.
    public var mtpLayers: Int

    public init(pipeline: Pipeline = .oneForwardOneBackward, virtualStages: Int = 1,
                tensorParallelOverlap: Bool = false, expertParallelOverlap: Bool? = nil, dataParallelOverlap: Bool = true,
                expertLoadImbalance: Double = 1,
                recomputedModules: Recomputed = .coreAttention, firstStageLayers: Int? = nil,
                lastStageLayers: Int? = nil, mtpLayers: Int = 0) {
        self.pipeline = pipeline
        self.virtualStages = virtualStages
        self.tensorParallelOverlap = tensorParallelOverlap
        self.expertParallelOverlap = expertParallelOverlap
        self.dataParallelOverlap = dataParallelOverlap
        self.expertLoadImbalance = expertLoadImbalance
        self.recomputedModules = recomputedModules
        self.firstStageLayers = firstStageLayers
        self.lastStageLayers = lastStageLayers
        self.mtpLayers = mtpLayers
    }

    /// Layers left for the stages the spec does not state, and how many such stages there are.
    public func stageSplit(layers: Int, stages p: Int) -> (remaining: Int, others: Int) {
        (layers - (firstStageLayers ?? 0) - (lastStageLayers ?? 0),
         p - (firstStageLayers == nil ? 0 : 1) - (lastStageLayers == nil ? 0 : 1))
    }

    /// Share of a pipeline rank's chunks that run without a partner chunk to hide their expert
    /// all-to-alls behind. DualPipe overlaps communication inside forward-and-backward pairs
    /// only; in DeepSeek's reference schedule (deepseek-ai/DualPipe, `DualPipe.step`: steps
    /// 1–3 and 3, 5–7) the ranks h from either end run 1.5p − h − 1 of their m forward chunks
    /// and as many backward chunks alone (the two middle ranks one more, in step 4). The end
    /// ranks (h = 0) have the most, and the busiest rank sets the pace: (1.5p − 1)/m. Other
    /// schedules: 0 (the overlap, when stated, is taken to span the step).
    public func unpairedChunkShare(stages p: Int, microBatches m: Int) -> Double {
        guard pipeline == .dualpipe, p > 1, m > 0 else { return 0 }
        return min(1, (1.5 * Double(p) - 1) / Double(m))
    }

    /// Most chunks of the interleaved schedule each pipeline rank can hold. A chunk holds one
    /// layer at least, except where the spec states a smaller first or last stage: then its
    /// first chunk may hold only the input embedding, and the last stage's last chunk only the
    /// output head and loss (Llama 3, Dubey et al. 2024, §3.3.2: one layer fewer on each of
    /// those stages, so that those chunks hold no layer).
    /// Without stages between them, the larger of the two stated stages fills every chunk with
    /// a layer. Meaningful for a split that leaves each other stage a layer (`stageSplit`).
    public func mostChunksPerStage(layers: Int, stages p: Int) -> Int {
        let split = stageSplit(layers: layers, stages: p)
        var most = split.others > 0 ? split.remaining / split.others : max(firstStageLayers ?? 0, lastStageLayers ?? 0)
        if let first = firstStageLayers { most = min(most, first + 1) }
        if let last = lastStageLayers { most = min(most, last + 1) }
        return max(1, most)
    }

    /// Micro-batches whose activations a pipeline rank holds at once, at most: 1F1B's first
    /// stage holds p, DualPipe's ranks p + 1 (DeepSeek-V3, Table 2); never more than a step has.
    public func inFlight(stages p: Int, microBatches m: Int) -> Int {
        min(pipeline == .dualpipe && p > 1 ? p + 1 : p, m)
    }

    /// Interleaved 1F1B uses two chunks per rank unless the spec gives another count
    /// (Megatron-LM's `--num-layers-per-virtual-pipeline-stage` has no default; two is the
    /// smallest count that interleaves).
    public static let defaultVirtualStages = 2

    /// Whether the expert all-to-alls are hidden: as the spec says, else only under DualPipe,
    /// whose purpose it is.
    public var hidesExpertCommunication: Bool { expertParallelOverlap ?? (pipeline == .dualpipe) }

    /// Fraction of a step's compute lost to the pipeline's fill and drain with p stages and m
    /// micro-batches per step.
    /// - 1F1B: (p − 1)/m (Narayanan et al. 2021, §2.2.1).
    /// - Interleaved with v chunks: (p − 1)/(v·m) (§2.2.2).
    /// - DualPipe: (p/2 − 1)(F&B + B − 3W) against 1F1B's (p − 1)(F + B) (DeepSeek-V3,
    ///   Table 2, where B is a chunk's whole backward and W its weight-gradient part). With
    ///   F = 1, B = 2 and W = 1 (the backward runs two matmuls per forward matmul, one of them
    ///   the weight gradient) and an overlapped forward-and-backward pair costing F + B, the
    ///   bubble is 2(p/2 − 1) = p − 2 units against 1F1B's 3(p − 1), of a step's 3m: (p − 2)/(3m).
    public func bubble(stages p: Int, microBatches m: Int, layersPerStage: Double = .infinity) -> Double {
        guard p > 1, m > 0 else { return 0 }
        let stages = Double(p), batches = Double(m)
        switch pipeline {
        case .oneForwardOneBackward: return (stages - 1) / batches
        case .interleaved: return (stages - 1) / (Double(virtualStages(layersPerStage: layersPerStage)) * batches)
        case .dualpipe: return max(0, stages - 2) / (3 * batches)
        }
    }

    /// Model chunks per pipeline rank as they can be: a chunk holds one layer at least.
    public func virtualStages(layersPerStage: Double) -> Int {
        guard pipeline == .interleaved else { return 1 }
        return layersPerStage.isFinite ? max(1, min(virtualStages, Int(layersPerStage))) : max(1, virtualStages)
    }
}
