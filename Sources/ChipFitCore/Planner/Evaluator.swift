/// Degrees of parallelism. Chips = tensor × pipeline × data; expert parallelism spreads MoE
/// experts over `expert` chips of the tensor × data group of each pipeline stage.
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

    public var chips: Int { tensor * pipeline * data }

    public static func < (a: Layout, b: Layout) -> Bool {
        (a.chips, a.tensor * a.pipeline, a.tensor, a.expert) < (b.chips, b.tensor * b.pipeline, b.tensor, b.expert)
    }
}

/// Every intermediate figure of one evaluation, so `explain` can show how each was reached.
public struct Evaluation: Sendable {
    public var layout: Layout
    public var memory: MemoryBreakdown
    // Inference
    public var sequencesPerReplica: Double = 0
    /// Tokens each sequence holds in the KV cache at the end of generation (input + output).
    public var kvTokens: Double = 0
    public var prefillFLOPs: Double = 0
    public var prefillComputeSeconds: Double = 0
    public var prefillMemorySeconds: Double = 0
    public var prefillCommSeconds: Double = 0
    public var decodeMicroBatches: Double = 0
    public var decodeContext: Double = 0
    public var decodeStageFLOPsPerChip: Double = 0
    public var decodeStageBytesPerChip: Double = 0
    public var decodeStageComputeSeconds: Double = 0
    public var decodeStageMemorySeconds: Double = 0
    public var decodeStageCommSeconds: Double = 0
    public var expertFractionTouched: Double = 1
    public var ttftSeconds: Double?
    public var tpotSeconds: Double?
    public var throughput: Double?
    // Training
    public var trainableParameters: Double = 0
    public var flopsPerToken: Double = 0
    public var microBatches: Int = 0
    public var steps: Double = 0
    public var stepComputeSeconds: Double = 0
    public var bubbleSeconds: Double = 0
    public var tpCommSeconds: Double = 0
    public var dpCommSeconds: Double = 0
    public var dpExposedSeconds: Double = 0
    public var stepSeconds: Double = 0
    public var trainingDays: Double?
    /// Targets this layout misses, with by how much.
    public var misses: [Rejection] = []

    public var meetsTargets: Bool { misses.isEmpty }
}

/// Evaluates layouts of one deployment on one chip at one precision. Everything that does
/// not depend on the layout is computed once here, so the search loop stays cheap.
public struct Evaluator: Sendable {
    public let deployment: Deployment
    public let shape: ModelShape
    public let chip: ChipProfile
    public let precision: PrecisionChoice
    public let efficiency: ResolvedEfficiency
    public let fusedAttention: Bool

    let workload: Workload
    let peak: Double
    let bandwidth: Double
    let link: Double
    let scaleOut: Double
    let nonExpertWeightBytes: Double
    let routedExpertWeightBytes: Double
    let sharedExpertWeightBytes: Double
    let kvBytesPerValue: Double
    let adapterParameters: Double
    let reserve: Double

    public init(deployment: Deployment, shape: ModelShape, chip: ChipProfile, stack: Stack?, precision: PrecisionChoice) {
        self.deployment = deployment
        self.shape = shape
        self.chip = chip
        self.precision = precision
        workload = deployment.workload
        efficiency = ResolvedEfficiency(spec: workload.efficiency, chip: chip.efficiency)
        fusedAttention = !(stack?.attentionKernels.isEmpty ?? true)
        peak = (chip.compute[precision.compute] ?? 0) * efficiency.compute
        bandwidth = chip.memoryBandwidth * efficiency.memory
        link = chip.interconnectBandwidth * efficiency.interconnect
        scaleOut = (chip.scaleOutBandwidth ?? chip.interconnectBandwidth) * efficiency.interconnect

        let a = shape.architecture
        let embedding = Double(a.vocabSize) * Double(a.hiddenSize) * (a.tiedEmbeddings ? 1 : 2)
        let weightPrecision: Precision = workload.method == .full ? precision.weights : precision.compute
        let stored: Precision = workload.method == .qlora ? .int4 : weightPrecision
        nonExpertWeightBytes = MemoryModel.weightBytes(parameters: shape.nonExpertParameters,
                                                       embeddingParameters: embedding, precision: stored)
        let expertBytes = MemoryModel.weightBytes(parameters: shape.expertParameters, embeddingParameters: 0, precision: stored)
        if let e = a.experts, e.total + e.shared > 0 {
            let shared = Double(e.shared) / Double(e.total + e.shared)
            sharedExpertWeightBytes = expertBytes * shared
            routedExpertWeightBytes = expertBytes - sharedExpertWeightBytes
        } else {
            sharedExpertWeightBytes = 0
            routedExpertWeightBytes = 0
        }
        kvBytesPerValue = precision.kvCache.bytes
        adapterParameters = workload.method == .full ? 0 : PerformanceModel.loraParameters(a, rank: workload.loraRank)
        reserve = Assumptions.memoryReserveFraction * chip.memoryCapacity
    }

    /// Weight bytes on one chip: non-expert weights split over t·p; expert weights over
    /// p·max(e, t) (tensor parallelism already splits each expert t ways).
    func weightsPerChip(_ l: Layout) -> (nonExpert: Double, routed: Double, shared: Double) {
        let tp = Double(l.tensor * l.pipeline)
        let ep = Double(l.pipeline * max(l.expert, l.tensor))
        return (nonExpertWeightBytes / tp, routedExpertWeightBytes / ep, sharedExpertWeightBytes / ep)
    }

    public func evaluate(_ l: Layout) -> Evaluation {
        workload.phase == .inference ? inference(l) : training(l)
    }

    // MARK: Inference

    func inference(_ l: Layout) -> Evaluation {
        let a = shape.architecture
        let w = weightsPerChip(l)
        let seqs = (Double(workload.concurrency) / Double(l.data)).rounded(.up)
        let encoder = a.kind == .encoder
        let tokens = Double(workload.inputTokens + (encoder ? 0 : workload.outputTokens))
        let kv = encoder ? nil : MemoryModel.kvCacheBytes(shape: shape, tensorParallel: l.tensor, pipeline: l.pipeline,
                                                          bytesPerValue: kvBytesPerValue, tokens: tokens, sequences: seqs)
        let chunk = min(Double(Assumptions.prefillChunkTokens), Double(workload.inputTokens) * seqs)
        let workspace = MemoryModel.inferenceWorkspace(shape: shape, tensorParallel: l.tensor, chunkTokens: chunk, sequences: seqs)
        let memory = MemoryBreakdown(weights: w.nonExpert + w.routed + w.shared, kvCache: kv, activations: workspace,
                                     gradients: nil, optimizer: nil, overhead: reserve, capacity: chip.memoryCapacity)
        var e = Evaluation(layout: l, memory: memory)
        e.sequencesPerReplica = seqs
        // Memory is the cheap bound: a layout that does not fit is not costed further.
        guard memory.fits else { return e }
        e.kvTokens = tokens
        let t = Double(l.tensor), p = Double(l.pipeline), layers = Double(a.layers)
        let h = Double(a.hiddenSize), act = 2.0 // 16-bit activations on the wire

        // TTFT: one request's prompt through every stage in turn.
        let input = Double(workload.inputTokens)
        e.prefillFLOPs = PerformanceModel.prefillFLOPs(shape, tokens: input)
        e.prefillComputeSeconds = peak > 0 ? e.prefillFLOPs / (t * peak) : .infinity
        e.prefillMemorySeconds = (w.nonExpert + w.routed + w.shared) * p / bandwidth
        e.prefillCommSeconds = layers * 2 * PerformanceModel.allReduceSeconds(
            bytes: input * h * act, ranks: l.tensor, bandwidth: link, latency: Assumptions.collectiveStepLatency)
        e.ttftSeconds = max(e.prefillComputeSeconds, e.prefillMemorySeconds) + e.prefillCommSeconds

        if !encoder {
            // Decode: the replica's sequences split into up to p micro-batches to fill the pipeline.
            let microBatches = min(p, seqs)
            let perMicro = seqs / microBatches
            let context = input + Double(workload.outputTokens) / 2
            e.decodeMicroBatches = microBatches
            e.decodeContext = context
            if let experts = a.experts {
                // Expected share of routed experts a micro-batch touches, routing uniformly:
                // 1 − (1 − k/E)^(tokens).
                e.expertFractionTouched = 1 - pow1(1 - Double(experts.active) / Double(experts.total), perMicro)
            }
            let kvRead = MemoryModel.kvCacheBytes(shape: shape, tensorParallel: l.tensor, pipeline: l.pipeline,
                                                  bytesPerValue: kvBytesPerValue, tokens: context, sequences: perMicro)
            e.decodeStageBytesPerChip = w.nonExpert + w.shared + w.routed * e.expertFractionTouched + kvRead
            e.decodeStageFLOPsPerChip = PerformanceModel.decodeFLOPs(shape, context: context, batch: perMicro) / (t * p)
            e.decodeStageComputeSeconds = peak > 0 ? e.decodeStageFLOPsPerChip / peak : .infinity
            e.decodeStageMemorySeconds = e.decodeStageBytesPerChip / bandwidth
            e.decodeStageCommSeconds = layers / p * 2 * PerformanceModel.allReduceSeconds(
                bytes: perMicro * h * act, ranks: l.tensor, bandwidth: link, latency: Assumptions.collectiveStepLatency)
            let stage = max(e.decodeStageComputeSeconds, e.decodeStageMemorySeconds) + e.decodeStageCommSeconds
            let tpot = p * stage
            e.tpotSeconds = tpot
            e.throughput = Double(l.data) * seqs / tpot
        }

        let slo = workload.slo
        if let target = slo.ttftMs, let v = e.ttftSeconds, v * 1000 > target {
            e.misses.append(Rejection(.sloMissed, "TTFT \(fmt(v * 1000)) ms exceeds the \(fmt(target)) ms target by \(pct(v * 1000 / target - 1))"))
        }
        if let target = slo.tpotMs, let v = e.tpotSeconds, v * 1000 > target {
            e.misses.append(Rejection(.sloMissed, "TPOT \(fmt(v * 1000)) ms exceeds the \(fmt(target)) ms target by \(pct(v * 1000 / target - 1))"))
        }
        if let target = slo.throughputTokensPerSecond, let v = e.throughput, v < target {
            e.misses.append(Rejection(.sloMissed, "throughput \(fmt(v)) tokens/s is \(pct(1 - v / target)) below the \(fmt(target)) tokens/s target"))
        }
        return e
    }

    // MARK: Training

    func training(_ l: Layout) -> Evaluation {
        let a = shape.architecture
        let w = weightsPerChip(l)
        let t = Double(l.tensor), p = Double(l.pipeline), layers = Double(a.layers)
        let tpShare = 1 / (t * p)
        let expertShare = 1 / (p * Double(max(l.expert, l.tensor)))
        let localParams = shape.nonExpertParameters * tpShare + shape.expertParameters * expertShare
        let bytes = MemoryModel.stateBytes(precision: precision.compute, optimizer: workload.optimizer)
        let stage = workload.zeroStage
        var weights: Double, gradients: Double, optimizer: Double
        if workload.method == .full {
            let s = MemoryModel.zero(stage: stage, parameters: localParams, dataParallel: l.data, bytes: bytes)
            (weights, gradients, optimizer) = (s.weights, s.gradients, s.optimizer)
        } else {
            // Frozen base at its storage precision (QLoRA: NF4 with double quantization,
            // 4.127 bits per parameter, Dettmers et al. 2023 §3); adapters train in full.
            let base = workload.method == .qlora
                ? localParams * 4.127 / 8
                : (w.nonExpert + w.routed + w.shared)
            let adapters = MemoryModel.zero(stage: stage, parameters: adapterParameters * tpShare, dataParallel: l.data, bytes: bytes)
            weights = (stage >= 3 ? base / Double(l.data) : base) + adapters.weights
            gradients = adapters.gradients
            optimizer = adapters.optimizer
        }
        let mbs = workload.microBatchSize
        let m = max(1, workload.globalBatchSize / (l.data * mbs))
        let s = workload.sequenceLength
        let perLayer = MemoryModel.activationBytesPerLayer(
            sequence: s, microBatch: mbs, shape: shape, tensorParallel: l.tensor, recompute: workload.recompute,
            fusedAttention: fusedAttention, moeLayer: a.isMoE)
        let inFlight = Double(min(l.pipeline, m))
        var activations = perLayer * layers / p * inFlight
        if workload.recompute == .full {
            // While recomputing, one layer's full activations exist again.
            activations += MemoryModel.activationBytesPerLayer(
                sequence: s, microBatch: mbs, shape: shape, tensorParallel: l.tensor, recompute: .selective,
                fusedAttention: fusedAttention, moeLayer: a.isMoE)
        }
        // fp32 logits for the loss on the last stage: 4·s·b·V/t (Korthikanti et al. §4.3).
        activations += 4 * Double(s * mbs) * Double(a.vocabSize) / t
        let memory = MemoryBreakdown(weights: weights, kvCache: nil, activations: activations, gradients: gradients,
                                     optimizer: optimizer, overhead: reserve, capacity: chip.memoryCapacity)
        var e = Evaluation(layout: l, memory: memory)
        e.trainableParameters = workload.method == .full ? shape.parameters : adapterParameters
        e.microBatches = m
        guard memory.fits else { return e }

        e.flopsPerToken = PerformanceModel.trainingFLOPsPerToken(
            shape, sequence: Double(s), recompute: workload.recompute, method: workload.method,
            adapterParameters: adapterParameters)
        let tokensPerStep = Double(workload.globalBatchSize * s)
        e.steps = (workload.tokens / tokensPerStep).rounded(.up)
        e.stepComputeSeconds = peak > 0 ? tokensPerStep * e.flopsPerToken / (Double(l.chips) * peak) : .infinity
        e.bubbleSeconds = PerformanceModel.pipelineBubble(stages: l.pipeline, microBatches: m) * e.stepComputeSeconds
        // Tensor parallel: per layer and micro-batch, 2 all-reduces forward and 2 backward of the
        // s·b·h activations (Megatron-LM, Shoeybi et al. 2019, §3), 2 more when recomputing fully.
        let collectives = workload.recompute == .full ? 6.0 : 4.0
        e.tpCommSeconds = layers / p * Double(m) * collectives * PerformanceModel.allReduceSeconds(
            bytes: Double(s * mbs * a.hiddenSize) * 2, ranks: l.tensor, bandwidth: link, latency: Assumptions.collectiveStepLatency)
        // Data parallel: one gradient all-reduce per step (16-bit gradients); ZeRO-3 moves 1.5×
        // as much (parameter all-gathers, Rajbhandari et al. §7). Overlapped with backward.
        let gradientBytes = (workload.method == .full ? localParams : adapterParameters * tpShare) * 2
        let crossesNodes = l.chips > chip.chipsPerNode
        e.dpCommSeconds = (stage >= 3 ? 1.5 : 1) * PerformanceModel.allReduceSeconds(
            bytes: gradientBytes, ranks: l.data, bandwidth: crossesNodes ? scaleOut : link,
            latency: Assumptions.collectiveStepLatency)
        let backward = e.stepComputeSeconds * 2 / 3
        e.dpExposedSeconds = max(0, e.dpCommSeconds - backward)
        e.stepSeconds = e.stepComputeSeconds + e.bubbleSeconds + e.tpCommSeconds + e.dpExposedSeconds
        let days = e.steps * e.stepSeconds / 86_400
        e.trainingDays = days
        if let deadline = workload.deadlineDays, days > deadline {
            e.misses.append(Rejection(.deadlineMissed, "training takes \(fmt(days)) days, \(pct(days / deadline - 1)) over the \(fmt(deadline))-day deadline"))
        }
        return e
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
    if abs(x) >= 100 { return String(Int(x.rounded())) }
    else if abs(x) >= 10 { text = String((x * 10).rounded() / 10) }
    else if abs(x) >= 1 { text = String((x * 100).rounded() / 100) }
    else { text = String((x * 1000).rounded() / 1000) }
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
}

func pct(_ fraction: Double) -> String {
    guard fraction.isFinite else { return "∞ %" }
    return "\(Int((fraction * 100).rounded()))%"
}
