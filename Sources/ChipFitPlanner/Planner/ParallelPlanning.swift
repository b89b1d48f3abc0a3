/// One `PlanCache` per core, kept from one call of `Planner.plan(_:caches:_:)` to the next, so
/// the toolchain changes of a (toolchain, stack, precision) are derived once per core rather
/// than once per batch of deployments.
public struct PlanCaches: Sendable {
    /// One core's cache. Run `k` of a call is planned by one thread, and only that thread
    /// touches `slots[k]` during the call; a box each, so no two threads write one value.
    fileprivate final class Slot: @unchecked Sendable {
        var cache = PlanCache()
    }
    fileprivate let slots: [Slot]

    public init() {
        slots = (0..<Parallelism.workers).map { _ in Slot() }
    }
}

extension Planner {
    /// Plans `deployments`, in the order given, on every core, and passes each plan through
    /// `transform` on the core that made it (rendering is as parallel as planning); results in
    /// order. Each core plans a contiguous run with its own cache from `caches`.
    public func plan<T: Sendable>(_ deployments: ArraySlice<ResolvedDeployment>, caches: PlanCaches,
                                  _ transform: @Sendable (DeploymentPlan, _ index: Int) -> T) -> [T] {
        let start = deployments.startIndex, count = deployments.count
        let runs = min(count, caches.slots.count)
        guard runs > 0 else { return [] }
        return parallelMap(runs, serialBelow: 2) { run in
            let lo = start + count * run / runs, hi = start + count * (run + 1) / runs
            let slot = caches.slots[run]
            return (lo..<hi).map { k in transform(plan(deployments[k], cache: &slot.cache), k) }
        }.flatMap { $0 }
    }
}
