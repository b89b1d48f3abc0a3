import ChipFitPlanner
/// The v1 file formats, as data. `docs/reference.md` is generated from these definitions
/// (`chipfit schema --markdown`), so every field documented there is a field accepted here.
public enum Schemas {
    public static let apiVersion = "chipfit/v1"

    /// The largest (and smallest) values that describe something real, with room to spare:
    /// every field is bounded, so no accepted spec or profile drives the planner's arithmetic
    /// past what a `Double` or an `Int` holds. The bounds are in docs/reference.md.
    public enum Limits {
        /// Transformer layers, and pipeline stages (one layer or more each).
        public static let layers = 100_000
        /// Model width, MLP width, head width, latent ranks, adapter rank: 2^24.
        public static let width = 16_777_216
        public static let heads = 1_048_576
        public static let vocabulary = 1 << 30
        public static let experts = 1_048_576
        /// Tokens of one sequence (prompt, output, training sequence, context): 2^30.
        public static let tokens = 1 << 30
        /// Sequences served or batched together.
        public static let sequences = 1 << 30
        /// Chips in a node, a parallel degree or a deployment: 2^24.
        public static let chips = 16_777_216
        public static let smallestFraction = 0.0001
        /// One microsecond.
        public static let shortestMilliseconds = 0.001
        /// A thousandth of a token per second.
        public static let slowestRate = 0.001
        /// About 1.4 minutes.
        public static let shortestDays = 0.001
    }

    static let header: [Field] = [
        Field("apiVersion", .oneOf([apiVersion]), required: true, "Format version; always `chipfit/v1`."),
        Field("kind", .oneOf(Kind.allCases.map(\.rawValue)), required: true, "What the file describes."),
    ]

    static let precisionNames = Precision.allCases.map(\.rawValue)
    static let sources = Field("sources", .list(.string, minItems: 1), "Where the figures come from: URLs or citations.")
    static let notes = Field("notes", .string, "Free text for reviewers: variants, conflicts, choices made.")
    static let uncertain = Field(
        "uncertain", .list(.string),
        "Dotted paths of fields whose figure is not confirmed by a primary source, e.g. `compute.bf16`.")

    // MARK: Model architecture

    static func architectureFields(coreRequired: Bool) -> [Field] {
        [
            Field("architecture_type", .oneOf(["decoder", "encoder"]),
                  "`decoder` (default: autoregressive, has a KV cache) or `encoder` (one forward pass, e.g. BERT)."),
            Field("parameters", .quantity(.count), "Total parameter count, e.g. `8.03B`; computed from the architecture when omitted."),
            Field("active_parameters", .quantity(.count), "Parameters used per token (MoE models), e.g. `37B`."),
            Field("layers", .integer(min: 1, max: Limits.layers), required: coreRequired, "Transformer layers (`num_hidden_layers`)."),
            Field("hidden_size", .integer(min: 1, max: Limits.width), required: coreRequired, "Model width."),
            Field("intermediate_size", .integer(min: 1, max: Limits.width), required: coreRequired, "Dense MLP width."),
            Field("mlp", .oneOf(["gated", "plain"]),
                  "`gated` (default: SwiGLU/GeGLU, three matrices) or `plain` (GeLU/ReLU, two matrices)."),
            Field("attention_heads", .integer(min: 1, max: Limits.heads), required: coreRequired, "Query heads."),
            Field("kv_heads", .integer(min: 1, max: Limits.heads), "Key/value heads (GQA); default: `attention_heads`."),
            Field("head_dim", .integer(min: 1, max: Limits.width), "Width of one attention head; default: `hidden_size / attention_heads`."),
            Field("vocab_size", .integer(min: 1, max: Limits.vocabulary), required: coreRequired, "Vocabulary size."),
            Field("tied_embeddings", .boolean, "Input embedding and output head share weights (default `false`)."),
            Field("attention_bias", .boolean, "Q/K/V projections carry a bias (default `false`)."),
            Field("max_context", .integer(min: 1, max: Limits.tokens), "Longest context the model supports, in tokens."),
            Field("experts", .object(experts), "Mixture-of-experts layout; omit for dense models."),
            Field("mla", .object(mla), "Multi-head latent attention (DeepSeek-V2/V3) dimensions."),
            Field("kv_latent_dim", .integer(min: 1, max: Limits.width),
                  "MLA: values cached per token per layer (`kv_lora_rank + qk_rope_head_dim`); replaces `2 · kv_heads · head_dim`."),
        ]
    }

    static let experts = ObjectSchema("experts", [
        Field("total", .integer(min: 1, max: Limits.experts), required: true, "Routed experts per MoE layer."),
        Field("active", .integer(min: 1, max: Limits.experts), required: true, "Routed experts each token uses (top-k)."),
        Field("shared", .integer(min: 0, max: Limits.experts), "Always-on shared experts per MoE layer (default 0)."),
        Field("intermediate_size", .integer(min: 1, max: Limits.width), "Width of one expert's MLP; default: the dense `intermediate_size`."),
        Field("dense_layers", .integer(min: 0, max: Limits.layers), "Leading layers that are dense rather than MoE (DeepSeek-V3: 3)."),
    ])

    static let mla = ObjectSchema("mla", [
        Field("q_lora_rank", .integer(min: 1, max: Limits.width), "Query compression rank (absent: queries are not compressed)."),
        Field("kv_lora_rank", .integer(min: 1, max: Limits.width), required: true, "Key/value compression rank."),
        Field("qk_nope_head_dim", .integer(min: 1, max: Limits.width), required: true, "Per-head query/key width without rotary embedding."),
        Field("qk_rope_head_dim", .integer(min: 1, max: Limits.width), required: true, "Per-head rotary query/key width (shared key)."),
        Field("v_head_dim", .integer(min: 1, max: Limits.width), required: true, "Per-head value width."),
    ])

    // MARK: Model preset

    public static let model = ObjectSchema("Model", header + [
        Field("id", .identifier, required: true, "Preset id that specs name in `model.preset`."),
        Field("name", .string, "Display name."),
        Field("source", .string, required: true, "Where the architecture was read from (usually the config.json URL)."),
        Field("architecture", .object(ObjectSchema("architecture", architectureFields(coreRequired: true))),
              required: true, "The model's shape."),
        notes, uncertain,
    ])

    // MARK: Chip

    public static let chip = ObjectSchema("Chip", header + [
        Field("id", .identifier, required: true, "Chip id used by specs, stacks and certification lists."),
        Field("vendor", .string, required: true, "Maker, e.g. `Huawei`."),
        Field("name", .string, required: true, "Product name as the vendor writes it."),
        Field("positioning", .list(.oneOf(["training", "inference"]), minItems: 1), required: true,
              "What the vendor positions the chip for."),
        Field("stack", .identifier, required: true, "Software stack id (a `profiles/stacks/` file)."),
        Field("memory", .object(ObjectSchema("memory", [
            Field("capacity", .quantity(.bytes), required: true, "Device memory per chip."),
            Field("bandwidth", .quantity(.bandwidth), required: true, "Device memory bandwidth per chip."),
            Field("type", .string, "Memory technology, e.g. `HBM2e`."),
        ])), required: true, "Device memory."),
        Field("compute", .object(ObjectSchema("compute", Precision.allCases.map {
            Field($0.rawValue, .quantity(.compute), "Peak \($0.rawValue) rate per chip.")
        })), required: true, "Peak rates per precision; a precision the chip cannot run, or whose rate no source gives, is omitted."),
        Field("unrated", .list(.oneOf(Precision.allCases.map(\.rawValue))),
              "Precisions the chip runs (per its vendor) whose peak rate no source gives. Plans cannot use them, and say why (`precision_unrated`) instead of calling them unsupported."),
        Field("compute_basis", .oneOf(["dense", "sparse", "unspecified"]), required: true,
              "Whether `compute` figures are dense, with structured sparsity, or not stated by the vendor."),
        Field("node", .object(ObjectSchema("node", [
            Field("chips", .integer(min: 1, max: Limits.chips), required: true, "Chips per server/node."),
            Field("interconnect", .string, required: true, "Intra-node link, e.g. `HCCS`, `NVLink`, `PCIe 4.0 x16`."),
            Field("bandwidth", .quantity(.bandwidth), required: true, "Intra-node bandwidth per chip."),
            Field("direction", .oneOf(["bidirectional", "per_direction"]),
                  "Whether `bandwidth` is the sum of both directions (default, as NVLink and most vendor figures are quoted) or per direction (as PCIe is usually quoted)."),
        ])), required: true, "The server the chip ships in."),
        Field("scale_out", .object(ObjectSchema("scale_out", [
            Field("fabric", .string, required: true, "Network between nodes, e.g. `RoCE`, `InfiniBand`."),
            Field("bandwidth", .quantity(.bandwidth), required: true, "Scale-out bandwidth per chip, per direction (NIC line rate)."),
        ])), "Network between nodes; without it chipfit assumes 100 Gb/s per chip."),
        Field("power", .quantity(.power),
              "Board power / TDP per chip. Leave it out when no source gives it: ranking then puts the chip after chips of known power at the same chip count and effort."),
        Field("form_factor", .string, "OAM, SXM, PCIe card, module…"),
        Field("efficiency", .object(efficiency), "Achievable fractions of peak on this chip (assumptions; shown in every plan)."),
        Field("sources", .list(.string, minItems: 1), required: true, "Datasheets and references for the figures."),
        uncertain, notes,
    ])

    static let efficiency = ObjectSchema("efficiency", [
        Field("compute", .number(min: Limits.smallestFraction, max: 1), "Fraction of peak compute achieved (MFU-like)."),
        Field("memory", .number(min: Limits.smallestFraction, max: 1), "Fraction of peak memory bandwidth achieved."),
        Field("interconnect", .number(min: Limits.smallestFraction, max: 1), "Fraction of link bandwidth achieved by collectives."),
    ])

    // MARK: Stack

    static let component = ObjectSchema("component", [
        Field("action", .oneOf(ComponentAction.allCases.map(\.rawValue)), required: true,
              "`keep`, `upgrade`, `replace`, `rewrite` or `unsupported`."),
        Field("with", .string, "The replacement (required unless `keep` or `unsupported`)."),
        Field("effort", .oneOf(Effort.allCases.map(\.rawValue)), required: true, "`none`, `low`, `medium` or `high`."),
        Field("note", .string, "What to watch for."),
        Field("source", .string, "Where the mapping is documented."),
        Field("assumption", .string, "What was assumed when no source documents the mapping."),
    ])

    static let framework = ObjectSchema("framework", [
        Field("adapter", .string, required: true, "Package that adds the device to the framework, e.g. `torch_npu`."),
        Field("versions", .string, required: true, "Supported framework versions, e.g. `>=2.1 <2.7`."),
        Field("source", .string, "Where the version support is documented."),
    ])

    public static let stack = ObjectSchema("Stack", header + [
        Field("id", .identifier, required: true, "Stack id named by chips."),
        Field("vendor", .string, required: true, "Maker."),
        Field("name", .string, required: true, "Display name."),
        Field("device", .string, required: true, "PyTorch device string, e.g. `npu`."),
        Field("frameworks", .map(.object(framework)), "Framework adapters keyed by framework, e.g. `pytorch`."),
        Field("collectives", .object(ObjectSchema("collectives", [
            Field("library", .string, required: true, "Collective communication library, e.g. `HCCL`."),
            Field("backend", .string, required: true, "`torch.distributed` backend string, e.g. `hccl`."),
        ])), required: true, "Collective communication."),
        Field("precisions", .list(.oneOf(precisionNames), minItems: 1), required: true,
              "Precisions the stack can execute models in."),
        Field("inference_engines", .list(.string), "Serving engines available on the stack."),
        Field("training_frameworks", .list(.string), "Training frameworks available on the stack."),
        Field("attention_kernels", .list(.string), "Fused attention kernels."),
        Field("quantization_formats", .list(.string), "Supported quantization formats, e.g. `W8A8`."),
        Field("migration_tools", .list(.string), "Tools that automate CUDA-to-stack migration."),
        Field("components", .map(.object(component)), required: true,
              "How each CUDA-ecosystem component maps onto this stack, keyed by the names specs use."),
        Field("sources", .list(.string, minItems: 1), required: true, "Documentation the mappings come from."),
        uncertain, notes,
    ])

    // MARK: Certification list

    static let certificationEntry = ObjectSchema("entry", [
        Field("product", .string, "Product name exactly as published."),
        Field("vendor", .string, "Submitting company as published."),
        Field("chip", .identifier, "The chip profile the entry certifies."),
        Field("chips", .list(.identifier, minItems: 1), "Instead of `chip`: the profiles a published product is taken to cover."),
        Field("mapping", .oneOf(["confirmed", "assumed"]),
              "Whether the product→chip mapping is confirmed by the source or assumed (default: `confirmed` with `chip`)."),
        Field("category", .oneOf(CertificationCategory.allCases.map(\.rawValue)), required: true,
              "`ai-training-chip` or `ai-inference-chip`."),
        Field("level", .string, "Assessment level as published, e.g. `I`."),
        Field("valid_from", .date, required: true, "First day the certificate is valid."),
        Field("valid_until", .date, required: true, "Last day the certificate is valid."),
        Field("note", .string, "Why a mapping is assumed, or anything else a reader must know."),
    ])

    public static let certificationList = ObjectSchema("CertificationList", header + [
        Field("id", .identifier, required: true, "List id shown in plans and reports."),
        Field("scheme", .string, required: true, "Assessment scheme, e.g. `secure-and-reliable`."),
        Field("issuers", .list(.string, minItems: 1), required: true, "Issuing bodies."),
        Field("announcement", .string, required: true, "Announcement title as published."),
        Field("published", .date, required: true, "Publication date."),
        Field("provenance", .oneOf(Provenance.allCases.map(\.rawValue)), required: true,
              "`official` (copied from the announcement), `press` (as reported) or `sample` (made up for demos and tests)."),
        Field("source", .string, required: true, "Main source."),
        Field("sources", .list(.string), "Further sources."),
        Field("entries", .list(.object(certificationEntry)), required: true, "Certified products."),
        notes,
    ])

    // MARK: Deployment

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
            Field("components", .list(.string), "Libraries the team depends on, `name[@version]`."),
        ])), "What the team runs today."),
        Field("requirements", .object(ObjectSchema("requirements", [
            Field("certification", .oneOf(CertificationPolicy.allCases.map(\.rawValue)),
                  "`required` (default), `preferred` or `ignore`."),
            Field("max_chips", .integer(min: 1, max: Limits.chips), "Most chips the deployment may use."),
            Field("chips", .list(.identifier, minItems: 1), "Only consider these chips."),
            Field("exclude_vendors", .list(.string), "Never consider chips from these vendors."),
        ])), "Constraints on the answer."),
    ])

    public static func schema(for kind: Kind) -> ObjectSchema {
        switch kind {
        case .deployment: deployment
        case .model: model
        case .chip: chip
        case .stack: stack
        case .certificationList: certificationList
        }
    }
}

/// The file kinds of chipfit/v1.
public enum Kind: String, Sendable, CaseIterable, Hashable {
    case deployment = "Deployment"
    case model = "Model"
    case chip = "Chip"
    case stack = "Stack"
    case certificationList = "CertificationList"
}
