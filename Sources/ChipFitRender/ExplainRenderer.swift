import ChipFitSpec
import ChipFitPlanner

/// `chipfit explain SPEC --chip ID`: every figure of one deployment on one chip, with the
/// formula, its inputs and the assumptions, in words a reviewer can check by hand.
public struct ExplainRenderer: Sendable {
    public init() {}

    public func render(_ d: DeploymentPlan, _ c: Candidate, asOf: Day, lists: [CertificationListSummary],
                       prices: PriceList? = nil, overrides: [ProfileOverride] = [],
                       fidelity: [Phase: FidelityRecord] = FidelityRecord.suites) -> String {
        var out = Lines()
        let a = d.model.architecture
        let chip = c.chip
        out.add("\(d.name) on \(chip.id) (\(chip.vendor) \(chip.name)) · \(d.phase.rawValue) · as of \(asOf)")
        out.add(c.fits ? "verdict: fits" : "verdict: rejected: " + c.rejections.map { "\($0.code.rawValue) (\($0.message))" }.joined(separator: "; "))
        for warning in c.warnings { out.add("note: \(warning.code.rawValue) (\(warning.message))") }
        for line in ProvenanceText.overrides(overrides) { out.add("note: \(line)") }

        out.section("Certification (policy: \(d.policy.rawValue))")
        for line in ProvenanceText.lists(lists) { out.add(line) }
        out.add("needs a valid \(c.certification.category.rawValue) entry on \(asOf): \(c.certification.state.rawValue)")
        for e in c.certification.evidence {
            out.add("- \(e.list) (\(e.provenance.rawValue)): \(e.product.map { "\"\($0)\"" } ?? "entry") as \(e.category.rawValue), \(e.validFrom) to \(e.validUntil), mapping \(e.mapping.rawValue)")
        }

        out.section("Chip figures (\(chip.file))")
        out.add("memory \(Format.number(chip.memoryCapacity / 1e9)) GB at \(Format.number(chip.memoryBandwidth / 1e12)) TB/s; node of \(chip.chipsPerNode) over \(chip.interconnect) at \(Format.number(chip.interconnectBandwidth / 1e9)) GB/s per chip (\(chip.interconnectBidirectional ? "both directions: half each way" : "per direction"))" + (chip.nodeTopology == .fullMesh ? ", a full mesh (a group of g chips uses g − 1 of the \(chip.chipsPerNode - 1) links)" : "") + (chip.scaleUp.map { "; scale-up domain of \($0.chips) chips over \($0.fabric) at \(Format.number($0.bandwidth / 1e9)) GB/s per chip (\($0.bidirectional ? "both directions" : "per direction"))" } ?? "") + "; scale-out " + (chip.scaleOutBandwidth.map { "\(Format.number($0 * 8 / 1e9)) Gb/s" } ?? "not in the profile: \(Format.number(Assumptions.defaultScaleOutBandwidth * 8 / 1e9)) Gb/s assumed"))
        out.add("peak compute (\(chip.computeBasis.rawValue)): " + Precision.allCases.compactMap { p in
            chip.compute[p].map { "\(p.rawValue) \(Format.number($0 / 1e12)) T" }
        }.joined(separator: ", "))
        if !chip.uncertain.isEmpty { out.add("uncertain in the profile: " + chip.uncertain.joined(separator: ", ")) }
        let device = chip.device(for: d.workload.rank)
        if device !== chip {
            out.add("ranks are dies (`rank: die`): \(chip.dies) a chip, each planned as a device with 1/\(chip.dies) of the chip's memory, bandwidth, compute, links and power (\(Format.number(device.memoryCapacity / 1e9)) GB at \(Format.number(device.memoryBandwidth / 1e12)) TB/s, \(Format.number(device.interconnectBandwidth / 1e9)) GB/s of node link), \(device.chipsPerNode) a node; the profile gives no faster link between a chip's own dies, so a group inside one chip is costed as any group of its node")
        }

        out.section("Model")
        out.add("\(Format.number(d.model.parameters / 1e9))B parameters (\(a.publishedParameters != nil ? "published" : "computed from the architecture")), \(Format.number(d.model.activeParameters / 1e9))B active per token; \(a.layers) layers, hidden \(a.hiddenSize), \(a.attentionHeads) heads, \(a.kvHeads) KV heads × \(a.headDim), vocab \(a.vocabSize)" + (a.experts.map { e in ", \(e.total) routed experts (top-\(e.active)) + \(e.shared) shared" } ?? ""))
        out.add("matmul parameters per token N = \(Format.number(d.model.activeMatmulParameters / 1e9))B (active parameters less the input embedding lookup)")

        guard let p = c.precision else {
            out.section("Precision")
            out.add(c.rejections.first { $0.code == .precisionUnsupported || $0.code == .precisionUnrated }?.message ?? "no precision")
            return out.text
        }
        out.section("Precision")
        out.add("requested \(p.requested.rawValue): weights \(p.weights.rawValue), arithmetic \(p.compute.rawValue) at \(Format.number((device.compute[p.rate] ?? 0) / 1e12)) TFLOPS peak\(device !== chip ? " a die" : "")" + (d.phase == .inference ? ", KV cache \(p.kvCache.rawValue)" : "") + (p.computeNote.map { " (\($0))" } ?? ""))
        if let f = p.fallback { out.add("fallback: \(f)") }
        if let r = p.w8a8Rate { out.add("W8A8 at the \(r.rate.rawValue) rate: " + (r.note.map { $0 + " " } ?? "") + "(\(r.source))") }

        let eff = c.efficiency
        out.section("Assumptions")
        out.add("compute efficiency \(eff.compute) (\(eff.computeOrigin.rawValue)), memory efficiency \(eff.memory) (\(eff.memoryOrigin.rawValue)), interconnect efficiency \(eff.interconnect) (\(eff.interconnectOrigin.rawValue))" + (a.isMoE ? ", routed-expert compute efficiency \(eff.experts) (\(eff.expertsOrigin.rawValue))" : ""))
        let reserveBasis = d.phase == .inference ? "vLLM gpu_memory_utilization 0.9" : "runtime, allocator fragmentation and communication buffers"
        out.add("runtime reserve \(Int(Assumptions.memoryReserveFraction * 100)) % of device memory (\(reserveBasis)); collective step latency \(Int(Assumptions.collectiveStepLatency * 1e6)) µs")
        if let note = eff.calibrationNote { out.add(note) }
        if let record = fidelity[d.phase] {
            out.add(record.measured(on: chip.id, name: chip.name, engine: eff.calibration?.engine?.rawValue))
        }
        out.add("override in the spec with `workload.efficiency: {compute: …, memory: …, interconnect: …, experts: …}` or in the chip profile's `efficiency`")

        guard let e = c.evaluation else { return out.text }
        let l = e.layout
        out.section("Layout")
        out.add("TP \(l.tensor) × PP \(l.pipeline) × DP \(l.data) = \(rankCount(e))" + (a.isMoE ? ", experts spread over EP \(l.expert)" : ""))
        out.add("searched \(c.evaluations) layouts: TP divides the \(chip.chipsPerNode * e.ranksPerChip)-\(e.device) node and the \(a.attentionHeads) heads; PP divides \(a.layers) layers; DP by binary search for the fewest chips that fit and meet every target")

        let m = e.memory
        out.section("Memory per \(e.device)")
        out.add("weights      \(gb(m.weights))" + weightsFormula(d, c, e))
        if let kv = m.kvCache {
            let w = e
            let perPosition = d.model.kvCache.valuesPerTokenPerLayer(tensorParallel: l.tensor)
            let positions = d.model.attention.isAllFull ? "\(Format.number(w.kvTokens)) tokens"
                : "\(Format.number(d.model.attention.cachedPositions(w.kvTokens, valuesPerPosition: perPosition, tensorParallel: l.tensor))) cached positions per layer for \(Format.number(w.kvTokens)) tokens (\(a.attention.map { $0.summary(layers: a.layers) } ?? ""))"
            out.add("KV cache     \(gb(kv)) = \(Format.number(perPosition)) values/token/layer/rank × \(a.layers)/\(l.pipeline) layers × \(Format.number(p.kvCache.bytes)) B × \(positions) × \(Format.count(w.runningSequences, "running sequence")) per replica (Kwon et al. 2023; GQA: ≥ 1 KV head per TP rank" + (a.kvLatentDim != nil ? "; MLA latent replicated per rank" : "") + ")")
        }
        if let g = m.gradients { out.add("gradients    \(gb(g)) (ZeRO stage per Rajbhandari et al. 2020, Fig. 1)") }
        if let o = m.optimizer { out.add("optimizer    \(gb(o)) (Adam K = 12 bytes/param in mixed precision; partitioned from ZeRO-1)") }
        out.add("activations  \(gb(m.activations))" + (d.phase == .training
            ? " (Korthikanti et al. 2022, generalised to GQA and gated MLPs; sequence parallel with TP; \(d.workload.training.inFlight(stages: l.pipeline, microBatches: e.microBatches)) micro-batch(es) in flight; fp32 logits 4·s·b·V/t)"
            : " (prefill workspace for one chunk plus fp32 logits)"))
        out.add("reserve      \(gb(m.overhead))")
        out.add("total        \(gb(m.total)) of \(gb(m.capacity)) → \(m.fits ? "fits" : "does not fit")")

        out.section("Performance")
        if d.phase == .inference {
            servingLines(d, c, e, &out)
        } else if e.trainingDays != nil {
            trainingLines(d, c, e, &out)
        }
        for miss in c.rejections where miss.code == .sloMissed || miss.code == .deadlineMissed {
            out.add("misses: \(miss.message)")
        }

        out.section("Power, energy and cost")
        economicsLines(d, c, e, prices, &out)

        if !c.whatIfs.isEmpty {
            out.section("What would make it fit (one change each)")
            for w in c.whatIfs { out.add("- " + WhatIfText.describe(w)) }
        }

        out.section("Toolchain changes (\(c.workItems.count) to make, effort score \(c.effortScore))")
        out.add("effort score: the sum of each change's weight (low 1, medium 3, high 8)"
                + (c.changes.contains { $0.sites != nil } ? ", times 1 + ⌊log₂ sites⌋ for a change whose sites a scan of the code counted" : ""))
        for ch in c.changes {
            let sites = ch.sites.map { " (\(Format.count(Double($0.sites), "site")) in \(Format.count(Double($0.files.count), "file")), weight ×\($0.effortFactor))" } ?? ""
            out.add((ch.needsWork ? "- " : "- (done) ") + "\(ch.component): \(ch.action)" + (ch.replacement.map { " → \($0)" } ?? "") + " [\(ch.effort.rawValue)]" + sites + (ch.blocking ? " BLOCKING" : "") + (ch.note.map { ": \($0)" } ?? ""))
        }
        return out.text
    }

    /// Power from the profile's board power, energy over the time a million output tokens (or the
    /// run) takes, and with a price list the cost per hour and per million tokens or run.
    private func economicsLines(_ d: DeploymentPlan, _ c: Candidate, _ e: Evaluation, _ prices: PriceList?, _ out: inout Lines) {
        let x = c.economics
        let n = e.chips
        if let kw = x.powerKW, let watts = c.chip.power {
            out.add("power        \(Format.number(kw)) kW = \(n) chip\(n == 1 ? "" : "s") × \(Format.number(watts)) W board power (\(c.chip.file))")
        } else {
            out.add("power        unknown: \(c.chip.id)'s profile gives no board power")
        }
        let pue = x.pue == 1 ? "" : " × PUE \(Format.number(x.pue))"
        if let kwh = x.energyPerMillionOutputTokensKWh, let kw = x.powerKW, let rate = e.throughput {
            out.add("energy       \(Format.number(kwh)) kWh per million output tokens = \(Format.number(kw)) kW\(pue) × \(Format.number(1e6 / rate / 3600)) h (a million tokens at \(Format.number(rate)) tokens/s)")
        } else if let kwh = x.trainingEnergyKWh, let kw = x.powerKW, let days = e.trainingDays {
            out.add("energy       \(Format.number(kwh / 1000)) MWh for the run = \(Format.number(kw)) kW\(pue) × \(Format.number(days * 24)) h")
        }
        guard let prices else {
            out.add("cost         unknown: no price list given (a `kind: Prices` file beside the specs or among the profiles)")
            return
        }
        out.add(ProvenanceText.prices(prices))
        guard let price = prices.chips[c.chip.id] else {
            out.add("cost         unknown: `\(prices.id)` has no price for \(c.chip.id)")
            return
        }
        let currency = prices.currency
        let chipHour: String = switch price.basis {
        case .purchase(let p, let years): "\(Format.number(p)) \(currency) over \(Format.number(years)) years = \(Format.number(price.perHour)) \(currency)/h"
        case .hourly(let p): "\(Format.number(p)) \(currency)/h rented, electricity included"
        }
        guard let perHour = x.costPerHour else {
            out.add("cost         unknown: \(c.chip.id) at \(chipHour), but " + (x.missing.contains(.boardPower)
                ? "its electricity cannot be counted without its board power" : "`\(prices.id)` gives no electricity price"))
            return
        }
        let electricity = price.includesElectricity ? "" : prices.electricity.map { el in
            x.powerKW.map { " + \(Format.number($0)) kW × PUE \(Format.number(el.pue)) × \(Format.number(el.pricePerKWh)) \(currency)/kWh" } ?? ""
        } ?? ""
        out.add("cost         \(Format.number(perHour)) \(currency)/h = \(n) × (\(chipHour))\(electricity)")
        if let m = x.costPerMillionOutputTokens {
            out.add("             \(Format.number(m)) \(currency) per million output tokens at the stated load")
        }
        if let total = x.trainingCost, let days = e.trainingDays {
            out.add("             \(Format.number(total)) \(currency) for the run (\(Format.number(days * 24)) h)")
        }
    }

    /// How the training time was reached: the step's compute, bubble and exposed communication.
    private func trainingLines(_ d: DeploymentPlan, _ c: Candidate, _ e: Evaluation, _ out: inout Lines) {
        let schedule = d.workload.training
        let l = e.layout
        func seconds(_ x: Double) -> String { Format.number(x) + " s" }
        func exposed(_ name: String, _ shown: Double, of total: Double, _ how: String) -> String {
            shown == total ? "\(name) \(seconds(total))" : "exposed \(name) \(seconds(shown)) (of \(seconds(total)), \(how))"
        }
        out.add("training \(Format.number(e.trainingDays ?? .nan)) days = \(Format.number(e.steps)) steps × \(seconds(e.stepSeconds)) per step")
        let bubble: String = switch schedule.pipeline {
        case .oneForwardOneBackward: "1F1B, (p−1)/m"
        case .interleaved: "interleaved 1F1B, (p−1)/(v·m), v = \(schedule.virtualStages(layersPerStage: (Double(d.model.architecture.layers) / Double(l.pipeline)).rounded(.up)))"
        case .dualpipe: "DualPipe, (p−2)/(3m)"
        }
        var terms = ["compute \(seconds(e.stepComputeSeconds))",
                     "pipeline bubble \(seconds(e.bubbleSeconds)) (\(bubble), m = \(e.microBatches))",
                     exposed("TP all-reduces", e.tpExposedSeconds, of: e.tpCommSeconds, "overlapped with the matmuls")]
        if e.expertCommSeconds > 0 {
            let unpaired = schedule.unpairedChunkShare(stages: l.pipeline, microBatches: e.microBatches)
            let hiding = unpaired > 0
                ? "\(Format.number(unpaired * 100)) % in chunks DualPipe runs unpaired, the rest overlapped with the paired chunk's compute"
                : "overlapped with other micro-batches' compute"
            terms.append(exposed("expert all-to-alls", e.expertExposedSeconds, of: e.expertCommSeconds, hiding))
        }
        let dpWindow = d.workload.zeroStage >= 3 ? "overlapped with the whole step, prefetching" : "overlapped with backward"
        terms.append(schedule.dataParallelOverlap
            ? "exposed DP all-reduce \(seconds(e.dpExposedSeconds)) (of \(seconds(e.dpCommSeconds)), \(dpWindow))"
            : "DP all-reduce \(seconds(e.dpCommSeconds)) (not overlapped)")
        out.add("  step = " + terms.joined(separator: " + "))
        if e.tpCommSeconds + e.expertCommSeconds + e.dpCommSeconds > 0 {
            out.add("  overlapped communication shares the compute time: what one collective hides leaves less for the next")
        }
        if e.expertCommSeconds > 0, schedule.hidesExpertCommunication {
            out.add("  a hidden all-to-all's kernels take \(Format.number(Assumptions.hiddenAllToAllComputeShare * 100)) % of the chip from the compute beside it (DeepSeek-V3: 20 of 132 SMs): a pair lasts max(communication, compute + that share of the communication)")
        }
        var rates = ["peak × efficiency"]
        if c.precision?.compute == .fp8 { rates.append("attention and the output head at the 16-bit rate") }
        if d.model.architecture.isMoE { rates.append("routed experts at their efficiency × expert load imbalance \(Format.number(schedule.expertLoadImbalance))") }
        let modules = d.workload.trainedMTPModules
        let mtp = modules > 0
            ? "; \(modules) multi-token-prediction module\(modules == 1 ? "" : "s"), each a layer, a 2h → h projection and the output head again (DeepSeek-V3 §2.2)" : ""
        out.add("  compute: \(Format.number((c.trainingRate?.flopsPerToken ?? .nan) / 1e9)) GFLOP per token (forward 2N + 4·L·d_attn·s, backward 2× forward, plus recompute; Narayanan et al. 2021\(mtp)) × tokens per step over \(Format.count(Double(l.ranks), e.device)) × " + rates.joined(separator: "; "))
        if let rate = c.trainingRate, let mfu = rate.modelFLOPsUtilization {
            out.add("  \(Format.number(rate.tokensPerSecond / Double(e.chips))) tokens/s per chip; model FLOPs utilisation \(Format.number(mfu * 100)) % (\(Format.number(rate.modelFLOPsPerToken / 1e9)) GFLOP per token without recompute, over the chips' peak)")
        }
    }

    /// How the serving figures were reached: the engine, the iterations, TTFT, TPOT, throughput.
    private func servingLines(_ d: DeploymentPlan, _ c: Candidate, _ e: Evaluation, _ out: inout Lines) {
        let a = d.model.architecture
        let s = d.workload.serving
        let l = e.layout
        let device = c.chip.device(for: d.workload.rank)
        let peak = (device.compute[c.precision!.rate] ?? 0) * c.efficiency.compute
        let bandwidth = device.memoryBandwidth * c.efficiency.memory
        if !c.pools.isEmpty {
            poolLines(d, c, e, peak, bandwidth, &out)
            return
        }
        var engine = s.batching == .continuous
            ? "continuous batching: iterations of at most \(e.budgetTokens) tokens, \(e.sequenceLimit) running sequences per replica"
            : "static batching: each replica prefills its whole batch, then decodes it to the end"
        if s.batching == .continuous && (s.maxBatchedTokens == nil || s.maxSequences == nil) {
            engine += " (vLLM's defaults for a \(Format.number(device.memoryCapacity / 1e9)) GB device where the spec gives none)"
        }
        out.add(engine)
        out.add("\(Format.count(Double(d.workload.concurrency), "sequence")) over DP \(l.data): \(Format.number(e.sequencesPerReplica)) per replica, \(Format.number(e.runningSequences)) running at once"
                + (e.runningLimitedByMemory ? ", as many as the KV cache holds (`admission: memory`; the rest wait)" : ""))
        if e.burst != nil {
            out.add("a burst (`arrival: burst`): every request arrives at once and runs to completion; the figures are the run's, averaged over its requests")
        }
        techniqueLines(s, &out)
        if let line = sparseAttentionLine(a, c.chip, tensor: l.tensor) { out.add(line) }
        if a.kind == .encoder {
            out.add("latency \(ms(e.ttftSeconds)) = one forward pass: " + iterationText(e.prefill, l, peak, bandwidth, a.isMoE, per: e.device))
            return
        }
        let it = e.decode
        out.add("decode iteration \(ms(it.seconds)) = " + iterationText(it, l, peak, bandwidth, a.isMoE, per: e.device))
        out.add("  \(Format.count(e.decodingSequences, "sequence")) decoding" + (it.prefillTokens > 0 ? ", \(Format.number(it.prefillTokens)) prompt tokens prefilled beside them" : "") + "; \(Format.number(it.tokens)) tokens in \(Format.number(it.microBatches)) micro-batch(es); KV at mean context \(Format.number(Double(d.workload.inputTokens) + Double(d.workload.outputTokens) / 2)) tokens")
        if let burst = e.burst {
            burstLines(d, e, burst, peak, bandwidth, &out)
            return
        }
        out.add("TPOT \(ms(e.tpotSeconds)) = decode step \(ms(e.decodeStepSeconds))" + (s.speculative != nil ? " (iteration plus the draft head, one layer per draft token)" : "") + " / \(Format.number(e.tokensPerStep)) token(s) per step")
        if s.batching == .static {
            out.add("TTFT \(ms(e.ttftSeconds)) = prefill of the whole batch, \(Format.number(e.prefill.prefillTokens)) prompt tokens: " + iterationText(e.prefill, l, peak, bandwidth, a.isMoE, per: e.device))
            out.add("throughput \(Format.number(e.throughput ?? 0)) output tokens/s = sequences × output tokens / (batch prefill + decode steps × decode step)")
        } else {
            out.add("TTFT \(ms(e.ttftSeconds)) = (sequences per replica − decoding) / request rate (Little's law); at least the prompt's own prefill, \(Format.number(e.prefillChunks)) chunk(s) of \(ms(e.prefill.seconds))")
            out.add("  own prefill chunk: \(Format.number(e.prefill.prefillTokens)) prompt tokens beside \(Format.number(e.prefill.decodeSequences)) decodes: " + iterationText(e.prefill, l, peak, bandwidth, a.isMoE, per: e.device) + "; mean wait for budget \(ms(e.prefillWaitSeconds)) (M/D/1)")
            out.add("throughput \(Format.number(e.throughput ?? 0)) output tokens/s = decoding sequences × tokens per step / decode step, per replica, × replicas")
        }
        out.add("  \(Format.number(e.requestsPerSecond)) requests/s: \(Format.number(e.inputThroughput ?? 0)) prompt tokens/s, \(Format.number((e.throughput ?? 0) / Double(e.chips))) output tokens/s per chip")
    }

    /// A burst's waves: each prefills its prompts, then decodes them together to the end.
    private func burstLines(_ d: DeploymentPlan, _ e: Evaluation, _ b: Burst, _ peak: Double, _ bandwidth: Double, _ out: inout Lines) {
        let output = d.workload.outputTokens
        let full = b.full
        out.add("decode step \(ms(full.stepSeconds))" + (d.workload.serving.speculative != nil ? " (iteration plus the draft head, one layer per draft token)" : "") + ", \(Format.number(e.tokensPerStep)) token(s) per step")
        out.add("prefill \(ms(full.prefillSeconds)) = \(Format.number(full.chunks)) iteration(s) of \(ms(e.prefill.seconds)), each \(Format.number(e.prefill.prefillTokens)) prompt tokens: " + iterationText(e.prefill, e.layout, peak, bandwidth, d.model.architecture.isMoE, per: e.device))
        var waves = output > 1
            ? "wave \(ms(full.seconds)) = prefill + \(Format.number(full.decodeSteps)) decode steps for the \(Format.count(Double(output - 1), "token")) after the first"
            : "wave \(ms(full.seconds)) = prefill, which gives the one output token"
        if b.waves > 1 {
            waves += "; \(Format.number(b.waves)) waves of \(Format.number(full.requests)) per replica"
                + (b.last.map { ", the last of \(Format.number($0.requests)) (\(ms($0.seconds)))" } ?? "")
                + ", the requests beyond those running starting as earlier ones finish"
        }
        out.add(waves)
        out.add("TTFT \(ms(e.ttftSeconds)) = mean over the requests of the waves before theirs (\(ms(e.prefillWaitSeconds)) on average) and their first token's time into their own wave, when the prefill iteration holding their prompt's end finishes (\(ms(full.firstTokenSeconds)) in a full wave)")
        if output > 1 {
            out.add("TPOT \(ms(e.tpotSeconds)) = mean over the requests of (wave − first token) / \(output - 1) tokens after the first: every request of a wave finishes at its end")
        } else {
            out.add("TPOT \(ms(e.tpotSeconds)) = decode step / \(Format.number(e.tokensPerStep)) token(s) per step (one output token: none follows the first)")
        }
        out.add("throughput \(Format.number(e.throughput ?? 0)) output tokens/s = requests per replica × output tokens / run of \(ms(b.seconds)), × replicas")
        out.add("  \(Format.number(e.requestsPerSecond)) requests/s: \(Format.number(e.inputThroughput ?? 0)) prompt tokens/s, \(Format.number((e.throughput ?? 0) / Double(e.chips))) output tokens/s per chip")
    }

    /// How sparse attention is costed on a layout of tensor degree t, for models with sparse layers.
    private func sparseAttentionLine(_ a: Architecture, _ chip: ChipProfile, tensor t: Int) -> String? {
        guard let sparse = a.attention?.sparse else { return nil }
        let heads = a.attentionHeads / t, computed = chip.sparseAttentionHeadsComputed(heads)
        let ranks = t == 1 ? "on its one rank" : "whole on each of the TP \(t) ranks (vLLM and SGLang replicate it)"
        var line = "sparse attention: the indexer (\(sparse.indexerHeads) heads × \(sparse.indexerHeadDim)) scores every earlier position \(ranks), at the FP8 rate where the chip has one (DeepGEMM fp8_mqa_logits); the \(sparse.topK) picked positions are attended by \(heads) heads a rank"
        if computed != heads, let block = chip.sparseAttentionHeadBlock {
            line += ", computed as \(computed) (the chip's sparse kernels take heads in blocks of \(block))"
        }
        return line
    }

    /// The serving techniques the spec states, for colocated and disaggregated deployments alike.
    private func techniqueLines(_ s: Serving, _ out: inout Lines) {
        if let spec = s.speculative {
            out.add("speculative decoding: \(spec.draftTokens) draft token(s) verified per step, \(Format.number(spec.acceptedTokens)) tokens emitted per step on average")
        }
        if s.prefixCacheHitRate > 0 {
            out.add("prefix cache: \(Format.number(s.prefixCacheHitRate * 100))% of prompt tokens are cached and not prefilled")
        }
        if s.overlap { out.add("communication overlapped with compute (two micro-batches): only what exceeds compute is exposed") }
    }

    /// A disaggregated deployment: each pool's layout, iterations and rate, and how they combine.
    private func poolLines(_ d: DeploymentPlan, _ c: Candidate, _ e: Evaluation, _ peak: Double, _ bandwidth: Double, _ out: inout Lines) {
        let moe = d.model.architecture.isMoE
        let s = d.workload.serving
        out.add("prefill/decode disaggregation: \(describePools(c.pools)), \(Format.count(Double(e.chips), "chip")) in all")
        techniqueLines(s, &out)
        for pool in c.pools {
            let p = pool.evaluation
            let l = p.layout
            out.add("\(pool.role.rawValue) pool, TP \(l.tensor) × PP \(l.pipeline) × DP \(l.data)" + (moe ? ", EP \(l.expert)" : "") + ", \(rankCount(p)), \(gb(p.memory.total)) of \(gb(p.memory.capacity)) per \(p.device):")
            if let line = sparseAttentionLine(d.model.architecture, c.chip, tensor: l.tensor) { out.add("  " + line) }
            switch pool.role {
            case .prefill:
                out.add("  iteration \(ms(p.prefill.seconds)) for \(Format.number(p.prefill.prefillTokens)) prompt tokens: " + iterationText(p.prefill, l, peak, bandwidth, moe, per: p.device))
                out.add("  capacity \(Format.number(p.requestsPerSecond)) requests/s (\(Format.number((p.inputThroughput ?? 0) / Double(p.chips))) prompt tokens/s per chip) = replicas × prompts per iteration / iteration")
                out.add("  TTFT \(ms(p.ttftSeconds)) = \(Format.number(p.prefillChunks)) iteration(s) + wait \(ms(p.prefillWaitSeconds)) (M/D/1 at the decode pool's demand) + KV cache transfer \(ms(p.kvTransferSeconds)) over the scale-out network")
            case .decode:
                out.add("  iteration \(ms(p.decode.seconds)) for \(Format.count(p.decodingSequences, "sequence")): " + iterationText(p.decode, l, peak, bandwidth, moe, per: p.device))
                out.add("  TPOT \(ms(p.tpotSeconds)) = decode step \(ms(p.decodeStepSeconds)) / \(Format.number(p.tokensPerStep)) token(s) per step; \(Format.number(p.requestsPerSecond)) requests/s, \(Format.number((p.throughput ?? 0) / Double(p.chips))) output tokens/s per chip")
            }
        }
        out.add("throughput \(Format.number(e.throughput ?? 0)) output tokens/s, \(Format.number(e.inputThroughput ?? 0)) prompt tokens/s at \(Format.number(e.requestsPerSecond)) requests/s, the slower pool's rate")
    }

    private func iterationText(_ it: IterationCost, _ l: Layout, _ peak: Double, _ bandwidth: Double, _ moe: Bool, per device: String) -> String {
        "PP \(l.pipeline) × (stage max(compute \(ms(it.computeSeconds)), memory \(ms(it.memorySeconds))) + exposed communication \(ms(it.exposedCommunicationSeconds)) (of \(ms(it.communicationSeconds)): TP all-reduces" + (moe ? ", expert all-to-alls" : "") + "))" + (it.hostSeconds > 0 ? " + host \(ms(it.hostSeconds))" : "") + "; \(Format.number(it.flopsPerChip / 1e12)) TFLOP per \(device) at \(Format.number(peak / 1e12)) TFLOPS effective, \(gb(it.bytesPerChip)) read per \(device) at \(Format.number(bandwidth / 1e12)) TB/s effective" + (moe ? ", \(Format.number(it.expertFractionTouched * 100))% of the \(device)'s routed experts touched" : "")
    }

    private func weightsFormula(_ d: DeploymentPlan, _ c: Candidate, _ e: Evaluation) -> String {
        let l = e.layout
        let p = c.precision!
        let moe = d.model.architecture.isMoE ? " + routed experts / (PP \(l.pipeline) × max(EP \(l.expert), TP \(l.tensor)))" : ""
        let dual = d.phase == .training && d.workload.training.pipeline == .dualpipe && l.pipeline > 1
        return " = weights outside routed experts / (TP \(l.tensor) × PP \(l.pipeline))\(moe) at \(Format.number(p.weights.bytes)) B/param" +
            (p.weights.isInteger || p.weights == .fp8 ? " plus quantization scales; embeddings kept 16-bit" : "") +
            (dual ? "; twice, as DualPipe keeps two copies (DeepSeek-V3, Table 2)" : "")
    }

    private func gb(_ x: Double) -> String { "\(Format.number(x / 1e9)) GB" }
    private func ms(_ x: Double?) -> String { x.map { "\(Format.number($0 * 1000)) ms" } ?? "-" }
}

struct Lines {
    var text = ""
    /// Lines hold names and paths from files; control characters in them are never printed.
    mutating func add(_ s: String) { text += ControlCharacters.replaced(in: s) + "\n" }
    mutating func section(_ title: String) { text += "\n" + ControlCharacters.replaced(in: title) + "\n" }
}
