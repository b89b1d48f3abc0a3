@testable import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML
import Testing

/// Per-layer attention kinds (docs/model.md, "Attention kinds"): caches, FLOPs and reads worked
/// out by hand from what each kind attends.
@Suite struct AttentionKinds {
    /// A small decoder: 8 layers of 4 query and 2 KV heads of 16 (64 values cached per token
    /// per layer), with the attention layout given.
    static func shape(_ layout: AttentionLayout?, mla: Bool = false) -> ModelShape {
        var a = Architecture(layers: 8, hiddenSize: 64, intermediateSize: 128, attentionHeads: 4, kvHeads: 2,
                             headDim: 16, vocabSize: 100)
        a.attention = layout
        return ModelShape(a)
    }

    @Test func fullAttentionKeepsEveryPosition() {
        let s = Self.shape(nil)
        #expect(s.attention.isAllFull)
        #expect(s.kvCache.valuesPerSequencePerLayer(tokens: 1000, tensorParallel: 1) == 64 * 1000)
        // Decoding from 100 to 300 reads the mean context, 200.
        #expect(s.kvCache.valuesReadPerStepPerLayer(from: 100, to: 300, tensorParallel: 1) == 64 * 200)
        #expect(s.attention.flopPositions(from: 100, to: 300, .decode) == 200)
    }

    /// A window of 4 over tokens 0…8: ∫ min(t, 4) = 4²/2 + 4·4 = 24, a mean of 3; the cache
    /// holds 4 positions however long the sequence.
    @Test func slidingWindowAttendsAtMostItsWidth() {
        let s = Self.shape(AttentionLayout(pattern: [.sliding], slidingWindow: 4))
        #expect(s.attention.flopPositions(from: 0, to: 8, .prefill) == 3)
        #expect(s.attention.flopPositions(from: 50, to: 50, .decode) == 4)
        #expect(s.kvCache.valuesPerSequencePerLayer(tokens: 1000, tensorParallel: 1) == 64 * 4)
        #expect(s.kvCache.valuesPerSequencePerLayer(tokens: 3, tensorParallel: 1) == 64 * 3)
    }

    /// Chunks of 4 over tokens 0…8: two sawteeth of ∫₀⁴ t = 8 each, a mean of 2; at position
    /// 10 a token is 2 into its chunk.
    @Test func chunkedAttentionStaysInItsChunk() {
        let s = Self.shape(AttentionLayout(pattern: [.chunked], chunkSize: 4))
        #expect(s.attention.flopPositions(from: 0, to: 8, .prefill) == 2)
        #expect(s.attention.flopPositions(from: 10, to: 10, .decode) == 2)
        #expect(s.kvCache.valuesPerSequencePerLayer(tokens: 1000, tensorParallel: 1) == 64 * 4)
    }

    /// Llama 4's mix: one layer in four full, three chunked. At 100,000 tokens with chunks of
    /// 8,192 the cache per layer averages (100,000 + 3 · 8,192) / 4 positions.
    @Test func mixedLayersAverageTheirCaches() {
        let s = Self.shape(AttentionLayout(pattern: [.chunked, .chunked, .chunked, .full], chunkSize: 8192))
        let positions: Double = (100_000 + 3 * 8192) / 4
        #expect(s.kvCache.valuesPerSequencePerLayer(tokens: 100_000, tensorParallel: 1) == 64 * positions)
    }

    /// A linear layer keeps heads · d_k · d_v values per sequence whatever its length, split by
    /// heads over TP ranks; a decode step reads and writes it back.
    @Test func linearAttentionKeepsAConstantState() {
        let layout = AttentionLayout(pattern: [.linear, .full], linear: LinearAttention(heads: 4, keyDim: 16, valueDim: 16))
        let s = Self.shape(layout)
        let state: Double = 4 * 16 * 16
        // Half the layers full (1,000 positions of 64), half a state of 1,024 values.
        #expect(s.kvCache.valuesPerSequencePerLayer(tokens: 1000, tensorParallel: 1) == (64 * 1000 + state) / 2)
        #expect(s.kvCache.valuesPerSequencePerLayer(tokens: 5000, tensorParallel: 1) == (64 * 5000 + state) / 2)
        // TP 2 halves the state's heads and the full layer's KV heads.
        #expect(s.kvCache.valuesPerSequencePerLayer(tokens: 1000, tensorParallel: 2) == (32 * 1000 + state / 2) / 2)
        #expect(s.kvCache.valuesReadPerStepPerLayer(from: 1000, to: 1000, tensorParallel: 1) == (64 * 1000 + 2 * state) / 2)
        // Linear attention's FLOPs per token, 4 · heads · d_k · d_v, in positions of full attention
        // (4 · d_attn = 4 · 64 per position in prefill): 4,096 / 256 = 16 positions.
        #expect(s.attention.flopPositions(from: 0, to: 1000, .prefill) == (500 + 16) / 2)
    }

    /// A sparse layer attends its top k and scores every position with the indexer, whose
    /// keys it caches beside the entries.
    @Test func sparseAttentionAttendsTopKAndIndexesEverything() {
        let layout = AttentionLayout(pattern: [.sparse], sparse: SparseAttention(topK: 100, indexerHeads: 2, indexerHeadDim: 8))
        let s = Self.shape(layout)
        // Indexer: 2 · 2 heads · 8 = 32 FLOPs per position against 4 · 64 = 256: a ratio of 1/8.
        // At position 1,000: 100 attended + 1,000 / 8 scored.
        #expect(s.attention.flopPositions(from: 1000, to: 1000, .prefill) == 100 + 125)
        // The two parts, as serving costs them apart.
        #expect(s.attention.pickedPositions(from: 1000, to: 1000, .prefill) == 100)
        #expect(s.attention.indexerPositions(from: 1000, to: 1000, .prefill) == 125)
        // Cache: 64 values and 8 indexer key values per position.
        #expect(s.kvCache.valuesPerSequencePerLayer(tokens: 1000, tensorParallel: 1) == (64 + 8) * 1000)
        // A decode step reads 100 entries and every indexer key.
        #expect(s.kvCache.valuesReadPerStepPerLayer(from: 1000, to: 1000, tensorParallel: 1) == 64 * 100 + 8 * 1000)
    }

    /// Training counts full attention at s positions a token (not halved for causality), so a
    /// model whose every layer is full has the same attention FLOPs with or without a layout.
    @Test func trainingFLOPsOfFullLayersAreUnchanged() {
        let plain = Self.shape(nil), stated = Self.shape(AttentionLayout(pattern: [.full]))
        let f = { (s: ModelShape) in PerformanceModel.trainingFLOPs(s, sequence: 4096, recompute: .none, method: .full, adapterParameters: 0).attention }
        #expect(f(plain) == f(stated))
        // Sliding windows of 1,024 over 4,096: 2 · (1,024²/2 + 1,024 · 3,072) / 4,096 = 1,792 positions, not 4,096.
        let windowed = Self.shape(AttentionLayout(pattern: [.sliding], slidingWindow: 1024))
        #expect(abs(f(windowed) / f(plain) - 1792.0 / 4096) < 1e-12)
    }
}

/// Inputs the review found could trap, hang or import a wrong shape.
@Suite struct AttentionKindsEdges {
    /// The largest widths the format accepts multiply past Int: the figures are huge, not a trap.
    @Test func theLargestAcceptedWidthsDoNotOverflow() throws {
        let arch = "layers: 2, hidden_size: 64, intermediate_size: 128, attention_heads: 4, vocab_size: 100, attention: {pattern: [linear, full], linear: {heads: 1048576, key_dim: 16777216, value_dim: 16777216}}"
        let p = try plan([chipYAML(), specYAML(model: "architecture: {\(arch)}", workload: "phase: inference, precision: bf16, input_tokens: 16, output_tokens: 16, concurrency: 1",
                                              requirements: "certification: ignore")])
        #expect(p.deployments.first?.candidates.first?.fits == false)
    }

    /// The closed form of the MoE layer count agrees with counting layer by layer.
    @Test func moeLayerCountMatchesCountingEachLayer() {
        for layers in [1, 7, 48, 61] {
            for dense in [0, 1, 3, 60] where dense < layers {
                for step in [1, 2, 3, 5] {
                    for list in [[Int](), [0, 1, 1, 9, 47], [59, 60, 100]] {
                        let e = Architecture.Experts(total: 8, active: 2, shared: 0, intermediateSize: 16, denseLayers: dense,
                                                     layerStep: step, denseLayerList: list)
                        #expect(e.moeLayers(of: layers) == (0..<layers).count(where: e.isMoE(layer:)), "\(layers) \(dense) \(step) \(list)")
                    }
                }
            }
        }
    }

    /// A pattern's per-kind counts in closed form agree with kind(ofLayer:) layer by layer.
    @Test func patternCountsMatchEachLayersKind() {
        let layout = AttentionLayout(pattern: [.sliding, .full, .sliding, .chunked, .linear])
        for layers in [1, 4, 5, 13, 80] {
            var byLayer: [AttentionKind: Int] = [:]
            for i in 0..<layers { byLayer[layout.kind(ofLayer: i), default: 0] += 1 }
            #expect(layout.counts(layers: layers) == byLayer)
        }
    }

    /// Training counts an attending layer's positions twice the causal mean (the convention);
    /// a linear layer's state costs the same at every position and counts once.
    @Test func trainingCountsALinearLayerOnce() {
        let layout = AttentionLayout(pattern: [.linear], linear: LinearAttention(heads: 4, keyDim: 16, valueDim: 16))
        let s = AttentionKinds.shape(layout)
        // 4 · 4 · 16 · 16 = 4,096 FLOPs a token over 4 · 64 a full position: 16 positions.
        #expect(s.attention.trainingPositions(sequence: 4096) == 16)
    }

    struct ImportFailure: Error { let message: String }

    private func imported(_ json: String) -> Result<Architecture, ImportFailure> {
        let at = SourceLocation(file: "spec.yaml", line: 1, column: 1)
        switch HFConfigImporter.importConfig(Array(json.utf8), at: at, path: "model.hf_config") {
        case .failure(let e): return .failure(ImportFailure(message: e.message))
        case .success(let object):
            var sink = DiagnosticSink()
            guard let a = ArchitectureResolver(layers: [object]).resolve(origin: at, originPath: "model", &sink) else {
                return .failure(ImportFailure(message: sink.diagnostics.map(\.message).joined(separator: "; ")))
            }
            return .success(a)
        }
    }
    private let shape = "\"num_hidden_layers\": 8, \"hidden_size\": 64, \"num_attention_heads\": 4, \"vocab_size\": 100, \"intermediate_size\": 128"

    /// Qwen slides only the layers from `max_window_layers` on, as transformers does.
    @Test func qwensWindowStartsAtMaxWindowLayers() throws {
        let a = try imported("{\"model_type\": \"qwen2\", \(shape), \"sliding_window\": 4096, \"use_sliding_window\": true, \"max_window_layers\": 6}").get()
        #expect(a.attention?.counts(layers: 8) == [.full: 6, .sliding: 2])
        #expect(a.attention?.slidingWindow == 4096)
    }

    /// Llama 4 as transformers saves it now: `layer_types` and `moe_layers` spelled out.
    @Test func llama4SavedWithLayerTypesKeepsItsChunks() throws {
        let json = "{\"model_type\": \"llama4_text\", \(shape), \"attention_chunk_size\": 8192, \"num_local_experts\": 16, \"num_experts_per_tok\": 1, \"layer_types\": [\"chunked_attention\", \"chunked_attention\", \"chunked_attention\", \"full_attention\", \"chunked_attention\", \"chunked_attention\", \"chunked_attention\", \"full_attention\"], \"moe_layers\": [1, 3, 5, 7]}"
        let a = try imported(json).get()
        #expect(a.attention?.chunkSize == 8192 && a.attention?.counts(layers: 8) == [.chunked: 6, .full: 2])
        #expect(a.moeLayerCount == 4 && a.experts?.isMoE(layer: 1) == true && a.experts?.isMoE(layer: 2) == false)
    }

    /// A layer type chipfit does not model is refused, not planned as full attention.
    @Test func unknownLayerTypesAreRefused() {
        let json = "{\"model_type\": \"lfm2\", \(shape), \"layer_types\": [\"conv\", \"full_attention\"]}"
        guard case .failure(let f) = imported(json) else { Issue.record("imported"); return }
        #expect(f.message.contains("`conv`, a layer chipfit does not model"))
    }

    /// Imported attention widths meet the ranges written ones do.
    @Test func importedAttentionWidthsAreRangeChecked() {
        let json = "{\"model_type\": \"deepseek_v32\", \(shape), \"index_topk\": 2048, \"index_n_heads\": 100000000000, \"index_head_dim\": 128}"
        guard case .failure(let f) = imported(json) else { Issue.record("imported"); return }
        #expect(f.message.contains("`index_n_heads` is 100000000000"))
    }
}

/// What the format refuses in `attention` and the experts' placement.
@Suite struct AttentionKindsValidation {
    private func errors(_ architecture: String) -> [String] {
        let yaml = """
            apiVersion: chipfit/v1
            kind: Deployment
            name: chat
            model:
              architecture: {layers: 4, hidden_size: 64, intermediate_size: 128, attention_heads: 4, vocab_size: 100, \(architecture)}
            workload: {phase: inference, precision: bf16, input_tokens: 1, output_tokens: 1}
            """
        return DocumentLoader.load(Array(yaml.utf8), file: "t.yaml").diagnostics.filter { $0.severity == .error }.map(\.message)
    }

    @Test func aKindNeedsItsParameters() {
        #expect(errors("attention: {pattern: [sliding, full]}")
                == ["`attention.pattern` has `sliding` layers but `attention.sliding_window` is missing"])
        #expect(errors("attention: {pattern: [sparse]}") == ["`attention.pattern` has `sparse` layers but `attention.sparse` is missing"])
        #expect(errors("attention: {pattern: [sliding], sliding_window: 128}").isEmpty)
    }

    @Test func aPatternIsNoLongerThanTheLayers() {
        #expect(errors("attention: {pattern: [full, full, full, full, full]}") == ["`attention.pattern` has 5 entries for 4 layers"])
    }

    @Test func expertsNeedAnMoELayer() {
        #expect(errors("experts: {total: 8, active: 2, layer_step: 5}")
                == ["no layer of the 4 has experts with `dense_layers` 0, `layer_step` 5"])
        #expect(errors("experts: {total: 8, active: 2, dense_layer_list: [7]}")
                == ["`experts.dense_layer_list` names layer 7; the model's layers are 0 to 3"])
        #expect(errors("experts: {total: 8, active: 2, layer_step: 2, dense_layer_list: [1]}").count == 0)
    }
}
