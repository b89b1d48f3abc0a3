import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML
import Testing
import TestSupport

private let inferenceSpec = """
    apiVersion: chipfit/v1
    kind: Deployment
    name: chat
    model:
      preset: llama-3-8b
    workload:
      phase: inference
      precision: bf16
      input_tokens: 1024
      output_tokens: 256

    """

@Suite struct SchemaFindings {
    @Test func validSpecHasNoFindings() {
        let f = load(Marked(inferenceSpec))
        #expect(f.diagnostics.isEmpty)
        guard case .deployment(let d)? = f.document else { Issue.record("no deployment"); return }
        #expect(d.workload.concurrency == 1)
        #expect(d.workload.kvCachePrecision == .bf16)
        #expect(d.requirements.certification == .required)
    }

    @Test func unknownKeySuggestsTheClosestField() throws {
        let m = Marked("""
            apiVersion: chipfit/v1
            kind: Deployment
            name: chat
            model:
              architecture: {layers: 2, hidden_size: 64, intermediate_size: 128, attention_heads: 4, vocab_size: 100, ⟦k⟧kv_head: 2}
            workload: {phase: inference, precision: bf16, input_tokens: 1, output_tokens: 1}
            """)
        let f = load(m)
        #expect(summary(f.diagnostics) == summary(m, [(.unknownKey, "k")]))
        let d = try #require(f.diagnostics.first)
        #expect(d.suggestion == "did you mean `kv_heads`?")
        #expect(d.path == "model.architecture.kv_head")
        #expect(d.message == "unknown key `kv_head` in `model.architecture`")
    }

    @Test func unknownKeyWithoutACloseMatchListsTheValidKeys() {
        let f = load(Marked(inferenceSpec + "zebra: 1\n"))
        #expect(f.diagnostics.count == 1)
        #expect(f.diagnostics[0].suggestion == nil)
        #expect(f.diagnostics[0].message.contains("expected one of `apiVersion`, `kind`, `name`"))
    }

    @Test func missingFieldsAreReportedAtTheirMapping() {
        let m = Marked("""
            apiVersion: chipfit/v1
            kind: Deployment
            name: chat
            model: {preset: llama-3-8b}
            workload:
              ⟦w⟧phase: inference
              input_tokens: 5
              output_tokens: 5
            """)
        let f = load(m)
        #expect(summary(f.diagnostics) == summary(m, [(.missingField, "w")]))
        #expect(f.diagnostics[0].path == "workload.precision")
    }

    @Test func yaml11PitfallsAreTypedBySchema() {
        let m = Marked("""
            apiVersion: chipfit/v1
            kind: Model
            id: m
            source: ⟦s⟧1.10
            architecture:
              layers: ⟦o⟧010
              hidden_size: ⟦x⟧0x40
              intermediate_size: ⟦g⟧1:20
              attention_heads: 4
              vocab_size: 100
              tied_embeddings: ⟦b⟧yes
              attention_bias: ⟦n⟧off
            """)
        let f = load(m)
        #expect(summary(f.diagnostics) == summary(m, [(.wrongType, "o"), (.wrongType, "x"), (.wrongType, "g"),
                                                      (.wrongType, "b"), (.wrongType, "n")]))
        #expect(f.diagnostics.contains { $0.message.contains("leading zeros are ambiguous") })
        #expect(f.diagnostics.contains { $0.message.contains("sexagesimal") })
        #expect(f.diagnostics.contains { $0.suggestion?.contains("yes/no/on/off are not booleans") == true })
        // `source` is a string field: `1.10` stays exactly as written (not 1.1).
        #expect(f.root?.string("source") == "1.10")
    }

    @Test func infinityAndNaNAreRefusedInNumericFields() {
        let m = Marked(inferenceSpec.replacingOccurrences(of: "  output_tokens: 256\n", with: "  output_tokens: 256\n  slo: {ttft_ms: ⟦i⟧.inf, tpot_ms: ⟦n⟧.nan}\n"))
        let f = load(m)
        #expect(summary(f.diagnostics) == summary(m, [(.wrongType, "i"), (.wrongType, "n")]))
        #expect(f.diagnostics.allSatisfy { $0.message.contains("infinity and NaN are not accepted") })
    }

    @Test func quotedNumbersAreStringsNotIntegers() {
        let m = Marked(inferenceSpec.replacingOccurrences(of: "input_tokens: 1024", with: "input_tokens: ⟦q⟧\"1024\""))
        let f = load(m)
        #expect(summary(f.diagnostics) == summary(m, [(.wrongType, "q")]))
        #expect(f.diagnostics[0].message.contains("the quoted string `1024`"))
    }

    @Test func outOfRangeAndInvalidEnumValues() {
        let m = Marked(inferenceSpec
            .replacingOccurrences(of: "output_tokens: 256", with: "output_tokens: ⟦z⟧0")
            .replacingOccurrences(of: "phase: inference", with: "phase: ⟦p⟧inferance"))
        let f = load(m)
        #expect(summary(f.diagnostics) == summary(m, [(.invalidValue, "p"), (.outOfRange, "z")]))
        #expect(f.diagnostics.first { $0.code == .invalidValue }?.suggestion == "did you mean `inference`?")
    }

    @Test func unitErrorsAreLocated() {
        let m = Marked(inferenceSpec.replacingOccurrences(of: "phase: inference", with: "phase: training")
            .replacingOccurrences(of: "  input_tokens: 1024\n  output_tokens: 256\n",
                                  with: "  sequence_length: 4096\n  global_batch_size: 8\n  tokens: ⟦t⟧1Q\n"))
        let f = load(m)
        #expect(summary(f.diagnostics) == summary(m, [(.invalidQuantity, "t")]))
    }
}

@Suite struct ConsistencyFindings {
    @Test func kvHeadsMustDivideAttentionHeads() {
        let m = Marked("""
            apiVersion: chipfit/v1
            kind: Model
            id: m
            source: test
            architecture: {layers: ⟦l⟧0, hidden_size: 96, intermediate_size: 128, attention_heads: 6, kv_heads: ⟦k⟧4, vocab_size: 100}
            """)
        let f = load(m)
        #expect(summary(f.diagnostics) == summary(m, [(.outOfRange, "l"), (.inconsistentValues, "k")]))
    }

    @Test func phaseSpecificFieldsAreChecked() {
        let m = Marked(inferenceSpec + "  ⟦t⟧tokens: 1T\n  ⟦z⟧zero_stage: 2\n")
        let f = load(m)
        #expect(summary(f.diagnostics) == summary(m, [(.fieldNotForPhase, "t"), (.fieldNotForPhase, "z")]))
    }

    @Test func trainingNeedsATrainablePrecisionAndItsFields() {
        let m = Marked("""
            apiVersion: chipfit/v1
            kind: Deployment
            name: t
            model: {preset: llama-3-8b}
            ⟦w⟧workload:
              phase: training
              precision: ⟦p⟧int8
              method: full
              ⟦r⟧lora_rank: 8
              sequence_length: 4096
              global_batch_size: 8
            """)
        let f = load(m)
        // `tokens` is missing: reported at the workload mapping's first key.
        #expect(summary(f.diagnostics).contains("CF104 \(m.location("p").line):\(m.location("p").column)"))
        #expect(f.diagnostics.contains { $0.code == .missingField && $0.path == "workload.tokens" })
        _ = m.location("w"); _ = m.location("r")
    }

    @Test func presetAndHFConfigConflict() {
        let m = Marked(inferenceSpec.replacingOccurrences(of: "  preset: llama-3-8b\n",
                                                          with: "  preset: llama-3-8b\n  hf_config: ⟦h⟧c.json\n"))
        let f = load(m)
        #expect(summary(f.diagnostics) == summary(m, [(.conflictingFields, "h")]))
    }

    @Test func unknownKindAndVersion() {
        let m = Marked("apiVersion: ⟦v⟧chipfit/v2\nkind: ⟦k⟧Deploymnet\nname: x\n")
        let f = load(m)
        #expect(summary(f.diagnostics) == summary(m, [(.unsupportedVersion, "v"), (.unknownKind, "k")]))
        #expect(f.diagnostics.first { $0.code == .unknownKind }?.suggestion == "did you mean `Deployment`?")
    }

    @Test func certificationEntriesAreChecked() {
        let m = Marked("""
            apiVersion: chipfit/v1
            kind: CertificationList
            id: l
            scheme: s
            issuers: [X]
            announcement: a
            published: 2026-05-26
            provenance: sample
            source: test
            entries:
              - {chip: ascend-910b, category: ai-training-chip, valid_from: 2026-05-26, valid_until: 2029-05-25}
              - ⟦o⟧{chip: ascend-910b, category: ai-training-chip, valid_from: 2028-01-01, valid_until: 2030-01-01}
              - {chip: ascend-910b, category: ai-inference-chip, valid_from: 2026-05-26, valid_until: ⟦u⟧2025-01-01}
              - {chips: ⟦c⟧[ascend-910b, ascend-910c], category: ai-inference-chip, valid_from: 2026-05-26, valid_until: 2029-05-25}
              - ⟦n⟧{category: ai-inference-chip, valid_from: 2026-05-26, valid_until: ⟦d⟧2029-02-30}
            """)
        let f = load(m)
        #expect(summary(f.diagnostics) == summary(m, [
            (.overlappingValidity, "o"), (.inconsistentValues, "u"), (.missingField, "c"),
            (.missingField, "n"), (.invalidDate, "d"),
        ]))
    }
}
