/// Finds the two pools of a disaggregated deployment on one chip type: the decode pool first,
/// the fewest chips that hold every sequence and meet TPOT and throughput; then the prefill
/// pool, the fewest chips whose capacity keeps up with the requests the decode pool completes
/// and that meet TTFT. Each pool is one `LayoutSearch` over its own pinned degrees.
struct PoolSearch {
    let decode: Evaluator
    let prefill: (Double, Double) -> Evaluator
    let maxChips: Int
    private(set) var evaluations = 0

    init(deployment: borrowing Deployment, shape: ModelShape, chip: ChipProfile, stack: Stack?, precision: PrecisionChoice,
         calibration: Calibration?, maxChips: Int) {
        decode = Evaluator(deployment: deployment, shape: shape, chip: chip, stack: stack, precision: precision,
                           calibration: calibration, role: .decodePool)
        let d = copy deployment
        prefill = { demand, decodeSeconds in
            Evaluator(deployment: d, shape: shape, chip: chip, stack: stack, precision: precision, calibration: calibration,
                      role: .prefillPool(demand: demand, decodeSeconds: decodeSeconds))
        }
        self.maxChips = maxChips
    }

    /// The combined evaluation (both pools, the decode pool's layout as its own) and what each
    /// pool misses, as the search outcome of the pool that decides it.
    mutating func run() -> (outcome: LayoutSearch.Outcome, misses: [Rejection], pools: [Evaluation.Pool]) {
        // The searches count ranks (dies under `rank: die`); `maxChips` counts chips, and each
        // pool occupies whole chips of its own.
        let ranksPerChip = decode.ranksPerChip
        var decodeSearch = LayoutSearch(evaluator: decode, maxChips: maxChips * ranksPerChip)
        let decoded = decodeSearch.run()
        evaluations += decodeSearch.evaluations
        let d: Evaluation
        switch decoded {
        case .found(let e), .missesTargets(let e): d = e
        case .outOfMemory, .noLayout: return (decoded, [], [])
        }
        // `max_chips` bounds both pools together: the prefill pool gets what the decode pool leaves.
        let left = maxChips - d.chips
        guard left >= 1 else {
            return (.noLayout("the decode pool takes all \(maxChips) chips allowed, leaving none for the prefill pool"), [], [])
        }
        // A request spends its decode steps in the decode pool and its prefill in the prefill pool,
        // so a closed loop of `concurrency` requests asks the prefill pool for at most
        // concurrency / (prefill + decode time); the decode pool's own rate is the other bound.
        let prefillEvaluator = prefill(d.requestsPerSecond, d.perRequestDecodeSeconds)
        var prefillSearch = LayoutSearch(evaluator: prefillEvaluator, maxChips: left * ranksPerChip)
        let prefilled = prefillSearch.run()
        evaluations += prefillSearch.evaluations
        let p: Evaluation
        switch prefilled {
        case .found(let e), .missesTargets(let e), .outOfMemory(let e): p = e
        case .noLayout(let why): return (.noLayout("prefill pool: " + why), [], [])
        }
        let combined = Self.combine(prefill: p, decode: d)
        let pools: [Evaluation.Pool] = [.init(role: .prefill, evaluation: p), .init(role: .decode, evaluation: d)]
        let misses = Self.merge(prefillEvaluator.misses(p), prefix: "prefill pool: ", decode.misses(d), prefix: "decode pool: ")
        switch (decoded, prefilled) {
        case (.found, .found): return (.found(combined), [], pools)
        case (_, .outOfMemory): return (.outOfMemory(combined), [], pools)
        default: return (.missesTargets(combined), misses, pools)
        }
    }

    /// Both pools as one deployment: the request rate is the slower pool's, TTFT the prefill
    /// pool's (its KV cache transfer included), TPOT the decode pool's.
    static func combine(prefill p: Evaluation, decode d: Evaluation) -> Evaluation {
        var e = d
        e.poolChips = p.chips + d.chips
        e.ttftSeconds = p.ttftSeconds
        e.kvTransferSeconds = p.kvTransferSeconds
        let rate = min(d.requestsPerSecond, p.requestsPerSecond)
        if d.requestsPerSecond > 0 {
            e.throughput = d.throughput.map { $0 * rate / d.requestsPerSecond }
            e.inputThroughput = d.inputThroughput.map { $0 * rate / d.requestsPerSecond }
        }
        e.requestsPerSecond = rate
        e.meetsTargets = p.meetsTargets && d.meetsTargets && p.memory.fits
        return e
    }

    /// One rejection per code, each pool's misses named.
    static func merge(_ a: [Rejection], prefix pa: String, _ b: [Rejection], prefix pb: String) -> [Rejection] {
        var out: [Rejection] = []
        for r in a.map({ Rejection($0.code, pa + $0.message) }) + b.map({ Rejection($0.code, pb + $0.message) }) {
            if let i = out.firstIndex(where: { $0.code == r.code }) {
                out[i] = Rejection(r.code, out[i].message + "; " + r.message)
            } else {
                out.append(r)
            }
        }
        return out
    }
}
