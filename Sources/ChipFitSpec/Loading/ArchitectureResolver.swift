import ChipFitPlanner
import ChipFitYAML

/// Builds an `Architecture` from one or more validated `architecture` mappings, the first
/// that sets a field winning (a spec's overrides, then its preset), and checks that the
/// fields agree with each other. Findings point at the mapping that set the field.
struct ArchitectureResolver {
    let layers: [Object]

    // Layers are read by index: iterating or a lazy chain copied each layer's mapping.
    /// The first layer's readable value (read in place).
    private func first<T>(_ read: (borrowing Object) -> T?) -> T? {
        for i in layers.indices { if let v = read(layers[i]) { return v } }
        return nil
    }
    private func located(_ name: String) -> Located? { first { $0[name] } }
    private func int(_ name: String) -> Int? { first { $0.int(name) } }
    private func bool(_ name: String) -> Bool? { first { $0.bool(name) } }
    private func string(_ name: String) -> String? { first { $0.string(name) } }
    private func quantity(_ name: String) -> Quantity? { first { $0.quantity(name) } }
    private func object(_ name: String) -> Object? { first { $0.object(name) } }
    private func where_(_ name: String) -> (SourceLocation, String) {
        if let v = located(name) { return (v.location, v.path) }
        let o = layers[0]
        return (o.location, o.path(of: name))
    }

    /// - Parameter origin: where to report fields missing from every layer.
    func resolve(origin: SourceLocation, originPath: String, _ sink: inout DiagnosticSink) -> Architecture? {
        var missing = false
        for name in ["layers", "hidden_size", "intermediate_size", "attention_heads", "vocab_size"] where int(name) == nil {
            // Present but invalid has been reported already; only absence is new.
            if layers.indices.contains(where: { layers[$0].has(name) }) { missing = true; continue }
            sink.error(.missingField, "missing required field `\(name)` in the model architecture", at: origin,
                       path: "\(originPath).\(name)",
                       suggestion: "give `model.preset`, `model.hf_config`, or the field under `model.architecture`")
            missing = true
        }
        // Checks between fields run on whatever is readable, so one bad field does not hide another.
        var ok = !missing
        let heads = int("attention_heads"), hidden = int("hidden_size")
        let kv = int("kv_heads") ?? heads
        if let heads, let kv, kv > heads || heads % kv != 0 {
            let (at, path) = where_("kv_heads")
            sink.error(.inconsistentValues,
                       "`kv_heads` (\(kv)) must divide `attention_heads` (\(heads)) evenly",
                       at: at, path: path,
                       suggestion: "grouped-query attention shares each KV head among attention_heads / kv_heads query heads")
            ok = false
        }
        if int("head_dim") == nil, let heads, let hidden, hidden % heads != 0 {
            let (at, path) = where_("attention_heads")
            sink.error(.inconsistentValues,
                       "`hidden_size` (\(hidden)) is not a multiple of `attention_heads` (\(heads)), so `head_dim` cannot be derived",
                       at: at, path: path, suggestion: "set `head_dim` explicitly")
            ok = false
        }
        guard let layerCount = int("layers"), let hidden, let inter = int("intermediate_size"), let heads, let kv,
              let vocab = int("vocab_size") else { return nil }
        let headDim = int("head_dim") ?? hidden / heads

        var experts: Architecture.Experts?
        if let e = object("experts"), let total = e.int("total"), let active = e.int("active") {
            let dense = e.int("dense_layers") ?? 0
            if active > total {
                sink.error(.inconsistentValues, "`experts.active` (\(active)) exceeds `experts.total` (\(total))",
                           at: e.location(of: "active"), path: e.path(of: "active"))
                ok = false
            }
            let listed = e.list("dense_layer_list") ?? []
            for entry in listed {
                if case .integer(let i) = entry.value, i >= layerCount {
                    sink.error(.inconsistentValues, "`experts.dense_layer_list` names layer \(i); the model's layers are 0 to \(layerCount - 1)",
                               at: entry.location, path: entry.path)
                    ok = false
                }
            }
            let parsed = Architecture.Experts(
                total: total, active: active, shared: e.int("shared") ?? 0, intermediateSize: e.int("intermediate_size") ?? inter,
                denseLayers: dense, layerStep: e.int("layer_step") ?? 1,
                denseLayerList: listed.compactMap { if case .integer(let i) = $0.value { i } else { nil } })
            if parsed.moeLayers(of: layerCount) == 0 {
                // Point at the field that leaves no MoE layer: the step, the list, or the leading dense layers.
                let cause = parsed.layerStep > layerCount ? "layer_step" : !listed.isEmpty && e.has("dense_layer_list") ? "dense_layer_list" : "dense_layers"
                sink.error(.inconsistentValues,
                           "no layer of the \(layerCount) has experts with `dense_layers` \(dense)"
                           + (parsed.layerStep > 1 ? ", `layer_step` \(parsed.layerStep)" : "")
                           + (listed.isEmpty ? "" : " and `dense_layer_list`"),
                           at: e.location(of: cause), path: e.path(of: cause),
                           suggestion: "an MoE model needs at least one MoE layer; drop `experts` for a dense model")
                ok = false
            }
            experts = parsed
        }
        let published = quantity("parameters")?.value
        let publishedActive = quantity("active_parameters")?.value
        if let v = located("active_parameters"), let active = publishedActive {
            if experts == nil {
                sink.error(.inconsistentValues, "`active_parameters` only applies to mixture-of-experts models; add `experts`",
                           at: v.location, path: v.path)
                ok = false
            } else if let total = published, active > total {
                sink.error(.inconsistentValues,
                           "`active_parameters` (\(v.value.text)) exceeds `parameters`", at: v.location, path: v.path)
                ok = false
            }
        }

        var mla: Architecture.MLA?
        if let m = object("mla"), let kvr = m.int("kv_lora_rank"), let nope = m.int("qk_nope_head_dim"),
           let rope = m.int("qk_rope_head_dim"), let vdim = m.int("v_head_dim") {
            mla = .init(qLoraRank: m.int("q_lora_rank"), kvLoraRank: kvr, qkNopeHeadDim: nope, qkRopeHeadDim: rope, vHeadDim: vdim)
        }
        var latent = int("kv_latent_dim")
        if let m = mla {
            if let l = latent, l != m.kvLoraRank + m.qkRopeHeadDim {
                let (at, path) = where_("kv_latent_dim")
                sink.error(.inconsistentValues,
                           "`kv_latent_dim` (\(l)) must equal `mla.kv_lora_rank + mla.qk_rope_head_dim` (\(m.kvLoraRank + m.qkRopeHeadDim))",
                           at: at, path: path)
                ok = false
            }
            latent = latent ?? (m.kvLoraRank + m.qkRopeHeadDim)
        }
        let attention = attentionLayout(layers: layerCount, &sink)
        if attention == .invalid { ok = false }
        guard ok else { return nil }

        var a = Architecture(layers: layerCount, hiddenSize: hidden, intermediateSize: inter,
                             attentionHeads: heads, kvHeads: kv, headDim: headDim, vocabSize: vocab)
        a.kind = string("architecture_type") == "encoder" ? .encoder : .decoder
        a.mlp = string("mlp") == "plain" ? .plain : .gated
        a.tiedEmbeddings = bool("tied_embeddings") ?? false
        a.attentionBias = bool("attention_bias") ?? false
        a.dropout = bool("dropout") ?? true
        a.maxContext = int("max_context")
        a.experts = experts
        a.mla = mla
        a.kvLatentDim = latent
        if case .layout(let layout) = attention { a.attention = layout }
        a.publishedParameters = published
        a.publishedActiveParameters = publishedActive
        return a
    }
}

extension ArchitectureResolver {
    enum ResolvedAttention: Equatable { case allFull, layout(AttentionLayout), invalid }

    /// The `attention` mapping, with every kind its pattern names given its parameters.
    func attentionLayout(layers: Int, _ sink: inout DiagnosticSink) -> ResolvedAttention {
        guard let o = object("attention"), let entries = o.list("pattern") else { return .allFull }
        let pattern = entries.compactMap { $0.string.flatMap(AttentionKind.init(rawValue:)) }
        guard pattern.count == entries.count else { return .invalid } // reported by the schema
        var ok = true
        if pattern.count > layers {
            sink.error(.inconsistentValues, "`attention.pattern` has \(pattern.count) entries for \(layers) layers",
                       at: o.location(of: "pattern"), path: o.path(of: "pattern"),
                       suggestion: "give one entry per layer, or a shorter pattern that repeats")
            ok = false
        }
        let needs: [(AttentionKind, String)] = [(.sliding, "sliding_window"), (.chunked, "chunk_size"), (.linear, "linear"), (.sparse, "sparse")]
        for (kind, field) in needs where pattern.contains(kind) && !o.has(field) {
            sink.error(.missingField, "`attention.pattern` has `\(kind.rawValue)` layers but `attention.\(field)` is missing",
                       at: o.location, path: o.path(of: field),
                       suggestion: "give `\(field)` (its Hugging Face field is in docs/reference.md)")
            ok = false
        }
        guard ok else { return .invalid }
        let linear = o.object("linear").flatMap { l -> LinearAttention? in
            guard let heads = l.int("heads"), let k = l.int("key_dim"), let v = l.int("value_dim") else { return nil }
            return LinearAttention(heads: heads, keyDim: k, valueDim: v)
        }
        let sparse = o.object("sparse").flatMap { s -> SparseAttention? in
            guard let k = s.int("top_k"), let heads = s.int("indexer_heads"), let width = s.int("indexer_head_dim") else { return nil }
            return SparseAttention(topK: k, indexerHeads: heads, indexerHeadDim: width)
        }
        if pattern.allSatisfy({ $0 == .full }) { return .allFull }
        return .layout(AttentionLayout(pattern: pattern, slidingWindow: o.int("sliding_window"), chunkSize: o.int("chunk_size"),
                                       linear: linear, sparse: sparse))
    }
}

extension Value {
    /// The value as it was written, for messages.
    var text: String {
        switch self {
        case .string(let s): s
        case .integer(let i): String(i)
        case .number(let d): String(d)
        case .boolean(let b): String(b)
        case .date(let d): d.description
        case .quantity(let q): q.text
        case .list: "[…]"
        case .object: "{…}"
        }
    }
}
