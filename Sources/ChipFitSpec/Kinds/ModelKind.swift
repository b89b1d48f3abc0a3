import ChipFitPlanner
import ChipFitYAML

/// The `Model` file kind (a model preset), and the architecture fields specs share with it:
/// what the format accepts and how a validated file becomes a `ModelPreset`.
extension Schemas {
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
            Field("dropout", .boolean, "Training applies dropout, whose masks are kept for the backward pass (default `true`, as GPT-style models do; Llama, Qwen, DeepSeek and Mixtral train without)."),
            Field("max_context", .integer(min: 1, max: Limits.tokens), "Longest context the model supports, in tokens."),
            Field("experts", .object(experts), "Mixture-of-experts layout; omit for dense models."),
            Field("mla", .object(mla), "Multi-head latent attention (DeepSeek-V2/V3) dimensions."),
            Field("kv_latent_dim", .integer(min: 1, max: Limits.width),
                  "MLA: values cached per token per layer (`kv_lora_rank + qk_rope_head_dim`); replaces `2 · kv_heads · head_dim`."),
            Field("attention", .object(attention),
                  "Per-layer attention kinds, for models that mix them; omit when every layer attends to every earlier position."),
        ]
    }

    static let attention = ObjectSchema("attention", [
        Field("pattern", .list(.oneOf(AttentionKind.allCases.map(\.rawValue)), minItems: 1), required: true,
              "Each layer's attention kind from the first layer on, repeated when shorter than `layers` (Llama 4: `[chunked, chunked, chunked, full]`; MiniMax-M1: seven `linear` then one `full`). `full`: every earlier position; `sliding`: the last `sliding_window`; `chunked`: its own chunk of `chunk_size`; `linear`: a recurrent state, no cache; `sparse`: the `sparse.top_k` positions an indexer picks."),
        Field("sliding_window", .integer(min: 1, max: Limits.tokens), "Positions a `sliding` layer attends (Hugging Face `sliding_window`)."),
        Field("chunk_size", .integer(min: 1, max: Limits.tokens), "Positions in a `chunked` layer's chunk (Llama 4's `attention_chunk_size`)."),
        Field("linear", .object(linearAttention), "Heads of the `linear` layers."),
        Field("sparse", .object(sparseAttention), "The indexer and top-k of the `sparse` layers."),
    ])

    static let linearAttention = ObjectSchema("linear", [
        Field("heads", .integer(min: 1, max: Limits.heads), required: true, "Heads of a `linear` layer."),
        Field("key_dim", .integer(min: 1, max: Limits.width), required: true, "Key width of one head."),
        Field("value_dim", .integer(min: 1, max: Limits.width), required: true, "Value width of one head; each head keeps a key_dim × value_dim state per sequence."),
    ])

    static let sparseAttention = ObjectSchema("sparse", [
        Field("top_k", .integer(min: 1, max: Limits.tokens), required: true, "Positions a `sparse` layer attends (DeepSeek-V3.2's `index_topk`)."),
        Field("indexer_heads", .integer(min: 1, max: Limits.heads), required: true, "Heads of the indexer that scores every earlier position (`index_n_heads`)."),
        Field("indexer_head_dim", .integer(min: 1, max: Limits.width), required: true, "Width of an indexer head, and of the key it caches per position (`index_head_dim`)."),
    ])

    static let experts = ObjectSchema("experts", [
        Field("total", .integer(min: 1, max: Limits.experts), required: true, "Routed experts per MoE layer."),
        Field("active", .integer(min: 1, max: Limits.experts), required: true, "Routed experts each token uses (top-k)."),
        Field("shared", .integer(min: 0, max: Limits.experts), "Always-on shared experts per MoE layer (default 0)."),
        Field("intermediate_size", .integer(min: 1, max: Limits.width), "Width of one expert's MLP; default: the dense `intermediate_size`."),
        Field("dense_layers", .integer(min: 0, max: Limits.layers), "Leading layers that are dense rather than MoE (DeepSeek-V3: 3)."),
        Field("layer_step", .integer(min: 1, max: Limits.layers),
              "MoE on every n-th layer, dense MLPs between: layer i (from 0) has experts when i + 1 is a multiple of n (default 1; Llama 4 Maverick: 2, as `interleave_moe_layer_step`)."),
        Field("dense_layer_list", .list(.integer(min: 0, max: Limits.layers)),
              "Further layers (indices from 0) with a dense MLP instead of experts (Qwen's `mlp_only_layers`)."),
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
}

extension DocumentDecoder {
    func model(_ o: Object, _ sink: inout DiagnosticSink) -> ModelPreset? {
        guard let id = o.string("id"), let source = o.string("source"), let archObject = o.object("architecture"),
              let arch = ArchitectureResolver(layers: [archObject])
                .resolve(origin: archObject.location, originPath: "architecture", &sink)
        else { return nil }
        checkUncertain(o, &sink)
        return ModelPreset(id: id, name: o.string("name"), source: source, architecture: arch, fields: archObject, file: file)
    }
}
