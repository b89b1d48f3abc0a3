import Dispatch
import Foundation
import Synchronization

/// How many threads parallel work may use.
public enum Parallelism {
    /// The processors this process may run on (Foundation honours CPU affinity and a cgroup CPU
    /// quota, so a container limited to two CPUs on a 64-core host gets two).
    public static let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
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
    // NSLock rather than `Synchronization.Mutex`: ThreadSanitizer (scripts/sanitizers) sees
    // the pthread mutex inside it, and not the futex inside Mutex.
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
