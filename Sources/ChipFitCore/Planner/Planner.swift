/// Plans every deployment of a workspace against its catalogue. Pure: the plan date is an input.
public struct Planner: Sendable {
    public let catalog: Catalog
    public let asOf: Day
    /// Chips in id order, sorted once rather than per deployment.
    private let chips: [ChipProfile]

    public init(catalog: Catalog, asOf: Day) {
        self.catalog = catalog
        self.asOf = asOf
        chips = catalog.chips.values.sorted { $0.id < $1.id }
    }

    public func plan(_ deployments: [ResolvedDeployment]) -> Plan {
        Plan(asOf: asOf, certificationLists: listSummaries, deployments: ordered(deployments).map(plan))
    }

    /// The certification lists every output names, with their provenance.
    public var listSummaries: [CertificationListSummary] {
        catalog.certificationLists.map {
            CertificationListSummary(id: $0.id, provenance: $0.provenance, announcement: $0.announcement,
                                     published: $0.published, source: $0.source)
        }
    }

    /// Deployments in plan order (by name), for callers that plan one at a time.
    public func ordered(_ deployments: [ResolvedDeployment]) -> [ResolvedDeployment] {
        deployments.sorted { $0.deployment.name < $1.deployment.name }
    }

    public func plan(_ r: ResolvedDeployment) -> DeploymentPlan {
        let shape = ModelShape(r.architecture)
        let candidates = chips.map { candidate(r.deployment, shape, $0) }
        return DeploymentPlan(name: r.deployment.name, spec: r.deployment.file, phase: r.deployment.workload.phase,
                              policy: r.deployment.requirements.certification, model: shape, workload: r.deployment.workload,
                              candidates: rank(candidates, policy: r.deployment.requirements.certification))
    }

    /// Evaluates one chip for one deployment: policy first (so every rejection is listed),
    /// then precision, toolchain and the layout search.
    public func candidate(_ d: Deployment, _ shape: ModelShape, _ chip: ChipProfile) -> Candidate {
        let stack = catalog.stacks[chip.stack]
        let w = d.workload
        let certification = CertificationStatus.evaluate(chip: chip.id, phase: w.phase, asOf: asOf,
                                                         lists: catalog.certificationLists)
        var rejections: [Rejection] = []
        let req = d.requirements
        if let allow = req.chips, !allow.contains(chip.id) {
            rejections.append(Rejection(.notInAllowList, "not in the spec's `requirements.chips`"))
        }
        if req.excludeVendors.contains(where: { $0.lowercased() == chip.vendor.lowercased() }) {
            rejections.append(Rejection(.vendorExcluded, "vendor \(chip.vendor) is excluded by the spec"))
        }
        if req.certification == .required, let r = certification.rejection { rejections.append(r) }

        let efficiency = ResolvedEfficiency(spec: w.efficiency, chip: chip.efficiency)
        let precision: PrecisionChoice
        switch PrecisionChoice.choose(requested: w.precision, kvCache: w.kvCachePrecision, phase: w.phase,
                                      chip: chip, stack: stack) {
        case .failure(let r):
            rejections.append(r)
            return Candidate(chip: chip, certification: certification, rejections: rejections, precision: nil,
                             evaluation: nil, changes: MigrationPlanner.changes(for: d, stack: stack, precision: nil),
                             efficiency: efficiency)
        case .success(let p):
            precision = p
        }
        let changes = MigrationPlanner.changes(for: d, stack: stack, precision: precision)
        let blocking = changes.filter(\.blocking)
        if !blocking.isEmpty {
            rejections.append(Rejection(.toolchainBlocked, "blocked by " + blocking.map {
                "\($0.component)" + ($0.note.map { " (\($0))" } ?? "")
            }.joined(separator: "; ")))
        }

        let evaluator = Evaluator(deployment: d, shape: shape, chip: chip, stack: stack, precision: precision)
        let limit = req.maxChips ?? Assumptions.defaultMaxChips
        var search = LayoutSearch(evaluator: evaluator, maxChips: limit)
        var evaluation: Evaluation?
        switch search.run() {
        case .found(let e):
            evaluation = e
        case .missesTargets(let e):
            evaluation = e
            if let over = overLimit(search: &search, limit: limit) { rejections.append(over) }
            else { rejections += evaluator.misses(e) }
        case .outOfMemory(let e):
            evaluation = e
            if let over = overLimit(search: &search, limit: limit) { rejections.append(over) }
            else {
                rejections.append(Rejection(.outOfMemory,
                    "needs \(gb(e.memory.total)) per chip but has \(gb(e.memory.capacity)) even at the largest layout allowed (TP \(e.layout.tensor), PP \(e.layout.pipeline), DP \(e.layout.data), \(e.layout.chips) chips)"))
            }
        case .noLayout(let why):
            rejections.append(Rejection(.noParallelLayout, why))
        }
        var final = changes
        if let e = evaluation {
            final = MigrationPlanner.layoutChanges(final, stack: stack, chips: e.layout.chips)
            // A precision fallback states what it costs on the layout actually chosen.
            if let i = final.firstIndex(where: { $0.component == "precision" }) {
                final[i].note = (final[i].note ?? "") + "; weights \(gb(e.memory.weights)) per chip on the chosen layout"
            }
        }
        return Candidate(chip: chip, certification: certification, rejections: rejections, precision: precision,
                         evaluation: evaluation, changes: final, efficiency: efficiency, evaluations: search.evaluations)
    }

    /// When the spec's `max_chips` is what stands in the way, say so with the count needed.
    private func overLimit(search: inout LayoutSearch, limit: Int) -> Rejection? {
        guard limit < Assumptions.defaultMaxChips else { return nil }
        if case .found(let e) = search.search(limit: Assumptions.defaultMaxChips), e.layout.chips > limit {
            return Rejection(.overMaxChips, "needs \(e.layout.chips) chips; `max_chips` is \(limit)")
        }
        return nil
    }

    /// Fitting chips first, ranked by: certified (under `preferred`), fewest chips, lowest
    /// migration effort, lowest power, then id. Rejected chips follow, by id.
    func rank(_ candidates: [Candidate], policy: CertificationPolicy) -> [Candidate] {
        let fitting = candidates.filter(\.fits).sorted { a, b in
            if policy == .preferred, a.certification.isCertified != b.certification.isCertified {
                return a.certification.isCertified
            }
            let ca = a.evaluation?.layout.chips ?? .max, cb = b.evaluation?.layout.chips ?? .max
            if ca != cb { return ca < cb }
            if a.effortScore != b.effortScore { return a.effortScore < b.effortScore }
            let pa = Double(ca) * a.chip.power, pb = Double(cb) * b.chip.power
            if pa != pb { return pa < pb }
            return a.chip.id < b.chip.id
        }
        let rejected = candidates.filter { !$0.fits }.sorted { $0.chip.id < $1.chip.id }
        return fitting + rejected
    }
}

func gb(_ bytes: Double) -> String { "\(fmt(bytes / 1e9)) GB" }
