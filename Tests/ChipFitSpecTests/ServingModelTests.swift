import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML
import Testing

/// The serving model (docs/model.md, "Serving"): each behaviour checked against a figure worked
/// out by hand or an identity the model must keep, not against the code's own output.
@Suite struct ServingModel {
    /// An idealised chip (efficiency 1) so hand arithmetic applies.
    static let ideal = chipYAML(memory: "80GB", bandwidth: "2TB/s", compute: "bf16: 300TFLOPS, fp16: 300TFLOPS, fp8: 600TFLOPS",
                                extra: "efficiency: {compute: 1, memory: 1, interconnect: 1}")

    static func evaluation(_ workload: String, model: String = "preset: llama-2-7b", chip: String = ideal) throws -> Evaluation {
        let spec = specYAML(model: model, workload: workload, requirements: "certification: ignore")
        let d = try #require(try plan([chip, spec]).deployments.first)
        return try #require(d.candidates.first { $0.chip.id == "test-chip" }?.evaluation)
    }

    @Test func acceptedTokensFollowLeviathansExpectation() {
        // (1 − α^(k+1)) / (1 − α): one draft at 0.7 gives 1.7; three at 0.8 give 2.952.
        #expect(abs(Serving.Speculative.acceptedTokens(draftTokens: 1, acceptanceRate: 0.7) - 1.7) < 1e-12)
        #expect(abs(Serving.Speculative.acceptedTokens(draftTokens: 3, acceptanceRate: 0.8) - 2.952) < 1e-12)
        #expect(Serving.Speculative.acceptedTokens(draftTokens: 4, acceptanceRate: 1) == 5)
        #expect(Serving.Speculative.acceptedTokens(draftTokens: 4, acceptanceRate: 0) == 1)
    }

    /// At batch 1 a decode step reads the weights once whatever it verifies, so TPOT falls by
    /// the tokens a step emits, less the draft head's one layer per draft token.
    @Test func speculativeDecodingDividesAMemoryBoundStep() throws {
        let base = "phase: inference, precision: fp16, input_tokens: 512, output_tokens: 512, concurrency: 1, parallelism: {tensor: 1, data: 1}"
        let plain = try Self.evaluation(base + ", serving: {batching: static}")
        let drafted = try Self.evaluation(base + ", serving: {batching: static, speculative: {draft_tokens: 1, accepted_tokens: 1.8}}")
        let expected = try #require(plain.tpotSeconds) * (1 + 1.0 / 32) / 1.8
        #expect(abs(try #require(drafted.tpotSeconds) / expected - 1) < 0.02)
    }

    /// A cached prefix is attended but not prefilled: a 90 % hit rate leaves a tenth of the
    /// prompt's matmul work, so a compute-bound prefill gets close to ten times faster.
    @Test func prefixCacheHitsSkipTheirPrefill() throws {
        let base = "phase: inference, precision: fp16, input_tokens: 8192, output_tokens: 16, concurrency: 1, parallelism: {tensor: 1, data: 1}, serving: {batching: static"
        let cold = try #require(try Self.evaluation(base + "}").ttftSeconds)
        let warm = try #require(try Self.evaluation(base + ", prefix_cache_hit_rate: 0.9}").ttftSeconds)
        #expect(warm < cold / 5 && warm > cold / 12, "cold \(cold) s, warm \(warm) s")
    }

    /// Little's law: in a closed loop, the sequences not decoding equal the request rate times
    /// the time a request spends before its first token.
    @Test func continuousBatchingKeepsLittlesLaw() throws {
        let e = try Self.evaluation("phase: inference, precision: fp16, input_tokens: 2048, output_tokens: 256, concurrency: 64, parallelism: {tensor: 1, data: 1}")
        let perReplicaRate = e.requestsPerSecond
        let waiting = perReplicaRate * (try #require(e.ttftSeconds))
        #expect(abs(waiting + e.decodingSequences - 64) < 0.5, "\(waiting) waiting + \(e.decodingSequences) decoding")
        // Throughput is the decoding sequences' steps: d / step tokens per second.
        #expect(abs(try #require(e.throughput) - e.decodingSequences / e.decodeStepSeconds) < 1e-6 * e.decodingSequences / e.decodeStepSeconds)
    }

    /// Prompts prefilled beside the decodes slow the decode step: TPOT under continuous
    /// batching exceeds a decode-only step at the same batch.
    @Test func chunkedPrefillInterferesWithDecoding() throws {
        // 16 sequences of 4096 prompt tokens and 32 output tokens: 128 prompt tokens per output
        // token. Every step carries the other requests' prompt tokens; once their compute, 2·N
        // FLOPs each at the chip's 300 TFLOPS, outgrows the step's weight and cache reads, the
        // step takes at least that long.
        let base = "phase: inference, precision: fp16, input_tokens: 4096, output_tokens: 32, concurrency: 16, parallelism: {tensor: 1, data: 1}"
        let mixed = try Self.evaluation(base)
        let alone = try #require(try Self.evaluation(base + ", serving: {batching: static}").tpotSeconds)
        let fed = mixed.decode.prefillTokens
        #expect(fed > 500, "\(fed) prompt tokens per step")
        let promptSeconds = fed * 2 * 6.5e9 / 300e12
        let tpot = try #require(mixed.tpotSeconds)
        #expect(tpot > promptSeconds && promptSeconds > alone, "TPOT \(tpot) s, prompt compute \(promptSeconds) s, decode alone \(alone) s")
    }

    /// The iteration budget bounds what one iteration carries: decode tokens plus prompt tokens.
    @Test func iterationsStayWithinTheTokenBudget() throws {
        let e = try Self.evaluation("phase: inference, precision: fp16, input_tokens: 4096, output_tokens: 64, concurrency: 200, parallelism: {tensor: 1, data: 1}, serving: {max_batched_tokens: 2048}")
        #expect(e.decode.tokens <= 2048 + 1e-9)
        #expect(e.budgetTokens == 2048)
    }

    /// vLLM's engine defaults follow device memory: 8192 tokens / 1024 sequences from 70 GiB.
    @Test func engineDefaultsFollowDeviceMemory() {
        #expect(Serving.engineDefaults(memoryCapacity: 80e9) == (8192, 1024))
        #expect(Serving.engineDefaults(memoryCapacity: 64e9) == (2048, 256))
    }

    /// Redundant experts let EP 72 hold DeepSeek-V3's 256 experts: 4 per rank with 32 copies
    /// (288 / 72), 4 without them too (⌈256 / 72⌉).
    @Test func expertParallelismNeedNotDivideTheExperts() throws {
        let chip = chipYAML(memory: "80GB", bandwidth: "3.35TB/s", compute: "bf16: 989TFLOPS, fp8: 1979TFLOPS")
        let w = "phase: inference, precision: fp8, kv_cache_precision: bf16, input_tokens: 1024, output_tokens: 128, concurrency: 1152, serving: {batching: static}, parallelism: {tensor: 1, data: 72, expert: 72"
        let with = try Self.evaluation(w + ", redundant_experts: 32}", model: "preset: deepseek-v3", chip: chip)
        #expect(with.layout.expert == 72)
        let shape = ModelShape(try #require(plan([chip, specYAML(model: "preset: deepseek-v3", workload: w + "}")]).deployments.first).model.architecture)
        let perExpert = shape.routedExpertParameters / 256 // bytes at fp8 (1 byte), scales aside
        #expect(abs(with.memory.weights - (try Self.evaluation(w + "}", model: "preset: deepseek-v3", chip: chip)).memory.weights) < perExpert * 0.01,
                "⌈288/72⌉ = ⌈256/72⌉ = 4 experts per rank")
    }

    /// A full-mesh node gives a TP-2 group one of its seven links: the all-reduces of a
    /// TP-2 decode take about seven times as long as through a switch.
    @Test func aFullMeshGivesASmallGroupOneLink() throws {
        let switched = chipYAML(extra: "efficiency: {compute: 1, memory: 1, interconnect: 1}")
        let meshed = switched.replacingOccurrences(of: "bandwidth: 300GB/s}", with: "bandwidth: 300GB/s, topology: full_mesh}")
        let w = "phase: inference, precision: fp16, input_tokens: 8192, output_tokens: 16, concurrency: 1, parallelism: {tensor: 2, data: 1}, serving: {batching: static}"
        let a = try Self.evaluation(w, chip: switched).prefill.communicationSeconds
        let b = try Self.evaluation(w, chip: meshed).prefill.communicationSeconds
        #expect(b / a > 6 && b / a < 7.1, "full mesh \(b) s vs switched \(a) s")
    }

    /// A scale-up domain carries an expert group that spans nodes at its own bandwidth, not
    /// the scale-out network's.
    @Test func aScaleUpDomainCarriesExpertTrafficAcrossNodes() throws {
        let plain = chipYAML(memory: "128GB", bandwidth: "3.2TB/s", compute: "bf16: 700TFLOPS, int8: 1400TOPS")
        let supernode = plain + "\nscale_up: {chips: 384, fabric: UB, bandwidth: 392GB/s, direction: per_direction}"
        let w = "phase: inference, precision: int8, input_tokens: 4096, output_tokens: 100, concurrency: 6144, serving: {batching: static}, parallelism: {tensor: 1, data: 64, expert: 64}"
        let network = try Self.evaluation(w, model: "preset: deepseek-v3", chip: plain).decode.communicationSeconds
        let fabric = try Self.evaluation(w, model: "preset: deepseek-v3", chip: supernode).decode.communicationSeconds
        #expect(fabric < network / 10, "UB \(fabric) s vs RoCE \(network) s")
    }

    /// Disaggregated: two pools whose chips add up; the prefill pool keeps up with the decode
    /// pool; TTFT includes moving the KV cache.
    @Test func disaggregatedPoolsAreSizedTogether() throws {
        let chip = chipYAML(memory: "80GB", bandwidth: "3.35TB/s", compute: "bf16: 989TFLOPS, fp16: 989TFLOPS")
        let spec = specYAML(model: "preset: llama-3-8b", workload: "phase: inference, precision: bf16, input_tokens: 4096, output_tokens: 512, concurrency: 256, serving: {disaggregation: {prefill: {tensor: 1}, decode: {tensor: 1}}}",
                            requirements: "certification: ignore")
        let c = try #require(try plan([chip, spec]).deployments.first?.candidates.first { $0.chip.id == "test-chip" })
        let e = try #require(c.evaluation)
        #expect(c.pools.map(\.role) == [.prefill, .decode])
        let prefill = c.pools[0].evaluation, decode = c.pools[1].evaluation
        #expect(e.chips == prefill.layout.ranks + decode.layout.ranks)
        #expect(prefill.requestsPerSecond >= decode.requestsPerSecond)
        let ttft = try #require(e.ttftSeconds)
        #expect(e.kvTransferSeconds > 0 && ttft > e.kvTransferSeconds)
        #expect(e.tpotSeconds == decode.tpotSeconds)
    }

    @Test func disaggregationPinsLiveUnderServing() throws {
        let spec = specYAML(workload: "phase: inference, precision: bf16, input_tokens: 1, output_tokens: 1, parallelism: {tensor: 1}, serving: {disaggregation: {}}")
        #expect(throws: PlanFixtureError.self) { try plan([Self.ideal, spec]) }
    }

    @Test func speculativeNeedsOneMeasureOfAcceptance() throws {
        for serving in ["speculative: {draft_tokens: 2}", "speculative: {draft_tokens: 2, acceptance_rate: 0.5, accepted_tokens: 2}",
                        "speculative: {draft_tokens: 2, accepted_tokens: 3.5}"] {
            let spec = specYAML(workload: "phase: inference, precision: bf16, input_tokens: 1, output_tokens: 1, serving: {\(serving)}")
            #expect(throws: PlanFixtureError.self, "\(serving)") { try plan([Self.ideal, spec]) }
        }
    }

    @Test func aScaleUpDomainSpansMoreThanANode() throws {
        let chip = chipYAML(extra: "scale_up: {chips: 8, fabric: x, bandwidth: 1TB/s}")
        let spec = specYAML(workload: "phase: inference, precision: bf16, input_tokens: 1, output_tokens: 1")
        #expect(throws: PlanFixtureError.self) { try plan([chip, spec]) }
    }

    /// A pipeline degree that does not divide the layers (32 layers on 5 stages) is accepted
    /// when pinned, and the largest stage, ⌈32/5⌉ = 7 layers, sets the pace: a stage does 7/32
    /// of the layers' work (the last stage, 6 layers and the output head, does less).
    @Test func unevenPipelineStagesArePacedByTheLargest() throws {
        let w = "phase: inference, precision: fp16, input_tokens: 512, output_tokens: 64, concurrency: 1, serving: {batching: static}, parallelism: {tensor: 1, data: 1, pipeline: "
        let whole = try Self.evaluation(w + "1}").decode.flopsPerChip
        let staged = try Self.evaluation(w + "5}")
        #expect(staged.layout.pipeline == 5)
        let ratio = staged.decode.flopsPerChip / whole
        #expect(ratio <= 7.0 / 32 && ratio > 7.0 / 32 * 0.96, "\(ratio)")
    }

    /// One sequence never decodes beside a prompt (its own is prefilled before, and there is
    /// no other): continuous batching's TPOT is then the decode step alone.
    @Test func aLoneSequenceDecodesWithoutPrefillBesideIt() throws {
        let base = "phase: inference, precision: fp16, input_tokens: 16000, output_tokens: 32, concurrency: 1, parallelism: {tensor: 1, data: 1}"
        let continuous = try #require(try Self.evaluation(base).tpotSeconds)
        let alone = try #require(try Self.evaluation(base + ", serving: {batching: static}").tpotSeconds)
        #expect(abs(continuous / alone - 1) < 0.02, "continuous \(continuous) s, static \(alone) s")
    }

    /// `max_chips` bounds both pools together.
    @Test func poolsStayWithinMaxChips() throws {
        let chip = chipYAML(memory: "80GB", bandwidth: "3.35TB/s", compute: "bf16: 989TFLOPS, fp16: 989TFLOPS")
        let spec = specYAML(model: "preset: llama-3-8b", workload: "phase: inference, precision: bf16, input_tokens: 2048, output_tokens: 256, concurrency: 64, serving: {disaggregation: {}}",
                            requirements: "certification: ignore, max_chips: 1")
        let c = try #require(try plan([chip, spec]).deployments.first?.candidates.first { $0.chip.id == "test-chip" })
        #expect(!c.fits)
        #expect((c.evaluation?.chips ?? 0) <= 1)
    }

    /// A closed loop of two requests asks the prefill pool for no more than two requests per
    /// prefill and decode time, however fast the decode pool could complete them.
    @Test func aSmallClosedLoopAsksLittleOfThePrefillPool() throws {
        let chip = chipYAML(memory: "80GB", bandwidth: "3.35TB/s", compute: "bf16: 989TFLOPS, fp16: 989TFLOPS")
        let spec = specYAML(model: "preset: llama-3-8b", workload: "phase: inference, precision: bf16, input_tokens: 4000, output_tokens: 2, concurrency: 2, serving: {disaggregation: {}}",
                            requirements: "certification: ignore")
        let c = try #require(try plan([chip, spec]).deployments.first?.candidates.first { $0.chip.id == "test-chip" })
        #expect(c.fits, "\(c.rejections.map(\.message))")
        #expect(try #require(c.evaluation?.ttftSeconds).isFinite)
    }

    /// The diagnostics codes of a spec the planner refuses.
    static func refusal(_ yaml: [String]) -> [DiagnosticCode] {
        do { _ = try plan(yaml); return [] } catch let e as PlanFixtureError { return e.diagnostics.map(\.code) } catch { return [] }
    }

    /// A burst of one request is a single request's life: its first token when its prompt's
    /// last iteration ends, then each further token a decode step, as a static batch of one
    /// decodes. A 16,384-token prompt in iterations of 4,096 takes 4 of them.
    @Test func aBurstOfOneIsOneRequest() throws {
        let base = "phase: inference, precision: fp16, output_tokens: 128, concurrency: 1, parallelism: {tensor: 1, data: 1}"
        let short = try Self.evaluation(base + ", input_tokens: 2048, serving: {arrival: burst}")
        let alone = try Self.evaluation(base + ", input_tokens: 2048, serving: {batching: static}")
        #expect(abs(try #require(short.ttftSeconds) / (try #require(alone.ttftSeconds)) - 1) < 1e-9)
        #expect(abs(try #require(short.tpotSeconds) / (try #require(alone.tpotSeconds)) - 1) < 1e-9)
        let long = try Self.evaluation(base + ", input_tokens: 16384, serving: {arrival: burst, max_batched_tokens: 4096}")
        #expect(long.prefillChunks == 4)
        #expect(abs(try #require(long.ttftSeconds) - 4 * long.prefill.seconds) < 1e-9, "TTFT \(long.ttftSeconds ?? 0) s, iteration \(long.prefill.seconds) s")
        #expect(abs(try #require(long.tpotSeconds) - long.decodeStepSeconds) < 1e-9)
    }

    /// r prompts of equal length filling k iterations in order: prompt j's first token comes
    /// after ⌈j·k/r⌉ iterations; the closed form matches the sum.
    @Test func firstTokensComeWhenTheirPromptsEnd() {
        for r in 1...40 {
            for k in 1...40 {
                let sum = (1...r).reduce(0) { $0 + ($1 * k + r - 1) / r }
                let mean = BurstWave.meanIterationsToFirstToken(requests: Double(r), iterations: Double(k))
                #expect(abs(mean - Double(sum) / Double(r)) < 1e-9, "r \(r), k \(k)")
            }
        }
    }

    /// 64 prompts of 1,024 tokens arriving at once fill 4 iterations of a 16,384-token budget.
    /// Each iteration is compute-bound on the ideal chip: 16,384 tokens × 2 FLOPs × 6.5 billion
    /// matmul parameters (Llama 2 7B's) at 300 TFLOPS is 0.71 s, so the prompts take about 2.84 s.
    /// 16 prompts end in each iteration, so a first token comes on average after 2.5 of the 4
    /// (1.78 s). Every request then finishes with the wave, so its TPOT is the rest of the wave
    /// over its 63 further tokens, and the run's throughput is 64 × 64 tokens over the wave.
    @Test func aBurstIsPrefilledThenDecodedTogether() throws {
        let e = try Self.evaluation("phase: inference, precision: fp16, input_tokens: 1024, output_tokens: 64, concurrency: 64, parallelism: {tensor: 1, data: 1}, serving: {arrival: burst, max_batched_tokens: 16384}")
        #expect(e.prefillChunks == 4)
        let prefill = e.prefillChunks * e.prefill.seconds
        #expect(prefill > 2.84 && prefill < 2.84 * 1.06, "prompts prefilled in \(prefill) s")
        let ttft = try #require(e.ttftSeconds)
        #expect(abs(ttft - 2.5 * e.prefill.seconds) < 1e-9 && ttft > 1.78, "TTFT \(ttft) s")
        let wave = prefill + 63 * e.decodeStepSeconds
        #expect(abs(try #require(e.tpotSeconds) - (wave - ttft) / 63) < 1e-9)
        #expect(abs(try #require(e.throughput) / (64 * 64 / wave) - 1) < 1e-9)
    }

    /// A burst larger than a replica runs at once is served in waves. 128 requests at 64 a time
    /// take two full waves: the throughput is one wave's, and TTFT adds half a wave of waiting
    /// on average. 65 requests take a full wave and a wave of one, which runs alone to its end.
    @Test func aBurstBeyondTheRunningLimitComesInWaves() throws {
        func burst(_ n: Int) throws -> Evaluation {
            try Self.evaluation("concurrency: \(n), phase: inference, precision: fp16, input_tokens: 1024, output_tokens: 64, parallelism: {tensor: 1, data: 1}, serving: {arrival: burst, max_batched_tokens: 16384, max_sequences: 64}")
        }
        let one = try burst(64), two = try burst(128), lone = try burst(1), uneven = try burst(65)
        #expect(two.runningSequences == 64)
        #expect(abs(try #require(two.throughput) / (try #require(one.throughput)) - 1) < 1e-9)
        let wave = 64 / one.requestsPerSecond, alone = 1 / lone.requestsPerSecond
        #expect(abs(try #require(two.ttftSeconds) - (try #require(one.ttftSeconds)) - wave / 2) < 1e-9)
        #expect(two.tpotSeconds == one.tpotSeconds)
        #expect(abs(try #require(uneven.throughput) - 65 * 64 / (wave + alone)) < 1e-9 * 65 * 64 / (wave + alone))
        // The 65th request waits the whole first wave.
        #expect(abs(try #require(uneven.ttftSeconds) - (64 * (try #require(one.ttftSeconds)) + wave + (try #require(lone.ttftSeconds))) / 65) < 1e-9)
    }

    /// A static batch is already one burst, and a burst on separate pools is not costed.
    @Test func aBurstIsContinuousBatchingOnOneSetOfReplicas() throws {
        for serving in ["arrival: burst, batching: static", "arrival: burst, disaggregation: {}"] {
            let spec = specYAML(workload: "phase: inference, precision: bf16, input_tokens: 1, output_tokens: 1, serving: {\(serving)}")
            #expect(Self.refusal([Self.ideal, spec]) == [.conflictingFields], "\(serving)")
        }
    }

    /// A stack's `w8a8_rates` sets the rate W8A8 runs at under the engines it names; the shipped
    /// CANN profile says vLLM-Ascend and SGLang run it at the bf16 rate. A prompt of 8,192 tokens
    /// of Llama 2 7B is compute-bound on this chip: its matmuls but the output head (which runs
    /// for the last prompt token only), 8,192 × 2 × 6.48 billion FLOPs, take 0.27 s at the int8
    /// peak of 400 TFLOPS and 0.53 s at the bf16 peak of 200 TFLOPS, so the engine that runs W8A8
    /// at the bf16 rate takes 0.265 s longer (attention runs at the bf16 rate either way).
    @Test func aStackSetsTheRateAnEngineRunsW8A8At() throws {
        let chip = chipYAML(compute: "bf16: 200TFLOPS, fp16: 200TFLOPS, int8: 400TFLOPS", stack: "cann",
                            extra: "efficiency: {compute: 1, memory: 1, interconnect: 1}")
        func ttft(_ serving: String) throws -> (seconds: Double, candidate: Candidate) {
            let spec = specYAML(model: "preset: llama-2-7b", workload: "phase: inference, precision: int8, kv_cache_precision: bf16, input_tokens: 8192, output_tokens: 16, concurrency: 1, parallelism: {tensor: 1, data: 1}, serving: {batching: static, iteration_overhead_ms: 0\(serving)}",
                                requirements: "certification: ignore")
            let c = try #require(try plan([chip, spec]).deployments.first?.candidates.first { $0.chip.id == "test-chip" })
            return (try #require(c.evaluation?.ttftSeconds), c)
        }
        let unstated = try ttft(""), sglang = try ttft(", engine: sglang"), mindie = try ttft(", engine: mindie")
        let slower = sglang.seconds - unstated.seconds
        #expect(slower > 0.265 && slower < 0.265 * 1.04, "\(unstated.seconds) s at the int8 rate, \(sglang.seconds) s at the bf16 rate")
        #expect(mindie.seconds == unstated.seconds)
        #expect(sglang.candidate.precision?.rate == .bf16 && sglang.candidate.precision?.compute == .int8)
        // A spec that names no engine is told what naming one would change.
        let note = try #require(unstated.candidate.warnings.first { $0.code == .engineUnstated }?.message)
        #expect(note.contains("under vllm and sglang its stack runs W8A8 at the bf16 rate") && note.contains("use the int8 rate"), "\(note)")
        #expect(!sglang.candidate.warnings.contains { $0.code == .engineUnstated })
    }

    @Test func aStackGivesAnEngineOneW8A8Rate() throws {
        let stack = """
            apiVersion: chipfit/v1
            kind: Stack
            id: twice
            vendor: TestVendor
            name: Twice
            device: npu
            collectives: {library: X, backend: x}
            precisions: [bf16, int8]
            components: {}
            w8a8_rates:
              - {engines: [vllm], rate: bf16, source: test}
              - {engines: [sglang, vllm], rate: fp16, source: test}
            sources: [test fixture]
            """
        #expect(Self.refusal([stack]) == [.inconsistentValues])
    }

    /// On a stack chip that rates fp16 but not bf16, W8A8 under such an engine runs at the fp16 rate.
    @Test func w8a8TakesTheChipsSixteenBitRate() throws {
        let chip = chipYAML(compute: "fp16: 200TFLOPS, int8: 400TFLOPS", stack: "cann", extra: "efficiency: {compute: 1, memory: 1, interconnect: 1}")
        let spec = specYAML(model: "preset: llama-2-7b", workload: "phase: inference, precision: int8, kv_cache_precision: fp16, input_tokens: 8192, output_tokens: 16, concurrency: 1, parallelism: {tensor: 1, data: 1}, serving: {batching: static, engine: vllm}",
                            requirements: "certification: ignore")
        let c = try #require(try plan([chip, spec]).deployments.first?.candidates.first { $0.chip.id == "test-chip" })
        #expect(c.precision?.rate == .fp16)
        #expect(c.precision?.computeNote?.contains("at the fp16 rate under vllm") == true)
    }

    @Test func anEncoderHasNoPoolsToSplit() throws {
        let spec = specYAML(model: "preset: bert-base", workload: "phase: inference, precision: fp16, input_tokens: 128, output_tokens: 1, serving: {disaggregation: {}}",
                            requirements: "certification: ignore")
        let c = try #require(try plan([Self.ideal, spec]).deployments.first?.candidates.first { $0.chip.id == "test-chip" })
        #expect(c.rejections.map(\.code) == [.noParallelLayout])
    }
}

