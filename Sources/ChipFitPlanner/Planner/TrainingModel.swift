/// The training model (docs/model.md, "Training time"): a layout's memory per chip and its
/// step time, from compute at each kind of work's rate, the pipeline schedule's bubble and the
/// communication the step waits for.
extension Evaluator {
    func training(_ l: Layout) -> Evaluation {
        let a = shape.architecture
        let w = weightsPerChip(l)
        let t = Double(l.tensor), p = Double(l.pipeline), layers = Double(a.layers)
        let tpShare = 1 / (t * p)
        // Multi-token-prediction modules hold a layer's weights and a projection each; spread over
        // the stages like the rest (the model keeps no per-stage weights).
        let mtp = Double(workload.trainedMTPModules)
        let layerParams = (shape.nonExpertParameters + shape.sharedExpertParameters - embeddingParameters) / layers
        let mtpParams = mtp * (layerParams + 2 * Double(a.hiddenSize * a.hiddenSize))
        let mtpExperts = shape.moeLayers > 0 ? mtp * shape.routedExpertParameters / shape.moeLayers : 0
        let replicatedParams = (shape.nonExpertParameters + shape.sharedExpertParameters + mtpParams) * tpShare
        let expertParams = (shape.routedExpertParameters + mtpExperts) / (p * expertShards(l))
        // Data-parallel groups: replicated weights have d copies; an expert shard has t·d/max(e,t).
        let expertGroup = max(1, Int((Double(l.tensor * l.data) / expertShards(l)).rounded(.down)))
        let bytes = stateBytes
        let stage = workload.zeroStage
        var weights: Double, gradients: Double, optimizer: Double
        if workload.method == .full {
            let r = MemoryModel.zero(stage: stage, parameters: replicatedParams, dataParallel: l.data, bytes: bytes)
            let x = MemoryModel.zero(stage: stage, parameters: expertParams, dataParallel: expertGroup, bytes: bytes)
            (weights, gradients, optimizer) = (r.weights + x.weights, r.gradients + x.gradients, r.optimizer + x.optimizer)
        } else {
            // Frozen base at its storage precision: QLoRA keeps linear layers in NF4 with double
            // quantization (4.127 bits per parameter, Dettmers et al. 2023 §3) and embeddings in
            // 16 bits; adapters train in full mixed precision.
            var base = w.replicated + w.routed
            if workload.method == .qlora {
                let embedding = embeddingParameters * tpShare
                let local = replicatedParams + expertParams
                base = (local - embedding) * 4.127 / 8 + embedding * 2
            }
            let adapters = MemoryModel.zero(stage: stage, parameters: adapterParameters * tpShare, dataParallel: l.data, bytes: bytes)
            weights = (stage >= 3 ? base / Double(l.data) : base) + adapters.weights
            gradients = adapters.gradients
            optimizer = adapters.optimizer
        }
        // DualPipe runs each rank's stage in both directions and keeps its parameters twice
        // (DeepSeek-V3, §3.2.1).
        if workload.training.pipeline == .dualpipe, l.pipeline > 1 { weights *= 2 }
        let mbs = workload.microBatchSize
        let m = max(1, workload.globalBatchSize / (l.data * mbs))
        let s = workload.sequenceLength
        // MemoryModel.activationBytesPerLayer at tensor degree t, and under full recompute
        // the one layer whose activations exist again while it is recomputed.
        let perLayer = activationsPerLayerUnsplit / t
        let stageLayers = stageLayers(l.pipeline)
        let working = recomputeWorkingUnsplit / t // 0 unless recomputing fully
        // 1F1B: the first stage holds min(p, m) micro-batches in flight, the one after it one
        // fewer, the last one, plus the fp32 logits of the loss, 4·s·b·V/t (Korthikanti et al.
        // §4.3); interleaving with v chunks raises the first stage's by (1 + (p − 1)/(p·v))
        // (§4.2.3); DualPipe's ranks hold p + 1 each. The busiest stage sets the need.
        let schedule = workload.training
        let inFlight = Double(schedule.inFlight(stages: l.pipeline, microBatches: m))
        let logits = 4 * Double(s) * Double(mbs) * Double(a.vocabSize) / t
        let activations: Double
        // The modules run after the last layer: their layers' activations and their heads' logits.
        if l.pipeline == 1 {
            activations = perLayer * (stageLayers + mtp) * inFlight + working + logits * (1 + mtp)
        } else {
            let stageSizes = stages(l.pipeline)
            let dual = schedule.pipeline == .dualpipe
            let chunks = Double(schedule.virtualStages(layersPerStage: stageLayers))
            let interleaving = schedule.pipeline == .interleaved ? 1 + (p - 1) / (p * chunks) : 1
            let first = perLayer * stageSizes.first * inFlight * interleaving + working
            let second = perLayer * stageSizes.middle * (dual ? inFlight : Double(min(l.pipeline - 1, m))) + working
            let last = perLayer * (stageSizes.last + mtp) * (dual ? inFlight : 1) + working + logits * (1 + mtp)
            activations = max(first, l.pipeline > 2 ? second : 0, last)
        }
        let memory = MemoryBreakdown(weights: weights, kvCache: nil, activations: activations, gradients: gradients,
                                     optimizer: optimizer, overhead: reserve, capacity: memoryCapacity)
        var e = Evaluation(layout: l, memory: memory)
        e.ranksPerChip = ranksPerChip
        e.microBatches = m
        guard memory.fits else { return e }

        let tokensPerStep = Double(workload.globalBatchSize) * Double(s)
        e.steps = (workload.tokens / tokensPerStep).rounded(.up)
        // Uneven stages: every stage waits for the largest, ⌈L/p⌉ of L layers where L/p is the mean.
        let paceFactor = stageLayers * p / layers
        e.stepComputeSeconds = peak > 0 ? tokensPerStep * trainingChipSecondsPerToken / Double(l.ranks) * paceFactor : .infinity
        e.bubbleSeconds = schedule.bubble(stages: l.pipeline, microBatches: m, layersPerStage: stageLayers)
            * e.stepComputeSeconds
        // Tensor parallel: per layer and micro-batch, 2 all-reduces forward and 2 backward of the
        // s·b·h activations (Megatron-LM, Shoeybi et al. 2019, §3), 2 more when recomputing fully.
        let passes = workload.recompute == .full ? 3.0 : 2.0
        e.tpCommSeconds = stageLayers * Double(m) * 2 * passes * PerformanceModel.allReduceSeconds(
            bytes: Double(s) * Double(mbs) * Double(a.hiddenSize) * 2, ranks: l.tensor, bandwidth: groupBandwidth(l.tensor),
            latency: Assumptions.collectiveStepLatency)
        // MoE layers: a dispatch and a combine all-to-all in each forward pass (the recomputed
        // one too) and their gradients' in the backward; `expertAllToAllSeconds` is the pair.
        let moeCount = moeLayers + (moeLayers > 0 ? mtp : 0) // a module's layer is like the model's last
        e.expertCommSeconds = moeCount * stageLayers / layers * Double(m) * passes
            * expertAllToAllSeconds(tokens: Double(s) * Double(mbs), l) * schedule.expertLoadImbalance
        // Data parallel: one gradient all-reduce per step (16-bit gradients), over d copies for
        // replicated weights and t·d/max(e,t) for expert shards; ZeRO-3 moves 1.5× as much
        // (parameter all-gathers, Rajbhandari et al. §7). The gradient reduction overlaps the
        // backward pass; ZeRO-3 prefetches each layer's parameters during the one before, in
        // the forward pass as in the backward (DeepSpeed's prefetch, FSDP's forward and
        // backward prefetch), so its traffic overlaps the whole step's compute.
        let zeroFactor = stage >= 3 ? 1.5 : 1
        let dpBandwidth = groupBandwidth(l.ranks)
        if workload.method == .full {
            e.dpCommSeconds = zeroFactor * (
                PerformanceModel.allReduceSeconds(bytes: replicatedParams * 2, ranks: l.data, bandwidth: dpBandwidth,
                                                  latency: Assumptions.collectiveStepLatency)
                + PerformanceModel.allReduceSeconds(bytes: expertParams * 2, ranks: expertGroup, bandwidth: dpBandwidth,
                                                    latency: Assumptions.collectiveStepLatency))
        } else {
            e.dpCommSeconds = zeroFactor * PerformanceModel.allReduceSeconds(
                bytes: adapterParameters * tpShare * 2, ranks: l.data, bandwidth: dpBandwidth, latency: Assumptions.collectiveStepLatency)
        }
        // Overlapped communication shares the compute it runs beside: what one collective
        // hides leaves less time for the next, and the rest is waited for. Tensor-parallel
        // collectives go first (they sit between a layer's matmuls), then the expert
        // all-to-alls, then the gradient reduction, which has only the backward pass (two
        // thirds of the compute) unless ZeRO-3 prefetching spreads it over the whole step.
        var room = e.stepComputeSeconds
        func hide(_ seconds: Double, _ overlapped: Bool, within window: Double) -> Double {
            guard overlapped else { return seconds }
            let hidden = min(seconds, max(0, min(room, window)))
            room -= hidden
            return seconds - hidden
        }
        e.tpExposedSeconds = hide(e.tpCommSeconds, schedule.tensorParallelOverlap, within: room)
        if schedule.hidesExpertCommunication {
            // Only paired chunks hide their all-to-alls (DualPipe), each behind its partner's
            // compute, which meanwhile runs on what the communication kernels leave of the chip:
            // a pair lasts max(H, C + s·H) for communication H, compute C and kernel share s.
            let unpaired = schedule.unpairedChunkShare(stages: l.pipeline, microBatches: m)
            let s = Assumptions.hiddenAllToAllComputeShare
            let pairedComm = e.expertCommSeconds * (1 - unpaired)
            let pairedCompute = max(0, room) * (1 - unpaired)
            e.expertExposedSeconds = e.expertCommSeconds * unpaired + max(pairedComm - pairedCompute, s * pairedComm)
            room -= min(pairedCompute, (1 - s) * pairedComm)
        } else {
            e.expertExposedSeconds = e.expertCommSeconds
        }
        let dpWindow = stage >= 3 ? e.stepComputeSeconds : e.stepComputeSeconds * 2 / 3
        e.dpExposedSeconds = hide(e.dpCommSeconds, schedule.dataParallelOverlap, within: dpWindow - (e.stepComputeSeconds - room))
        e.stepSeconds = e.stepComputeSeconds + e.bubbleSeconds + e.tpExposedSeconds + e.expertExposedSeconds + e.dpExposedSeconds
        let days = e.steps * e.stepSeconds / 86_400
        e.trainingDays = days
        e.meetsTargets = meetsTargets(e)
        return e
    }

    /// The chosen layout's training rate: computed once after the search, not for every layout
    /// tried (an `Evaluation` is copied throughout the search, so it holds only what the
    /// search compares).
    func trainingRate(_ e: Evaluation) -> TrainingRate? {
        guard workload.phase == .training, e.trainingDays != nil, e.stepSeconds > 0 else { return nil }
        let tokensPerSecond = Double(workload.globalBatchSize) * Double(workload.sequenceLength) / e.stepSeconds
        let peak = chipPeak * Double(e.layout.ranks)
        return TrainingRate(tokensPerSecond: tokensPerSecond, flopsPerToken: trainingFLOPsPerToken,
                            modelFLOPsPerToken: modelFLOPsPerToken,
                            modelFLOPsUtilization: peak > 0 ? tokensPerSecond * modelFLOPsPerToken / peak : nil)
    }
}

/// How fast a training layout goes: tokens per second over the whole job, the FLOPs each token
/// costs (every executed FLOP, recompute included) and carries (forward and backward, no
/// recompute), and the latter per second over the chips' peak at the compute precision (model
/// FLOPs utilisation).
public struct TrainingRate: Sendable, Hashable {
    public var tokensPerSecond: Double
    public var flopsPerToken: Double
    public var modelFLOPsPerToken: Double
    public var modelFLOPsUtilization: Double?
}

