import ChipFitSpec
import ChipFitPlanner

/// A plan of any number of deployments, written as it is made: deployments are planned and
/// rendered on every core, a batch at a time, and written in order, so memory stays bounded by
/// one batch however many specs there are. The bytes are those of `PlanTableRenderer.render`
/// or `PlanJSONRenderer.render` of the whole plan.
public enum PlanStream {
    public enum Format: Sendable {
        /// `width`: the terminal's columns to fit (nil: every column, lines unwrapped).
        case table(color: Bool, width: Int? = nil)
        case json
    }

    /// Deployments planned at a time.
    static let batch = 128

    /// Which candidates a plan shows (`--top`, `--only-certified`): the ranking is the
    /// planner's, and the recommendation the best chip shown that fits.
    public struct Shown: Sendable {
        public var top: Int?
        public var onlyCertified: Bool
        public init(top: Int? = nil, onlyCertified: Bool = false) {
            self.top = top
            self.onlyCertified = onlyCertified
        }

        public func apply(_ d: DeploymentPlan) -> DeploymentPlan {
            guard top != nil || onlyCertified else { return d }
            var shown = d
            if onlyCertified { shown.candidates = shown.candidates.filter(\.certification.isCertified) }
            if let top { shown.candidates = Array(shown.candidates.prefix(top)) }
            return shown
        }
    }

    /// Writes the plan of `deployments`; returns whether every deployment has a fitting chip.
    @discardableResult
    public static func write(planner: Planner, deployments: [ResolvedDeployment], format: Format, shown: Shown = Shown(),
                             to write: ([UInt8]) throws -> Void) rethrows -> Bool {
        let ordered = planner.ordered(deployments)
        var batches: Batches
        var allFit = true
        switch format {
        case .json:
            let json = PlanJSONRenderer()
            batches = Batches(planner: planner, deployments: ordered) { json.renderedDeployment(shown.apply($0), at: $1) }
            try json.stream(asOf: planner.asOf, lists: planner.listSummaries, prices: planner.prices, objective: planner.objective,
                            overrides: planner.profileOverrides, count: ordered.count, rendered: { i in
                let (bytes, fits) = batches.rendered(i)
                allFit = allFit && fits
                return bytes
            }, sink: write)
        case .table(let color, let width):
            let table = PlanTableRenderer(color: color, width: width)
            try write(Array(table.header(asOf: planner.asOf, lists: planner.listSummaries, prices: planner.prices,
                                         objective: planner.objective, overrides: planner.profileOverrides).utf8))
            batches = Batches(planner: planner, deployments: ordered) { d, _ in Array(("\n" + table.deployment(shown.apply(d))).utf8) }
            for i in ordered.indices {
                let (bytes, fits) = batches.rendered(i)
                allFit = allFit && fits
                try write(bytes)
            }
        }
        return allFit
    }

    /// Plans and renders deployments on every core, a batch at a time, and hands them out in
    /// order; the planner's caches are kept from batch to batch.
    struct Batches {
        let planner: Planner
        let deployments: [ResolvedDeployment]
        /// A deployment's plan rendered for its place (`k` in plan order).
        let render: @Sendable (DeploymentPlan, _ k: Int) -> [UInt8]
        private var batch: [(bytes: [UInt8], fits: Bool)] = []
        private var start = 0
        private let caches = PlanCaches()

        init(planner: Planner, deployments: [ResolvedDeployment], render: @escaping @Sendable (DeploymentPlan, Int) -> [UInt8]) {
            self.planner = planner
            self.deployments = deployments
            self.render = render
        }

        /// Deployment `i`'s rendered bytes and whether a chip fits it; call with i = 0, 1, 2, …
        mutating func rendered(_ i: Int) -> (bytes: [UInt8], fits: Bool) {
            if i < start || i >= start + batch.count {
                start = i
                let end = min(deployments.count, i + PlanStream.batch)
                let render = render
                batch = planner.plan(deployments[i..<end], caches: caches) { d, k in (render(d, k), d.fits) }
            }
            return batch[i - start]
        }
    }
}
