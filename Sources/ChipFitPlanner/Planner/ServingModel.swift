/// What one engine iteration costs on one replica: every sequence being decoded advances one
/// step, and prompt tokens are prefilled beside them (docs/model.md, "Serving").
public struct IterationCost: Sendable {
    /// Sequences decoding in the iteration, and prompt tokens prefilled in it.
    public var decodeSequences: Double = 0
    public var prefillTokens: Double = 0
    /// Tokens through the model: decode steps (each verifying 1 + draft tokens) plus prompt tokens.
    public var tokens: Double = 0
    /// Micro-batches the tokens are split into to fill the pipeline.
    public var microBatches: Double = 1
    /// Per chip, per pipeline stage and micro-batch.
    public var flopsPerChip: Double = 0
    public var bytesPerChip: Double = 0
    public var computeSeconds: Double = 0
    public var memorySeconds: Double = 0
    public var communicationSeconds: Double = 0
    /// Communication not hidden behind compute (all of it unless `serving.overlap`).
    public var exposedCommunicationSeconds: Double = 0
    /// Share of a chip's routed experts the iteration's tokens touch.
    public var expertFractionTouched: Double = 1
    /// The engine's host time, added once per iteration (`serving.iteration_overhead_ms`).
    public var hostSeconds: Double = 0
    /// The iteration: each token passes every pipeline stage in turn, then the host's time.
    public var seconds: Double = 0
}

/// One wave of a burst (`serving.arrival: burst`): its requests' prompts prefilled in
/// `chunks` iterations, then decoded together to the end (docs/model.md, "Bursts").
public struct BurstWave: Sendable {
    public var requests: Double
    public var chunks: Double
    public var prefillSeconds: Double = 0
    /// The mean time into the wave of a request's first token.
    public var firstTokenSeconds: Double = 0
    /// Decode steps after the first token, and one step's time.
    public var decodeSteps: Double = 0
    public var stepSeconds: Double = 0
    public var seconds: Double = 0

    public init(requests: Double, chunks: Double) {
        self.requests = requests
        self.chunks = chunks
    }

    /// r prompts of equal length filling k iterations in order: prompt j ends in iteration
    /// ⌈j·k/r⌉, so a first token comes on average Σⱼ⌈j·k/r⌉ / r iterations in. The sum has a
    /// closed form: Σⱼ₌₁..ᵣ₋₁⌊j·k/r⌋ = ((k − 1)(r − 1) + gcd(k, r) − 1)/2, the last term is k, and
    /// ⌈x⌉ = ⌊x⌋ + 1 except for the gcd(k, r) values of j where r divides j·k.
    public static func meanIterationsToFirstToken(requests r: Double, iterations k: Double) -> Double {
        guard r >= 1, k >= 1 else { return k }
        let g = Double(gcd(UInt64(exactly: r.rounded()) ?? 1, UInt64(exactly: k.rounded()) ?? 1))
        return (((k - 1) * (r - 1) + g - 1) / 2 + k + r - g) / r
    }

    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return max(1, a)
    }
}

/// A burst's waves: ⌈requests per replica / running⌉ of them, all full but perhaps the last.
public struct Burst: Sendable {
    public var waves: Double
    public var full: BurstWave
    /// The last wave when it holds fewer requests than the others.
    public var last: BurstWave?
    /// The whole run: the full waves and the last.
    public var seconds: Double
}

extension Evaluator {
    /// One iteration of a replica with layout `l`: `decode` sequences whose tokens attend
    /// `context` positions each on average, and `prefill` prompt tokens that attend `attended`
    /// (both in positions of full attention, `AttentionMix`). They are the evaluator's
    /// `decodePositions` and `promptPositions` (or 0): sparse layers' parts of them are taken as
    /// the shares those positions hold (`promptIndexerShare` and the like).
    func iteration(_ l: Layout, weights w: (replicated: Double, routed: Double), decode d: Double, context: Double,
                   prefill: Double, attended: Double, sequences: Double) -> IterationCost {
        let t = Double(l.tensor), p = Double(l.pipeline)
        var it = IterationCost()
        it.decodeSequences = d
        it.prefillTokens = prefill
        it.tokens = d * workload.serving.verifiedTokensPerStep + prefill
        // Sequences split into up to p micro-batches to fill the pipeline.
        it.microBatches = max(1, min(p, sequences.rounded(.up)))
        let perMicro = it.tokens / it.microBatches
        // Replicas step together (attention data parallelism beside expert parallelism), so each
        // chip does 1/t of its replica's expert work as well as of the rest.
        // The stage that sets the pace (`paceStage`): its layers' share, and the output head's
        // 2·V·h per token on the last stage. A decoder's engine computes logits only where it
        // samples: each decode step's verified tokens and the last token of each prompt the
        // iteration completes (prefill / prompt tokens of them on average), not every prompt token.
        let headPerToken = 2 * Double(shape.architecture.vocabSize) * Double(shape.architecture.hiddenSize)
        let sampled = shape.architecture.kind == .encoder ? it.tokens
            : d * workload.serving.verifiedTokensPerStep + prefill / max(1, promptTokens)
        let matmul = paceStage(l.pipeline, layerWork: (matmulFLOPsPerToken - headPerToken) * it.tokens, head: headPerToken * sampled)
        let layerShare = l.pipeline == 1 ? 1 : stageLayers(l.pipeline) / Double(shape.architecture.layers)
        let decodeAttention = layerShare * attentionFLOPsPerDecodePosition * d * workload.serving.verifiedTokensPerStep * context
        let prefillAttention = layerShare * attentionFLOPsPerPrefillPosition * prefill * attended
        // A sparse layer's indexer is not split by tensor parallelism: every rank scores every
        // position; its attention over the picked positions runs on padded heads where the chip's
        // kernels take heads in blocks.
        let indexer = decodeAttention * decodeIndexerShare + prefillAttention * promptIndexerShare
        let padding = (sparseHeadPadding(tensor: l.tensor) - 1) * (decodeAttention * decodePickedShare + prefillAttention * promptPickedShare)
        let attention = decodeAttention + prefillAttention - indexer + padding
        let share = 1 / (t * it.microBatches)
        // The indexer's projections run whole on every rank: the rest of their 1/t is added.
        let indexerMatmul = unsplitIndexerFLOPsPerToken * it.tokens * layerShare * (1 - 1 / t) / it.microBatches
        it.flopsPerChip = (matmul + attention) * share + indexer / it.microBatches + indexerMatmul
        if let experts = routedExperts {
            // An expert shard serves the tokens of e/t replicas. Routing uniformly, the share of its
            // experts a micro-batch touches is 1 − (1 − k/E)^(tokens reaching the shard).
            let tokensAtShard = perMicro * max(1, Double(l.expert) / t)
            it.expertFractionTouched = 1 - pow1(1 - experts.active / experts.total, tokensAtShard)
        }
        // Every weight but the input embedding's unused rows, the routed experts touched, and the
        // KV cache of the micro-batch's decoding sequences, a whole one at least (prefill reads of
        // the cache are small beside its compute and are not counted).
        let kvSequences = d > 0 ? max(1, d / it.microBatches) : 0
        let kv = d > 0 ? kvCache.readBytes(tensorParallel: l.tensor, pipeline: l.pipeline, bytesPerValue: kvBytesPerValue,
                                           from: decodeContext.from, to: decodeContext.to, sequences: kvSequences) : 0
        // The input embedding sits on the first stage and is read a row at a time; with a
        // pipeline, the pace-setting stage reads its layers and, if it is the last, the head.
        let read = l.pipeline == 1 ? w.replicated - unreadEmbeddingBytes / t
            : paceStage(l.pipeline, layerWork: replicatedLayerBytes, head: embeddingTableBytes) / t
                + indexerBytesBeyondSplit(l, layerShare: layerShare)
        it.bytesPerChip = read + w.routed * it.expertFractionTouched + kv
        // Routed-expert matmuls run at their own achieved rate (`efficiency.experts`).
        let routed = routedFLOPsPerToken * it.tokens * layerShare
        it.computeSeconds = peak > 0 ? ((matmul - routed) / peak + routed / expertPeak + attention / attentionPeak) * share
            + indexer / it.microBatches / indexerPeak + indexerMatmul / peak : .infinity
        it.memorySeconds = it.bytesPerChip / bandwidth
        let h = Double(shape.architecture.hiddenSize), activationBytes = 2.0 // 16-bit activations on the wire
        it.communicationSeconds = stageLayers(l.pipeline) * 2 * PerformanceModel.allReduceSeconds(
            bytes: perMicro * h * activationBytes, ranks: l.tensor, bandwidth: groupBandwidth(l.tensor),
            latency: Assumptions.collectiveStepLatency)
            + moeLayers * layerShare * expertAllToAllSeconds(tokens: perMicro, l, direct: prefill == 0)
        // Every stage waits for the busiest expert rank: its compute and its expert traffic are
        // the imbalance's multiple of the mean (weights and caches are read alike on every rank).
        let imbalance = l.expert > 1 ? (workload.serving.expertLoadImbalance ?? Serving.defaultExpertLoadImbalance) : 1
        it.computeSeconds *= imbalance
        it.communicationSeconds *= imbalance
        let busy = max(it.computeSeconds, it.memorySeconds)
        // Overlapped, one micro-batch's communication runs under the other's compute.
        let stage = workload.serving.overlap ? max(busy, it.communicationSeconds) : busy + it.communicationSeconds
        it.exposedCommunicationSeconds = stage - busy
        // The host adds its time once per iteration.
        it.hostSeconds = iterationOverhead
        it.seconds = p * stage + iterationOverhead
        return it
    }

    // MARK: Inference

    func inference(_ l: Layout) -> Evaluation {
        let serving = workload.serving
        let w = weightsPerChip(l)
        let encoder = shape.architecture.kind == .encoder
        let input = Double(workload.inputTokens), output = encoder ? 0 : Double(workload.outputTokens)
        let prefilled = promptTokens
        // Sequences per replica, and those it runs at once (the rest wait for a slot). A prefill
        // pool's replica holds the prompts of one iteration while their caches move on.
        let perReplica = (Double(workload.concurrency) / Double(l.data)).rounded(.up)
        var running = serving.batching == .static ? perReplica : min(perReplica, Double(maxSequences))
        var held = input + output
        if case .prefillPool = role {
            running = min(running, max(1, (Double(maxBatchedTokens) / max(1, prefilled)).rounded(.up)))
            held = input // a prompt's cache leaves for the decode pool before any token is generated
        }
        func memoryHolding(running: Double) -> MemoryBreakdown {
            let kv = encoder ? nil : kvCache.bytes(tensorParallel: l.tensor, pipeline: l.pipeline,
                                                   bytesPerValue: kvBytesPerValue, tokens: held, sequences: running)
            // Prompts are prefilled in chunks of at most the iteration budget, whatever the batching.
            let chunk = min(Double(maxBatchedTokens), prefilled * running)
            let workspace = MemoryModel.inferenceWorkspace(shape: shape, tensorParallel: l.tensor, chunkTokens: chunk, sequences: running)
            return MemoryBreakdown(weights: w.replicated + w.routed, kvCache: kv, activations: workspace,
                                   gradients: nil, optimizer: nil, overhead: reserve, capacity: memoryCapacity)
        }
        var memory = memoryHolding(running: running)
        var admittedByMemory = false
        if serving.admission == .memory, !memory.fits, running > 1 {
            // The most sequences whose caches fit beside the weights, one at least: memory grows
            // with the sequences, so the largest that fits is found by halving.
            var fits = 1.0, overflows = running
            while overflows - fits > 1 {
                let middle = ((fits + overflows) / 2).rounded(.down)
                if memoryHolding(running: middle).fits { fits = middle } else { overflows = middle }
            }
            running = fits
            memory = memoryHolding(running: running)
            admittedByMemory = memory.fits
        }
        var e = Evaluation(layout: l, memory: memory)
        e.ranksPerChip = ranksPerChip
        e.sequencesPerReplica = perReplica
        e.runningSequences = running
        e.runningLimitedByMemory = admittedByMemory
        e.budgetTokens = maxBatchedTokens
        e.sequenceLimit = maxSequences
        e.kvTokens = input + output
        // Memory is the cheap bound: a layout that does not fit is not costed further.
        guard memory.fits else { return e }

        let attended = promptPositions
        if encoder {
            e.prefill = iteration(l, weights: w, decode: 0, context: 0, prefill: prefilled, attended: attended, sequences: 1)
            e.ttftSeconds = e.prefill.seconds
            e.meetsTargets = meetsTargets(e)
            return e
        }
        let context = decodePositions
        let emitted = serving.emittedTokensPerStep
        let steps = max(1, output / emitted) // decode steps per request
        // A draft head (an MTP module, an EAGLE layer) runs one layer's worth per draft token.
        let draft = 1 + Double(serving.speculative?.draftTokens ?? 0) / Double(shape.architecture.layers)
        e.tokensPerStep = emitted
        // Sequences the replicas serve in total; a replica whose share is below `perReplica` is idle part of the time.
        let replicas = Double(workload.concurrency) / perReplica

        switch role {
        case .colocated: break
        case .decodePool:
            // Every running sequence decodes; no prompt shares its iterations.
            e.decode = iteration(l, weights: w, decode: running, context: context, prefill: 0, attended: 0, sequences: running)
            e.decodingSequences = running
            e.decodeStepSeconds = step(e.decode, draft)
            e.tpotSeconds = e.decodeStepSeconds / emitted
            e.perRequestDecodeSeconds = steps * e.decodeStepSeconds
            e.requestsPerSecond = replicas * running / e.perRequestDecodeSeconds
            e.throughput = e.requestsPerSecond * output
            e.inputThroughput = e.requestsPerSecond * input
            e.meetsTargets = meetsTargets(e)
            return e
        case .prefillPool(let demand, let decodeSeconds):
            prefillPool(l, weights: w, &e, demand: demand, decodeSeconds: decodeSeconds, prefilled: prefilled,
                        attended: attended, input: input)
            return e
        }

        switch serving.batching {
        case .static:
            // The whole batch is prefilled at once, then decoded step by step to the end.
            e.prefill = iteration(l, weights: w, decode: 0, context: 0, prefill: prefilled * running,
                                  attended: attended, sequences: running)
            e.decode = iteration(l, weights: w, decode: running, context: context, prefill: 0, attended: 0, sequences: running)
            e.decodingSequences = running
            e.decodeStepSeconds = step(e.decode, draft)
            e.ttftSeconds = e.prefill.seconds
            e.tpotSeconds = e.decodeStepSeconds / emitted
            let cycle = e.prefill.seconds + steps * e.decodeStepSeconds
            e.requestsPerSecond = replicas * running / cycle
        case .continuous where serving.arrival == .burst:
            burst(l, weights: w, &e, running: running, perReplica: perReplica, prefilled: prefilled,
                  attended: attended, context: context, draft: draft, output: output)
            e.requestsPerSecond *= replicas
        case .continuous:
            solveContinuous(l, weights: w, &e, running: running, perReplica: perReplica, prefilled: prefilled,
                            attended: attended, context: context, steps: steps, draft: draft)
            e.tpotSeconds = e.decodeStepSeconds / emitted
            e.requestsPerSecond *= replicas
        }
        e.throughput = e.requestsPerSecond * output
        e.inputThroughput = e.requestsPerSecond * input
        e.meetsTargets = meetsTargets(e)
        return e
    }

    /// Steady state of a continuously batching replica (docs/model.md, "Continuous batching"):
    /// `d` of its `running` sequences decode while the others' prompts are prefilled in chunks
    /// beside them, within the iteration's token budget. Each request spends `steps` iterations
    /// decoding and its prefill time waiting and prefilling, so d = running · decode time /
    /// (decode time + prefill time), one step of that fixed point from the most the budget allows
    /// (a request's own prefill is taken at that start).
    /// TTFT follows from Little's law: requests not decoding, (perReplica − d), over the request rate.
    private func solveContinuous(_ l: Layout, weights w: (replicated: Double, routed: Double), _ e: inout Evaluation,
                                 running: Double, perReplica: Double, prefilled: Double, attended: Double,
                                 context: Double, steps: Double, draft: Double) {
        let verified = workload.serving.verifiedTokensPerStep
        let budget = Double(maxBatchedTokens)
        // The budget bounds the decoders too: d · verified + the prefill that keeps them fed.
        let mostDecoding = min(running, budget / (verified + prefilled / steps))
        // A request's own prefill: its prompt in chunks of the room the others' decodes leave.
        let others = mostDecoding * (running - 1) / running
        let ownRoom = max(1, budget - others * verified)
        let chunks = (prefilled / ownRoom).rounded(.up)
        let own = iteration(l, weights: w, decode: others, context: context, prefill: min(prefilled, ownRoom),
                            attended: attended, sequences: max(1, others + 1))
        // The steady iteration of d decoding sequences and the prompt tokens that keep them fed:
        // the other requests' prompts, (running − 1)/running of the prefill work, since a
        // request's own prompt is not prefilled while it decodes (none at all with one sequence).
        let othersShare = (running - 1) / running
        func decoding(_ d: Double) -> IterationCost {
            let feed = min(max(1, budget - d * verified), d * prefilled / steps * othersShare)
            return iteration(l, weights: w, decode: max(1, d), context: context, prefill: feed, attended: attended,
                             sequences: max(1, d))
        }
        // Waiting for the prefill budget: M/D/1 (Pollaczek–Khinchine) at its utilisation, the
        // prompt tokens asked for per second (the request rate, d / (steps · step), times the
        // prompt) over those a chunk iteration prefills per second; capped at 0.95, where the
        // formula diverges (a prefill-bound replica's TTFT comes from Little's law instead).
        let chunkTokens = min(prefilled, ownRoom)
        func waiting(_ d: Double, _ decode: IterationCost) -> Double {
            let demand = d / (steps * step(decode, draft)) * prefilled
            let utilisation = min(0.95, demand * own.seconds / max(1, chunkTokens))
            return utilisation / (2 * (1 - utilisation)) * chunks * own.seconds
        }
        // One step of the fixed point from the most the budget allows.
        let first = decoding(mostDecoding)
        let decodeTime = steps * step(first, draft)
        let d = min(mostDecoding, running * decodeTime / (decodeTime + chunks * own.seconds + waiting(mostDecoding, first)))
        let decode = decoding(d)
        let wait = waiting(d, decode)
        e.decode = decode
        e.prefill = own
        e.prefillChunks = chunks
        e.prefillWaitSeconds = wait
        e.decodingSequences = d
        e.decodeStepSeconds = step(decode, draft)
        let rate = d / (steps * e.decodeStepSeconds) // requests per second per replica
        e.requestsPerSecond = rate
        e.ttftSeconds = max(chunks * own.seconds, (perReplica - d) / rate)
    }

    /// A replica's `perReplica` requests arriving together (`serving.arrival: burst`; docs/model.md,
    /// "Bursts"), `running` at a time: ⌈perReplica / running⌉ waves, the last with what is left.
    /// Requests beyond `running` start as earlier ones finish, taken as waves of their own.
    /// Averaged over the requests as `vllm bench serve` and SGLang's `bench_serving` average them:
    /// a request's TTFT is the earlier waves plus its first token's time into its own wave; each
    /// request of a wave finishes at the wave's end, so its TPOT is (wave − first token) /
    /// (output − 1); the replica completes perReplica requests over the run.
    private func burst(_ l: Layout, weights w: (replicated: Double, routed: Double), _ e: inout Evaluation,
                       running: Double, perReplica: Double, prefilled: Double, attended: Double,
                       context: Double, draft: Double, output: Double) {
        func wave(of requests: Double) -> (BurstWave, chunk: IterationCost, decode: IterationCost) {
            self.wave(l, weights: w, requests: requests, prefilled: prefilled, attended: attended,
                      context: context, draft: draft, output: output)
        }
        let waves = max(1, (perReplica / running).rounded(.up))
        let (full, chunk, decode) = wave(of: running)
        let lastRequests = perReplica - (waves - 1) * running
        let uneven = lastRequests < running
        let last = uneven ? wave(of: lastRequests).0 : full
        let earlier = (waves - 1) * running // requests of the full waves before the last
        // Full wave i (from 0) waits i waves, the last waits all the others.
        let waiting = running * full.seconds * (waves - 1) * (waves - 2) / 2 + lastRequests * (waves - 1) * full.seconds
        let firstTokens = earlier * full.firstTokenSeconds + lastRequests * last.firstTokenSeconds
        let afterFirst = earlier * (full.seconds - full.firstTokenSeconds) + lastRequests * (last.seconds - last.firstTokenSeconds)
        let run = (waves - 1) * full.seconds + last.seconds
        e.burst = Burst(waves: waves, full: full, last: uneven ? last : nil, seconds: run)
        e.prefill = chunk
        e.prefillChunks = full.chunks
        e.prefillWaitSeconds = waiting / perReplica
        e.decode = decode
        e.decodingSequences = running
        e.decodeStepSeconds = full.stepSeconds
        e.ttftSeconds = (waiting + firstTokens) / perReplica
        e.tpotSeconds = output > 1 ? afterFirst / perReplica / (output - 1) : full.stepSeconds / workload.serving.emittedTokensPerStep
        e.requestsPerSecond = perReplica / run
    }

    /// One wave of a burst: `requests` prompts prefilled in k iterations of the token budget,
    /// W = k × iteration, which gives each request its first token, then decoded together to the
    /// end, D = (output − 1) / tokens per step × step. Prompts go first, as SGLang's scheduler runs
    /// a waiting prefill before the next decode; vLLM's fills its budget with decodes first, which
    /// does the same work in about the same time.
    private func wave(_ l: Layout, weights w: (replicated: Double, routed: Double), requests: Double,
                      prefilled: Double, attended: Double, context: Double, draft: Double,
                      output: Double) -> (BurstWave, chunk: IterationCost, decode: IterationCost) {
        let prompts = requests * prefilled
        let chunks = max(1, (prompts / Double(maxBatchedTokens)).rounded(.up))
        let chunk = iteration(l, weights: w, decode: 0, context: 0, prefill: prompts / chunks, attended: attended,
                              sequences: max(1, requests / chunks))
        let decode = iteration(l, weights: w, decode: requests, context: context, prefill: 0, attended: 0, sequences: requests)
        var wave = BurstWave(requests: requests, chunks: chunks)
        wave.prefillSeconds = chunks * chunk.seconds
        wave.firstTokenSeconds = chunk.seconds * BurstWave.meanIterationsToFirstToken(requests: requests, iterations: chunks)
        wave.stepSeconds = step(decode, draft)
        wave.decodeSteps = max(0, output - 1) / workload.serving.emittedTokensPerStep
        wave.seconds = wave.prefillSeconds + wave.decodeSteps * wave.stepSeconds
        return (wave, chunk, decode)
    }

    /// A prefill pool's replicas run iterations of up to the token budget of prompts. Capacity =
    /// replicas × budget / (prompt tokens × iteration); TTFT = the prompt's own iterations + the
    /// wait for one (M/D/1 at the pool's utilisation, demand / capacity) + moving its KV cache to
    /// the decode pool, each of the replica's TP × PP chips sending its share over the scale-out
    /// network, as CloudMatrix-Infer moves it over its RDMA plane (docs/model.md, "Prefill/decode disaggregation").
    private func prefillPool(_ l: Layout, weights w: (replicated: Double, routed: Double), _ e: inout Evaluation,
                             demand decodeRate: Double, decodeSeconds: Double, prefilled: Double, attended: Double, input: Double) {
        let budget = Double(maxBatchedTokens)
        let prompt = max(1, prefilled)
        let batch = max(prompt, (budget / prompt).rounded(.down) * prompt) // whole prompts, one at least
        e.prefill = iteration(l, weights: w, decode: 0, context: 0, prefill: min(batch, budget) , attended: attended,
                              sequences: max(1, batch / prompt))
        e.prefillChunks = (prompt / budget).rounded(.up)
        let perReplica = min(batch, budget) / prompt / e.prefill.seconds // requests per second
        let capacity = Double(l.data) * perReplica
        let service = e.prefillChunks * e.prefill.seconds
        // A closed loop of `concurrency` requests asks no more than concurrency / (prefill + decode time).
        let demand = min(decodeRate, Double(workload.concurrency) / (service + decodeSeconds))
        e.poolDemand = demand
        let utilisation = demand / capacity
        e.prefillWaitSeconds = utilisation < 1 ? utilisation / (2 * (1 - utilisation)) * service : .infinity
        let kvBytes = kvCache.bytes(tensorParallel: 1, pipeline: 1, bytesPerValue: kvBytesPerValue,
                                               tokens: input, sequences: 1)
        e.kvTransferSeconds = kvBytes / (Double(l.tensor * l.pipeline) * scaleOut)
        e.ttftSeconds = service + e.prefillWaitSeconds + e.kvTransferSeconds
        e.requestsPerSecond = capacity
        e.inputThroughput = capacity * input
        e.meetsTargets = meetsTargets(e)
    }

    /// A decode step: the iteration's device time with the draft head's layers, and the host's time once.
    func step(_ it: IterationCost, _ draft: Double) -> Double {
        (it.seconds - iterationOverhead) * draft + iterationOverhead
    }
}
