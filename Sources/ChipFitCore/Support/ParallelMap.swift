#if canImport(Glibc)
import Glibc
#endif

/// How many threads parallel work may use.
public enum Parallelism {
    /// Narrows the online processor count to what the process may run on (its CPU affinity and
    /// a cgroup CPU quota): a container limited to two CPUs on a 64-core host must not start 64
    /// busy threads and be throttled for it. Reading those limits is I/O, so the CLI installs
    /// this at start and it runs only when parallel work first asks; commands without any
    /// (`--version`, `schema`) never pay for it. Set it before `prestart` or the first
    /// `parallelMap`: either may read it on another thread.
    nonisolated(unsafe) public static var narrow: (@Sendable (Int) -> Int)?

    /// The thread count, worked out on first use.
    public static let workers: Int = {
        #if canImport(Glibc)
        let online = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        let online = 4
        #endif
        return max(1, narrow?(online) ?? online)
    }()

    /// Starts the helper threads ahead of the first parallel stage, so they are running by
    /// the time it begins (see `WorkerPool.prestart`). It returns at once: working out the
    /// thread count reads /proc and cgroup files (0.4 ms with the threads' start), which a
    /// thread of its own does while the caller goes on; the first `parallelMap` waits for
    /// that count if it is not known yet. Only the first call does anything.
    public static func prestart() {
        _ = bootstrap
    }

    /// The one-time start behind `prestart` (a lazy static runs once, whoever asks first).
    private static let bootstrap: Void = {
        let start: @Sendable () -> Void = { WorkerPool.shared.prestart() }
        if !WorkerPool.detach(start) { start() }
    }()
}

/// `(0..<count).map(transform)` spread over `Parallelism.workers` threads, results in index
/// order. Pure work only: the transform must not depend on which thread runs it. Each thread
/// claims the next unclaimed index, so items of uneven cost (a large file among small ones)
/// never leave a thread idle while another holds a queue of them. Small inputs run on the
/// caller's thread, where starting workers would cost more than it saves.
public func parallelMap<T>(_ count: Int, serialBelow threshold: Int = 64, _ transform: @Sendable (Int) -> T) -> [T] {
    let workers = min(count, Parallelism.workers)
    guard count >= threshold, workers > 1 else { return (0..<count).map(transform) }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        nonisolated(unsafe) let base = buffer.baseAddress!
        let next = NextIndex()
        WorkerPool.shared.run(helpers: workers - 1) {
            while let i = next.claim(below: count) { (base + i).initialize(to: transform(i)) }
        }
        initialized = count
    }
}

/// The next index to hand out, behind a pthread mutex (which ThreadSanitizer understands).
private final class NextIndex: @unchecked Sendable {
    private var value = 0
    // Allocated, so the mutex has a fixed address (`&` on a stored property need not give one).
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init() { pthread_mutex_init(mutex, nil) }
    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func claim(below count: Int) -> Int? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard value < count else { return nil }
        value += 1
        return value - 1
    }
}
