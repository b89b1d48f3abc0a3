/// The planner's answer for a set of deployments, as values; renderers turn it into a
/// table, JSON, Markdown or HTML.
public struct Plan: Sendable {
    public var asOf: Day
    public var certificationLists: [CertificationListSummary]
    public var deployments: [DeploymentPlan]
    /// The price list costs come from, when one was given.
    public var prices: PriceList?
    /// What the recommendations minimise.
    public var objective: Objective
    /// Shipped profiles a team's profiles replaced, named by every output.
    public var profileOverrides: [ProfileOverride] = []

    public init(asOf: Day, certificationLists: [CertificationListSummary], deployments: [DeploymentPlan],
                prices: PriceList? = nil, objective: Objective = .chips) {
        self.asOf = asOf
        self.certificationLists = certificationLists
        self.deployments = deployments
        self.prices = prices
        self.objective = objective
    }
}

public struct CertificationListSummary: Sendable, Hashable {
    public var id: String
    public var provenance: Provenance
    public var announcement: String
    public var published: Day
    public var source: String
}

public struct DeploymentPlan: Sendable {
    public var name: String
    public var spec: String
    public var phase: Phase
    public var policy: CertificationPolicy
    /// What the ranking minimises (`Planner.rankingRule`).
    public var objective: Objective = .chips
    public var model: ModelShape
    /// The spec's workload, for its targets (SLOs, deadline) in reports.
    public var workload: Workload
    /// Candidates, best first: fitting chips by rank, then the rejected ones.
    public var candidates: [Candidate]

    public var recommended: Candidate? { candidates.first { $0.fits } }
    public var fits: Bool { recommended != nil }
}

public struct Candidate: Sendable {
    public var chip: ChipProfile
    public var certification: CertificationStatus
    /// The certificate counts for this deployment (always true under `ignore`).
    public var fits: Bool { rejections.isEmpty }
    public var rejections: [Rejection]
    public var precision: PrecisionChoice?
    /// The chosen layout, or for a rejected chip the closest one tried (nil when none was evaluated).
    public var evaluation: Evaluation? {
        get { evaluationBox?.evaluation }
        set { evaluationBox = newValue.map(EvaluationBox.init) }
    }
    /// Held by reference: an evaluation is most of a candidate's bytes, and ranking and planning
    /// copy candidates many times.
    private var evaluationBox: EvaluationBox?
    /// Disaggregated serving: the prefill and decode pools, in that order; empty when colocated.
    public var pools: [Evaluation.Pool]
    public var changes: [ToolchainChange]
    public var efficiency: ResolvedEfficiency
    /// Training: the chosen layout's tokens per second and MFU.
    public var trainingRate: TrainingRate?
    /// Layouts the search evaluated for this chip (for benchmarks and `explain`).
    public var evaluations: Int = 0
    /// Reasons to look twice that do not rule the chip out, with the codes rejections use
    /// (inference on a chip the vendor positions for training only).
    public var warnings: [Rejection] = []
    /// Power, energy and, with a price list, cost of the chosen layout.
    public var economics = Economics()
    /// For a chip that does not fit: single changes to the deployment that would make it fit.
    public var whatIfs: [WhatIf] = []
    public var effortScore: Int { MigrationPlanner.effortScore(changes) }
    /// The entries of `changes` the team has work to do for (`ToolchainChange.needsWork`).
    public var workItems: [ToolchainChange] { changes.filter(\.needsWork) }
    public var blocking: [ToolchainChange] { changes.filter(\.blocking) }
    /// Board power of the chosen layout in watts (chips × the profile's power), when known.
    public var layoutPower: Double? {
        guard let e = evaluation, let watts = chip.power else { return nil }
        return Double(e.chips) * watts
    }

    init(chip: ChipProfile, certification: CertificationStatus, rejections: [Rejection], precision: PrecisionChoice?,
         evaluation: Evaluation?, pools: [Evaluation.Pool] = [], changes: [ToolchainChange], efficiency: ResolvedEfficiency,
         trainingRate: TrainingRate? = nil, evaluations: Int = 0, warnings: [Rejection] = []) {
        self.chip = chip
        self.certification = certification
        self.rejections = rejections
        self.precision = precision
        self.evaluationBox = evaluation.map(EvaluationBox.init)
        self.pools = pools
        self.changes = changes
        self.efficiency = efficiency
        self.trainingRate = trainingRate
        self.evaluations = evaluations
        self.warnings = warnings
    }

    /// Training in fp16 where bf16 was asked for: loss scaling and overflow are a real risk to
    /// the run, so such a chip ranks after native-bf16 chips of the same count.
    public func hasTrainingPrecisionRisk(_ phase: Phase) -> Bool {
        guard phase == .training, let p = precision else { return false }
        return p.requested == .bf16 && p.compute == .fp16
    }
}

/// An evaluation on the heap, immutable, so a candidate holding it copies as a reference.
final class EvaluationBox: Sendable {
    let evaluation: Evaluation
    init(_ evaluation: Evaluation) { self.evaluation = evaluation }
}
