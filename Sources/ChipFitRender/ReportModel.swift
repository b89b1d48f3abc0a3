import ChipFitSpec
import ChipFitPlanner

/// Everything a migration report shows before and after its per-deployment sections,
/// computed once so the Markdown and HTML renderers present the same facts. It holds one
/// summary row per deployment; the sections are rendered from each `DeploymentPlan`, either
/// all at hand (`init(plan:…)`) or one batch at a time as they are planned (`ReportStream`),
/// so a report of 20,000 deployments need not hold 20,000 plans.
public struct ReportModel: Sendable {
    public struct Input: Sendable, Hashable {
        public var path: String
        public var sha256: String
        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    public enum Verdict: String, Sendable {
        case recommended, fits, policy, rejected

        /// A chip rejected only by policy (certification, vendor, allow-list) would otherwise fit.
        static func of(_ c: Candidate, recommended: String?) -> Verdict {
            if c.fits { return c.chip.id == recommended ? .recommended : .fits }
            return c.rejections.allSatisfy(\.code.isPolicy) ? .policy : .rejected
        }

        public var symbol: String {
            switch self {
            case .recommended: "★"
            case .fits: "✔"
            case .policy: "◐"
            case .rejected: "✘"
            }
        }

        public var label: String {
            switch self {
            case .recommended: "recommended"
            case .fits: "fits"
            case .policy: "would fit, excluded by policy"
            case .rejected: "does not fit"
            }
        }
    }

    /// What the first screen and the fit matrix show of one deployment.
    public struct Row: Sendable {
        public var name: String
        public var phase: Phase
        public var recommended: Candidate?
        public var rollout: Rollout?
        /// Each candidate chip's verdict, by chip id.
        public var verdicts: [String: Verdict]
    }

    /// The summary row of a planned deployment.
    public static func row(_ d: DeploymentPlan, asOf: Day, rollout: RolloutAssumptions) -> Row {
        let r = d.recommended
        return Row(name: d.name, phase: d.phase, recommended: r,
                   rollout: r.map { Rollout(changes: $0.changes, start: asOf, assumptions: rollout) },
                   verdicts: Dictionary(d.candidates.map { ($0.chip.id, Verdict.of($0, recommended: r?.chip.id)) },
                                        uniquingKeysWith: { a, _ in a }))
    }

    /// The first screen's answer for one deployment; nil fields when no chip fits.
    public struct Summary: Sendable {
        public var chipName: String
        public var chipID: String
        public var chips: Int
        public var certified: String
        public var changes: String
        public var engineerDays: String
        public var ready: Day
    }

    public func summary(_ r: Row) -> Summary? {
        guard let c = r.recommended, let e = c.evaluation, let ro = r.rollout else { return nil }
        return Summary(chipName: c.chip.name, chipID: c.chip.id, chips: e.chips, certified: certifiedText(c),
                       changes: changeSummary(c), engineerDays: "\(Format.number(ro.engineerDays)) engineer-days", ready: ro.ready)
    }

    public let asOf: Day
    public let certificationLists: [CertificationListSummary]
    /// The price list costs come from, when one was given.
    public let prices: PriceList?
    /// Shipped profiles the team's replaced.
    public let profileOverrides: [ProfileOverride]
    public let version: String
    public let inputs: [Input]
    public let rollout: RolloutAssumptions
    public let rows: [Row]
    /// How close the model has come to published measurements, by phase (`FidelityRecord`).
    public let fidelity: [Phase: FidelityRecord]
    /// Every chip that appears in any deployment, sorted by id.
    public let chips: [String]
    /// The planned deployments when the whole plan is at hand (`init(plan:…)`); empty when the
    /// sections are rendered as the deployments are planned.
    public private(set) var deployments: [DeploymentPlan]
    /// Each deployment's position in the report (from 1), by name: HTML anchors use it.
    public let position: [String: Int]

    /// A report of a whole plan.
    public init(plan: Plan, version: String, inputs: [Input], rollout: RolloutAssumptions = .default,
                fidelity: [Phase: FidelityRecord] = FidelityRecord.suites) {
        self.init(asOf: plan.asOf, certificationLists: plan.certificationLists, prices: plan.prices,
                  rows: plan.deployments.map { Self.row($0, asOf: plan.asOf, rollout: rollout) },
                  version: version, inputs: inputs, rollout: rollout, overrides: plan.profileOverrides, fidelity: fidelity)
        deployments = plan.deployments
    }

    /// A report whose sections are rendered by the caller, one deployment at a time.
    public init(asOf: Day, certificationLists: [CertificationListSummary], prices: PriceList? = nil, rows: [Row], version: String,
                inputs: [Input], rollout: RolloutAssumptions = .default, overrides: [ProfileOverride] = [],
                fidelity: [Phase: FidelityRecord] = FidelityRecord.suites) {
        self.asOf = asOf
        self.fidelity = fidelity
        profileOverrides = overrides
        self.certificationLists = certificationLists
        self.prices = prices
        self.version = version
        self.inputs = inputs.sorted { $0.path < $1.path }
        self.rollout = rollout
        self.rows = rows
        chips = Array(Set(rows.flatMap(\.verdicts.keys))).sorted()
        deployments = []
        position = Dictionary(rows.enumerated().map { ($1.name, $0 + 1) }, uniquingKeysWith: { a, _ in a })
    }

    public func verdict(_ row: Row, chip: String) -> Verdict? { row.verdicts[chip] }

    /// Whether a recommended plan's changes carry sites from a scan of the team's code.
    public var sitesCounted: Bool { rows.contains { $0.recommended?.changes.contains { $0.sites != nil } == true } }

    /// The report's closing assumptions, one plain sentence each: the model's defaults, the
    /// rollout's figures and, for each phase the report plans, how close the model has come to
    /// published measurements of that phase.
    public var assumptions: [String] {
        var lines = [
            "Efficiency (fraction of peak achieved): compute \(Assumptions.servingComputeEfficiency) when serving and \(Assumptions.computeEfficiency) when training, interconnect \(Assumptions.interconnectEfficiency), routed-expert matmuls \(Assumptions.servingExpertComputeEfficiency) when serving, memory \(Assumptions.servingMemoryEfficiency) when serving and \(Assumptions.memoryEfficiency) when training, unless a chip profile or spec overrides them (listed per deployment); \(Format.number(Assumptions.iterationOverhead * 1000)) ms of host time per serving engine iteration unless the spec gives its engine's. Sources in docs/model.md.",
            "Runtime reserve: \(Int(Assumptions.memoryReserveFraction * 100)) % of device memory.",
            "Effort: \(ReportText.effortDays(rollout, scaled: sitesCounted)); \(rollout.engineers) engineers in parallel; \(Format.number(rollout.validationDays)) working days of validation.",
            "Chip figures marked uncertain in their profiles are listed per deployment; vendor figures for Chinese accelerators rarely state whether they are dense or sparse.",
        ]
        for phase in Phase.allCases {
            let planned = rows.filter { $0.phase == phase }
            guard !planned.isEmpty, let record = fidelity[phase] else { continue }
            lines.append(record.sentence(recommended: planned.compactMap { $0.recommended?.chip.vendor }))
        }
        return lines
    }

    /// A recommendation's layout in words: "tensor 4 × pipeline 1 × data 1 over their 4 dies,
    /// experts over 4" (the dies under `rank: die`, the experts for a MoE model).
    public static func layout(_ e: Evaluation, moe: Bool) -> String {
        let l = e.layout
        return "tensor \(l.tensor) × pipeline \(l.pipeline) × data \(l.data)"
            + (e.ranksPerChip > 1 ? " over their \(l.ranks) dies" : "") + (moe ? ", experts over \(l.expert)" : "")
    }

    /// What the fidelity suite of a deployment's phase says of the chip a candidate is planned on
    /// with the calibration it is planned with (`FidelityRecord.measured(on:name:engine:)`), for
    /// the deployment's section.
    public func measured(_ d: DeploymentPlan, _ c: Candidate) -> String? {
        fidelity[d.phase]?.measured(on: c.chip.id, name: c.chip.name, engine: c.efficiency.calibration?.engine?.rawValue)
    }

    /// Lists whose provenance is not official: the report flags them on its first screen.
    public var provenanceWarnings: [String] {
        certificationLists.filter { $0.provenance != .official }.map { l in
            l.provenance == .press
                ? "Certification list `\(l.id)` is **as reported in the press**, not the official announcement text. Verify certificates against the official list before procurement."
                : "Certification list `\(l.id)` is **sample data**, made up for tests and demos. It certifies nothing."
        }
    }

    public func certifiedText(_ c: Candidate) -> String {
        guard c.certification.isCertified else { return "no" }
        return c.certification.mappingAssumed ? "yes (assumed product mapping)" : "yes"
    }

    /// Shipped profiles the team's replaced, flagged on the first screen: the figures behind a
    /// chip may be the team's own.
    public var overrideWarnings: [String] {
        profileOverrides.map { "\($0.kind) `\($0.id)` is the team's profile (\($0.file)), not the one shipped with chipfit." }
    }

    /// Where a change's sites are, busiest file first: at most `limit` files, then how many more.
    public static func siteFiles(_ s: SiteCount, limit: Int = 8) -> (files: [(file: String, sites: Int)], more: Int) {
        let sorted = s.files.map { (file: $0.key, sites: $0.value) }.sorted { ($0.sites, $1.file) > ($1.sites, $0.file) }
        return (Array(sorted.prefix(limit)), max(0, sorted.count - limit))
    }

    /// The price list's provenance, flagged on the first screen as certification lists are.
    public var priceWarning: String? {
        guard let p = prices else { return nil }
        return switch p.provenance {
        case .quote: nil
        case .press: "Prices `\(p.id)` are **as reported in the press**, not a quote. Get quotes before budgeting."
        case .sample: "Prices `\(p.id)` are **sample figures**, made up for trying chipfit out. They are not real prices."
        }
    }

    /// The ranking table's header: what decides the order, then energy and, with prices, cost,
    /// per million output tokens (inference) or for the whole run (training).
    public func rankingHeader(_ d: DeploymentPlan) -> [String] {
        let per = d.phase == .inference ? "per million output tokens" : "whole run"
        return ["rank", "chip", "certified", "chips", "precision", "migration effort score", "power (kW)", "energy (kWh, \(per))"]
            + (prices.map { ["cost (\($0.currency), \(per))"] } ?? []) + ["notes"]
    }

    /// The fitting chips in rank order with the figures the order is decided by, as table
    /// cells under `rankingHeader` (`Planner.rankingRule` says how they decide it).
    public func ranking(_ d: DeploymentPlan) -> [[String]] {
        d.candidates.filter(\.fits).enumerated().map { i, c in
            let p = c.precision.map { p in
                p.weights.rawValue + (p.weights != p.requested ? " (fallback from \(p.requested.rawValue))"
                    : p.fallback != nil ? " (\(p.fallback!))" : "")
            } ?? "-"
            let x = c.economics, training = d.phase == .training
            let energy = (training ? x.trainingEnergyKWh : x.energyPerMillionOutputTokensKWh).map(Format.number) ?? "unknown"
            let cost = (training ? x.trainingCost : x.costPerMillionOutputTokens).map(Format.number) ?? "unknown"
            return ["\(i + 1)", c.chip.id, certifiedText(c), c.evaluation.map { "\($0.chips)" } ?? "-", p,
                    "\(c.effortScore)", c.layoutPower.map { Format.number($0 / 1000) } ?? "unknown", energy]
                + (prices == nil ? [] : [cost])
                + [c.warnings.isEmpty ? "–" : c.warnings.map(\.message).joined(separator: "; ")]
        }
    }

    /// The candidates the charts show: fitting ones first, then the closest rejected, up to `limit`.
    public func charted(_ d: DeploymentPlan, limit: Int = 6) -> [Candidate] {
        Array(d.candidates.filter { $0.evaluation != nil && $0.evaluation!.memory.fits }.prefix(limit))
    }

    /// "7: vllm, flash-attn (medium+)": how many changes, naming the ones of medium or high effort.
    public func changeSummary(_ c: Candidate) -> String {
        let changed = c.workItems
        let big = changed.filter { $0.effort >= .medium }.map(\.component)
        guard !changed.isEmpty else { return "none" }
        return "\(changed.count)" + (big.isEmpty ? " (all low effort)" : ": " + big.joined(separator: ", ") + " (medium+)")
    }
}

/// Memory segments in chart order, with labels.
enum MemorySegment: CaseIterable {
    case weights, kvCache, activations, gradients, optimizer, overhead

    var label: String {
        switch self {
        case .weights: "weights"
        case .kvCache: "KV cache"
        case .activations: "activations"
        case .gradients: "gradients"
        case .optimizer: "optimizer"
        case .overhead: "reserve"
        }
    }

    func bytes(_ m: MemoryBreakdown) -> Double {
        switch self {
        case .weights: m.weights
        case .kvCache: m.kvCache ?? 0
        case .activations: m.activations
        case .gradients: m.gradients ?? 0
        case .optimizer: m.optimizer ?? 0
        case .overhead: m.overhead
        }
    }
}

enum ReportText {
    /// Engineer-days per change by effort level, e.g. "low 2 d, medium 8 d, high 20 d per change".
    /// - Parameter scaled: some change's sites were counted by a scan, and its days scaled.
    static func effortDays(_ r: RolloutAssumptions, scaled: Bool = false) -> String {
        Effort.allCases.filter { $0 != .none }.map { "\($0.rawValue) \(Format.number(r.daysPerEffort[$0] ?? 0)) d" }.joined(separator: ", ")
            + " per change" + (scaled ? " (times 1 + ⌊log₂ sites⌋ for a change whose sites a scan of the code counted)" : "")
    }

    /// The spec's targets as table cells; "–" where the spec sets none.
    static func targets(_ w: Workload) -> (ttft: String, tpot: String, throughput: String, deadline: String) {
        (ttft: w.slo.ttftMs.map { "≤ \(Format.number($0)) ms" } ?? "–",
         tpot: w.slo.tpotMs.map { "≤ \(Format.number($0)) ms" } ?? "–",
         throughput: w.slo.throughputTokensPerSecond.map { "≥ \(Format.number($0)) tokens/s" } ?? "–",
         deadline: w.deadlineDays.map { "≤ \(Format.number($0)) days" } ?? "–")
    }
}
