import Foundation

/// One `PlanCache` per core, kept from one call of `Planner.plan(_:caches:_:)` to the next, so
/// the toolchain changes of a (toolchain, stack, precision) are derived once per core rather
/// than once per batch of deployments.
public struct PlanCaches: Sendable {
    /// One core's cache. Within a call, run `k` is planned by one thread, the only one to use
    /// `slots[k]`; the lock (never contended then) keeps two calls made at once on one
    /// `PlanCaches` from sharing a cache.
    fileprivate final class Slot: @unchecked Sendable {
        private var cache = PlanCache()
        private let lock = NSLock()

        func with<T>(_ body: (inout PlanCache) -> T) -> T {
            lock.withLock { body(&cache) }
        }
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
            return caches.slots[run].with { cache in
                (lo..<hi).map { k in transform(plan(deployments[k], cache: &cache), k) }
            }
        }.flatMap { $0 }
    }

    /// Plans `deployments`, in the order given, on every core; the plans in order.
    public func plan(_ deployments: ArraySlice<ResolvedDeployment>, caches: PlanCaches) -> [DeploymentPlan] {
        plan(deployments, caches: caches) { d, _ in d }
    }
}
