import ChipFitSpec
import ChipFitPlanner
import ChipFitRender
import ChipFitYAML
import Foundation
import PropertyBased
import Synchronization
import Testing
import TestSupport

/// Nothing the validator accepts may trap: specs and chip profiles with every field at the
/// edges of its accepted range (Schemas.Limits, QuantityKind.maximum) are planned and run
/// through every renderer. A trap ends the test process, which fails the run.
@Suite struct ExtremeInputs {
    /// One choice per field: 0 is the smallest accepted value, 1 an ordinary one, 2 the largest.
    static let fields = 37

    static func pick<T>(_ level: Int, _ values: (T, T, T)) -> T {
        switch level { case 0: values.0; case 1: values.1; default: values.2 }
    }

    static func files(_ l: [Int]) -> (chip: String, spec: String) {
        let L = Schemas.Limits.self
        func p<T>(_ i: Int, _ v: (T, T, T)) -> T { pick(l[i], v) }
        let heads = p(0, (1, 32, L.heads))
        let headDim = p(1, (1, 128, L.width))
        let training = l[2] == 1
        let moe = l[3] == 2
        let chip = """
            apiVersion: chipfit/v1
            kind: Chip
            id: edge
            vendor: Edge
            name: Edge
            positioning: [training, inference]
            stack: cuda
            memory: {capacity: \(p(4, ("1B", "80GB", "1PB"))), bandwidth: \(p(5, ("1B/s", "2TB/s", "1PB/s")))}
            compute: {bf16: \(p(6, ("0.00000000000000001FLOPS", "300TFLOPS", "1000PFLOPS"))), fp16: \(p(7, ("1FLOPS", "300TFLOPS", "1000PFLOPS")))}
            compute_basis: dense
            node: {chips: \(p(8, (1, 8, L.chips))), interconnect: x, bandwidth: \(p(9, ("1b/s", "400GB/s", "1PB/s")))\(p(35, (", topology: full_mesh", "", "")))}
            \(p(35, ("", "", p(8, (1, 8, L.chips)) < L.chips ? "scale_up: {chips: \(L.chips), fabric: x, bandwidth: 1PB/s}" : "")))
            scale_out: {fabric: x, bandwidth: \(p(10, ("1b/s", "400Gb/s", "1PB/s")))}
            power: \(p(11, ("0.000001W", "700W", "1000kW")))
            efficiency: {compute: \(p(12, (0.0001, 0.4, 1.0))), memory: \(p(13, (0.0001, 0.75, 1.0))), interconnect: \(p(14, (0.0001, 0.7, 1.0)))}
            sources: [test]
            """
        let experts = moe ? "experts: {total: \(p(15, (1, 64, L.experts))), active: 1, shared: \(p(16, (0, 1, L.experts))), intermediate_size: \(p(17, (1, 2048, L.width))), dense_layers: 0}" : ""
        let pinList = [p(26, ("", "", "tensor: \(L.chips)")), p(27, ("", "", "pipeline: \(L.layers)")), p(28, ("data: 1", "", "data: \(L.chips)"))]
            .filter { !$0.isEmpty }.joined(separator: ", ")
        // Serving at its edges: the smallest limits with the most a speculative step can emit, a
        // burst (the smallest limits make it the most waves), or the largest limits with
        // disaggregated pools (whose degrees replace the pins).
        let serving = training ? "" : p(34, (
            ", serving: {batching: static, max_batched_tokens: 1, max_sequences: 1, prefix_cache_hit_rate: 0.999, speculative: {draft_tokens: 64, accepted_tokens: 65}}",
            p(36, ("", ", serving: {arrival: burst}", ", serving: {arrival: burst, max_batched_tokens: 1, max_sequences: 1, admission: memory}")),
            ", serving: {max_batched_tokens: \(L.tokens), max_sequences: \(L.sequences), overlap: true, speculative: {draft_tokens: 1, acceptance_rate: 0}, disaggregation: {prefill: {data: \(L.chips)\(moe ? ", redundant_experts: \(L.experts)" : "")}, decode: {}}}"))
        let pinned = pinList.isEmpty || serving.contains("disaggregation") ? "" : ", parallelism: {\(pinList)}"
        let pins = pinned + serving
        let workload = training ? """
            {phase: training, precision: bf16, method: \(p(18, ("full", "lora", "qlora"))), sequence_length: \(p(19, (1, 4096, L.tokens))),
             micro_batch_size: \(p(20, (1, 1, L.sequences))), global_batch_size: \(p(21, (1, 64, L.sequences)) * p(20, (1, 1, L.sequences)) <= L.sequences ? p(21, (1, 64, L.sequences)) * p(20, (1, 1, L.sequences)) : L.sequences), tokens: \(p(22, ("1", "1T", "10000T"))),
             deadline_days: \(p(23, (0.001, 30, 100000))), recompute: \(p(24, ("none", "selective", "full"))), zero_stage: \(p(25, (0, 1, 3)))\(pins)}
            """ : """
            {phase: inference, precision: \(p(18, ("int4", "bf16", "fp8"))), input_tokens: \(p(19, (1, 2048, L.tokens))), output_tokens: \(p(20, (1, 256, L.tokens))),
             concurrency: \(p(21, (1, 16, L.sequences))), slo: {ttft_ms: \(p(22, (0.001, 500, 1e9))), tpot_ms: \(p(23, (0.001, 50, 1e9))),
             throughput_tokens_per_s: \(p(24, (0.001, 1000, 1e12)))}\(pins)}
            """
        let spec = """
            apiVersion: chipfit/v1
            kind: Deployment
            name: edge
            model:
              architecture:
                layers: \(p(29, (1, 32, L.layers)))
                hidden_size: \(heads * headDim <= L.width ? heads * headDim : L.width)
                intermediate_size: \(p(30, (1, 14336, L.width)))
                attention_heads: \(heads)
                kv_heads: \(p(31, (1, heads, heads)))
                head_dim: \(headDim)
                vocab_size: \(p(32, (1, 128256, L.vocabulary)))
                \(experts)
            workload: \(workload.replacingOccurrences(of: "\n", with: " "))
            requirements: {certification: ignore\(p(33, (", max_chips: 1", "", ", max_chips: \(L.chips)")))}
            """
        return (chip, spec)
    }

    @Test func everyAcceptedExtremeIsPlannedAndRendered() async {
        let stacks = Repo.yamlFiles("profiles/stacks").map { DocumentLoader.load(Repo.read($0), file: $0) }
        let planned = Mutex(0)
        await propertyCheck(count: 400, input: Gen.int(in: 0...2).array(of: Self.fields)) { levels in
            let (chip, spec) = Self.files(levels)
            let loaded = [DocumentLoader.load(Array(chip.utf8), file: "chip.yaml"), DocumentLoader.load(Array(spec.utf8), file: "spec.yaml")]
            let ws = Linker.link(stacks + loaded)
            let report = DiagnosticReport(diagnostics: ws.diagnostics, files: ["chip.yaml", "spec.yaml"],
                                          sources: ["chip.yaml": chip, "spec.yaml": spec], version: "test")
            _ = DiagnosticsTextRenderer(color: true).render(report, summary: "s")
            _ = DiagnosticsJSONRenderer().render(ws.diagnostics, files: 2)
            _ = SARIFRenderer().render(report)
            _ = JUnitRenderer().render(report)
            _ = GitHubAnnotationsRenderer().render(report)
            guard !ws.diagnostics.hasErrors else { return } // not accepted: nothing to plan
            let plan = Planner(catalogue: ws.catalogue, asOf: Day("2026-12-01")!).plan(ws.deployments)
            planned.withLock { $0 += 1 }
            _ = PlanTableRenderer(color: true).render(plan)
            _ = PlanJSONRenderer().render(plan)
            let model = ReportModel(plan: plan, version: "test", inputs: [])
            _ = MarkdownReportRenderer().render(model)
            _ = HTMLReportRenderer().render(model)
            for d in plan.deployments {
                for c in d.candidates { _ = ExplainRenderer().render(d, c, asOf: plan.asOf, lists: plan.certificationLists) }
            }
            _ = ProfilesRenderer().json(ws.catalogue, kinds: Kind.allCases)
        }
        // Most combinations are accepted; a generator whose every case is refused tests nothing.
        let accepted = planned.withLock { $0 }
        #expect(accepted >= 100, "only \(accepted) of 400 generated cases were accepted")
    }
}

