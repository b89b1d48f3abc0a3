#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The helper threads behind `parallelMap`: started on first use (or earlier, by
/// `prestart`), kept for the life of the process, parked on a condition variable between jobs.
///
/// Why not `DispatchQueue.concurrentPerform`: on Linux, libdispatch's workqueue emulation
/// handed the second iteration to its pool thread 1.3 to 5 ms after the call in some runs on
/// this project's 2-core machine. Waking a parked pthread takes tens of microseconds, and the
/// caller never waits for a helper that has not woken yet: it withdraws the job once every
/// index is claimed. (The virtual machine still starts a thread late now and then; the
/// median `validate` of the benchmark corpus gained about 1 ms, docs/benchmarks.md.)
final class WorkerPool: @unchecked Sendable {
    /// One helper fewer than `Parallelism.workers`: the calling thread works too.
    static let shared = WorkerPool(helpers: Parallelism.workers - 1)

    private let helpers: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when a job is posted (helpers wait on it).
    private let posted = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled when the last helper running a job leaves it (the caller waits on it).
    private let left = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Guarded by `mutex`: the job on offer, bumped `generation` per job, how many helpers are
    /// inside the job, whether a caller owns the pool, and whether the threads were started.
    private var job: (@Sendable () -> Void)?
    private var generation = 0
    private var inside = 0
    private var busy = false
    private var started = false
    /// Helpers waiting for a job (for tests: a started pool's helpers park).
    private var parked = 0

    /// A pool of its own (tests); `parallelMap` uses `shared`.
    init(helpers: Int) {
        self.helpers = max(0, helpers)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(posted, nil)
        pthread_cond_init(left, nil)
    }

    /// Runs `body` on the calling thread and on up to `wanted` helpers at once, and returns
    /// when all the copies that started have returned. `body` must share its work out itself
    /// (each copy claims items until none are left), so it is complete whichever copies run.
    ///
    /// A call made while the pool is in use (a nested `parallelMap`, or one from another
    /// thread) runs `body` on the calling thread alone rather than wait for the pool.
    ///
    /// - Parameter wanted: how many helpers the job can use; only that many are woken (a job
    ///   of three items on a 64-core machine need not wake 63 threads).
    func run(helpers wanted: Int, _ body: @Sendable () -> Void) {
        guard helpers > 0, wanted > 0, take() else { return body() }
        withoutActuallyEscaping(body) { body in
            pthread_mutex_lock(mutex)
            job = body
            generation &+= 1
            // A helper not woken now keeps waiting; it sees the newer generation at the next
            // signal and takes whatever job is on offer then.
            for _ in 0..<min(wanted, helpers) { pthread_cond_signal(posted) }
            pthread_mutex_unlock(mutex)

            body()

            // Withdrawn: a helper that wakes from now on finds nothing to do, so the caller
            // waits only for those already inside (and `body` escapes nowhere).
            pthread_mutex_lock(mutex)
            job = nil
            while inside > 0 { pthread_cond_wait(left, mutex) }
            busy = false
            pthread_mutex_unlock(mutex)
        }
    }

    /// Starts the helper threads now rather than at the first job: a new thread took 0.3 to
    /// 1.4 ms to run its first item on this project's virtual machine (timed from inside), so
    /// a command starts them as soon as it knows it will work in parallel, and they are
    /// parked and ready by the time the first job comes.
    func prestart() {
        guard helpers > 0 else { return }
        pthread_mutex_lock(mutex)
        startIfNeeded()
        pthread_mutex_unlock(mutex)
    }

    /// How many helpers are parked, waiting for a job.
    var parkedHelpers: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return parked
    }

    /// Claims the pool for one job, starting the helper threads the first time.
    private func take() -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !busy else { return false }
        startIfNeeded()
        busy = true
        return true
    }

    /// Called with `mutex` held.
    private func startIfNeeded() {
        guard !started else { return }
        started = true
        for _ in 0..<helpers where !startHelper() { break }
    }

    /// A detached thread running `helperLoop`; false if the system refused one (the jobs then
    /// run on fewer threads, still complete).
    private func startHelper() -> Bool {
        Self.detach { self.helperLoop() }
    }

    /// Runs `body` on a new detached thread; false if the system refused one.
    static func detach(_ body: @escaping @Sendable () -> Void) -> Bool {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        // Parsing and checking recurse as deep as the YAML nesting limit allows: give helpers
        // the main thread's usual 8 MiB rather than whatever the system default is.
        pthread_attr_setstacksize(&attributes, 8 << 20)
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        let status = pthread_create(&thread, &attributes, { box in
            Unmanaged<Body>.fromOpaque(box!).takeRetainedValue().run()
            return nil
        }, box)
        if status != 0 { Unmanaged<Body>.fromOpaque(box).release() }
        return status == 0
    }

    /// A thread's work, passed through `pthread_create`'s single pointer.
    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    private func helperLoop() -> Never {
        var seen = 0
        while true {
            guard runNext(after: &seen) else { continue }
            pthread_mutex_lock(mutex)
            inside -= 1
            if inside == 0 { pthread_cond_signal(left) }
            pthread_mutex_unlock(mutex)
        }
    }

    /// Waits for a job newer than `seen` and runs it, if it is still on offer. A function of
    /// its own so that this thread's reference to the job is gone before the caller is told
    /// the helper has left it.
    private func runNext(after seen: inout Int) -> Bool {
        pthread_mutex_lock(mutex)
        parked += 1
        while generation == seen { pthread_cond_wait(posted, mutex) }
        parked -= 1
        seen = generation
        guard let offered = job else {
            pthread_mutex_unlock(mutex)
            return false
        }
        inside += 1
        pthread_mutex_unlock(mutex)
        offered()
        return true
    }
}
