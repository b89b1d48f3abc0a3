@testable import ChipFitSpec
@testable import ChipFitPlanner
import Testing

/// The search prunes (t, p) pairs, binary-searches the data degree and keeps only layouts
/// while it runs. Trying every layout must find the same one; when none fits and meets the
/// targets, the same fallback (the closest miss) must be reported.
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

    /// The layouts of at most `limit` chips the search may choose from, grouped by (t, p, e)
    /// in the search's order (fewest chips in t·p, then lower t, then lower e), each group's
    /// data degrees ascending. Written out from the rules, not from `SearchSpace`: t divides
    /// the node and the heads (a pinned t need only fit in the node), p the layers; MoE expert
    /// degrees are t·k for k dividing the experts (and t·k dividing them), with d a multiple
    /// of k; training's d divides the micro-batch count; pinned degrees are the only ones tried.
    private func everyLayout(_ e: Evaluator, limit: Int) -> [[Layout]] {
        let a = e.shape.architecture, w = e.workload, pins = w.parallelism
        var groups: [(key: (Int, Int, Int), layouts: [Layout])] = []
        let node = e.chipsPerNode
        for t in 1...node where a.attentionHeads % t == 0 && (pins.tensor.map { $0 == t } ?? (node % t == 0)) {
            for p in 1...a.layers where a.layers % p == 0 && (pins.pipeline ?? p) == p && t * p <= limit {
                var experts: [(e: Int, k: Int)] = [(1, 1)]
                if let x = a.experts {
                    experts = (1...x.total).filter { x.total % $0 == 0 && x.total % (t * $0) == 0 }.map { (t * $0, $0) }
                    if let pinned = pins.expert { // a pinned degree below t splits nothing further: step 1
                        experts = x.total % pinned != 0 ? [] : pinned % t == 0 ? [(pinned, pinned / t)]
                            : t % pinned == 0 ? [(pinned, 1)] : []
                    }
                }
                for (degree, k) in experts {
                    var layouts: [Layout] = []
                    for d in 1...max(1, limit / (t * p)) where d % k == 0 && t * p * d <= limit && (pins.data ?? d) == d {
                        if w.phase == .training, (w.globalBatchSize / w.microBatchSize) % d != 0 { continue }
                        // No replica without a sequence, beyond the expert step's multiple that covers them.
                        if w.phase == .inference, pins.data == nil, d > k * ((w.concurrency + k - 1) / k) { continue }
                        if (t * d) % degree != 0 { continue }
                        layouts.append(Layout(tensor: t, pipeline: p, data: d, expert: degree))
                    }
                    if !layouts.isEmpty { groups.append(((t * p, t, degree), layouts)) }
                }
            }
        }
        return groups.sorted { $0.key < $1.key }.map(\.layouts)
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
            spec("dense-train", "preset: llama-3-70b", training + ", precision: bf16, recompute: full"),
            spec("lora", "preset: llama-3-8b", training + ", precision: bf16, method: lora, micro_batch_size: 2"),
            // Pins: only the pinned degrees are tried.
            spec("pin-tensor", "preset: llama-3-70b", inference + ", precision: bf16, parallelism: {tensor: 2}"),
            spec("pin-data", "preset: llama-3-8b", training + ", precision: bf16, parallelism: {data: 4}"),
            spec("pin-expert", "preset: mixtral-8x7b", inference + ", precision: bf16, parallelism: {expert: 8}"),
            spec("pin-expert-low", "preset: mixtral-8x7b", training + ", precision: bf16, parallelism: {expert: 2}"),
            // Nothing meets these within 64 chips: the fallbacks are compared.
            spec("too-tight", "preset: llama-3-70b", "phase: inference, input_tokens: 4096, output_tokens: 256, concurrency: 64, slo: {tpot_ms: 2, ttft_ms: 20}, precision: bf16"),
            spec("too-big", "preset: deepseek-v3", training + ", precision: bf16, recompute: none"),
        ]
        let files = specs.enumerated().map { load(.init($1), file: "spec-\($0).yaml") }
        let ws = Linker.link(shippedProfiles + files)
        try #require(ws.deployments.count == specs.count)
        var outcomes: [String: Int] = [:]
        for r in ws.deployments {
            let d = r.deployment, w = d.workload, shape = ModelShape(r.architecture)
            for chip in ws.catalogue.chips.values.sorted(by: { $0.id < $1.id }) {
                let stack = ws.catalogue.stacks[chip.stack]
                guard case .success(let precision) = PrecisionChoice.choose(
                    requested: w.precision, kvCache: w.kvCachePrecision, phase: w.phase, chip: chip, stack: stack) else { continue }
                let evaluator = Evaluator(deployment: d, shape: shape, chip: chip, stack: stack, precision: precision)
                let groups = everyLayout(evaluator, limit: 64)
                var search = LayoutSearch(evaluator: evaluator, maxChips: 64)
                // The best layout over all, and the fallbacks over each group's largest layout
                // (the first in search order wins a tie).
                var best: (layout: Layout, speed: Double)?
                var missing: (layout: Layout, severity: Double)?
                var closest: (layout: Layout, load: Double)?
                for group in groups {
                    for l in group {
                        let e = evaluator.evaluate(l)
                        guard e.memory.fits, e.meetsTargets else { continue }
                        let speed = e.trainingDays ?? e.tpotSeconds ?? e.ttftSeconds ?? 0
                        if best == nil || (l.ranks, speed) < (best!.layout.ranks, best!.speed)
                            || ((l.ranks, speed) == (best!.layout.ranks, best!.speed) && l < best!.layout) {
                            best = (l, speed)
                        }
                    }
                    let top = evaluator.evaluate(group[group.count - 1])
                    if !top.memory.fits {
                        let load = top.memory.total / top.memory.capacity
                        if closest == nil || load < closest!.load { closest = (top.layout, load) }
                    } else if !top.meetsTargets {
                        let miss = search.severity(top) // the search's own measure of a miss
                        if missing == nil || miss < missing!.severity { missing = (top.layout, miss) }
                    }
                }
                let context = "\(d.name) on \(chip.id)"
                switch search.run() {
                case .found(let e):
                    outcomes["found", default: 0] += 1
                    #expect(e.layout == best?.layout, "\(context)")
                case .missesTargets(let e):
                    outcomes["misses", default: 0] += 1
                    #expect(best == nil, "\(context): a layout fits and meets the targets, the search found none")
                    #expect(e.layout == missing?.layout, "\(context)")
                    #expect(!e.meetsTargets && e.memory.fits, "\(context)")
                case .outOfMemory(let e):
                    outcomes["memory", default: 0] += 1
                    #expect(best == nil && missing == nil, "\(context)")
                    #expect(e.layout == closest?.layout, "\(context)")
                case .noLayout:
                    outcomes["none", default: 0] += 1
                    #expect(groups.isEmpty, "\(context)")
                }
            }
        }
        // The set exercises every outcome the search can reach with layouts to try.
        #expect((outcomes["found"] ?? 0) > 50 && (outcomes["misses"] ?? 0) > 5 && (outcomes["memory"] ?? 0) > 5, "\(outcomes)")
    }
}

/// The evaluator computes each layout's training activations as one figure at t = 1 divided
/// by t (`Evaluator.activationsPerLayerUnsplit`); that is exactly the formula at t only while
/// the division by t is the formula's last step. Compared bit for bit.
@Suite struct ActivationsSplitByTensorDegree {
    @Test func theFigureAtTIsTheFigureAtOneDividedByT() throws {
        let models = ["llama-3-8b", "mixtral-8x7b", "deepseek-v3", "qwen2.5-72b"]
        let ws = Linker.link(shippedProfiles)
        for name in models {
            let architecture = try #require(ws.catalogue.models[name]?.architecture, "\(name)")
            let shape = ModelShape(architecture)
            for recompute in [Workload.Recompute.none, .selective, .full] {
                for fused in [false, true] {
                    for moe in [false, architecture.isMoE] {
                        for (s, b) in [(2048, 1), (4096, 2), (8192, 3)] {
                            func at(_ t: Int) -> Double {
                                MemoryModel.activationBytesPerLayer(sequence: s, microBatch: b, shape: shape, tensorParallel: t,
                                                                    recompute: recompute, fusedKernels: fused, moeLayer: moe)
                            }
                            for t in [1, 2, 3, 4, 8, 16] {
                                #expect(at(t).bitPattern == (at(1) / Double(t)).bitPattern, "\(name) \(recompute) t=\(t)")
                            }
                        }
                    }
                }
            }
        }
    }
}
