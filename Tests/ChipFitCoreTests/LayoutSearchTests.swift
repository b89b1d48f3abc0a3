@testable import ChipFitCore
import Testing

/// The search prunes (t, p) pairs and binary-searches the data degree, and keeps only layouts
/// while it runs. Trying every layout must find the same one, with the same figures.
@Suite struct LayoutSearchAgainstEveryLayout {
    private func spec(_ name: String, _ model: String, _ workload: String) -> String {
        """
        apiVersion: chipfit/v1
        kind: Deployment
        name: \(name)
        model: {\(model)}
        workload: {\(workload)}
        toolchain: {framework: pytorch@2.3, components: [vllm]}
        requirements: {certification: ignore, max_chips: 64}
        """
    }

    /// Every layout of at most `limit` chips the search may choose from, written out
    /// independently of `SearchSpace`: t divides the node and the heads, p the layers; MoE
    /// expert degrees are t·k for k dividing the experts (and t·k dividing them), with d a
    /// multiple of k; training's d divides the micro-batch count.
    private func everyLayout(_ e: Evaluator, limit: Int) -> [Layout] {
        let a = e.shape.architecture, w = e.workload
        var out: [Layout] = []
        for t in 1...e.chipsPerNode where e.chipsPerNode % t == 0 && a.attentionHeads % t == 0 {
            for p in 1...a.layers where a.layers % p == 0 && t * p <= limit {
                let experts: [(e: Int, k: Int)] = a.experts.map { x in
                    (1...x.total).filter { x.total % $0 == 0 && x.total % (t * $0) == 0 }.map { (t * $0, $0) }
                } ?? [(1, 1)]
                for (degree, k) in experts {
                    for d in 1...(limit / (t * p)) where d % k == 0 {
                        if w.phase == .training, (w.globalBatchSize / w.microBatchSize) % d != 0 { continue }
                        out.append(Layout(tensor: t, pipeline: p, data: d, expert: degree))
                    }
                }
            }
        }
        return out
    }

    @Test func searchFindsWhatTryingEveryLayoutFinds() throws {
        let inference = "phase: inference, input_tokens: 2048, output_tokens: 256, concurrency: 16, slo: {tpot_ms: 60}"
        let throughput = "phase: inference, input_tokens: 1024, output_tokens: 512, concurrency: 64, slo: {ttft_ms: 900, throughput_tokens_per_s: 4000}"
        let training = "phase: training, sequence_length: 4096, global_batch_size: 256, tokens: 20B, deadline_days: 30"
        let specs = [
            spec("dense-serve", "preset: llama-3-8b", inference + ", precision: bf16"),
            spec("big-serve", "preset: qwen2.5-72b", throughput + ", precision: bf16"),
            spec("moe-train", "preset: mixtral-8x7b", training + ", precision: bf16"),
            spec("moe-serve", "preset: mixtral-8x7b", inference + ", precision: bf16"),
            spec("dense-train", "preset: llama-3-70b", training + ", precision: bf16"),
            spec("lora", "preset: llama-3-8b", training + ", precision: bf16, method: lora"),
        ]
        let files = specs.enumerated().map { load(.init($1), file: "spec-\($0).yaml") }
        let ws = Linker.link(shippedProfiles + files)
        try #require(ws.deployments.count == specs.count)
        var found = 0, none = 0
        for r in ws.deployments {
            let d = r.deployment, shape = ModelShape(r.architecture)
            for chip in ws.catalog.chips.values.sorted(by: { $0.id < $1.id }) {
                let stack = ws.catalog.stacks[chip.stack]
                guard case .success(let precision) = PrecisionChoice.choose(
                    requested: d.workload.precision, kvCache: d.workload.kvCachePrecision, phase: d.workload.phase,
                    chip: chip, stack: stack) else { continue }
                let evaluator = Evaluator(deployment: d, shape: shape, chip: chip, stack: stack, precision: precision)
                var best: (layout: Layout, speed: Double)?
                for l in everyLayout(evaluator, limit: 64) {
                    let e = evaluator.evaluate(l)
                    guard e.memory.fits, e.meetsTargets else { continue }
                    let speed = e.trainingDays ?? e.tpotSeconds ?? e.ttftSeconds ?? 0
                    if best == nil || (l.chips, speed) < (best!.layout.chips, best!.speed)
                        || ((l.chips, speed) == (best!.layout.chips, best!.speed) && l < best!.layout) {
                        best = (l, speed)
                    }
                }
                var search = LayoutSearch(evaluator: evaluator, maxChips: 64)
                let context = "\(d.name) on \(chip.id)"
                if case .found(let e) = search.run() {
                    found += 1
                    #expect(e.layout == best?.layout, "\(context)")
                    // The evaluation returned is the chosen layout's, figure for figure.
                    let again = evaluator.evaluate(e.layout)
                    #expect(e.memory == again.memory && e.ttftSeconds == again.ttftSeconds
                            && e.tpotSeconds == again.tpotSeconds && e.trainingDays == again.trainingDays, "\(context)")
                    #expect(search.evaluations < everyLayout(evaluator, limit: 64).count, "\(context)")
                } else {
                    none += 1
                    #expect(best == nil, "\(context): a layout fits and meets the targets, the search found none")
                }
            }
        }
        // The set exercises both outcomes.
        #expect(found > 20 && none > 5, "found \(found), none \(none)")
    }
}

@Suite struct CandidateOrder {
    @Test func permutedPutsEachElementWhereTheOrderSays() {
        let items = ["a", "b", "c", "d", "e", "f", "g"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let order = Array(items.indices).shuffled(using: &generator)
            #expect(Planner.permuted(items, by: order) == order.map { items[$0] }, "order \(order)")
        }
        #expect(Planner.permuted([String](), by: []) == [])
        #expect(Planner.permuted(items, by: Array(items.indices)) == items)
    }
}
