import ChipFitSpec
import ChipFitYAML
import Testing

/// What users actually write, and the one error with its hint each gets.
@Suite struct WhatUsersWrite {
    private func findings(_ workload: String, model: String = "model: {preset: llama-3-8b}", extra: String = "") -> [Diagnostic] {
        let yaml = """
            apiVersion: chipfit/v1
            kind: Deployment
            name: chat
            \(model)
            workload: {\(workload)}
            \(extra)
            """
        return DocumentLoader.load(Array(yaml.utf8), file: "t.yaml").diagnostics.filter { $0.severity == .error }
    }
    private let base = "phase: inference, precision: bf16, output_tokens: 64"

    @Test func unitsAndMultipliersInNumbers() throws {
        #expect(findings(base + ", input_tokens: 2k").map(\.suggestion) == ["write the number itself: `2000` (or `2048` if `k` meant 1024)"])
        #expect(findings(base + ", input_tokens: 64, slo: {ttft_ms: 800ms}").map(\.suggestion) == ["write `800`: the field is in milliseconds"])
        #expect(findings(base + ", input_tokens: 64, slo: {ttft_ms: 1.5s}").map(\.suggestion) == ["write `1500`: the field is in milliseconds"])
    }

    @Test func pytorchPrecisionNames() {
        #expect(findings("phase: inference, precision: bfloat16, input_tokens: 64, output_tokens: 64").map(\.suggestion) == ["did you mean `bf16`?"])
    }

    @Test func aPresetNamedAsTheModel() {
        #expect(findings(base + ", input_tokens: 64", model: "model: qwen2.5-7b").map(\.suggestion) == ["write `model: {preset: qwen2.5-7b}`"])
    }

    @Test func requirementsPins() {
        let found = findings(base + ", input_tokens: 64", extra: "toolchain: {components: [torch==2.4.0, flash_attn>=2.6.3]}")
        #expect(found.map(\.suggestion) == ["write `torch@2.4.0` (chipfit puts the version after `@`)",
                                            "write `flash_attn@2.6.3` (chipfit puts the version after `@`)"])
    }

    /// One mistake, one error: a typo is not also a missing field; a merge key is not also
    /// every field it might have merged.
    @Test func oneMistakeOneError() {
        #expect(findings("phase: inference, precision: bf16, input_tokns: 64, output_tokens: 64").map(\.code) == [.unknownKey])
        let merged = """
            apiVersion: chipfit/v1
            kind: Deployment
            name: chat
            model: {preset: llama-3-8b}
            workload:
              <<: {phase: inference}
              input_tokens: 64
              output_tokens: 64
            """
        #expect(DocumentLoader.load(Array(merged.utf8), file: "t.yaml").diagnostics.map(\.code) == [.mergeKey])
    }
}
