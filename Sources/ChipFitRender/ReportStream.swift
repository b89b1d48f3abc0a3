import ChipFitSpec
import ChipFitPlanner

/// A migration report of any number of deployments, written as it is made: the deployments
/// are planned in batches on every core, once for the summary rows that the first screen and
/// the fit matrix need, then again for the sections, each batch rendered, written and dropped.
/// Memory grows with the summary rows (one recommended candidate per deployment), not with
/// whole plans; the report is the same text `render(ReportModel(plan:…))` makes.
public enum ReportStream {
    public enum Format: Sendable { case markdown, html }

    /// Deployments planned at a time: enough to keep every core busy.
    static let batch = 256

    public static func write(planner: Planner, deployments: [ResolvedDeployment], format: Format, version: String,
                             inputs: [ReportModel.Input], rollout: RolloutAssumptions,
                             fidelity: [Phase: FidelityRecord] = FidelityRecord.suites,
                             to write: (String) throws -> Void) rethrows {
        let ordered = planner.ordered(deployments)
        let caches = PlanCaches()
        func planned(_ range: Range<Int>) -> [DeploymentPlan] {
            planner.plan(ordered[range], caches: caches)
        }
        let batches = stride(from: 0, to: ordered.count, by: batch).map { $0..<min(ordered.count, $0 + batch) }
        let rows = batches.flatMap { range in
            planned(range).map { ReportModel.row($0, asOf: planner.asOf, rollout: rollout) }
        }
        let model = ReportModel(asOf: planner.asOf, certificationLists: planner.listSummaries, prices: planner.prices, rows: rows,
                                version: version, inputs: inputs, rollout: rollout, overrides: planner.profileOverrides,
                                fidelity: fidelity)
        switch format {
        case .markdown:
            let r = MarkdownReportRenderer()
            try write(r.head(model))
            for range in batches { try write(planned(range).map { r.section($0, model) }.joined()) }
            try write(r.tail(model))
        case .html:
            let r = HTMLReportRenderer()
            try write(r.head(model))
            for range in batches { try write(planned(range).map { r.section($0, model) }.joined()) }
            try write(r.tail(model))
        }
    }
}
