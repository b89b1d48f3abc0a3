import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// `(0..<count).map(transform)` spread over the machine's cores, results in index order.
/// Pure work only: the transform must not depend on which thread runs it. Small inputs run
/// on the caller's thread, where starting workers would cost more than it saves.
public func parallelMap<T>(_ count: Int, serialBelow threshold: Int = 64, _ transform: @Sendable (Int) -> T) -> [T] {
    guard count >= threshold else { return (0..<count).map(transform) }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        nonisolated(unsafe) let base = buffer.baseAddress!
        // A few chunks per core keeps cores busy when items differ in cost.
        let chunks = min(count, 8 * max(1, System.activeProcessors))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
            for i in range { (base + i).initialize(to: transform(i)) }
        }
        initialized = count
    }
}

enum System {
    static let activeProcessors: Int = {
        #if canImport(Glibc)
        Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        4
        #endif
    }()
}
