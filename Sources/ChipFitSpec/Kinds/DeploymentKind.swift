import ChipFitPlanner
import ChipFitYAML

/// The `Deployment` file kind: what the format accepts and how a validated spec becomes a
/// `DeploymentDocument`.
extension Schemas {
    static let slo = ObjectSchema("slo", [
        Field("ttft_ms", .number(min: Limits.shortestMilliseconds, max: 1e9), "Time to first token, milliseconds."),
        Field("tpot_ms", .number(min: Limits.shortestMilliseconds, max: 1e9), "Time per output token, milliseconds."),
        Field("throughput_tokens_per_s", .number(min: Limits.slowestRate, max: 1e12),
              "Generated tokens per second across all sequences."),
    ])

    static let parallelism = ObjectSchema("parallelism", [
        Field("tensor", .integer(min: 1, max: Limits.chips), "Tensor-parallel degree (pinned)."),
        Field("pipeline", .integer(min: 1, max: Limits.layers), "Pipeline-parallel degree (pinned)."),
        Field("data", .integer(min: 1, max: Limits.chips), "Data-parallel degree (pinned)."),
        Field("expert", .integer(min: 1, max: Limits.chips), "Expert-parallel degree (pinned; MoE models only)."),
        Field("redundant_experts", .integer(min: 0, max: Limits.experts),
              "Inference, MoE: extra copies of routed experts spread over the expert-parallel ranks (hot experts replicated, as DeepSeek's EPLB does); each rank holds ⌈(experts + redundant) / expert⌉ experts, so the expert degree need not divide the expert count (default 0)."),
    ])

    static let speculative = ObjectSchema("speculative", [
        Field("draft_tokens", .integer(min: 1, max: 64), required: true,
              "Tokens the draft (an MTP module, an EAGLE head, a draft model) proposes per decode step; all are verified in one pass."),
        Field("acceptance_rate", .number(min: 0, max: 1),
              "Probability that each draft token is accepted; tokens per step follow as (1 − αᵏ⁺¹)/(1 − α) (Leviathan et al. 2023)."),
        Field("accepted_tokens", .number(min: 1, max: 65),
              "Instead of `acceptance_rate`: mean tokens emitted per step, the verified token included (SGLang's accept length)."),
    ])

    static let serving = ObjectSchema("serving", [
        Field("engine", .oneOf(Serving.Engine.allCases.map(\.rawValue)),
              "The serving engine (`vllm`, with vLLM-Ascend on Ascend; `sglang`; `tensorrt-llm`; `mindie`; `lmdeploy`; `xllm`). It selects calibrations fitted to that engine's measurements on the chip (the catalogue ships one for SGLang on the Atlas 800I A3) and, where the chip's stack profile says the engine runs W8A8 at a 16-bit rate (`w8a8_rates`: vLLM-Ascend and SGLang on CANN), that rate; default: none, and only calibrations that name no engine apply, W8A8 at the int8 rate."),
        Field("batching", .oneOf(Serving.Batching.allCases.map(\.rawValue)),
              "`continuous` (default: requests join and leave at every iteration, prompts prefilled in chunks beside the decodes, as vLLM, SGLang, TensorRT-LLM and MindIE serve) or `static` (each replica prefills its whole batch, then decodes it to the end)."),
        Field("arrival", .oneOf(Serving.Arrival.allCases.map(\.rawValue)),
              "`steady` (default: requests keep arriving as others finish, so `concurrency` are always in flight, and the figures are that steady state's, as an online service sees them) or `burst` (all `concurrency` requests arrive at once and run to completion, as an offline batch job or a benchmark that sends every prompt at once: `vllm bench serve` without a request rate, or `--num-prompts` equal to `--max-concurrency`; the figures are the run's: output tokens over its duration, and TTFT and TPOT averaged over its requests as those benchmarks report them). Continuous batching without disaggregation only."),
        Field("max_batched_tokens", .integer(min: 1, max: Limits.tokens),
              "Most tokens one iteration of a replica processes (vLLM `max_num_batched_tokens`); default: vLLM's, 8192 on devices of 70 GiB or more, else 2048."),
        Field("max_sequences", .integer(min: 1, max: Limits.sequences),
              "Most sequences a replica runs at once; more wait (vLLM `max_num_seqs`); default: vLLM's, 1024 on devices of 70 GiB or more, else 256."),
        Field("admission", .oneOf(Serving.Admission.allCases.map(\.rawValue)),
              "`all` (default: every sequence a replica runs has its KV cache, and a layout whose memory cannot hold them is out of memory) or `memory` (as vLLM and SGLang admit requests: a replica runs as many sequences as its KV cache holds beside the weights, up to `max_sequences`, and the rest wait, which lengthens TTFT; continuous batching without disaggregation only)."),
        Field("prefix_cache_hit_rate", .number(min: 0, max: 0.999),
              "Fraction of prompt tokens found in the prefix cache, which are not prefilled again (default 0)."),
        Field("speculative", .object(speculative),
              "Speculative decoding or multi-token prediction: draft tokens per step and how many are accepted."),
        Field("overlap", .boolean,
              "Communication hidden behind compute by running two micro-batches against each other (DeepSeek's dual micro-batch overlap, SGLang's two-batch overlap); default `false`."),
        Field("expert_load_imbalance", .number(min: 1, max: 100),
              "MoE with experts spread over ranks: the busiest rank's load over the mean, which every iteration waits for; 1 is a perfectly balanced load. Default 1.18, the ratio measured between default and perfect expert placement by SGLang and by CloudMatrix-Infer."),
        Field("iteration_overhead_ms", .number(min: 0, max: 1e6),
              "Host-side time per engine iteration (scheduling, sampling, kernel launches) on top of the chips' work, in milliseconds; default: chipfit's calibrated value (docs/model.md)."),
        Field("disaggregation", .object(ObjectSchema("disaggregation", [
            Field("prefill", .object(parallelism), "Pin any degree of the prefill pool; the rest is searched."),
            Field("decode", .object(parallelism), "Pin any degree of the decode pool; the rest is searched."),
        ])), "Serve from separate prefill and decode pools (as DistServe, Mooncake, DeepSeek and CloudMatrix-Infer do), each with its own layout; the KV cache moves between them. Give pool degrees here, not in `workload.parallelism`."),
    ])

    static let training = ObjectSchema("training", [
        Field("pipeline_schedule", .oneOf(TrainingSchedule.Pipeline.allCases.map(\.rawValue)),
              "`1f1b` (default: one forward, one backward; bubble (p − 1)/m), `interleaved` (each pipeline rank holds `virtual_stages` model chunks; bubble (p − 1)/(v·m)) or `dualpipe` (DeepSeek-V3's bidirectional schedule: bubble (p − 2)/(3m), expert all-to-alls hidden in its forward-and-backward pairs, two copies of each stage's weights)."),
        Field("virtual_stages", .integer(min: 1, max: Limits.layers),
              "With `pipeline_schedule: interleaved`: model chunks per pipeline rank (default 2). A chunk holds one layer at least, except that a first (last) stage stated smaller may give its first (last) chunk only the embedding (the output head), as Llama 3 405B ran."),
        Field("tensor_parallel_overlap", .boolean,
              "Tensor-parallel collectives run beside the matmuls next to them (Transformer Engine's userbuffer overlap with sequence parallelism); default `false`: they wait, as in Megatron-LM without it."),
        Field("expert_parallel_overlap", .boolean,
              "MoE: expert all-to-alls run beside other micro-batches' compute (under `dualpipe`, in its forward-and-backward pairs only), their kernels taking 20/132 of the chip meanwhile, as DeepSeek-V3's do; default `true` with `dualpipe`, else `false`."),
        Field("data_parallel_overlap", .boolean,
              "The data-parallel gradient reduction runs beside the backward pass (Megatron's `--overlap-grad-reduce`, DeepSpeed's and FSDP's bucketed reduction); default `true`."),
        Field("recompute_modules", .list(.oneOf(TrainingSchedule.Recomputed.names.map(\.name)), minItems: 1),
              "With `recompute: selective`: what is recomputed instead of kept (Megatron-Core's `--recompute-modules`): `core_attn` (the attention core; the default), `layernorm` (the normalisations' outputs), `mla_up_proj` (MLA's decompressed queries, keys and values; their latents are kept)."),
        Field("first_stage_layers", .integer(min: 1, max: Limits.layers),
              "Layers of the first pipeline stage, when it holds fewer or more than the others (Megatron-Core's `--decoder-first-pipeline-num-layers`); the middle stages share the rest evenly."),
        Field("last_stage_layers", .integer(min: 1, max: Limits.layers),
              "Layers of the last pipeline stage, likewise (`--decoder-last-pipeline-num-layers`)."),
        Field("mtp_layers", .integer(min: 0, max: 16),
              "Multi-token-prediction modules trained beside the model (DeepSeek-V3's depth D; Megatron-Core's `--mtp-num-layers`): each adds a layer like the model's, a 2h → h projection and a pass through the shared output head, with its weights and the last stage's activations; full training only; default 0."),
        Field("expert_load_imbalance", .number(min: 1, max: 100),
              "MoE with experts spread over ranks: the busiest rank's tokens over the mean, which its expert matmuls and all-to-alls wait for; default 1 (balanced routing, as the published training throughputs are measured)."),
    ])

    static let workload = ObjectSchema("workload", [
        Field("phase", .oneOf(Phase.allCases.map(\.rawValue)), required: true, "`inference` or `training`."),
        Field("precision", .oneOf(precisionNames), required: true,
              "Weight precision (inference) or mixed-precision compute type (training)."),
        Field("kv_cache_precision", .oneOf(precisionNames.filter { $0 != "int4" && $0 != "tf32" }),
              "Inference: KV cache precision; default: `precision` (int8 and wider)."),
        Field("input_tokens", .integer(min: 1, max: Limits.tokens), "Inference: prompt tokens per request."),
        Field("output_tokens", .integer(min: 1, max: Limits.tokens), "Inference: generated tokens per request."),
        Field("concurrency", .integer(min: 1, max: Limits.sequences), "Inference: sequences decoded together (default 1)."),
        Field("slo", .object(slo), "Inference: service-level objectives; each optional."),
        Field("method", .oneOf(["full", "lora", "qlora"]), "Training: `full` (default), `lora` or `qlora`."),
        Field("lora_rank", .integer(min: 1, max: Limits.width), "Training with LoRA/QLoRA: adapter rank (default 16)."),
        Field("optimizer", .oneOf(["adamw", "sgd", "adafactor"]), "Training: optimizer (default `adamw`)."),
        Field("zero_stage", .integer(min: 0, max: 3), "Training: ZeRO stage 0–3 (default 1)."),
        Field("recompute", .oneOf(["none", "selective", "full"]), "Training: activation recomputation (default `selective`)."),
        Field("sequence_length", .integer(min: 1, max: Limits.tokens), "Training: tokens per sequence."),
        Field("micro_batch_size", .integer(min: 1, max: Limits.sequences), "Training: sequences per chip per micro-step (default 1)."),
        Field("global_batch_size", .integer(min: 1, max: Limits.sequences), "Training: sequences per optimizer step."),
        Field("tokens", .quantity(.count), "Training: tokens to train on, e.g. `1T`."),
        Field("deadline_days", .number(min: Limits.shortestDays, max: 100_000), "Training: days the run may take."),
        Field("parallelism", .object(parallelism), "Pin any parallel degree; the rest is searched."),
        Field("rank", .oneOf(RankUnit.allCases.map(\.rawValue)),
              "What one rank of `parallelism` runs on: `chip` (default), or `die`: each die of a chip whose profile gives `dies` is a device of its own, as engines on the Ascend 910C count them (vLLM-Ascend, SGLang and MindIE run 16 ranks on an 8-chip Atlas A3 server). Degrees then count dies, each with its share of the chip's memory, bandwidth, compute and links, and plans count chips as the dies used over the dies per chip, rounded up. Chips with one die plan as with `chip`."),
        Field("serving", .object(serving), "Inference: how the engine serves (batching, limits, prefix cache, speculative decoding, overlap); every field optional."),
        Field("training", .object(training), "Training: the pipeline schedule and which communication the framework hides behind compute; every field optional."),
        Field("efficiency", .object(efficiency), "Override the chips' assumed efficiency for this deployment."),
    ], conditionals: [
        .init(field: "phase", value: "inference", required: requiredFor(.inference)),
        .init(field: "phase", value: "training", required: requiredFor(.training)),
    ])

    /// Workload fields each phase requires.
    public static func requiredFor(_ phase: Phase) -> [String] {
        phase == .inference ? ["input_tokens", "output_tokens"] : ["sequence_length", "global_batch_size", "tokens"]
    }

    public static let deployment = ObjectSchema("Deployment", header + [
        Field("name", .identifier, required: true, "Deployment name, unique among the specs of one run."),
        Field("description", .string, "What the deployment is for."),
        Field("model", .object(ObjectSchema("model", [
            Field("preset", .identifier, "A model preset id (`profiles/models/`)."),
            Field("hf_config", .string, "Path to a local Hugging Face `config.json`, relative to this file."),
            Field("architecture", .object(ObjectSchema("architecture", architectureFields(coreRequired: false))),
                  "Inline architecture, or overrides of the preset's fields."),
        ])), required: true, "The model to deploy."),
        Field("workload", .object(workload), required: true, "What the chips must do."),
        Field("toolchain", .object(ObjectSchema("toolchain", [
            Field("framework", .string, "Framework and version in use, e.g. `pytorch@2.3`."),
            Field("runtime", .string, "Accelerator runtime in use, e.g. `cuda@12.1`."),
            Field("components", .list(.string), "Libraries the team depends on, `name[@version]`; names compare as Python packaging compares them (`flash_attn` is `flash-attn`)."),
            Field("scan", .string, "A directory of the team's code, relative to this file (inside `--root`), read as `chipfit scan` reads it: the framework, runtime and components found are added to those written here (which win), and plans count the sites each change touches and scale its effort by them (docs/scan.md)."),
        ])), "What the team runs today."),
        Field("requirements", .object(ObjectSchema("requirements", [
            Field("certification", .oneOf(CertificationPolicy.allCases.map(\.rawValue)),
                  "`required` (default), `preferred` or `ignore`."),
            Field("max_chips", .integer(min: 1, max: Limits.chips), "Most chips the deployment may use."),
            Field("chips", .list(.identifier, minItems: 1), "Only consider these chips."),
            Field("exclude_vendors", .list(.string), "Never consider chips from these vendors."),
        ])), "Constraints on the answer."),
    ])
}

extension DocumentDecoder {
    func deployment(_ o: Object, _ sink: inout DiagnosticSink) -> DeploymentDocument? {
        guard let name = o.string("name"), let (source, workload) = modelAndWorkload(o, &sink) else { return nil }
        let toolchain = toolchain(o.object("toolchain"), &sink)
        let r = o.object("requirements")
        let policy = r?.string("certification").flatMap(CertificationPolicy.init(rawValue:)) ?? .required
        if policy == .ignore, let r {
            sink.warning(.certificationIgnored,
                         "certification is ignored: plans for this deployment may recommend chips with no valid certificate",
                         at: r.location(of: "certification"), path: r.path(of: "certification"))
        }
        let requirements = Requirements(
            certification: policy, maxChips: r?.int("max_chips"), chips: r?.strings("chips"),
            excludeVendors: r?.strings("exclude_vendors") ?? [])
        let deployment = Deployment(name: name, description: o.string("description"), workload: workload,
                                    toolchain: toolchain, requirements: requirements, file: file,
                                    nameLocation: o.location(of: "name"))
        return DeploymentDocument(deployment: deployment, model: source, fields: o)
    }

    /// Where the model comes from and the typed workload, shared by deployments and
    /// measurements; nil when either is missing or inconsistent.
    /// - Parameter required: the workload fields each phase requires (`Schemas.requiredFor`).
    func modelAndWorkload(_ o: Object, required: (Phase) -> [String] = Schemas.requiredFor,
                          _ sink: inout DiagnosticSink) -> (ModelSource, Workload)? {
        guard let m = o.object("model"), let w = o.object("workload") else { return nil }
        let source: ModelSource
        let overrides = m.object("architecture")
        if m.has("preset") && m.has("hf_config") {
            sink.error(.conflictingFields, "give `model.preset` or `model.hf_config`, not both",
                       at: m.location(of: "hf_config"), path: m.path(of: "hf_config"))
            return nil
        } else if let preset = m.string("preset") {
            source = .preset(id: preset, overrides: overrides)
        } else if let path = m.string("hf_config") {
            source = .hfConfig(path: path, overrides: overrides)
        } else if let inline = overrides {
            guard ArchitectureResolver(layers: [inline]).resolve(
                origin: inline.location, originPath: inline.path, &sink) != nil else { return nil }
            source = .inline(inline)
        } else {
            if !m.has("preset"), !m.has("hf_config"), !m.has("architecture") {
                sink.error(.missingField, "`model` needs one of `preset`, `hf_config` or `architecture`",
                           at: m.location, path: "model")
            }
            return nil
        }
        guard let workload = workload(w, required: required, &sink) else { return nil }
        return (source, workload)
    }

    private static let inferenceOnly = ["kv_cache_precision", "input_tokens", "output_tokens", "concurrency", "slo", "serving"]
    private static let trainingOnly = ["method", "lora_rank", "optimizer", "zero_stage", "recompute", "sequence_length",
                                       "micro_batch_size", "global_batch_size", "tokens", "deadline_days", "training"]

    private func workload(_ w: Object, required: (Phase) -> [String], _ sink: inout DiagnosticSink) -> Workload? {
        guard let phase = w.string("phase").flatMap(Phase.init(rawValue:)),
              let precision = w.string("precision").flatMap(Precision.init(rawValue:)) else { return nil }
        let foreign = phase == .inference ? Self.trainingOnly : Self.inferenceOnly
        for key in foreign where w.has(key) {
            sink.error(.fieldNotForPhase, "`\(key)` applies to \(phase == .inference ? "training" : "inference") workloads; this one is `\(phase.rawValue)`",
                       at: w.keyLocation(of: key) ?? w.location, path: w.path(of: key), suggestion: "remove it, or change `phase`")
        }
        var complete = true
        for key in required(phase) where !w.has(key) {
            // A misspelt key's did-you-mean already says it; one mistake, one error.
            if w.misspells(key) { complete = false; continue }
            sink.error(.missingField, "missing required field `\(key)` for \(phase == .inference ? "an" : "a") \(phase.rawValue) workload",
                       at: w.location, path: w.path(of: key))
            complete = false
        }
        let method = w.string("method").flatMap(Workload.Method.init(rawValue:)) ?? .full
        if phase == .training {
            if !Precision.trainable.contains(precision) {
                sink.error(.invalidValue,
                           "training cannot compute in `\(precision.rawValue)`; use one of "
                            + Precision.trainable.map { "`\($0.rawValue)`" }.joined(separator: ", "),
                           at: w.location(of: "precision"), path: w.path(of: "precision"),
                           suggestion: method == .qlora ? "for QLoRA give the compute type (e.g. `bf16`); the frozen base is 4-bit" : nil)
                complete = false
            }
            if w.has("lora_rank"), method == .full {
                sink.error(.inconsistentValues, "`lora_rank` only applies with `method: lora` or `method: qlora`",
                           at: w.location(of: "lora_rank"), path: w.path(of: "lora_rank"))
            }
            if let mbs = w.int("micro_batch_size"), let gbs = w.int("global_batch_size"), gbs % mbs != 0 {
                sink.error(.inconsistentValues,
                           "`global_batch_size` (\(gbs)) must be a multiple of `micro_batch_size` (\(mbs))",
                           at: w.location(of: "global_batch_size"), path: w.path(of: "global_batch_size"))
            }
        }
        let par = w.object("parallelism")
        if phase == .inference, let pinned = par?.int("data"), pinned > (w.int("concurrency") ?? 1) {
            sink.warning(.replicasBeyondSequences,
                         "`parallelism.data` pins \(pinned) replicas for \(w.int("concurrency") ?? 1) concurrent sequence\(w.int("concurrency") ?? 1 == 1 ? "" : "s"); the extra replicas serve nothing",
                         at: par!.location(of: "data"), path: par!.path(of: "data"),
                         suggestion: "pin at most `concurrency` replicas, or raise `concurrency`")
        }
        if phase == .training, let r = par?.int("redundant_experts"), r > 0 {
            sink.error(.fieldNotForPhase, "`redundant_experts` applies to inference workloads; this one is `training`",
                       at: par!.keyLocation(of: "redundant_experts") ?? par!.location, path: par!.path(of: "redundant_experts"),
                       suggestion: "remove it, or change `phase`")
        }
        let serving = self.serving(w.object("serving"), in: w, &sink)
        let training = self.training(w.object("training"), in: w, &sink)
        guard complete, let serving, let training else { return nil }
        let slo = w.object("slo")
        var workload = Workload(
            phase: phase, precision: precision,
            kvCachePrecision: w.string("kv_cache_precision").flatMap(Precision.init(rawValue:))
                ?? Self.defaultKVPrecision(for: precision),
            inputTokens: w.int("input_tokens") ?? 0, outputTokens: w.int("output_tokens") ?? 0,
            concurrency: w.int("concurrency") ?? 1,
            slo: .init(ttftMs: slo?.number("ttft_ms"), tpotMs: slo?.number("tpot_ms"),
                       throughputTokensPerSecond: slo?.number("throughput_tokens_per_s")),
            method: method, loraRank: w.int("lora_rank") ?? 16,
            optimizer: w.string("optimizer").flatMap(Workload.Optimizer.init(rawValue:)) ?? .adamw,
            zeroStage: w.int("zero_stage") ?? 1,
            recompute: w.string("recompute").flatMap(Workload.Recompute.init(rawValue:)) ?? .selective,
            sequenceLength: w.int("sequence_length") ?? 0, microBatchSize: w.int("micro_batch_size") ?? 1,
            globalBatchSize: w.int("global_batch_size") ?? 0, tokens: w.quantity("tokens")?.value ?? 0,
            deadlineDays: w.number("deadline_days"),
            parallelism: parallelism(par),
            efficiency: efficiency(w.object("efficiency")), serving: serving, training: training)
        workload.rank = w.string("rank").flatMap(RankUnit.init(rawValue:)) ?? .chip
        return workload
    }

    /// `workload.training`, with its defaults; nil when it is inconsistent.
    private func training(_ t: Object?, in w: Object, _ sink: inout DiagnosticSink) -> TrainingSchedule? {
        guard let t else { return TrainingSchedule() }
        var modules: TrainingSchedule.Recomputed = .coreAttention
        if let list = t.strings("recompute_modules") {
            if let recompute = w.string("recompute"), recompute != "selective" {
                sink.error(.inconsistentValues, "`recompute_modules` applies with `recompute: selective`; this workload has `recompute: \(recompute)`",
                           at: t.keyLocation(of: "recompute_modules") ?? t.location, path: t.path(of: "recompute_modules"),
                           suggestion: "set `recompute: selective`, or remove `recompute_modules`")
                return nil
            }
            modules = TrainingSchedule.Recomputed(names: list)
        }
        let par = w.object("parallelism")
        let first = t.int("first_stage_layers"), last = t.int("last_stage_layers")
        if first != nil || last != nil, (par?.int("pipeline") ?? 1) < 2 {
            let key = first != nil ? "first_stage_layers" : "last_stage_layers"
            sink.error(.inconsistentValues, "`\(key)` needs a pinned pipeline of 2 stages or more (`parallelism.pipeline`)",
                       at: t.keyLocation(of: key) ?? t.location, path: t.path(of: key),
                       suggestion: "pin `parallelism.pipeline`, or remove `\(key)`")
            return nil
        }
        let pipeline = t.string("pipeline_schedule").flatMap(TrainingSchedule.Pipeline.init(rawValue:)) ?? .oneForwardOneBackward
        if let v = t.int("virtual_stages"), v > 1, pipeline != .interleaved {
            sink.error(.inconsistentValues, "`virtual_stages` (\(v)) only applies with `pipeline_schedule: interleaved`",
                       at: t.location(of: "virtual_stages"), path: t.path(of: "virtual_stages"),
                       suggestion: "add `pipeline_schedule: interleaved`, or remove `virtual_stages`")
            return nil
        }
        return TrainingSchedule(
            pipeline: pipeline,
            virtualStages: pipeline == .interleaved ? t.int("virtual_stages") ?? TrainingSchedule.defaultVirtualStages : 1,
            tensorParallelOverlap: t.bool("tensor_parallel_overlap") ?? false,
            expertParallelOverlap: t.bool("expert_parallel_overlap"), dataParallelOverlap: t.bool("data_parallel_overlap") ?? true,
            expertLoadImbalance: t.number("expert_load_imbalance") ?? 1, recomputedModules: modules,
            firstStageLayers: first, lastStageLayers: last, mtpLayers: t.int("mtp_layers") ?? 0)
    }

    /// Pinned degrees, from `workload.parallelism` or a pool of `serving.disaggregation`.
    private func parallelism(_ par: Object?) -> Workload.Parallelism {
        .init(tensor: par?.int("tensor"), pipeline: par?.int("pipeline"), data: par?.int("data"), expert: par?.int("expert"),
              redundantExperts: par?.int("redundant_experts") ?? 0)
    }

    /// `workload.serving`, with its defaults; nil when it is inconsistent.
    private func serving(_ s: Object?, in workloadObject: Object?, _ sink: inout DiagnosticSink) -> Serving? {
        guard let s else { return Serving() }
        var serving = Serving(
            batching: s.string("batching").flatMap(Serving.Batching.init(rawValue:)) ?? .continuous,
            maxBatchedTokens: s.int("max_batched_tokens"), maxSequences: s.int("max_sequences"),
            admission: s.string("admission").flatMap(Serving.Admission.init(rawValue:)) ?? .all,
            prefixCacheHitRate: s.number("prefix_cache_hit_rate") ?? 0, overlap: s.bool("overlap") ?? false,
            expertLoadImbalance: s.number("expert_load_imbalance"),
            iterationOverheadSeconds: s.number("iteration_overhead_ms").map { $0 / 1000 },
            engine: s.string("engine").flatMap(Serving.Engine.init(rawValue:)),
            arrival: s.string("arrival").flatMap(Serving.Arrival.init(rawValue:)) ?? .steady)
        // A burst is costed as a continuously batching engine takes it on one set of replicas:
        // a static batch is already one burst, and pools would need the burst's prompts to
        // reach the decode pool over time.
        if serving.arrival == .burst, serving.batching == .static || s.has("disaggregation") {
            let other = serving.batching == .static ? "batching: static" : "disaggregation"
            let why = serving.batching == .static
                ? "static batching already serves each batch as one burst"
                : "chipfit costs a burst only for continuous batching on one set of replicas"
            sink.error(.conflictingFields, "give `arrival: burst` or `\(other)`, not both: \(why)",
                       at: s.keyLocation(of: "arrival") ?? s.location, path: s.path(of: "arrival"),
                       suggestion: serving.batching == .static ? "remove `arrival: burst`" : "remove `arrival: burst`; the pools are then costed in their steady state")
            return nil
        }
        // The wait of the sequences a cache cannot hold is costed for one continuously batching
        // replica set; a static batch or a pool would report a TTFT without it.
        if serving.admission == .memory, serving.batching == .static || s.has("disaggregation") {
            let other = serving.batching == .static ? "batching: static" : "disaggregation"
            sink.error(.conflictingFields, "give `admission: memory` or `\(other)`, not both: chipfit costs the wait of sequences the KV cache cannot hold only for continuous batching on one set of replicas",
                       at: s.keyLocation(of: "admission") ?? s.location, path: s.path(of: "admission"),
                       suggestion: "remove `admission: memory`; the plan then sizes the chips to hold every running sequence")
            return nil
        }
        if let pools = s.object("disaggregation") {
            if let w = workloadObject, w.has("parallelism") {
                sink.error(.conflictingFields, "a disaggregated deployment pins each pool's degrees under `serving.disaggregation`, not in `workload.parallelism`",
                           at: w.location(of: "parallelism"), path: w.path(of: "parallelism"),
                           suggestion: "move the degrees to `serving.disaggregation.prefill` or `.decode`")
                return nil
            }
            if serving.batching == .static {
                sink.error(.conflictingFields, "give `batching: static` or `disaggregation`, not both: separate prefill and decode pools batch continuously",
                           at: s.keyLocation(of: "batching") ?? s.location, path: s.path(of: "batching"),
                           suggestion: "remove `batching: static`")
                return nil
            }
            let concurrency = workloadObject?.int("concurrency") ?? 1
            for role in ["prefill", "decode"] {
                guard let pool = pools.object(role), let pinned = pool.int("data"), pinned > concurrency else { continue }
                sink.warning(.replicasBeyondSequences,
                             "`disaggregation.\(role).data` pins \(pinned) replicas for \(concurrency) concurrent sequence\(concurrency == 1 ? "" : "s"); the extra replicas serve nothing",
                             at: pool.location(of: "data"), path: pool.path(of: "data"),
                             suggestion: "pin at most `concurrency` replicas, or raise `concurrency`")
            }
            serving.mode = .disaggregated(prefill: parallelism(pools.object("prefill")), decode: parallelism(pools.object("decode")))
        }
        if let sp = s.object("speculative"), let k = sp.int("draft_tokens") {
            let rate = sp.number("acceptance_rate"), accepted = sp.number("accepted_tokens")
            switch (rate, accepted) {
            case (nil, nil):
                sink.error(.missingField, "`speculative` needs `acceptance_rate` or `accepted_tokens`: how many draft tokens are kept",
                           at: sp.location, path: sp.path(of: "acceptance_rate"))
                return nil
            case (.some, .some):
                sink.error(.conflictingFields, "give `acceptance_rate` or `accepted_tokens`, not both",
                           at: sp.location(of: "accepted_tokens"), path: sp.path(of: "accepted_tokens"))
                return nil
            case (let rate?, nil):
                serving.speculative = .init(draftTokens: k, acceptedTokens: Serving.Speculative.acceptedTokens(draftTokens: k, acceptanceRate: rate))
            case (nil, let accepted?):
                guard accepted <= Double(k + 1) else {
                    sink.error(.inconsistentValues, "`accepted_tokens` (\(accepted)) cannot exceed `draft_tokens` + 1 (\(k + 1)): a step emits its drafts and one verified token at most",
                               at: sp.location(of: "accepted_tokens"), path: sp.path(of: "accepted_tokens"))
                    return nil
                }
                serving.speculative = .init(draftTokens: k, acceptedTokens: accepted)
            }
        }
        return serving
    }

    /// The KV cache follows the weights, except that int4 weights (W4A16) keep a 16-bit
    /// cache and tf32 is stored as fp32.
    static func defaultKVPrecision(for weights: Precision) -> Precision {
        switch weights {
        case .int4: .fp16
        case .tf32: .fp32
        default: weights
        }
    }

    /// A requirements.txt pin (`torch==2.4.0`, `flash_attn>=2.6`) written as chipfit writes it.
    static func pinHint(_ text: String) -> String? {
        for op in ["==", ">=", "~=", "<=", "!="] {
            guard let r = text.range(of: op) else { continue }
            let name = text[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
            let version = text[r.upperBound...].split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return version.isEmpty ? "write `\(name)`" : "write `\(name)@\(version)` (chipfit puts the version after `@`)"
        }
        return nil
    }

    private func toolchain(_ t: Object?, _ sink: inout DiagnosticSink) -> Toolchain {
        func versioned(_ key: String) -> Versioned? {
            guard let t, let text = t.string(key) else { return nil }
            guard let v = Versioned(text) else {
                sink.error(.invalidValue, "`\(key)` must be `name` or `name@version` such as `pytorch@2.3`; found `\(text)`",
                           at: t.location(of: key), path: t.path(of: key), suggestion: Self.pinHint(text))
                return nil
            }
            return v
        }
        var components: [Versioned] = []
        // By index, read in place: iterating copied each item with its path.
        let items = t?.list("components") ?? []
        components.reserveCapacity(items.count)
        for i in items.indices {
            guard let text = items[i].string else { continue }
            guard let v = Versioned(text) else {
                sink.error(.invalidValue, "component must be `name` or `name@version` such as `vllm@0.5.4`; found `\(text)`",
                           at: items[i].location, path: items[i].path, suggestion: Self.pinHint(text))
                continue
            }
            components.append(v)
        }
        var toolchain = Toolchain(framework: versioned("framework"), runtime: versioned("runtime"), components: components)
        if let t, let scan = t.string("scan") {
            toolchain.scan = scan
            toolchain.scanLocation = t.location(of: "scan")
        }
        return toolchain
    }
}
