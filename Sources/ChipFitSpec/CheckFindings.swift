import ChipFitPlanner
import ChipFitYAML

/// What `chipfit check` adds to validation: a CF401 finding at the `name` of every deployment
/// that no chip fits under its requirements, naming the three nearest chips and why they were
/// ruled out (the plan lists rejected chips nearest first).
public enum CheckFindings {
    public static func noFit(_ plan: Plan, deployments: [ResolvedDeployment]) -> [Diagnostic] {
        let byName = Dictionary(deployments.map { ($0.deployment.name, $0.deployment) }, uniquingKeysWith: { a, _ in a })
        return plan.deployments.filter { !$0.fits }.compactMap { d in
            guard let spec = byName[d.name] else { return nil }
            let closest = d.candidates.filter { !$0.fits }.prefix(3)
            let why = closest.map { c in "\(c.chip.id): " + c.rejections.map(\.message).joined(separator: "; ") }
                .joined(separator: " | ")
            return .error(.noFittingChip,
                          "no chip fits `\(d.name)` under its requirements (certification \(d.policy.rawValue)); closest: \(why)",
                          at: spec.nameLocation, path: "name",
                          suggestion: "run `chipfit plan \(d.spec)` for every candidate and reason")
        }
    }
}
