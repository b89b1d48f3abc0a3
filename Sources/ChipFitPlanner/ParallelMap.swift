import Dispatch
import Foundation
import Synchronization
import CProcessors

/// How many threads parallel work may use.
public enum Parallelism {
    /// The processors this process may run on: the online processors, narrowed to its CPU
    /// affinity (`taskset`, a container's cpuset), so a job pinned to two CPUs of a 64-core host
    /// starts two threads. A CPU quota without a cpuset is not read.
    public static let workers: Int = {
        let online = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let allowed = Int(chipfit_allowed_cpus())
        return allowed > 0 ? min(online, allowed) : online
    }()
}

/// `(0..<count).map(transform)` spread over `Parallelism.workers` threads (Dispatch's
/// `concurrentPerform`), results in index order. Pure work only: the transform must not depend
/// on which thread runs it. Each thread claims the next unclaimed index, so items of uneven cost
/// (a large file among small ones) never leave a thread idle while another holds a queue of
/// them. Small inputs run on the caller's thread, where starting workers would cost more than
/// it saves.
public func parallelMap<T: Sendable>(_ count: Int, serialBelow threshold: Int = 64,
                                     _ transform: @Sendable (Int) -> T) -> [T] {
    let workers = min(count, Parallelism.workers)
    guard count >= threshold, workers > 1 else { return (0..<count).map(transform) }
    let next = Atomic(0)
    // NSLock rather than `Synchronization.Mutex`: ThreadSanitizer (scripts/sanitizers)
    // understands NSLock's lock, and not the futex inside Mutex.
    let lock = NSLock()
    nonisolated(unsafe) var results: [(index: Int, value: T)] = []
    results.reserveCapacity(count)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        var mine: [(index: Int, value: T)] = []
        while true {
            let i = next.add(1, ordering: .relaxed).oldValue
            guard i < count else { break }
            mine.append((i, transform(i)))
        }
        lock.withLock { results += mine }
    }
    results.sort { $0.index < $1.index }
    return results.map(\.value)
}
