/// Plans deployments against chips, their stacks and the certification lists. Pure: the plan
/// date is an input.
public struct Planner: Sendable {
    public let asOf: Day
    public let stacks: [String: Stack]
    public let certificationLists: [CertificationList]
    /// Efficiency factors fitted to measurements, in precedence order (`chipfit calibrate`).
    public let calibrations: [Calibration]
    /// The team's prices, for cost; without them plans give power and energy only.
    public let prices: PriceList?
    /// What the recommendation minimises among the chips that fit.
    public let objective: Objective
    /// Shipped profiles replaced by a team's, for every output to name.
    public var profileOverrides: [ProfileOverride] = []
    /// Chips in id order with their stack and certification status per phase, worked out
    /// once rather than per deployment.
    private let chips: [ChipEntry]
    /// What a `PlanCache` filled by this planner is valid for.
    private let cacheOwner: PlanCache.Owner

    struct ChipEntry: Sendable {
        let profile: ChipProfile
        let stack: Stack?
        let training: CertificationStatus
        let inference: CertificationStatus
    }

    /// - Parameter certificationLists: sorted by id, so every output lists them in one order.
    public init(chips: some Collection<ChipProfile>, stacks: [String: Stack], certificationLists: [CertificationList],
                calibrations: [Calibration] = [], prices: PriceList? = nil, objective: Objective = .chips, asOf: Day) {
        self.asOf = asOf
        self.prices = prices
        self.objective = objective
        self.stacks = stacks
        self.certificationLists = certificationLists
        self.calibrations = calibrations
        let sorted = chips.sorted { $0.id < $1.id }
        self.chips = sorted.map { chip in
            ChipEntry(profile: chip, stack: stacks[chip.stack],
                      training: CertificationStatus.evaluate(chip: chip.id, phase: .training, asOf: asOf,
                                                             lists: certificationLists),
                      inference: CertificationStatus.evaluate(chip: chip.id, phase: .inference, asOf: asOf,
                                                              lists: certificationLists))
        }
        cacheOwner = PlanCache.Owner(chips: self.chips.map(\.profile), stacks: self.chips.map(\.stack))
    }

    /// Plans every deployment, in plan order, on every core.
    public func plan(_ deployments: [ResolvedDeployment]) -> Plan {
        let planned = plan(ordered(deployments)[...], caches: PlanCaches())
        var result = Plan(asOf: asOf, certificationLists: listSummaries,
                          deployments: planned, prices: prices, objective: objective)
        result.profileOverrides = profileOverrides
        return result
    }

    /// The certification lists every output names, with their provenance.
    public var listSummaries: [CertificationListSummary] {
        certificationLists.map {
            CertificationListSummary(id: $0.id, provenance: $0.provenance, announcement: $0.announcement,
                                     published: $0.published, source: $0.source)
        }
    }

    /// Deployments in plan order (by name), for callers that plan one at a time.
    public func ordered(_ deployments: [ResolvedDeployment]) -> [ResolvedDeployment] {
        deployments.sorted { $0.deployment.name < $1.deployment.name }
    }

    public func plan(_ r: ResolvedDeployment) -> DeploymentPlan {
        var cache = PlanCache()
        return plan(r, cache: &cache)
    }

    /// Plans one deployment, reusing what `cache` holds from earlier calls.
    public func plan(_ r: ResolvedDeployment, cache: inout PlanCache) -> DeploymentPlan {
        let shape = ModelShape(r.architecture)
        var spaces: [Int: SearchSpace] = [:] // by node size
        cache.begin(r.deployment, owner: cacheOwner)
        let phase = r.deployment.workload.phase
        let candidates = chips.indices.map { index in
            // Fields read in place: a ChipEntry copy retains every string of a chip and a stack.
            // Ranks per node: the node's chips, or their dies under `rank: die`.
            let nodeSize = chips[index].profile.chipsPerNode * chips[index].profile.ranksPerChip(r.deployment.workload.rank)
            let space = spaces[nodeSize] ?? SearchSpace(
                architecture: r.architecture, workload: r.deployment.workload, chipsPerNode: nodeSize)
            spaces[nodeSize] = space
            var c = candidate(r.deployment, shape, chips[index].profile, stack: chips[index].stack,
                              certification: phase == .training ? chips[index].training : chips[index].inference,
                              space: space, chipIndex: index, &cache)
            price(&c, r.deployment.workload)
            return c
        }
        var ranked = rank(candidates, policy: r.deployment.requirements.certification, workload: r.deployment.workload)
        // When nothing fits, the nearest rejected chips one change might fit say which.
        if !ranked.contains(where: \.fits) {
            for i in ranked.indices.filter({ Self.oneChangeMightFit(ranked[$0]) }).prefix(Self.whatIfCandidates) {
                ranked[i].whatIfs = whatIfs(r.deployment, shape, ranked[i])
            }
        }
        return DeploymentPlan(name: r.deployment.name, spec: r.deployment.file, phase: r.deployment.workload.phase,
                              policy: r.deployment.requirements.certification, objective: objective, model: shape,
                              workload: r.deployment.workload, candidates: ranked)
    }

    /// Evaluates one chip for one deployment: policy first (so every rejection is listed),
    /// then precision, toolchain and the layout search.
    public func candidate(_ d: Deployment, _ shape: ModelShape, _ chip: ChipProfile) -> Candidate {
        var cache = PlanCache()
        cache.begin(d, owner: cacheOwner)
        let certification = CertificationStatus.evaluate(chip: chip.id, phase: d.workload.phase, asOf: asOf,
                                                         lists: certificationLists)
        var c = candidate(d, shape, chip, stack: stacks[chip.stack], certification: certification,
                          space: nil, chipIndex: nil, &cache)
        price(&c, d.workload)
        return c
    }

    /// Adds the candidate's power, energy and cost (`Economics`), in place: a candidate is
    /// large, and planning copies none it does not have to.
    func price(_ c: inout Candidate, _ w: Workload) {
        guard let e = c.evaluation else { return }
        c.economics = Economics(chip: c.chip, chips: e.chips, phase: w.phase, outputTokensPerSecond: e.throughput,
                                trainingHours: e.trainingDays.map { $0 * 24 }, prices: prices)
    }

    func candidate(_ d: Deployment, _ shape: ModelShape, _ chip: ChipProfile, stack: Stack?,
                   certification: CertificationStatus, space: SearchSpace?, chipIndex: Int?,
                   _ cache: inout PlanCache) -> Candidate {
        let w = d.workload
        var rejections: [Rejection] = []
        let req = d.requirements
        if let allow = req.chips, !allow.contains(chip.id) {
            rejections.append(Rejection(.notInAllowList, "not in the spec's `requirements.chips`"))
        }
        if req.excludeVendors.contains(where: { $0.lowercased() == chip.vendor.lowercased() }) {
            rejections.append(Rejection(.vendorExcluded, "vendor \(chip.vendor) is excluded by the spec"))
        }
        if req.certification == .required, let r = certification.rejection { rejections.append(r) }
        var warnings: [Rejection] = []
        if !chip.positioning.contains(w.phase) {
            let positioned = chip.positioning.map(\.rawValue).sorted().joined(separator: " and ")
            let text = "\(chip.name) is positioned for \(positioned) only (`positioning` in \(chip.file))"
            if w.phase == .training {
                // An inference card (no training stack, often no bf16, little memory bandwidth)
                // is not a training option, whatever the arithmetic says.
                rejections.append(Rejection(.notPositionedForPhase, text + "; training on it is not a supported use"))
            } else {
                // A training chip serves inference; the vendor just does not sell it for that.
                warnings.append(Rejection(.notPositionedForPhase, text + "; inference runs on it but is not what the vendor supports it for"))
            }
        }

        let calibration = Calibration.applying(to: chip, phase: w.phase, engine: w.serving.engine, in: calibrations)
        let efficiency = ResolvedEfficiency(spec: w.efficiency, chip: chip.efficiency, calibration: calibration, phase: w.phase)
        let precision: PrecisionChoice
        switch cache.precision(chipIndex, w, chip, stack) {
        case .failure(let r):
            rejections.append(r)
            return Candidate(chip: chip, certification: certification, rejections: rejections, precision: nil,
                             evaluation: nil, changes: cache.changes(d, chipIndex, stack, nil),
                             efficiency: efficiency, warnings: warnings)
        case .success(let p):
            // The cache keys choices by precision alone; the engine's W8A8 rate is added here.
            precision = w.phase == .inference ? p.under(w.serving.engine, chip: chip, stack: stack) : p
        }
        let changes = cache.changes(d, chipIndex, stack, precision)
        // Most candidates have no blocking change: tested before any array is made, by index
        // (`contains(where:)` over the elements copies each change, retaining its strings).
        if changes.indices.contains(where: { changes[$0].blocking }) {
            let blocking = changes.filter { $0.blocking }
            rejections.append(Rejection(.toolchainBlocked, "blocked by " + blocking.map {
                "\($0.component)" + ($0.note.map { " (\($0))" } ?? "")
            }.joined(separator: "; ")))
        }

        let evaluator = Evaluator(deployment: d, shape: shape, chip: chip, stack: stack, precision: precision,
                                  calibration: calibration)
        let limit = req.maxChips ?? Assumptions.defaultMaxChips
        // The search counts ranks: dies under `rank: die`, so the chip limit holds that many more.
        let rankLimit = limit * evaluator.ranksPerChip
        var search = LayoutSearch(evaluator: evaluator, maxChips: rankLimit, space: space)
        var evaluation: Evaluation?
        var evaluations = 0
        var poolEvaluations: [Evaluation.Pool] = []
        if case .disaggregated = w.serving.mode, w.phase == .inference, shape.architecture.kind == .encoder {
            rejections.append(Rejection(.noParallelLayout, "an encoder has no decode phase: `serving.disaggregation` does not apply to it"))
        } else if case .disaggregated = w.serving.mode, w.phase == .inference {
            var pools = PoolSearch(deployment: d, shape: shape, chip: chip, stack: stack, precision: precision,
                                   calibration: calibration, maxChips: limit)
            let (outcome, misses, found) = pools.run()
            poolEvaluations = found
            evaluations = pools.evaluations
            switch outcome {
            case .found(let e): evaluation = e
            case .missesTargets(let e):
                evaluation = e
                rejections += misses.map { Rejection($0.code, $0.message + " (closest pools found: \(describePools(poolEvaluations)))") }
            case .outOfMemory(let e):
                evaluation = e
                let pool = poolEvaluations.first { !$0.evaluation.memory.fits }?.evaluation ?? e
                rejections.append(Rejection(.outOfMemory,
                    "\(poolEvaluations.isEmpty ? "the decode pool" : "the prefill pool") needs \(gb(pool.memory.total)) per \(pool.device) but has \(gb(pool.memory.capacity)) even at the largest layout allowed (\(describe(pool, w)))"))
            case .noLayout(let why):
                rejections.append(Rejection(.noParallelLayout, why))
            }
        } else {
            switch search.run() {
            case .found(let e):
                evaluation = e
            case .missesTargets(let e):
                evaluation = e
                if let over = overLimit(search: &search, limit: limit, ranksPerChip: evaluator.ranksPerChip) { rejections.append(over) }
                else {
                    // No layout meets the targets: the figures shown are those of the layout whose
                    // worst miss is smallest.
                    let best = " (closest layout found: \(describe(e, evaluator.workload)))"
                    rejections += evaluator.misses(e).map { Rejection($0.code, $0.message + best) }
                }
            case .outOfMemory(let e):
                evaluation = e
                if let over = overLimit(search: &search, limit: limit, ranksPerChip: evaluator.ranksPerChip) { rejections.append(over) }
                else {
                    rejections.append(Rejection(.outOfMemory,
                        "needs \(gb(e.memory.total)) per \(e.device) but has \(gb(e.memory.capacity)) even at the largest layout allowed (\(describe(e, w)))"))
                }
            case .noLayout(let why):
                rejections.append(Rejection(.noParallelLayout,
                    tensorBeyondNode(w, chip, nodeRanks: evaluator.chipsPerNode, heads: shape.architecture.attentionHeads) ?? why))
            }
            evaluations = search.evaluations
        }
        if evaluation != nil, w.rank == .chip, chip.dies > 1 {
            warnings.append(Rejection(.diesAsOneDevice,
                "its \(chip.dies) dies are devices of their own to the engines that run it; planned here as one device, which leaves out the collectives between them and gives an engine the whole chip's memory (`rank: die` plans it as they run it)"))
        }
        if evaluation != nil, w.phase == .inference, w.serving.engine == nil {
            // Engines whose calibration would apply were the spec to name them.
            let named = Serving.Engine.allCases.compactMap { e -> (engine: Serving.Engine, calibration: Calibration)? in
                guard let c = Calibration.applying(to: chip, phase: .inference, engine: e, in: calibrations), c.engine == e else { return nil }
                return (e, c)
            }
            // Engines the stack says run W8A8 at a 16-bit rate, when W8A8 is planned.
            let rates = precision.compute == .int8 ? stack?.w8a8Rates ?? [] : []
            if let first = named.first?.engine ?? rates.first?.engines.first {
                // Without the files' paths, which explain and the plan's JSON give: a path can be
                // longer than a terminal line, and a note must wrap.
                var facts: [String] = [], used: [String] = []
                if !named.isEmpty {
                    let list = named.map { "\($0.engine.rawValue) (\($0.calibration.measurements) \($0.calibration.provenance.rawValue) measurements)" }
                    facts.append("calibrated for \(list.joined(separator: "; ")) on this chip")
                    used.append(calibration.map { "the calibration from \($0.measurements) \($0.provenance.rawValue) measurements" } ?? "chipfit's defaults")
                }
                for r in rates {
                    facts.append("under \(r.engines.map(\.rawValue).joined(separator: " and ")) its stack runs W8A8 at the \(r.rate.rawValue) rate, as measured")
                }
                if !rates.isEmpty { used.append("the int8 rate") }
                warnings.append(Rejection(.engineUnstated,
                    "\(facts.joined(separator: "; ")); the spec names no engine, so these figures use \(used.joined(separator: " and ")) (`workload.serving.engine: \(first.rawValue)` plans with that engine's)"))
            }
        }
        if let e = evaluation, e.runningLimitedByMemory {
            warnings.append(Rejection(.sequencesQueued,
                "the KV cache holds \(Int(e.runningSequences)) of the \(Int(e.sequencesPerReplica)) sequences each replica serves; the rest wait (`admission: memory`)"))
        }
        var final = changes
        if let e = evaluation {
            // Two devices, even two dies of one chip, need the collective library.
            if (e.poolChips > 0 ? e.poolChips : e.layout.ranks) > 1 { final = cache.multiChipChanges(d, chipIndex, stack, precision) }
            // A precision fallback states what it costs on the layout actually chosen.
            if let i = final.indices.first(where: { final[$0].step == .precision }) {
                final[i].note = (final[i].note ?? "") + "; weights \(gb(e.memory.weights)) per \(e.device) on the chosen layout"
            }
        }
        return Candidate(chip: chip, certification: certification, rejections: rejections, precision: precision,
                         evaluation: evaluation, pools: poolEvaluations, changes: final, efficiency: efficiency,
                         trainingRate: evaluation.flatMap(evaluator.trainingRate), evaluations: evaluations,
                         warnings: warnings)
    }

    /// A pinned tensor degree wider than a node rules out every layout (tensor parallelism stays
    /// inside a node); say so, and name `rank: die` when the degree would fit the node's dies.
    private func tensorBeyondNode(_ w: Workload, _ chip: ChipProfile, nodeRanks: Int, heads: Int) -> String? {
        guard let t = w.parallelism.tensor, t > nodeRanks else { return nil }
        let unit = w.rank == .die && chip.dies > 1 ? "dies" : "chips"
        var reason = "the pinned tensor degree \(t) is more than the \(nodeRanks) \(unit) of a node (tensor parallelism stays inside one)"
        if w.rank == .chip, chip.dies > 1, t <= nodeRanks * chip.dies, heads % t == 0 {
            reason += "; if the degrees count dies, as engines on the \(chip.name) do, add `rank: die`"
        }
        return reason
    }

    /// When the spec's `max_chips` is what stands in the way, say so with the count needed.
    private func overLimit(search: inout LayoutSearch, limit: Int, ranksPerChip: Int) -> Rejection? {
        guard limit < Assumptions.defaultMaxChips else { return nil }
        if case .found(let e) = search.search(limit: Assumptions.defaultMaxChips * ranksPerChip), e.chips > limit {
            return Rejection(.overMaxChips, "needs \(e.chips) chips; `max_chips` is \(limit)")
        }
        return nil
    }

    /// The order `rank` puts fitting chips in, for outputs to state next to the figures that decide it.
    /// How fitting chips are ordered under an objective, in words for every output.
    public static func rankingRule(_ objective: Objective) -> String {
        let first = switch objective {
        case .chips: ""
        case .cost: "lowest cost (per million output tokens, or of the training run; unknown last), then "
        case .energy: "least energy (per million output tokens, or of the training run; unknown last), then "
        case .latency: "lowest latency (TTFT + output tokens × TPOT, or training time), then "
        }
        return "fitting chips are ranked by certification (under policy preferred), then \(first)fewest chips, then no bf16 → fp16 fallback in training, then lowest migration effort score, then lowest power, then chip id"
    }

    /// The figure `objective` minimises for a candidate; unknown ranks after every known one.
    /// With the default objective it is 0 for all, and chips decide.
    func objectiveValue(_ c: Candidate, _ w: Workload) -> Double {
        let e = c.economics, training = w.phase == .training
        let value: Double? = switch objective {
        case .chips: 0
        case .cost: training ? e.trainingCost : e.costPerMillionOutputTokens
        case .energy: training ? e.trainingEnergyKWh : e.energyPerMillionOutputTokensKWh
        case .latency: training ? c.evaluation?.trainingDays
            : c.evaluation.flatMap { e in e.ttftSeconds.flatMap { ttft in e.tpotSeconds.map { ttft + Double(w.outputTokens) * $0 } } }
        }
        return value ?? .infinity
    }

    /// Fitting chips first, ranked by: certified (under `preferred`), the objective, fewest
    /// chips, no training precision fallback with numerical risk (bf16 → fp16), lowest
    /// migration effort, lowest power, then id. Rejected chips follow, nearest first (`Nearness`).
    func rank(_ candidates: [Candidate], policy: CertificationPolicy, workload: Workload) -> [Candidate] {
        // Keys are computed once per candidate, then the indices are sorted by them.
        struct Key {
            var certified: Bool, objective: Double, chips: Int, risky: Bool, effort: Int, power: Double, nearness: Nearness
        }
        func key(_ c: Candidate) -> Key {
            let chips = c.evaluation?.chips ?? .max
            return Key(certified: c.certification.isCertified, objective: objectiveValue(c, workload),
                       chips: chips, risky: c.hasTrainingPrecisionRisk(workload.phase), effort: c.effortScore,
                       power: c.layoutPower ?? .infinity, // unknown power ranks last
                       nearness: Nearness(c, workload))
        }
        let keys = candidates.indices.map { key(candidates[$0]) }
        let fitting = candidates.indices.filter { candidates[$0].fits }.sorted { i, j in
            let a = keys[i], b = keys[j]
            if policy == .preferred, a.certified != b.certified { return a.certified }
            if a.objective != b.objective { return a.objective < b.objective }
            if a.chips != b.chips { return a.chips < b.chips }
            if a.risky != b.risky { return !a.risky }
            if a.effort != b.effort { return a.effort < b.effort }
            if a.power != b.power { return a.power < b.power }
            return candidates[i].chip.id < candidates[j].chip.id
        }
        let rejected = candidates.indices.filter { !candidates[$0].fits }.sorted { i, j in
            let a = keys[i].nearness, b = keys[j].nearness
            if a != b { return a < b }
            return candidates[i].chip.id < candidates[j].chip.id
        }
        return (fitting + rejected).map { candidates[$0] }
    }

    /// How near a rejected chip comes to fitting, for listing the nearest first: a layout that
    /// holds the model (missing only policy or targets) before one that does not, before no
    /// layout at all; then the smaller miss (largest relative miss of a target, or memory
    /// needed over capacity); then fewer chips.
    struct Nearness: Comparable {
        var tier: Int, miss: Double, chips: Int

        init(_ c: Candidate, _ w: Workload) {
            guard let e = c.evaluation else { (tier, miss, chips) = (2, .infinity, .max); return }
            chips = e.chips
            if e.memory.fits {
                tier = 0
                miss = LayoutSearch.severity(e, w)
            } else {
                tier = 1
                miss = e.memory.total / e.memory.capacity
            }
            if miss.isNaN { miss = .infinity }
        }

        static func < (a: Nearness, b: Nearness) -> Bool {
            (a.tier, a.miss, a.chips) < (b.tier, b.miss, b.chips)
        }
    }
}

/// Derivations that repeat across chips and deployments, kept between `Planner.plan` calls.
/// The toolchain changes depend on the spec's toolchain and phase, the stack and the
/// precision, not on the chip or the model: chips that share a stack (several Ascend parts
/// on CANN) and specs that share a toolchain share one derivation.
///
/// A cache belongs to one catalogue: it holds choices by chip position, and is emptied if a
/// planner with other chips or stacks uses it.
public struct PlanCache: Sendable {
    /// The toolchain as written, not as compared: `2.9` and `2.9.0` are equal versions but
    /// the changes quote the spec's own text. The sites a scan found are part of it: two specs
    /// with one toolchain and different code get different counts.
    private struct ToolchainKey: Hashable {
        var text: [String], phase: Phase, sites: [String: SiteCount]

        init(_ t: Toolchain, _ phase: Phase) {
            text = [t.framework?.description ?? "", t.runtime?.description ?? ""] + t.components.map(\.description)
            self.phase = phase
            sites = t.sites
        }
    }
    /// What a derivation depends on.
    private struct DerivationKey: Hashable {
        var toolchain: Int, stack: String?, precision: PrecisionChoice?
    }
    /// A planner chip's precision slot (`precision`) fixes its stack and its precision choice,
    /// so with the toolchain it fixes the derivation: the lookup every candidate makes hashes
    /// two integers, not a stack id and a precision choice.
    private struct SlotKey: Hashable {
        var toolchain: Int, slot: Int
    }
    /// Each distinct toolchain and phase gets a number once per deployment, so the per-chip
    /// key hashes an integer rather than the toolchain's strings.
    private var toolchains: [ToolchainKey: Int] = [:]
    private var current = -1
    /// The chips and stacks of the planner using the cache, to notice another planner.
    private var owner: Owner?

    /// A planner's chips in order with their stacks, compared by identity: profiles and stacks
    /// are immutable classes, held here so that an address cannot be reused by another
    /// catalogue's while the cache lives.
    struct Owner: Sendable {
        let chips: [ChipProfile]
        let stacks: [Stack?]

        func isSame(as other: Owner) -> Bool {
            chips.count == other.chips.count && stacks.count == other.stacks.count
                && zip(chips, other.chips).allSatisfy { $0 === $1 }
                && zip(stacks, other.stacks).allSatisfy { $0 === $1 }
        }
    }
    /// The changes for a single chip, and (derived on first need) for a layout of several,
    /// which adds only the collective-library switch.
    private struct Migration {
        var single: [ToolchainChange]
        var multi: [ToolchainChange]?
    }
    private var migrations: [Migration] = []
    private var byDerivation: [DerivationKey: Int] = [:]
    private var bySlot: [SlotKey: Int] = [:]
    /// Bounds memory when every spec has its own toolchain: `migrations` and the toolchain
    /// numbers directly, `bySlot` through them (at most toolchains × slots entries).
    private static let capacity = 4096

    public init() {}

    /// Precision choices by chip (its index in the planner), phase, requested and KV-cache
    /// precision: they depend on nothing else, and every deployment asks for them.
    private var precisions: [Result<PrecisionChoice, Rejection>?] = []

    private func slot(_ chipIndex: Int, _ w: Workload) -> Int {
        let n = Precision.allCases.count
        return ((chipIndex * 2 + (w.phase == .training ? 1 : 0)) * n + w.precision.index) * n + w.kvCachePrecision.index
    }

    mutating func precision(_ chipIndex: Int?, _ w: Workload, _ chip: ChipProfile, _ stack: Stack?) -> Result<PrecisionChoice, Rejection> {
        func choose() -> Result<PrecisionChoice, Rejection> {
            PrecisionChoice.choose(requested: w.precision, kvCache: w.kvCachePrecision, phase: w.phase, chip: chip, stack: stack)
        }
        guard let chipIndex else { return choose() }
        let slot = slot(chipIndex, w)
        if slot >= precisions.count { precisions += Array(repeating: nil, count: slot + 1 - precisions.count) }
        if let hit = precisions[slot] { return hit }
        let result = choose()
        precisions[slot] = result
        return result
    }

    /// Call before a deployment's candidates, with the planner's chips and stacks.
    mutating func begin(_ d: Deployment, owner planner: Owner) {
        if !(owner?.isSame(as: planner) ?? false) {
            self = PlanCache()
            owner = planner
        }
        if toolchains.count >= Self.capacity || migrations.count >= Self.capacity {
            toolchains.removeAll(keepingCapacity: true)
            migrations.removeAll(keepingCapacity: true)
            byDerivation.removeAll(keepingCapacity: true)
            bySlot.removeAll(keepingCapacity: true)
        }
        let key = ToolchainKey(d.toolchain, d.workload.phase)
        if let id = toolchains[key] {
            current = id
        } else {
            current = toolchains.count
            toolchains[key] = current
        }
    }

    /// The changes for `d` on a chip with this stack and precision (the chip's position in
    /// the planner, when it has one, keys the lookup). `begin` must have been called for `d`.
    mutating func changes(_ d: Deployment, _ chipIndex: Int?, _ stack: Stack?, _ precision: PrecisionChoice?) -> [ToolchainChange] {
        migrations[migration(d, chipIndex, stack, precision)].single
    }

    /// `MigrationPlanner.layoutChanges` for a layout of more than one chip: a function of the
    /// same key as `changes`, derived once per cached entry. `begin` must have been called for `d`.
    mutating func multiChipChanges(_ d: Deployment, _ chipIndex: Int?, _ stack: Stack?, _ precision: PrecisionChoice?) -> [ToolchainChange] {
        let i = migration(d, chipIndex, stack, precision)
        if let multi = migrations[i].multi { return multi }
        let multi = MigrationPlanner.layoutChanges(migrations[i].single, stack: stack, chips: 2)
        migrations[i].multi = multi
        return multi
    }

    /// The index in `migrations` of the entry for this deployment, stack and precision,
    /// looked up or derived and added.
    private mutating func migration(_ d: Deployment, _ chipIndex: Int?, _ stack: Stack?, _ precision: PrecisionChoice?) -> Int {
        let slotKey = chipIndex.map { SlotKey(toolchain: current, slot: slot($0, d.workload)) }
        if let slotKey, let i = bySlot[slotKey] { return i }
        let key = DerivationKey(toolchain: current, stack: stack?.id, precision: precision)
        let i: Int
        if let known = byDerivation[key] {
            i = known
        } else {
            migrations.append(Migration(single: MigrationPlanner.changes(for: d, stack: stack, precision: precision)))
            i = migrations.count - 1
            byDerivation[key] = i
        }
        if let slotKey { bySlot[slotKey] = i }
        return i
    }
}

/// "TP 8, PP 1, DP 64, 512 chips", saying when the data degree is capped by the sequences to serve.
func describe(_ e: Evaluation, _ w: Workload) -> String {
    let l = e.layout
    let capped = w.phase == .inference && l.data == w.concurrency ? " (one replica per sequence)" : ""
    return "TP \(l.tensor), PP \(l.pipeline), DP \(l.data)\(capped), \(rankCount(e))"
}

/// "512 chips", or under `rank: die` "16 dies on 8 chips".
public func rankCount(_ e: Evaluation) -> String {
    func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
    return e.ranksPerChip > 1 ? "\(count(e.layout.ranks, "die")) on \(count(e.chips, "chip"))" : count(e.layout.ranks, "chip")
}

func gb(_ bytes: Double) -> String { "\(fmt(bytes / 1e9)) GB" }

/// A disaggregated deployment's pools, for messages: "prefill TP 8, PP 1, DP 2 (16 chips) + decode …".
public func describePools(_ pools: [Evaluation.Pool]) -> String {
    pools.map { p in
        let l = p.evaluation.layout
        return "\(p.role.rawValue) TP \(l.tensor), PP \(l.pipeline), DP \(l.data)" + (l.expert > 1 ? ", EP \(l.expert)" : "") + " (\(rankCount(p.evaluation)))"
    }.joined(separator: " + ")
}
