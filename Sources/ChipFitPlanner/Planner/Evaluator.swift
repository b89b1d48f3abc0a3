/// Degrees of parallelism. Ranks = tensor × pipeline × data, one device each (a chip, or a die
/// under `rank: die`); expert parallelism spreads MoE experts over `expert` ranks of the
/// tensor × data group of each pipeline stage.
public struct Layout: Sendable, Hashable, Comparable {
    public var tensor: Int
    public var pipeline: Int
    public var data: Int
    public var expert: Int

    public init(tensor: Int, pipeline: Int, data: Int, expert: Int) {
        self.tensor = tensor
        self.pipeline = pipeline
        self.data = data
        self.expert = expert
    }

    public var ranks: Int { tensor * pipeline * data }

    public static func < (a: Layout, b: Layout) -> Bool {
        (a.ranks, a.tensor * a.pipeline, a.tensor, a.expert) < (b.ranks, b.tensor * b.pipeline, b.tensor, b.expert)
    }
}

/// Every intermediate figure of one evaluation, so `explain` can show how each was reached.
public struct Evaluation: Sendable {
    public var layout: Layout
    public var memory: MemoryBreakdown
    // Inference (docs/model.md, "Serving")
    /// Sequences each replica serves, and those it runs at once (the engine's `max_sequences`).
    public var sequencesPerReplica: Double = 0
    public var runningSequences: Double = 0
    /// The replica runs fewer sequences than its share and `max_sequences` allow because its
    /// KV cache holds no more (`serving.admission: memory`).
    public var runningLimitedByMemory = false
    /// The engine limits used: tokens per iteration, running sequences per replica.
    public var budgetTokens = 0
    public var sequenceLimit = 0
    /// Tokens each sequence holds in the KV cache at the end of generation (input + output).
    public var kvTokens: Double = 0
    /// A prefill iteration: continuous batching, one chunk of a request's prompt beside the
    /// others' decodes; static batching, the whole batch's prompts; a burst, one of a wave's
    /// prefill iterations.
    public var prefill = IterationCost()
    public var prefillChunks: Double = 1
    /// Mean wait before a prompt is prefilled: for room in the iteration budget (continuous
    /// batching), for the earlier waves (a burst).
    public var prefillWaitSeconds: Double = 0
    /// The decode iteration: every decoding sequence's step and, in a steady state, the prompt
    /// tokens fed beside them.
    public var decode = IterationCost()
    /// A burst's waves (`serving.arrival: burst`); nil otherwise.
    public var burst: Burst?
    public var decodingSequences: Double = 0
    /// Tokens each sequence emits per decode step (above 1 with speculative decoding).
    public var tokensPerStep: Double = 1
    /// One decode step, draft tokens included.
    public var decodeStepSeconds: Double = 0
    /// Requests completed per second across the replicas.
    public var requestsPerSecond: Double = 0
    public var ttftSeconds: Double?
    public var tpotSeconds: Double?
    /// Generated tokens per second across all sequences.
    public var throughput: Double?
    /// Prompt tokens per second across all sequences.
    public var inputThroughput: Double?
    /// Moving one request's KV cache from the prefill pool to the decode pool (in TTFT).
    public var kvTransferSeconds: Double = 0
    /// A prefill pool: the requests per second asked of it. A decode pool: the time each
    /// request spends decoding there.
    public var poolDemand: Double = 0
    public var perRequestDecodeSeconds: Double = 0
    /// Chips in both pools of a disaggregated deployment (`Candidate.pools`); 0 when colocated.
    // Every field is a plain value: evaluations are copied in the search loop, and a reference
    // among them would make each copy a retain and each drop a release; the pools live on the
    // candidate for that reason.
    public var poolChips = 0
    /// Ranks one chip holds (`Evaluator.ranksPerChip`).
    public var ranksPerChip = 1
    /// Chips in all: both pools when disaggregated; under `rank: die`, the dies used over the
    /// dies per chip, rounded up (a chip with an idle die is still bought).
    public var chips: Int { poolChips > 0 ? poolChips : chipsHolding(ranks: layout.ranks, ranksPerChip: ranksPerChip) }
    /// What one rank runs on, for outputs: "chip", or "die" under `rank: die`.
    public var device: String { ranksPerChip > 1 ? "die" : "chip" }

    /// One pool of a disaggregated deployment, evaluated on its own layout.
    public struct Pool: Sendable {
        public enum Role: String, Sendable { case prefill, decode }
        public var role: Role
        public var evaluation: Evaluation
        public init(role: Role, evaluation: Evaluation) {
            self.role = role
            self.evaluation = evaluation
        }
    }
    // Training
    public var microBatches: Int = 0
    public var steps: Double = 0
    public var stepComputeSeconds: Double = 0
    public var bubbleSeconds: Double = 0
    /// Each collective's time in a step, and the part of it the step waits for.
    public var tpCommSeconds: Double = 0
    public var tpExposedSeconds: Double = 0
    public var expertCommSeconds: Double = 0
    public var expertExposedSeconds: Double = 0
    public var dpCommSeconds: Double = 0
    public var dpExposedSeconds: Double = 0
    public var stepSeconds: Double = 0
    public var trainingDays: Double?
    /// Whether the layout meets every target of the spec (SLOs or deadline). The messages are
    /// built only when asked (`Evaluator.misses`), not in the search loop.
    public var meetsTargets = true
}

/// Evaluates layouts of one deployment on one chip at one precision. Everything that does
/// not depend on the layout is computed once here, so the search loop stays cheap. A class,
/// and holding only the chip figures it uses: the search and the planner pass it around,
/// and copying a deployment and a chip profile with every pass cost more than evaluating.
public final class Evaluator: Sendable {
    /// What the evaluated chips do: serve the whole deployment, or be one pool of a
    /// disaggregated one (docs/model.md, "Prefill/decode disaggregation").
    public enum Role: Sendable, Equatable {
        case colocated
        /// Decodes every sequence; prompts arrive from the prefill pool.
        case decodePool
        /// Prefills prompts for a decode pool completing `demand` requests per second, each
        /// spending `decodeSeconds` decoding there.
        case prefillPool(demand: Double, decodeSeconds: Double)
    }

    public let role: Role
    /// Ranks on one chip: its dies under `rank: die`, else 1.
    public let ranksPerChip: Int
    public let shape: ModelShape
    public let precision: PrecisionChoice
    let chipsPerNode: Int
    let memoryCapacity: Double
    public let efficiency: ResolvedEfficiency
    public let fusedAttention: Bool

    let workload: Workload
    let peak: Double
    /// Achievable rate of attention's score and mix products, which multiply the KV cache: at the
    /// cache's precision when it is a floating format the chip rates (FlashAttention-3 runs FP8;
    /// DeepSeek keeps MLA in BF16 beside FP8 matmuls), else at 16 bits.
    let attentionPeak: Double
    /// Achievable rate of a sparse-attention indexer's scores: FP8 where the chip rates it
    /// (DeepGEMM's `fp8_mqa_logits`, which vLLM and SGLang call), else the attention rate.
    let indexerPeak: Double
    /// Achievable rate of routed-expert matmuls (`efficiency.experts`).
    let expertPeak: Double
    /// Routed-expert matmul FLOPs per token (top-k experts of every MoE layer).
    let routedFLOPsPerToken: Double
    let bandwidth: Double
    /// Achievable bandwidth per direction on the intra-node link and on the scale-out fabric.
    let link: Double
    let scaleOut: Double
    /// A full-mesh node gives a group of g chips g − 1 of its n − 1 links.
    let fullMeshNode: Bool
    /// Chips in the scale-up domain (the node when the profile names none), and its bandwidth per direction.
    let domainChips: Int
    let scaleUp: Double
    /// Weights split by tensor and pipeline parallelism only: attention, embeddings, dense
    /// MLPs and shared experts (which run for every token, so every expert rank holds them).
    let replicatedWeightBytes: Double
    let routedExpertWeightBytes: Double
    /// Input and output embedding parameters (one matrix when tied).
    let embeddingParameters: Double
    /// Bytes of the input embedding table that a decode step does not read: it looks up only
    /// the rows of the batch's tokens. Zero when tied (the output head reads the table anyway).
    let unreadEmbeddingBytes: Double
    /// One vocabulary × hidden table at its stored precision: the input embedding, or the output head.
    let embeddingTableBytes: Double
    /// The weights outside routed experts and the vocabulary tables: the layers' share.
    let replicatedLayerBytes: Double
    /// Serving: the sparse layers' indexer projections, held and run whole on every
    /// tensor-parallel rank (vLLM's and SGLang's indexers use replicated linear layers); their
    /// bytes and their matmul FLOPs per token (0 in training and without sparse layers).
    let unsplitIndexerBytes: Double
    let unsplitIndexerFLOPsPerToken: Double
    let kvBytesPerValue: Double
    /// The model's KV cache, held apart from its shape: costing a layout reads it, and a copy
    /// of the whole shape would cost more than the arithmetic.
    let kvCache: KVCache
    let adapterParameters: Double
    let reserve: Double
    /// Layout-independent terms of the inference and training formulas.
    let matmulFLOPsPerToken: Double
    let attentionFLOPsPerPrefillPosition: Double
    let attentionFLOPsPerDecodePosition: Double
    /// A request's context over its decode: from its prompt to prompt plus output.
    let decodeContext: (from: Double, to: Double)
    /// Positions a prompt token and a decoding token attend on average, in positions of full
    /// attention (`AttentionMix`).
    let promptPositions: Double
    /// The tokens a request prefills: its input less the cached prefix.
    let promptTokens: Double
    let decodePositions: Double
    /// The shares of those positions that sparse layers' indexers score: work every
    /// tensor-parallel rank does whole.
    let promptIndexerShare: Double
    let decodeIndexerShare: Double
    /// The shares that sparse layers attend (the picked positions).
    let promptPickedShare: Double
    let decodePickedShare: Double
    /// The chip's head block for sparse attention (`ChipProfile.sparseAttentionHeadBlock`).
    let sparseHeadBlock: Int?
    let trainingFLOPsPerToken: Double
    let modelFLOPsPerToken: Double
    /// Training: one chip's seconds per token of a step, each kind of work at its own rate:
    /// matmuls at the compute precision, routed experts at theirs (on the busiest expert rank),
    /// and with FP8 the attention core and the output head at 16 bits.
    let trainingChipSecondsPerToken: Double
    /// The chip's peak at the arithmetic the matmuls run at (`PrecisionChoice.rate`), before any efficiency.
    let chipPeak: Double
    /// The engine's iteration token budget and running-sequence limit, and the host's time per iteration.
    let maxBatchedTokens: Int
    let maxSequences: Int
    let iterationOverhead: Double
    let stateBytes: MemoryModel.StateBytes
    let moeLayers: Double
    /// Routed experts per MoE layer and those a token picks; nil for a dense model. Held apart
    /// from the architecture so costing a layout copies two numbers, not the model's description.
    let routedExperts: (total: Double, active: Double)?
    /// Training activations of one layer and micro-batch before the division by t that ends
    /// `MemoryModel.activationBytesPerLayer` (x / 1 is exact, so x / t is the same figure),
    /// and the layer recomputed under full recompute (0 otherwise).
    let activationsPerLayerUnsplit: Double
    let recomputeWorkingUnsplit: Double

    /// `deployment` is borrowed: an initializer's arguments are otherwise passed owned, and the
    /// planner, which only borrows its deployment, copied it (retaining all its parts) per chip.
    /// A pool's evaluator searches that pool's pinned degrees (`serving.disaggregation`).
    public init(deployment: borrowing Deployment, shape: ModelShape, chip: ChipProfile, stack: Stack?, precision: PrecisionChoice,
                calibration: Calibration? = nil, role: Role = .colocated) {
        self.shape = shape
        self.precision = precision
        self.role = role
        // Every figure below is one rank's device: the chip, or one of its dies (`workload.rank`).
        let device = chip.device(for: deployment.workload.rank)
        ranksPerChip = chip.ranksPerChip(deployment.workload.rank)
        chipsPerNode = device.chipsPerNode
        memoryCapacity = device.memoryCapacity
        var workload = deployment.workload
        if case .disaggregated(let prefill, let decode) = workload.serving.mode {
            switch role {
            case .colocated: break
            case .decodePool: workload.parallelism = decode
            case .prefillPool: workload.parallelism = prefill
            }
        }
        self.workload = workload
        efficiency = ResolvedEfficiency(spec: workload.efficiency, chip: device.efficiency, calibration: calibration, phase: workload.phase)
        fusedAttention = !(stack?.attentionKernels.isEmpty ?? true)
        let computeEfficiency = efficiency.compute
        chipPeak = device.compute[precision.rate] ?? 0
        let matmulPeak = chipPeak * computeEfficiency
        peak = matmulPeak
        let kv = precision.kvCache
        let attentionRate = (!kv.isInteger ? device.compute[kv] : nil) ?? device.compute[.bf16] ?? device.compute[.fp16]
        attentionPeak = attentionRate.map { $0 * computeEfficiency } ?? matmulPeak
        indexerPeak = device.compute[.fp8].map { $0 * computeEfficiency } ?? attentionPeak
        expertPeak = chipPeak * efficiency.experts
        routedFLOPsPerToken = 2 * shape.activeRoutedParameters
        bandwidth = device.memoryBandwidth * efficiency.memory
        // A ring moves data one way per step: a link quoted as the sum of both directions
        // carries half of it each way.
        link = device.interconnectBandwidth / (device.interconnectBidirectional ? 2 : 1) * efficiency.interconnect
        scaleOut = (device.scaleOutBandwidth ?? Assumptions.defaultScaleOutBandwidth) * efficiency.interconnect
        fullMeshNode = device.nodeTopology == .fullMesh
        domainChips = device.scaleUp?.chips ?? device.chipsPerNode
        let interconnectEfficiency = efficiency.interconnect
        scaleUp = device.scaleUp.map { $0.bandwidth / ($0.bidirectional ? 2 : 1) * interconnectEfficiency } ?? link

        let a = shape.architecture
        embeddingParameters = Double(a.vocabSize) * Double(a.hiddenSize) * (a.tiedEmbeddings ? 1 : 2)
        let weightPrecision: Precision = workload.method == .full ? precision.weights : precision.compute
        let stored: Precision = workload.method == .qlora ? .int4 : weightPrecision
        // Embeddings stay 16-bit in quantized checkpoints (MemoryModel.weightBytes).
        let embeddingBytesPerValue = stored.isInteger || stored == .fp8 ? 2 : stored.bytes
        embeddingTableBytes = Double(a.vocabSize) * Double(a.hiddenSize) * embeddingBytesPerValue
        unreadEmbeddingBytes = a.tiedEmbeddings ? 0 : embeddingTableBytes
        replicatedWeightBytes = MemoryModel.weightBytes(
            parameters: shape.nonExpertParameters + shape.sharedExpertParameters,
            embeddingParameters: embeddingParameters, precision: stored)
        replicatedLayerBytes = replicatedWeightBytes - embeddingTableBytes * (a.tiedEmbeddings ? 1 : 2)
        routedExpertWeightBytes = MemoryModel.weightBytes(parameters: shape.routedExpertParameters,
                                                          embeddingParameters: 0, precision: stored)
        let serving = workload.phase == .inference
        unsplitIndexerBytes = serving ? MemoryModel.weightBytes(parameters: shape.indexerParameters, embeddingParameters: 0,
                                                                precision: stored) : 0
        unsplitIndexerFLOPsPerToken = serving ? 2 * shape.indexerParameters : 0
        kvBytesPerValue = precision.kvCache.bytes
        kvCache = shape.kvCache
        adapterParameters = workload.method == .full ? 0 : PerformanceModel.loraParameters(a, rank: workload.loraRank)
        reserve = Assumptions.memoryReserveFraction * device.memoryCapacity
        matmulFLOPsPerToken = 2 * shape.activeMatmulParameters
        attentionFLOPsPerPrefillPosition = 4 * Double(a.layers) * shape.attentionWidth
        attentionFLOPsPerDecodePosition = Double(a.layers) * shape.decodeAttentionFLOPsPerPosition
        decodeContext = (Double(workload.inputTokens), Double(workload.inputTokens + workload.outputTokens))
        // A prompt token attends the cached prefix and, causally, half of the new tokens (an
        // encoder attends the whole input); a decoding token, its context so far.
        // The cached prefix is the input less the tokens a request prefills, which the serving
        // model uses too.
        let input = Double(workload.inputTokens)
        promptTokens = input * (1 - workload.serving.prefixCacheHitRate)
        let cached = input - promptTokens
        promptPositions = a.kind == .encoder ? input : shape.attention.flopPositions(from: cached + 0.5, to: input + 0.5, .prefill)
        decodePositions = shape.attention.flopPositions(from: decodeContext.from, to: decodeContext.to, .decode)
        // A part of the prompt's or the decode's positions, as a share of them (read from locals:
        // a nested function cannot read `self` before every stored property is set).
        typealias Part = (_ from: Double, _ to: Double, _ phase: AttentionMix.Phase) -> Double
        let (mix, decodeFrom, decodeTo, encoder) = (shape.attention, decodeContext.from, decodeContext.to, a.kind == .encoder)
        let promptPositions = promptPositions, decodePositions = decodePositions
        func promptShare(_ part: Part) -> Double {
            encoder || promptPositions <= 0 ? 0 : part(cached + 0.5, input + 0.5, .prefill) / promptPositions
        }
        func decodeShare(_ part: Part) -> Double {
            decodePositions > 0 ? part(decodeFrom, decodeTo, .decode) / decodePositions : 0
        }
        promptIndexerShare = promptShare(mix.indexerPositions)
        decodeIndexerShare = decodeShare(mix.indexerPositions)
        promptPickedShare = promptShare(mix.pickedPositions)
        decodePickedShare = decodeShare(mix.pickedPositions)
        sparseHeadBlock = device.sparseAttentionHeadBlock
        let engine = Serving.engineDefaults(memoryCapacity: device.memoryCapacity)
        maxBatchedTokens = workload.serving.maxBatchedTokens ?? engine.maxBatchedTokens
        maxSequences = workload.serving.maxSequences ?? engine.maxSequences
        iterationOverhead = workload.serving.iterationOverheadSeconds ?? Assumptions.iterationOverhead
        if workload.phase == .training {
            let sequence = Double(workload.sequenceLength)
            let mtp = workload.trainedMTPModules
            let flops = PerformanceModel.trainingFLOPs(shape, sequence: sequence, recompute: workload.recompute,
                                                       method: workload.method, adapterParameters: adapterParameters,
                                                       recomputed: workload.training.recomputedModules, mtpLayers: mtp)
            trainingFLOPsPerToken = flops.total
            modelFLOPsPerToken = PerformanceModel.trainingFLOPs(shape, sequence: sequence, recompute: .none,
                                                                method: workload.method, adapterParameters: adapterParameters,
                                                                mtpLayers: mtp).total
            // Each kind of work at its own rate. FP8 recipes run only the linear layers in FP8;
            // attention and the output head stay in 16 bits (DeepSeek-V3, arXiv 2412.19437,
            // §3.3; Transformer Engine's fp8_autocast covers the transformer layers' linear
            // modules). Routed experts run at their efficiency on the busiest expert rank.
            let sixteenBit = precision.compute == .fp8 ? flops.attention + flops.head : 0
            let routed = a.isMoE ? flops.routed : 0
            let rest = max(0, flops.total - sixteenBit - routed)
            let halfRate = (device.compute[.bf16] ?? device.compute[.fp16] ?? chipPeak) * computeEfficiency
            trainingChipSecondsPerToken = rest / peak + (sixteenBit > 0 ? sixteenBit / halfRate : 0)
                + (routed > 0 ? routed * workload.training.expertLoadImbalance / expertPeak : 0)
        } else {
            (trainingFLOPsPerToken, modelFLOPsPerToken, trainingChipSecondsPerToken) = (0, 0, 0)
        }
        stateBytes = MemoryModel.stateBytes(precision: precision.compute, optimizer: workload.optimizer)
        moeLayers = shape.moeLayers
        routedExperts = a.experts.map { (Double($0.total), Double($0.active)) }
        if workload.phase == .training {
            activationsPerLayerUnsplit = MemoryModel.activationBytesPerLayer(
                sequence: workload.sequenceLength, microBatch: workload.microBatchSize, shape: shape, tensorParallel: 1,
                recompute: workload.recompute, fusedKernels: fusedAttention, moeLayer: a.isMoE,
                recomputed: workload.training.recomputedModules)
            // While recomputing, one layer's full activations exist again.
            recomputeWorkingUnsplit = workload.recompute != .full ? 0 : MemoryModel.activationBytesPerLayer(
                sequence: workload.sequenceLength, microBatch: workload.microBatchSize, shape: shape, tensorParallel: 1,
                recompute: .selective, fusedKernels: fusedAttention, moeLayer: a.isMoE)
        } else {
            (activationsPerLayerUnsplit, recomputeWorkingUnsplit) = (0, 0)
        }
    }

    /// The work of sparse layers' attention on a rank of tensor-parallel degree t, over its
    /// unpadded work: a kernel taking heads in blocks computes whole blocks (vLLM pads 16 heads
    /// per rank to 64 for FlashMLA's sparse kernels on Hopper; docs/model.md, "Inference speed").
    func sparseHeadPadding(tensor t: Int) -> Double {
        let heads = shape.architecture.attentionHeads / t
        return heads > 0 ? Double(ChipProfile.headsComputed(heads, block: sparseHeadBlock)) / Double(heads) : 1
    }

    /// Serving: the indexer projections' bytes a rank holds beyond its 1/t share of the layers'
    /// weights, since they are whole on every rank (`unsplitIndexerBytes`).
    func indexerBytesBeyondSplit(_ l: Layout, layerShare: Double) -> Double {
        unsplitIndexerBytes * layerShare * (1 - 1 / Double(l.tensor))
    }

    /// Chips that share one shard of the routed experts: tensor parallelism already splits
    /// each expert t ways, expert parallelism spreads whole experts over e ranks.
    func expertShards(_ l: Layout) -> Double { Double(max(l.expert, l.tensor)) }

    /// Layers of the largest pipeline stage, ⌈L/p⌉: when p does not divide L the first L mod p
    /// stages take one layer more, and the largest sets the pace of every stage. With the first
    /// or last stage's layers stated (training), the largest of the three kinds of stage.
    @inline(__always) // asked several times per layout; a call costs more than its usual first line
    func stageLayers(_ p: Int) -> Double {
        guard p > 1, workload.training.firstStageLayers != nil || workload.training.lastStageLayers != nil else {
            return (Double(shape.architecture.layers) / Double(p)).rounded(.up)
        }
        let s = stages(p)
        return max(s.first, s.middle, s.last)
    }

    /// Layers of the first, a middle and the last pipeline stage: as the spec states them, the
    /// stages it does not state sharing the remaining layers evenly (the largest of them
    /// counted; ⌈L/p⌉ each when none is stated).
    func stages(_ p: Int) -> (first: Double, middle: Double, last: Double) {
        let schedule = workload.training
        let split = schedule.stageSplit(layers: shape.architecture.layers, stages: p)
        let middle = split.others > 0 ? (Double(max(0, split.remaining)) / Double(split.others)).rounded(.up) : 0
        return (schedule.firstStageLayers.map(Double.init) ?? middle, middle, schedule.lastStageLayers.map(Double.init) ?? middle)
    }

    /// Work of the stage that sets the pace: the first stage's ⌈L/p⌉ layers, or the last stage's
    /// ⌊L/p⌋ layers with the output head, whichever is more; the whole model without a pipeline.
    func paceStage(_ p: Int, layerWork: Double, head: Double) -> Double {
        guard p > 1 else { return layerWork + head }
        let layers = Double(shape.architecture.layers)
        let last = (layers / Double(p)).rounded(.down)
        return max(stageLayers(p) / layers * layerWork, last / layers * layerWork + head)
    }

    /// Weight bytes on one chip of the largest stage: its layers' share of the weights outside
    /// routed experts over t, plus one vocabulary table (the input embedding on the first stage,
    /// the output head on the last; both without a pipeline); routed experts' share over
    /// max(e, t), where an expert rank holds ⌈(experts + redundant copies) / e⌉ whole experts.
    func weightsPerChip(_ l: Layout) -> (replicated: Double, routed: Double) {
        let layerShare = l.pipeline == 1 ? 1 : stageLayers(l.pipeline) / Double(shape.architecture.layers)
        let replicated = (l.pipeline == 1 ? replicatedWeightBytes
            : replicatedLayerBytes * layerShare + embeddingTableBytes) / Double(l.tensor)
            + indexerBytesBeyondSplit(l, layerShare: layerShare)
        guard let experts = routedExperts else { return (replicated, 0) }
        let total = experts.total, copies = total + Double(workload.parallelism.redundantExperts)
        let perShard = l.expert >= l.tensor ? (copies / Double(l.expert)).rounded(.up) / total : copies / total / Double(l.tensor)
        return (replicated, routedExpertWeightBytes * perShard * layerShare)
    }

    /// Bandwidth per direction for a collective among `chips` consecutive chips: the node's link
    /// inside a node (of a full mesh, the g − 1 links a group of g chips has to each other), a
    /// scale-up domain's fabric inside the domain, the scale-out network beyond it.
    func groupBandwidth(_ chips: Int) -> Double {
        if chips <= chipsPerNode {
            guard fullMeshNode, chipsPerNode > 1 else { return link }
            return link * Double(max(1, chips - 1)) / Double(chipsPerNode - 1)
        }
        return chips <= domainChips ? scaleUp : scaleOut
    }

    public func evaluate(_ l: Layout) -> Evaluation {
        workload.phase == .inference ? inference(l) : training(l)
    }

    /// Expert all-to-all of one MoE layer for `tokens` tokens of a replica: each token's hidden
    /// state is dispatched to the ranks of its k experts, and their outputs are combined back.
    /// Inside the scale-up domain it travels over the domain's fabric, (e−1)/e of it leaving the
    /// chip. Across domains it goes as DeepEP sends it (DeepSeek-V3, arXiv 2412.19437, §3.2.2; deepseek-ai/DeepEP):
    /// batches with prompt tokens are dispatched hierarchically, a token crossing once to each
    /// remote domain holding one of its experts, (G − 1)(1 − (1 − 1/G)^k) of the G domains the
    /// group spans with uniform routing, then forwarded inside it; decode-only batches (`direct`) go
    /// straight to each remote expert over the fabric, for latency. Dispatch moves 8-bit values
    /// when the arithmetic is 8-bit (FP8 dispatch, BF16 combine, as DeepSeek serves), combine 16-bit.
    func expertAllToAllSeconds(tokens: Double, _ l: Layout, direct: Bool = false) -> Double {
        guard let experts = shape.architecture.experts, l.expert > 1 else { return 0 }
        let e = Double(l.expert), k = Double(experts.active)
        let valueBytes = (precision.compute.bytes <= 1 ? 1.0 : 2.0) + 2
        let perCopy = tokens / Double(l.tensor) * Double(shape.architecture.hiddenSize) * valueBytes
        let latency = 2 * Assumptions.collectiveStepLatency
        // Within the scale-up domain (the node, or a supernode) every copy goes over its fabric.
        let domain = Double(min(l.expert, domainChips))
        let inside = groupBandwidth(Int(domain))
        guard e > domain else { return perCopy * k * (e - 1) / e / inside + latency }
        if direct {
            // Each copy to an expert on another chip: those in this domain over its fabric, the rest over the network.
            return max(perCopy * k * (domain - 1) / e / inside, perCopy * k * (e - domain) / e / scaleOut) + latency
        }
        let domains = (e / domain).rounded(.up)
        let remote = (domains - 1) * (1 - pow1(1 - 1 / domains, k))
        return max(perCopy * k * (e - 1) / e / inside, perCopy * remote / scaleOut) + latency
    }

    // One test per target, shared by the search (`meetsTargets`) and its explanation
    // (`misses`), so a layout is never rejected without a reason or accepted despite one. A
    // figure that could not be computed (NaN) meets no target: a plan does not recommend a
    // layout on a number it does not have. A figure not computed at all (nil: the layout did
    // not fit in memory, or the phase has no such figure) is judged by the memory check instead.
    private func exceeds(_ value: Double, _ bound: Double) -> Bool { !(value <= bound) }
    private func fallsShort(_ value: Double, _ bound: Double) -> Bool { !(value >= bound) }

    /// Whether a layout meets every target of the spec: its SLOs or its deadline.
    func meetsTargets(_ e: Evaluation) -> Bool {
        if case .prefillPool = role, !(e.requestsPerSecond >= e.poolDemand) { return false }
        let slo = workload.slo
        if let target = slo.ttftMs, let v = e.ttftSeconds, exceeds(v * 1000, target) { return false }
        if let target = slo.tpotMs, let v = e.tpotSeconds, exceeds(v * 1000, target) { return false }
        if let target = slo.throughputTokensPerSecond, let v = e.throughput, fallsShort(v, target) { return false }
        if let deadline = workload.deadlineDays, let days = e.trainingDays, exceeds(days, deadline) { return false }
        return true
    }

    /// The targets a layout misses, with by how much: one rejection per code, naming every
    /// target it stands for (`slo_missed` once, however many SLOs are missed).
    public func misses(_ e: Evaluation) -> [Rejection] {
        var slos: [String] = []
        let slo = workload.slo
        if let target = slo.ttftMs, let v = e.ttftSeconds, exceeds(v * 1000, target) {
            slos.append(v.isNaN ? "TTFT could not be estimated, so the \(fmt(target)) ms target is not shown to be met"
                : "TTFT \(fmt(v * 1000)) ms exceeds the \(fmt(target)) ms target by \(pct(v * 1000 / target - 1))")
        }
        if let target = slo.tpotMs, let v = e.tpotSeconds, exceeds(v * 1000, target) {
            slos.append(v.isNaN ? "TPOT could not be estimated, so the \(fmt(target)) ms target is not shown to be met"
                : "TPOT \(fmt(v * 1000)) ms exceeds the \(fmt(target)) ms target by \(pct(v * 1000 / target - 1))")
        }
        if let target = slo.throughputTokensPerSecond, let v = e.throughput, fallsShort(v, target) {
            slos.append(v.isNaN ? "throughput could not be estimated, so the \(fmt(target)) tokens/s target is not shown to be met"
                : "throughput \(fmt(v)) tokens/s is \(pct(1 - v / target)) below the \(fmt(target)) tokens/s target")
        }
        if case .prefillPool = role, !(e.requestsPerSecond >= e.poolDemand) {
            slos.append("its capacity, \(fmt(e.requestsPerSecond)) requests/s, is below the \(fmt(e.poolDemand)) requests/s it is asked for")
        }
        var out: [Rejection] = slos.isEmpty ? [] : [Rejection(.sloMissed, slos.joined(separator: "; "))]
        if let deadline = workload.deadlineDays, let days = e.trainingDays, exceeds(days, deadline) {
            out.append(Rejection(.deadlineMissed, days.isNaN ? "training time could not be estimated, so the \(fmt(deadline))-day deadline is not shown to be met"
                : "training takes \(fmt(days)) days, \(pct(days / deadline - 1)) over the \(fmt(deadline))-day deadline"))
        }
        return out
    }
}

/// x^n for real n ≥ 0 without Foundation (n is a small batch size here).
func pow1(_ x: Double, _ n: Double) -> Double {
    var result = 1.0, base = x, k = Int(n.rounded(.down))
    while k > 0 {
        if k & 1 == 1 { result *= base }
        base *= base
        k >>= 1
    }
    return result
}

/// Figures in messages: three significant digits, no exponent for everyday magnitudes.
func fmt(_ x: Double) -> String {
    guard x.isFinite else { return "∞" }
    let text: String
    if abs(x) >= 1e15 { return scientific(x) }
    if abs(x) >= 100 { return String(Int(x.rounded())) }
    else if abs(x) >= 10 { text = String((x * 10).rounded() / 10) }
    else if abs(x) >= 1 { text = String((x * 100).rounded() / 100) }
    else { text = String((x * 1000).rounded() / 1000) }
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
}

func pct(_ fraction: Double) -> String {
    guard fraction.isFinite else { return "∞ %" }
    let percent = fraction * 100
    return abs(percent) >= 1e15 ? "\(scientific(percent))%" : "\(Int(percent.rounded()))%"
}

/// A figure too large for everyday notation (or for `Int`), to three significant digits:
/// "3.44e20". Inputs are bounded (Schemas.Limits), but their products need not be.
public func scientific(_ x: Double) -> String {
    guard x.isFinite, x != 0 else { return x.isNaN ? "NaN" : x == 0 ? "0" : "∞" }
    var mantissa = abs(x), exponent = 0
    while mantissa >= 10 { mantissa /= 10; exponent += 1 }
    while mantissa < 1 { mantissa *= 10; exponent -= 1 }
    var digits = (mantissa * 100).rounded() / 100
    if digits >= 10 { digits /= 10; exponent += 1 }
    var text = String(digits)
    if text.hasSuffix(".0") { text.removeLast(2) }
    return (x < 0 ? "-" : "") + text + "e\(exponent)"
}
