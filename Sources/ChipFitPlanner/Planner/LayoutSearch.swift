/// Finds the fewest chips that hold a deployment and meet its targets on one chip type.
///
/// Tensor degrees divide the node size and the attention heads; pipeline degrees divide the
/// layers; expert parallelism spreads MoE experts over the tensor × data group (the search
/// tries degrees that divide the expert count; a pinned one need not). For each
/// (tensor, pipeline) pair the data degree is found by binary search: memory per chip and
/// every target improve monotonically as data parallelism grows (fewer sequences per replica,
/// more ZeRO sharding, more chips sharing the work). Pairs whose smallest layout already
/// needs more chips than the best found so far are skipped.
public struct LayoutSearch: Sendable {
    public enum Outcome: Sendable {
        case found(Evaluation)
        /// Fits in memory but misses a target even at the largest layout allowed.
        case missesTargets(Evaluation)
        /// Does not fit in memory even at the largest layout allowed.
        case outOfMemory(Evaluation)
        case noLayout(String)
    }

    let evaluator: Evaluator
    let maxChips: Int
    let space: SearchSpace
    public private(set) var evaluations = 0

    /// - Parameter space: the layouts to try; pass one shared by chips of the same node size.
    public init(evaluator: Evaluator, maxChips: Int, space: SearchSpace? = nil) {
        self.evaluator = evaluator
        self.maxChips = maxChips
        self.space = space ?? SearchSpace(architecture: evaluator.shape.architecture, workload: evaluator.workload,
                                          chipsPerNode: evaluator.chipsPerNode)
    }

    /// Data degrees allowed for a (t, p) pair, ascending, without materialising long ranges:
    /// inference allows every multiple of `step` up to the limit, training the divisors of the
    /// micro-batch count (the global batch must split evenly across replicas).
    struct DataDegrees {
        /// The allowed degrees are `list[0..<count]`, or with no list the first `count`
        /// multiples of `spacing` (the expert step, or a pinned degree, count 1).
        let list: [Int]?
        let spacing: Int
        let count: Int
        subscript(i: Int) -> Int { list?[i] ?? spacing * (i + 1) }
    }

    func dataDegrees(tensor t: Int, pipeline p: Int, limit: Int, step: Int) -> DataDegrees {
        let w = evaluator.workload
        var most = limit / (t * p)
        if w.phase == .inference {
            // A replica serves at least one sequence: more replicas than concurrent sequences
            // add chips with nothing to do (docs/model.md, sequences per replica
            // ⌈concurrency/DP⌉). Data-parallel ranks also hold expert shards, though: the
            // search may go up to the smallest multiple of the expert step that covers the
            // sequences, so expert parallelism stays open at low concurrency.
            most = min(most, step * ((w.concurrency + step - 1) / step))
        }
        if let pinned = w.parallelism.data { // a pin is the spec's to make (CF114 warns beyond the sequences)
            let ok = pinned <= limit / (t * p) && pinned % step == 0
            return DataDegrees(list: nil, spacing: pinned, count: ok ? 1 : 0)
        }
        if w.phase == .training { // a shared ascending list, cut at the limit: no copy
            let divisors = space.microBatchDivisors(multiplesOf: step)
            var count = 0
            while count < divisors.count, divisors[count] <= most { count += 1 }
            return DataDegrees(list: divisors, spacing: step, count: count)
        }
        return DataDegrees(list: nil, spacing: step, count: max(0, most / step))
    }

    func valid(_ l: Layout) -> Bool {
        let a = evaluator.shape.architecture
        // The search tries pipeline degrees that divide the layers; a pinned one need not (uneven stages).
        guard a.attentionHeads % l.tensor == 0, l.pipeline <= a.layers, l.tensor <= evaluator.chipsPerNode else { return false }
        if let experts = a.experts {
            // Each expert rank holds at least one expert; the count need not divide evenly.
            return (l.tensor * l.data) % l.expert == 0 && l.expert <= experts.total + evaluator.workload.parallelism.redundantExperts
        }
        return l.expert == 1
    }

    public mutating func run() -> Outcome {
        return search(limit: maxChips)
    }

    /// Runs the search with another chip limit (to tell "needs more than max_chips" from "cannot").
    ///
    /// The loop keeps layouts and the one figure each comparison needs; the evaluation it
    /// returns is computed again at the end (`Evaluator.evaluate` is a pure function of the
    /// layout), so the loop does not copy a whole evaluation per layout tried.
    public mutating func search(limit: Int) -> Outcome {
        var best: (layout: Layout, speed: Double)?
        var bestMemoryOnly: (layout: Layout, severity: Double)? // fits memory, misses targets, at its largest layout
        var closest: (layout: Layout, load: Double)?            // smallest memory overshoot at the largest layout
        var anyLayout = false
        for pair in space.pairs.indices {
            let t = space.pairs[pair].tensor, p = space.pairs[pair].pipeline, choices = space.pairs[pair].expertChoices
            if let b = best, chips(t * p) > chips(b.layout.ranks) { break }
            for option in space.expertChoices[choices].indices {
            let (e, step) = space.expertChoices[choices][option]
            if let b = best, chips(t * p * step) > chips(b.layout.ranks) { continue }
            let ds = dataDegrees(tensor: t, pipeline: p, limit: limit, step: step)
            // Validity does not depend on d once d is a multiple of the expert step.
            guard ds.count > 0, valid(Layout(tensor: t, pipeline: p, data: ds[0], expert: e)) else { continue }
            func layout(_ i: Int) -> Layout { Layout(tensor: t, pipeline: p, data: ds[i], expert: e) }
            let largest = layout(ds.count - 1)
            anyLayout = true
            // Cheapest check first: if the largest layout does not fit, none does.
            let top = evaluate(largest)
            guard top.memory.fits else {
                let load = top.memory.total / top.memory.capacity
                if closest == nil || load < closest!.load { closest = (largest, load) }
                continue
            }
            guard top.meetsTargets else {
                let miss = severity(top)
                if bestMemoryOnly == nil || miss < bestMemoryOnly!.severity { bestMemoryOnly = (largest, miss) }
                continue
            }
            // Binary search for the smallest layout that fits and meets every target.
            var lo = 0, hi = ds.count - 1
            var found = (layout: largest, speed: speed(top))
            while lo < hi {
                let mid = (lo + hi) / 2
                let e = evaluate(layout(mid))
                if e.memory.fits && e.meetsTargets { hi = mid; found = (e.layout, speed(e)) } else { lo = mid + 1 }
            }
            // Under `rank: die` the last chip may have idle dies: give them replicas when that is
            // faster on the same chips. A single rank stays single (a second device would bring the
            // collective library into the plan for nothing the targets ask); a single-die chip has
            // no such layout and evaluates nothing here.
            var filled = hi
            while found.layout.ranks > 1, filled + 1 < ds.count,
                  chips(layout(filled + 1).ranks) == chips(found.layout.ranks) { filled += 1 }
            if filled > hi {
                let e = evaluate(layout(filled))
                if e.memory.fits && e.meetsTargets && speed(e) <= found.speed { found = (e.layout, speed(e)) }
            }
            if best == nil || better(found, than: best!) { best = found }
            }
        }
        if let best { return .found(evaluator.evaluate(best.layout)) }
        if let m = bestMemoryOnly { return .missesTargets(evaluator.evaluate(m.layout)) }
        if let c = closest { return .outOfMemory(evaluator.evaluate(c.layout)) }
        return .noLayout(anyLayout ? "no layout" : "no parallel layout fits the pins and limits")
    }

    private mutating func evaluate(_ l: Layout) -> Evaluation {
        evaluations += 1
        return evaluator.evaluate(l)
    }

    /// The chips `ranks` ranks occupy: ⌈ranks / dies per chip⌉ under `rank: die`, else `ranks`.
    private func chips(_ ranks: Int) -> Int { chipsHolding(ranks: ranks, ranksPerChip: evaluator.ranksPerChip) }

    /// Fewer chips first; then the faster layout; then less model parallelism.
    func better(_ a: (layout: Layout, speed: Double), than b: (layout: Layout, speed: Double)) -> Bool {
        let (chipsA, chipsB) = (chips(a.layout.ranks), chips(b.layout.ranks))
        if chipsA != chipsB { return chipsA < chipsB }
        if a.speed != b.speed { return a.speed < b.speed }
        return a.layout < b.layout
    }

    /// The figure layouts of equal size are ranked by: training time, else time per output token, else TTFT.
    private func speed(_ e: Evaluation) -> Double {
        e.trainingDays ?? e.tpotSeconds ?? e.ttftSeconds ?? 0
    }

    /// How far a layout is from its targets (largest relative miss).
    func severity(_ e: Evaluation) -> Double { Self.severity(e, evaluator.workload) }

    /// How far a layout is from the workload's targets: the largest ratio of a figure to its
    /// target (≤ 1 when every target is met, 0 when there are none).
    static func severity(_ e: Evaluation, _ w: Workload) -> Double {
        var worst = 0.0
        if let d = w.deadlineDays, let v = e.trainingDays { worst = max(worst, v / d) }
        if let s = w.slo.ttftMs, let v = e.ttftSeconds { worst = max(worst, v * 1000 / s) }
        if let s = w.slo.tpotMs, let v = e.tpotSeconds { worst = max(worst, v * 1000 / s) }
        if let s = w.slo.throughputTokensPerSecond, let v = e.throughput, v > 0 { worst = max(worst, s / v) }
        return worst
    }
}

/// The (tensor, pipeline) pairs worth trying for one deployment on chips of one node size, in
/// search order (fewest chips, then lower tensor degree), each with its expert-parallel
/// choices; and for training the divisors of the micro-batch count. It depends on the model,
/// the pins and the node size only, so chips with the same node size share one.
public struct SearchSpace: Sendable {
    /// Pairs in search order; `expertChoices` indexes the array of that name. Plain integers,
    /// so sorting them moves no arrays.
    let pairs: [(tensor: Int, pipeline: Int, expertChoices: Int)]
    /// The expert-parallel choices of each tensor degree tried (`expertDegrees`).
    let expertChoices: [[(expert: Int, step: Int)]]
    /// Training: for each expert step in `expertChoices`, the divisors of the micro-batch
    /// count that are multiples of it, ascending. Listed once here: filtering them for each
    /// pair allocated an array in the search loop.
    let dataDegreesByStep: [(step: Int, divisors: [Int])]

    public init(architecture a: Architecture, workload w: Workload, chipsPerNode: Int) {
        let tensors = w.parallelism.tensor.map { [$0] } ?? Self.divisors(chipsPerNode).filter { a.attentionHeads % $0 == 0 }
        let pipelines = w.parallelism.pipeline.map { [$0] } ?? Self.divisors(a.layers)
        var pairs: [(tensor: Int, pipeline: Int, expertChoices: Int)] = []
        var choices: [[(expert: Int, step: Int)]] = []
        pairs.reserveCapacity(tensors.count * pipelines.count)
        for t in tensors {
            choices.append(Self.expertDegrees(a, w, tensor: t))
            for p in pipelines { pairs.append((t, p, choices.count - 1)) }
        }
        expertChoices = choices
        self.pairs = pairs.sorted { ($0.tensor * $0.pipeline, $0.tensor) < ($1.tensor * $1.pipeline, $1.tensor) }
        var byStep: [(step: Int, divisors: [Int])] = []
        if w.phase == .training {
            let divisors = Self.divisors(w.globalBatchSize / max(1, w.microBatchSize))
            for list in choices { for option in list where !byStep.contains(where: { $0.step == option.step }) {
                byStep.append((option.step, divisors.filter { $0 % option.step == 0 }))
            } }
        }
        dataDegreesByStep = byStep
    }

    /// The data degrees a training search may use with expert step `step`, ascending.
    func microBatchDivisors(multiplesOf step: Int) -> [Int] {
        guard let entry = dataDegreesByStep.first(where: { $0.step == step }) else {
            preconditionFailure("expert step \(step) is not one of this search space's")
        }
        return entry.divisors
    }

    /// Divisors of n, ascending.
    static func divisors(_ n: Int) -> [Int] {
        guard n > 0 else { return [] }
        var small: [Int] = [], large: [Int] = []
        var i = 1
        while i * i <= n {
            if n % i == 0 {
                small.append(i)
                if i != n / i { large.append(n / i) }
            }
            i += 1
        }
        return small + large.reversed()
    }

    /// Expert-parallel degrees to try with tensor degree t, each with the step its data degree
    /// must be a multiple of. Expert shards below t change nothing (tensor parallelism already
    /// splits every expert t ways), so the choices are e = t·k for k dividing the expert count;
    /// e must divide t·d, so d runs over multiples of k. Fixing e per search keeps memory and
    /// speed monotone in d.
    static func expertDegrees(_ a: Architecture, _ w: Workload, tensor t: Int) -> [(expert: Int, step: Int)] {
        guard let experts = a.experts else { return [(1, 1)] }
        if let pinned = w.parallelism.expert {
            if pinned % t == 0 { return [(pinned, pinned / t)] }
            return t % pinned == 0 ? [(pinned, 1)] : []
        }
        return Self.divisors(experts.total).filter { experts.total % (t * $0) == 0 }.map { (t * $0, $0) }
    }

}
