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
    /// order. Each core plans a contiguous run of the batch with its own `PlanCache`, kept from
    /// batch to batch: the toolchain changes of a (toolchain, stack, precision) are then
    /// derived once per core rather than once per batch.
    struct Batches {
        let planner: Planner
        let deployments: [ResolvedDeployment]
        /// A deployment's plan rendered for its place (`k` in plan order).
        let render: @Sendable (DeploymentPlan, _ k: Int) -> [UInt8]
        private var batch: [(bytes: [UInt8], fits: Bool)] = []
        private var start = 0
        private let caches = (0..<Parallelism.workers).map { _ in CacheBox() }

        /// A run's cache: run `k` of a batch is planned by one thread, and only it touches `caches[k]`.
        private final class CacheBox: @unchecked Sendable {
            var cache = PlanCache()
        }

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
                let runs = min(end - i, caches.count)
                let (planner, deployments, render, caches) = (planner, deployments, render, caches)
                batch = parallelMap(runs, serialBelow: 2) { run in
                    let box = caches[run]
                    let lo = i + (end - i) * run / runs, hi = i + (end - i) * (run + 1) / runs
                    return (lo..<hi).map { k in
                        let d = planner.plan(deployments[k], cache: &box.cache)
                        return (render(d, k), d.fits)
                    }
                }.flatMap { $0 }
            }
            return batch[i - start]
        }
    }
}
