import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML
import Testing
import TestSupport

@Suite struct References {
    @Test func unknownPresetChipAndVendorAreLocatedWithSuggestions() {
        let m = Marked("""
            apiVersion: chipfit/v1
            kind: Deployment
            name: chat
            model: {preset: ⟦p⟧llama-3-8bb}
            workload: {phase: inference, precision: bf16, input_tokens: 8, output_tokens: 8}
            toolchain: {components: [vllm, ⟦c⟧flash-atn]}
            requirements: {chips: [⟦x⟧ascend-910x], exclude_vendors: [⟦v⟧Nvidai]}
            """)
        let d = linkedDiagnostics([load(m)])
        #expect(summary(d) == summary(m, [(.unknownModelPreset, "p"), (.unknownComponent, "c"),
                                          (.unknownChip, "x"), (.unknownVendor, "v")]))
        #expect(d.first { $0.code == .unknownModelPreset }?.suggestion == "did you mean `llama-3-8b`?")
        #expect(d.first { $0.code == .unknownComponent }?.severity == .warning)
        #expect(d.first { $0.code == .unknownVendor }?.suggestion == "did you mean `NVIDIA`?")
    }

    @Test func duplicateIdsAndNamesPointAtTheFirst() {
        let spec = "apiVersion: chipfit/v1\nkind: Deployment\nname: same\nmodel: {preset: llama-3-8b}\nworkload: {phase: inference, precision: bf16, input_tokens: 8, output_tokens: 8}\n"
        let a = DocumentLoader.load(Array(spec.utf8), file: "a.yaml")
        let b = DocumentLoader.load(Array(spec.utf8), file: "b.yaml")
        let d = Linker.link(shippedProfiles + [a, b]).diagnostics
        let dup = d.filter { $0.code == .duplicateDeploymentName }
        #expect(dup.count == 1)
        #expect(dup.first?.file == "b.yaml")
        #expect(dup.first?.related.first?.location == SourceLocation(file: "a.yaml", line: 3, column: 7))

        let chip = DocumentLoader.load(Repo.read("profiles/chips/ascend-910b.yaml"), file: "copy.yaml")
        let ids = Linker.link(shippedProfiles + [chip]).diagnostics.filter { $0.code == .duplicateID }
        #expect(ids.count == 1)
    }

    @Test func chipWithUnknownStack() {
        var text = String(decoding: Repo.read("profiles/chips/ascend-910b.yaml"), as: UTF8.self)
        text = text.replacingOccurrences(of: "id: ascend-910b", with: "id: my-chip")
            .replacingOccurrences(of: "stack: cann", with: "stack: ⟦s⟧can")
        let m = Marked(text)
        let d = linkedDiagnostics([load(m)])
        #expect(summary(d) == summary(m, [(.unknownStack, "s")]))
        #expect(d.first?.suggestion == "did you mean `cann`?")
    }

    @Test func hfConfigReferencesAreReadThroughTheCLIOnly() {
        let m = Marked("""
            apiVersion: chipfit/v1
            kind: Deployment
            name: chat
            model: {hf_config: ⟦h⟧../outside.json}
            workload: {phase: inference, precision: bf16, input_tokens: 8, output_tokens: 8}
            """)
        let key = Linker.referenceKey(spec: "test.yaml", reference: "../outside.json")
        let refused = linkedDiagnostics([load(m)], references: [key: .failure(.init("outside the tree"))])
        #expect(summary(refused) == summary(m, [(.fileReference, "h")]))
        #expect(refused.first?.message == "outside the tree")

        let broken = linkedDiagnostics([load(m)], references: [key: .success(Array("{\"hidden_size\": 8}".utf8))])
        #expect(summary(broken) == summary(m, [(.importFailed, "h")]))
        #expect(broken.first?.message.contains("`num_hidden_layers` or `num_layers` or `n_layer`") == true)
    }

    @Test func overridesApplyOnTopOfThePreset() throws {
        let m = Marked("""
            apiVersion: chipfit/v1
            kind: Deployment
            name: chat
            model:
              preset: llama-3-8b
              architecture: {max_context: 131072, kv_heads: ⟦k⟧5}
            workload: {phase: inference, precision: bf16, input_tokens: 8, output_tokens: 8}
            """)
        let ws = Linker.link(shippedProfiles + [load(m)])
        let d = ws.diagnostics.filter { $0.file == "test.yaml" }
        #expect(summary(d) == summary(m, [(.inconsistentValues, "k")]))
        #expect(ws.deployments.isEmpty)

        let ok = Marked(m.text.replacingOccurrences(of: ", kv_heads: 5", with: ""))
        let linked = Linker.link(shippedProfiles + [load(ok)])
        let arch = try #require(linked.deployments.first?.architecture)
        #expect(arch.maxContext == 131072)
        #expect(arch.kvHeads == 8)
    }

    /// A preset named without overrides is resolved once per run; the result must be what the
    /// resolver gives each deployment (an empty override mapping takes that path).
    @Test func everyPresetResolvesTheSameWithAndWithoutAnOverrideMapping() throws {
        var specs: [LoadedFile] = []
        let presets = shippedProfiles.compactMap { f -> String? in
            if case .model(let m)? = f.document { m.id } else { nil }
        }
        #expect(presets.count >= 10)
        for (i, id) in presets.enumerated() {
            for (j, overrides) in ["", "\n  architecture: {}"].enumerated() {
                let text = "apiVersion: chipfit/v1\nkind: Deployment\nname: d\(i)-\(j)\nmodel:\n  preset: \(id)\(overrides)\nworkload: {phase: inference, precision: bf16, input_tokens: 8, output_tokens: 1}\n"
                specs.append(DocumentLoader.load(Array(text.utf8), file: "d\(i)-\(j).yaml"))
            }
        }
        let ws = Linker.link(shippedProfiles + specs)
        #expect(ws.diagnostics.filter { $0.severity == .error }.isEmpty, "\(ws.diagnostics)")
        let byName = Dictionary(uniqueKeysWithValues: ws.deployments.map { ($0.deployment.name, $0.architecture) })
        for i in presets.indices {
            let cached = try #require(byName["d\(i)-0"]), resolved = try #require(byName["d\(i)-1"])
            #expect(cached == resolved, "\(presets[i])")
        }
        // Published figures, not the resolver's own output: Llama 3 8B's config.json.
        let llama = try #require(presets.firstIndex(of: "llama-3-8b").flatMap { byName["d\($0)-0"] })
        #expect(llama.layers == 32 && llama.hiddenSize == 4096 && llama.kvHeads == 8 && llama.vocabSize == 128256)
    }

    /// A chunk of the interleaved schedule holds a layer, except that a stated smaller first
    /// or last stage may give its first (last) chunk only the embedding (the output head), as
    /// Llama 3 405B ran: 126 layers on 16 stages of 8 chunks (Dubey et al. 2024, §3.3.2).
    @Test func interleavedChunksMayHoldOnlyTheEmbeddingOrTheHead() {
        func findings(_ training: String, pipeline: Int = 4) -> [Diagnostic] {
            let m = Marked("""
                apiVersion: chipfit/v1
                kind: Deployment
                name: t
                model: {preset: llama-2-7b}
                workload: {phase: training, precision: bf16, sequence_length: 4096, global_batch_size: 64, tokens: 1B, parallelism: {tensor: 1, pipeline: \(pipeline), data: 1}, training: {pipeline_schedule: interleaved, \(training)}}
                requirements: {certification: ignore}
                """)
            return linkedDiagnostics([load(m)]).filter { $0.code == .inconsistentValues }
        }
        func said(_ training: String, pipeline: Int = 4) -> [String] {
            findings(training, pipeline: pipeline).map { "\($0.message) | \($0.suggestion ?? "")" }
        }
        // Llama-2-7B's 32 layers on 4 stages: 8 chunks of a layer each, 9 leave chunks empty.
        #expect(findings("virtual_stages: 8").isEmpty)
        #expect(said("virtual_stages: 9") == ["9 chunks on each of 4 stages need 36 layers; the model has 32 | at most 8 chunks per stage"])
        // First and last stages of 7: their eighth chunk holds the embedding or the head alone.
        #expect(findings("virtual_stages: 8, first_stage_layers: 7, last_stage_layers: 7").isEmpty)
        #expect(said("virtual_stages: 9, first_stage_layers: 7, last_stage_layers: 7") == [
            "9 chunks on each of 4 stages leave a chunk without a layer: the first stage's 7 layers fill 8 chunks at most, its first chunk holding only the embedding | at most 8 chunks per stage"])
        // Only the last stage stated (6 layers; the others share 26, 8 at fewest).
        #expect(findings("virtual_stages: 7, last_stage_layers: 6").isEmpty)
        #expect(said("virtual_stages: 8, last_stage_layers: 6") == [
            "8 chunks on each of 4 stages leave a chunk without a layer: the last stage's 6 layers fill 7 chunks at most, its last chunk holding only the output head | at most 7 chunks per stage"])
        // Larger stated stages leave the middle ones 6 layers each: those set the limit.
        #expect(findings("virtual_stages: 6, first_stage_layers: 10, last_stage_layers: 10").isEmpty)
        #expect(said("virtual_stages: 7, first_stage_layers: 10, last_stage_layers: 10") == [
            "7 chunks on each of 4 stages leave a chunk without a layer: the other stages hold 6 layers at fewest, and each chunk of theirs holds one | at most 6 chunks per stage"])
        // Two stages and nothing between: a chunk of the larger one holds a layer each.
        #expect(findings("virtual_stages: 16, first_stage_layers: 16, last_stage_layers: 16", pipeline: 2).isEmpty)
        #expect(said("virtual_stages: 17, first_stage_layers: 16, last_stage_layers: 16", pipeline: 2).map { $0.hasSuffix("| at most 16 chunks per stage") } == [true])
        // A split that already fails is reported once, not again as chunks.
        let broken = findings("virtual_stages: 2, first_stage_layers: 20, last_stage_layers: 20")
        #expect(broken.count == 1)
        #expect(broken.first?.message.hasPrefix("the stated stages hold 40 of the model's 32 layers") == true)
    }

    /// `mtp_layers` trains modules in full training; a LoRA run trains none and is told so.
    @Test func multiTokenPredictionWithAdaptersIsReported() {
        let m = Marked("""
            apiVersion: chipfit/v1
            kind: Deployment
            name: t
            model: {preset: llama-2-7b}
            workload: {phase: training, precision: bf16, method: lora, sequence_length: 4096, global_batch_size: 64, tokens: 1B, training: {mtp_layers: ⟦m⟧1}}
            requirements: {certification: ignore}
            """)
        let d = linkedDiagnostics([load(m)]).filter { $0.code == .settingWithoutEffect }
        #expect(summary(d) == summary(m, [(.settingWithoutEffect, "m")]))
        // The modules are trained, not served: serving has no such field.
        let serving = Marked("""
            apiVersion: chipfit/v1
            kind: Deployment
            name: t
            model: {preset: llama-2-7b}
            workload: {phase: inference, precision: bf16, input_tokens: 8, output_tokens: 8, serving: {⟦k⟧mtp_layers: 1}}
            """)
        #expect(summary(linkedDiagnostics([load(serving)])) == summary(serving, [(.unknownKey, "k")]))
    }

    @Test func invalidFilesAreNotPlanned() {
        let m = Marked("apiVersion: chipfit/v1\nkind: Deployment\nname: x\nmodel: {preset: llama-3-8b}\nworkload: {phase: inference, precision: bf16, input_tokens: 8, output_tokens: 8}\nbogus: 1\n")
        let ws = Linker.link(shippedProfiles + [load(m)])
        #expect(ws.invalidFiles.contains("test.yaml"))
        #expect(ws.deployments.isEmpty)
    }
}
