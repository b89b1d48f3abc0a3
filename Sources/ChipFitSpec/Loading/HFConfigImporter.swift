import ChipFitPlanner
import ChipFitYAML
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads a local Hugging Face `config.json` into the same validated `architecture` mapping a
/// preset has, so spec overrides and all consistency checks apply unchanged. Never fetches.
///
/// Field names per family (transformers' configuration_*.py): Llama/Mistral/Mixtral/Qwen2
/// (`num_hidden_layers`, `num_key_value_heads`, `num_local_experts`), DeepSeek-V3
/// (`n_routed_experts`, `first_k_dense_replace`, `kv_lora_rank`…), ChatGLM/GLM-4
/// (`num_layers`, `ffn_hidden_size`, `multi_query_group_num`, `kv_channels`,
/// `padded_vocab_size`, `seq_length`), OPT (`ffn_dim`, ReLU MLP), BERT (encoder).
public enum HFConfigImporter {
    public struct ImportError: Error, Sendable, Hashable {
        public var message: String
        public var suggestion: String?
    }

    /// JSON deeper than this is refused before parsing (configs are 2–3 levels deep).
    static let maxDepth = 32

    /// - Parameters:
    ///   - at: where the spec names the config; imported values are reported there.
    public static func importConfig(_ bytes: [UInt8], at location: SourceLocation, path: String)
        -> Result<Object, ImportError>
    {
        guard jsonDepth(bytes) <= maxDepth else {
            return .failure(ImportError(message: "JSON nesting is deeper than \(maxDepth) levels", suggestion: nil))
        }
        let parsed: JSONValue
        do {
            parsed = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            return .failure(ImportError(message: "not valid JSON",
                                        suggestion: "point `hf_config` at the model's config.json"))
        }
        guard case .object(var json) = parsed else {
            return .failure(ImportError(message: "the top level must be a JSON object", suggestion: nil))
        }
        // Multimodal configs (Llama 4, Qwen-VL, Kimi-VL) nest the language model's fields under
        // `text_config`; they win over the top level's, which keeps what the wrapper states.
        if json["num_hidden_layers"] == nil, case .object(let text)? = json["text_config"] {
            json.merge(text) { _, inner in inner }
        }
        return Mapper(json: json, location: location, path: path).map()
    }

    /// Bracket depth outside strings, so a hostile file cannot drive a recursive parser deep.
    static func jsonDepth(_ bytes: [UInt8]) -> Int {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for b in bytes {
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
                continue
            }
            switch b {
            case 0x22: inString = true
            case 0x5B, 0x7B: depth += 1; deepest = max(deepest, depth)
            case 0x5D, 0x7D: depth -= 1
            default: break
            }
        }
        return deepest
    }

    private struct Mapper {
        let json: [String: JSONValue]
        let location: SourceLocation
        let path: String

        func int(_ keys: String...) -> (key: String, value: Int)? {
            for k in keys {
                if case .number(let d)? = json[k], d == d.rounded(), d >= 1, d < 1e15 { return (k, Int(d)) }
            }
            return nil
        }

        /// A list of whole numbers (layer indices), or nil when the key holds anything else.
        func ints(_ key: String) -> [Int]? {
            guard case .array(let items)? = json[key] else { return nil }
            var out: [Int] = []
            for item in items {
                guard case .number(let d) = item, d == d.rounded(), d >= 0, d < 1e9 else { return nil }
                out.append(Int(d))
            }
            return out
        }

        func bool(_ key: String) -> Bool? {
            if case .bool(let b)? = json[key] { return b }
            return nil
        }

        func string(_ key: String) -> String? {
            if case .string(let s)? = json[key] { return s }
            return nil
        }

        func located(_ value: Value, _ key: String) -> Located {
            Located(value: value, location: location, path: "\(path) (\(key))")
        }

        /// An imported number beyond what the field accepts when written (Schemas.Limits), in words.
        func outOfRange(_ name: String, _ value: Int, _ key: String, in schema: [Field]) -> String? {
            guard case .integer(let least, let most)? = schema.first(where: { $0.name == name })?.type,
                  !(least...most).contains(value) else { return nil }
            return "`\(key)` is \(value); `\(name)` takes an integer from \(least) to \(most)"
        }

        /// Per-layer attention kinds from the config's own words: `layer_types` (transformers'
        /// full/sliding/chunked/linear attention), MiniMax's `attn_type_list` (0 linear, 1 full),
        /// Llama 4's `attention_chunk_size` with NoPE global layers (`no_rope_layers`, 0 = global,
        /// else every `no_rope_layer_interval`-th), DeepSeek-V3.2's indexer (`index_topk`: every
        /// layer sparse), Gemma's `sliding_window_pattern` (one full layer in each pattern), and a
        /// `sliding_window` in use (Mistral's applies to every layer, Qwen's from
        /// `max_window_layers` on). A layer type chipfit does not model is an error, not a guess.
        func attentionLayout(modelType: String, _ errors: inout [String], unsupported: inout String?) -> (object: Object, key: String)? {
            var o = Object(location: location, path: "\(path).attention")
            func put(_ name: String, _ f: (key: String, value: Int), in schema: [Field] = Schemas.attention.fields) {
                if let e = outOfRange(name, f.value, f.key, in: schema) { errors.append(e) }
                o.set(name, at: location, Located(value: .integer(f.value), location: location, path: "\(path) (\(f.key))"))
            }
            func pattern(_ kinds: [String], _ key: String) {
                o.set("pattern", at: location, Located(
                    value: .list(kinds.map { Located(value: .string($0), location: location, path: "\(path) (\(key))") }),
                    location: location, path: "\(path) (\(key))"))
            }
            func object(_ name: String, _ fields: [(String, (key: String, value: Int))], schema: ObjectSchema) {
                var inner = Object(location: location, path: "\(path).attention.\(name)")
                for (field, f) in fields {
                    if let e = outOfRange(field, f.value, f.key, in: schema.fields) { errors.append(e) }
                    inner.set(field, at: location, Located(value: .integer(f.value), location: location, path: "\(path) (\(f.key))"))
                }
                o.set(name, at: location, Located(value: .object(inner), location: location, path: "\(path) (\(fields[0].1.key))"))
            }
            let layerCount = int("num_hidden_layers", "num_layers", "n_layer")?.value ?? 0
            let window = int("sliding_window")
            var key: String
            if case .array(let types)? = json["layer_types"] {
                let names: [String: String] = ["full_attention": "full", "sliding_attention": "sliding",
                                               "chunked_attention": "chunked", "linear_attention": "linear"]
                var kinds: [String] = []
                for t in types {
                    guard case .string(let name) = t, let kind = names[name] else {
                        let shown = if case .string(let name) = t { "`\(name)`" } else { "a value that is not a string" }
                        unsupported = "`layer_types` holds \(shown), a layer chipfit does not model (it models full, sliding, chunked, linear and sparse attention)"
                        return nil
                    }
                    kinds.append(kind)
                }
                guard !kinds.isEmpty else { return nil }
                pattern(kinds, "layer_types")
                key = "layer_types"
            } else if let types = ints("attn_type_list"), !types.isEmpty {
                pattern(types.map { $0 == 0 ? "linear" : "full" }, "attn_type_list")
                key = "attn_type_list"
            } else if int("attention_chunk_size") != nil, modelType.hasPrefix("llama4") {
                let interval = int("no_rope_layer_interval")?.value ?? 4
                let rope = ints("no_rope_layers").flatMap { $0.isEmpty ? nil : $0 }
                    ?? (0..<layerCount).map { ($0 + 1) % interval == 0 ? 0 : 1 }
                pattern(rope.map { $0 == 0 ? "full" : "chunked" }, "no_rope_layers")
                key = "attention_chunk_size"
            } else if let topK = int("index_topk"), let heads = int("index_n_heads"), let width = int("index_head_dim") {
                pattern(["sparse"], "index_topk")
                object("sparse", [("top_k", topK), ("indexer_heads", heads), ("indexer_head_dim", width)], schema: Schemas.sparseAttention)
                key = "index_topk"
            } else if window != nil, let every = int("sliding_window_pattern") {
                pattern(Array(repeating: "sliding", count: every.value - 1) + ["full"], "sliding_window_pattern")
                key = "sliding_window_pattern"
            } else if window != nil, bool("use_sliding_window") ?? (modelType == "mistral") {
                let fullLayers = int("max_window_layers").map { min($0.value, layerCount) } ?? 0
                guard fullLayers < layerCount else { return nil } // no layer slides
                pattern(Array(repeating: "full", count: fullLayers) + Array(repeating: "sliding", count: layerCount - fullLayers),
                        fullLayers > 0 ? "max_window_layers" : "sliding_window")
                key = "sliding_window"
            } else {
                return nil
            }
            if let window { put("sliding_window", window) }
            if let chunk = int("attention_chunk_size") { put("chunk_size", chunk) }
            if (o.list("pattern") ?? []).contains(where: { $0.string == "linear" }) {
                // Gated delta networks (Qwen3-Next) state their linear heads; MiniMax's lightning
                // attention gives every query head its own key and value of head_dim.
                let dims = int("linear_num_value_heads").flatMap { heads in
                    int("linear_key_head_dim").flatMap { k in int("linear_value_head_dim").map { (heads, k, $0) } }
                } ?? int("num_attention_heads").flatMap { heads in
                    (int("head_dim") ?? int("hidden_size").map { ($0.key, $0.value / heads.value) }).map { (heads, $0, $0) }
                }
                if let (heads, k, v) = dims {
                    object("linear", [("heads", heads), ("key_dim", k), ("value_dim", v)], schema: Schemas.linearAttention)
                }
            }
            return (o, key)
        }

        func map() -> Result<Object, ImportError> {
            let modelType = (string("model_type") ?? "").lowercased()
            var o = Object(location: location, path: path)
            // Imported numbers meet the ranges written ones do (Schemas.Limits): a config is
            // input like any other.
            var outOfRange: [String] = []
            func check(_ name: String, _ value: Int, _ key: String, in schema: [Field]) {
                if let e = self.outOfRange(name, value, key, in: schema) { outOfRange.append(e) }
            }
            func set(_ name: String, _ value: Value, from key: String) {
                if case .integer(let i) = value { check(name, i, key, in: Schemas.architectureFields(coreRequired: false)) }
                o.set(name, at: location, located(value, key))
            }
            // Llama 4 names its dense MLP `intermediate_size_mlp`; its `intermediate_size` is an expert's.
            let required: [(String, [String])] = [
                ("layers", ["num_hidden_layers", "num_layers", "n_layer"]),
                ("hidden_size", ["hidden_size", "d_model", "n_embd"]),
                ("attention_heads", ["num_attention_heads", "n_head"]),
                ("vocab_size", ["padded_vocab_size", "vocab_size"]),
                ("intermediate_size", ["intermediate_size_mlp", "intermediate_size", "ffn_hidden_size", "ffn_dim", "n_inner"]),
            ]
            var missing: [String] = []
            for (name, keys) in required {
                // ChatGLM keeps `num_layers`; prefer the family's own name when both exist.
                let ordered = modelType == "chatglm" && name == "layers" ? ["num_layers"] + keys : keys
                var found: (key: String, value: Int)?
                for k in ordered { if let f = int(k) { found = f; break } }
                if let f = found { set(name, .integer(f.value), from: f.key) } else { missing.append(keys.joined(separator: "` or `")) }
            }
            if !missing.isEmpty {
                return .failure(ImportError(
                    message: "config.json has no " + missing.map { "`\($0)`" }.joined(separator: ", "),
                    suggestion: "add the field to the config, or give it under `model.architecture`"))
            }
            if modelType == "chatglm" {
                if bool("multi_query_attention") == true, let g = int("multi_query_group_num") {
                    set("kv_heads", .integer(g.value), from: g.key)
                }
            } else if let kv = int("num_key_value_heads") {
                set("kv_heads", .integer(kv.value), from: kv.key)
            }
            if let d = int("head_dim", "kv_channels") { set("head_dim", .integer(d.value), from: d.key) }
            if let c = int("max_position_embeddings", "seq_length", "n_positions") {
                set("max_context", .integer(c.value), from: c.key)
            }

            let encoder = ["bert", "roberta", "xlm-roberta", "deberta", "deberta-v2", "electra"].contains(modelType)
            set("architecture_type", .string(encoder ? "encoder" : "decoder"), from: "model_type")
            let act = (string("hidden_act") ?? string("activation_function") ?? "").lowercased()
            let plainFamilies = ["opt", "bert", "roberta", "gpt2", "gpt_neox", "bloom", "falcon", "electra"]
            let plain = plainFamilies.contains(modelType) || ["relu", "gelu_new", "gelu"].contains(act) && modelType != "gemma"
            set("mlp", .string(plain ? "plain" : "gated"), from: "hidden_act")

            // Defaults follow transformers: OPT and BERT tie by default, others say so explicitly.
            let tiedDefault = ["opt", "bert", "gpt2", "roberta"].contains(modelType)
            set("tied_embeddings", .boolean(bool("tie_word_embeddings") ?? tiedDefault), from: "tie_word_embeddings")
            let bias = bool("attention_bias") ?? bool("add_qkv_bias") ?? bool("qkv_bias")
                ?? ["qwen2", "qwen2_moe", "opt", "bert", "roberta", "gpt2"].contains(modelType)
            set("attention_bias", .boolean(bias), from: "attention_bias")
            // Dropout: any rate above zero keeps masks; rates all zero keep none; no rate at
            // all leaves chipfit's default.
            let dropoutKeys = ["attention_dropout", "hidden_dropout", "dropout", "resid_pdrop", "attn_pdrop",
                               "hidden_dropout_prob", "attention_probs_dropout_prob"]
            let rates = dropoutKeys.compactMap { key -> (String, Double)? in
                if case .number(let d)? = json[key] { return (key, d) }
                return nil
            }
            if let first = rates.first {
                let positive = rates.first { $0.1 > 0 }
                set("dropout", .boolean(positive != nil), from: (positive ?? first).0)
            }

            var experts = Object(location: location, path: "\(path).experts")
            func setExpert(_ name: String, _ v: Int, _ key: String) {
                check(name, v, key, in: Schemas.experts.fields)
                experts.set(name, at: location, Located(value: .integer(v), location: location, path: "\(path) (\(key))"))
            }
            if let total = int("num_local_experts", "n_routed_experts", "num_experts"),
               let active = int("num_experts_per_tok", "num_experts_per_token") {
                setExpert("total", total.value, total.key)
                setExpert("active", active.value, active.key)
                if let shared = int("n_shared_experts") { setExpert("shared", shared.value, shared.key) }
                let llama4 = modelType.hasPrefix("llama4")
                // Llama 4: every MoE layer has one shared expert, the width of a routed one.
                if llama4 { setExpert("shared", 1, "model_type") }
                if let width = int("moe_intermediate_size") ?? (llama4 ? int("intermediate_size") : nil) {
                    setExpert("intermediate_size", width.value, width.key)
                }
                if let dense = int("first_k_dense_replace") { setExpert("dense_layers", dense.value, dense.key) }
                func denseList(_ layers: [Int], _ key: String) {
                    experts.set("dense_layer_list", at: location, Located(
                        value: .list(layers.map { Located(value: .integer($0), location: location, path: "\(path) (\(key))") }),
                        location: location, path: "\(path) (\(key))"))
                }
                // An explicit list of MoE layers (Llama 4 configs as transformers saves them)
                // says it all; else a step and a list of dense layers (Llama 4, Qwen). DeepSeek's
                // `moe_layer_freq` (i % freq == 0) is a different rule; released models set it to 1.
                if let moe = ints("moe_layers"), let layers = int("num_hidden_layers", "num_layers", "n_layer") {
                    let isMoE = Set(moe)
                    denseList((0..<layers.value).filter { !isMoE.contains($0) }, "moe_layers")
                } else {
                    if let step = int("interleave_moe_layer_step", "decoder_sparse_step") { setExpert("layer_step", step.value, step.key) }
                    if let dense = ints("mlp_only_layers"), !dense.isEmpty { denseList(dense, "mlp_only_layers") }
                }
                set("experts", .object(experts), from: total.key)
            }
            var unsupported: String?
            if let attention = attentionLayout(modelType: modelType, &outOfRange, unsupported: &unsupported) {
                set("attention", .object(attention.object), from: attention.key)
            }
            if let unsupported {
                return .failure(ImportError(message: unsupported,
                                            suggestion: "describe the model under `model.architecture` (its `attention.pattern` included) instead of importing it"))
            }

            if let kvr = int("kv_lora_rank"), let nope = int("qk_nope_head_dim"), let rope = int("qk_rope_head_dim"),
               let v = int("v_head_dim") {
                var mla = Object(location: location, path: "\(path).mla")
                for (name, f) in [("kv_lora_rank", kvr), ("qk_nope_head_dim", nope), ("qk_rope_head_dim", rope), ("v_head_dim", v)] {
                    check(name, f.value, f.key, in: Schemas.mla.fields)
                    mla.set(name, at: location, Located(value: .integer(f.value), location: location, path: "\(path) (\(f.key))"))
                }
                if let q = int("q_lora_rank") {
                    check("q_lora_rank", q.value, "q_lora_rank", in: Schemas.mla.fields)
                    mla.set("q_lora_rank", at: location, Located(value: .integer(q.value), location: location, path: "\(path) (q_lora_rank)"))
                }
                set("mla", .object(mla), from: "kv_lora_rank")
                // The MLA head width that attention FLOPs use is nope + rope.
                set("head_dim", .integer(nope.value + rope.value), from: "qk_nope_head_dim")
            }
            if !outOfRange.isEmpty {
                return .failure(ImportError(message: "config.json holds values beyond what chipfit accepts: " + outOfRange.joined(separator: "; "),
                                            suggestion: "check the config; the accepted ranges are in docs/reference.md"))
            }
            return .success(o)
        }
    }
}

/// Just enough JSON to read configs: booleans stay distinct from numbers.
enum JSONValue: Decodable, Sendable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }
}
