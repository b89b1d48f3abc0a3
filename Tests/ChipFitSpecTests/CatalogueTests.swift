@testable import ChipFitSpec
@testable import ChipFitPlanner
import ChipFitYAML
import Foundation
import Testing
import TestSupport

@Suite struct ShippedCatalogueContents {
    @Test func everyProfileAndExampleValidatesClean() {
        let examples = Repo.yamlFiles("examples").map { DocumentLoader.load(Repo.read($0), file: $0) }
        var references: Linker.References = [:]
        for f in examples {
            if case .deployment(let d)? = f.document, case .hfConfig(let path, _) = d.model {
                references[Linker.referenceKey(spec: d.file, reference: path)] = .success(Repo.read("examples/" + path))
            }
        }
        let ws = Linker.link(shippedProfiles + examples, references: references)
        #expect(ws.diagnostics.map { "\($0.file):\($0.location?.line ?? 0): \($0.message)" } == [])
        #expect(ws.deployments.count == examples.filter { $0.kind == .deployment }.count)
        // The measurements resolve too, each with its model.
        #expect(ws.catalogue.measurements.count == examples.filter { $0.kind == .measurement }.count)
        #expect(ws.catalogue.measurements.count == 15) // MindSpeed on the 910B, SGLang on the Atlas 800I A3
    }

    @Test func catalogueIsBroadEnough() {
        let ws = Linker.link(shippedProfiles)
        #expect(ws.catalogue.chips.count >= 20)
        #expect(ws.catalogue.stacks.count >= 10)
        #expect(ws.catalogue.models.count >= 10)
        #expect(!ws.catalogue.certificationLists.isEmpty)
        #expect(ws.catalogue.certificationLists.allSatisfy { $0.provenance != .sample },
                "sample lists belong in Tests/, not in the shipped catalogue")
    }

    @Test func everyChipHasSourcesAndSaysDenseOrSparse() {
        for file in shippedProfiles {
            guard case .chip(let chip)? = file.document else { continue }
            #expect(!chip.sources.isEmpty, "\(chip.id) has no sources")
            #expect(file.root?.has("compute_basis") == true, "\(chip.id) does not state its compute basis")
            #expect(!chip.compute.isEmpty)
        }
    }
}

@Suite struct ParameterCounts {
    /// Published counts (model cards / papers) against the count computed from each preset's
    /// architecture: within 2 % (issue 4). The published figures are the presets' `parameters`.
    @Test(arguments: ["llama-2-7b", "llama-3-8b", "llama-3-70b", "qwen2.5-7b", "qwen2.5-72b", "mixtral-8x7b",
                      "deepseek-v3", "glm-4-9b", "opt-13b", "bert-base", "qwen3-8b", "qwen3-32b", "qwen3-30b-a3b",
                      "qwen3-235b-a22b", "deepseek-v3.1", "deepseek-v3.2", "kimi-k2", "glm-4.5", "glm-4.5-air", "glm-4.6",
                      "minimax-m1", "llama-4-scout", "llama-4-maverick"])
    func computedCountMatchesPublished(id: String) throws {
        let ws = Linker.link(shippedProfiles)
        let arch = try #require(ws.catalogue.models[id]?.architecture)
        let published = try #require(arch.publishedParameters)
        let computed = arch.computedParameters
        #expect(abs(computed.total - published) / published < 0.02,
                "\(id): computed \(computed.total / 1e9)B vs published \(published / 1e9)B")
        if let active = arch.publishedActiveParameters {
            #expect(abs(computed.active - active) / active < 0.02,
                    "\(id): computed active \(computed.active / 1e9)B vs published \(active / 1e9)B")
        }
    }

    @Test func llama2SevenBillionByHand() {
        // 32 layers × (4·4096² attention + 3·4096·11008 MLP + 2·4096 norms) + 2·32000·4096 + 4096
        var a = Architecture(layers: 32, hiddenSize: 4096, intermediateSize: 11008, attentionHeads: 32,
                             kvHeads: 32, headDim: 128, vocabSize: 32000)
        a.mlp = .gated
        #expect(a.computedParameters.total == 6_738_415_616)
    }
}

@Suite struct HFConfigImport {
    private func imported(_ fixture: String) throws -> Architecture {
        let at = SourceLocation(file: "spec.yaml", line: 4, column: 14)
        let object = try HFConfigImporter.importConfig(Repo.read("Tests/Fixtures/hf_configs/\(fixture).json"),
                                                       at: at, path: "model.hf_config").get()
        var sink = DiagnosticSink()
        let arch = ArchitectureResolver(layers: [object]).resolve(origin: at, originPath: "model", &sink)
        #expect(sink.diagnostics.isEmpty)
        return try #require(arch)
    }

    /// Known answers: the values in each model's published config.json.
    @Test func llama3() throws {
        let a = try imported("llama-3-8b")
        #expect([Int]([a.layers, a.hiddenSize, a.intermediateSize, a.attentionHeads, a.kvHeads, a.headDim, a.vocabSize])
                == [32, 4096, 14336, 32, 8, 128, 128256])
        #expect(a.mlp == .gated && !a.tiedEmbeddings && a.maxContext == 8192)
    }

    /// Dropout follows the config's rates: Llama 3 sets attention_dropout 0.0 (no masks kept),
    /// OPT dropout 0.1 beside a zero attention_dropout, BERT 0.1 throughout.
    @Test func dropoutFollowsTheConfigsRates() throws {
        #expect(try imported("llama-3-8b").dropout == false)
        #expect(try imported("deepseek-v3").dropout == false)
        #expect(try imported("opt-13b").dropout == true)
        #expect(try imported("bert-base-uncased").dropout == true)
    }

    @Test func qwen2HasQKVBias() throws {
        let a = try imported("qwen2.5-7b")
        #expect([Int]([a.layers, a.hiddenSize, a.attentionHeads, a.kvHeads, a.intermediateSize]) == [28, 3584, 28, 4, 18944])
        #expect(a.attentionBias)
    }

    @Test func mixtralExperts() throws {
        let a = try imported("mixtral-8x7b")
        #expect(a.experts == Architecture.Experts(total: 8, active: 2, shared: 0, intermediateSize: 14336, denseLayers: 0))
        #expect(abs(a.computedParameters.total - 46.7e9) / 46.7e9 < 0.02)
        #expect(abs(a.computedParameters.active - 12.9e9) / 12.9e9 < 0.02)
    }

    @Test func deepSeekV3MLAAndSharedExperts() throws {
        let a = try imported("deepseek-v3")
        #expect(a.layers == 61)
        #expect(a.experts == Architecture.Experts(total: 256, active: 8, shared: 1, intermediateSize: 2048, denseLayers: 3))
        #expect(a.mla?.kvLoraRank == 512 && a.mla?.qkRopeHeadDim == 64 && a.mla?.qLoraRank == 1536)
        #expect(a.kvLatentDim == 576)
        #expect(abs(a.computedParameters.total - 671e9) / 671e9 < 0.02)
    }

    /// Configs written from the published fields import to their preset's shape: every field
    /// the memory and performance models read, the published counts aside.
    @Test(arguments: ["deepseek-v3.2", "kimi-k2", "glm-4.5", "glm-4.5-air", "minimax-m1", "llama-4-scout", "llama-4-maverick"])
    func importMatchesPreset(id: String) throws {
        let imported = try imported(id)
        let preset = try #require(Linker.link(shippedProfiles).catalogue.models[id]?.architecture)
        func shape(_ a: Architecture) -> [String] {
            ["\(a.layers) \(a.hiddenSize) \(a.intermediateSize) \(a.attentionHeads) \(a.kvHeads) \(a.headDim) \(a.vocabSize)",
             "\(a.mlp) tied \(a.tiedEmbeddings) bias \(a.attentionBias) dropout \(a.dropout)",
             String(describing: a.experts), String(describing: a.mla), String(describing: a.kvLatentDim),
             String(describing: a.attention.map { ($0.counts(layers: a.layers).sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value)" },
                                                  $0.slidingWindow, $0.chunkSize, $0.linear, $0.sparse) })]
        }
        #expect(shape(imported) == shape(preset))
    }

    /// Llama 4 Maverick alternates dense and MoE layers, Scout is MoE throughout; both attend
    /// globally on every fourth layer and in 8192-token chunks on the others.
    @Test func llama4LayerPlacement() throws {
        let maverick = try imported("llama-4-maverick"), scout = try imported("llama-4-scout")
        #expect(maverick.moeLayerCount == 24 && scout.moeLayerCount == 48)
        #expect(maverick.experts?.isMoE(layer: 1) == true && maverick.experts?.isMoE(layer: 0) == false)
        let layout = try #require(scout.attention)
        #expect((0..<48).filter { layout.kind(ofLayer: $0) == .full } == Array(stride(from: 3, to: 48, by: 4)))
        #expect(layout.chunkSize == 8192)
    }

    @Test func chatGLMFieldNames() throws {
        let a = try imported("glm-4-9b")
        #expect([Int]([a.layers, a.intermediateSize, a.kvHeads, a.headDim, a.vocabSize]) == [40, 13696, 2, 128, 151552])
        #expect(a.attentionBias && a.maxContext == 131072)
    }

    @Test func optAndBERTArePlainMLPsWithTiedEmbeddings() throws {
        let opt = try imported("opt-13b")
        #expect(opt.mlp == .plain && opt.tiedEmbeddings && opt.intermediateSize == 20480 && opt.kind == .decoder)
        let bert = try imported("bert-base-uncased")
        #expect(bert.kind == .encoder && bert.mlp == .plain && bert.tiedEmbeddings && bert.layers == 12)
    }

    /// transformers' `layer_types` names each layer's attention (gpt-oss alternates 128-token
    /// windows with full layers); a `sliding_window` that `use_sliding_window: false` turns off
    /// (Qwen2.5) leaves every layer full.
    @Test func layerTypesAndSlidingWindows() throws {
        let at = SourceLocation(file: "spec.yaml", line: 1, column: 1)
        let config = """
            {"model_type": "gpt_oss", "num_hidden_layers": 4, "hidden_size": 64, "num_attention_heads": 4,
             "num_key_value_heads": 2, "head_dim": 16, "vocab_size": 100, "intermediate_size": 128, "sliding_window": 128,
             "layer_types": ["sliding_attention", "full_attention", "sliding_attention", "full_attention"]}
            """
        let object = try HFConfigImporter.importConfig(Array(config.utf8), at: at, path: "model.hf_config").get()
        var sink = DiagnosticSink()
        let a = try #require(ArchitectureResolver(layers: [object]).resolve(origin: at, originPath: "model", &sink))
        #expect(a.attention == AttentionLayout(pattern: [.sliding, .full, .sliding, .full], slidingWindow: 128))
        #expect(try imported("qwen2.5-7b").attention == nil)
    }

    @Test func malformedConfigsGiveClearErrors() {
        let at = SourceLocation(file: "s", line: 1, column: 1)
        func error(_ json: String) -> String? {
            if case .failure(let e) = HFConfigImporter.importConfig(Array(json.utf8), at: at, path: "p") { return e.message }
            return nil
        }
        #expect(error("not json") == "not valid JSON")
        #expect(error("[1]") == "the top level must be a JSON object")
        #expect(error(String(repeating: "[", count: 5000)) == "JSON nesting is deeper than 32 levels")
        #expect(error("{\"num_hidden_layers\": 2, \"hidden_size\": true}")?.contains("`hidden_size` or `d_model` or `n_embd`") == true)
    }
}
