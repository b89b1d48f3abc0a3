import ChipFitSpec
import ChipFitPlanner
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Wall time and CPU time (user and system, all threads) per stage, printed to standard error
/// when `CHIPFIT_TIMINGS=1`: the benchmark notes (docs/benchmarks.md) and anyone asking
/// "where does the time go" read it. CPU time near twice the wall time on two threads means
/// the stage keeps both busy; near the wall time, it runs on one.
/// Off by default, so output stays byte-for-byte deterministic.
enum PhaseTimings {
    /// Read with getenv: asked at the top of `main`, where building Foundation's environment
    /// dictionary would be start-up time for every command.
    static let enabled = getenv("CHIPFIT_TIMINGS").map { String(cString: $0) == "1" } ?? false
    nonisolated(unsafe) private static var last = DispatchTime.now().uptimeNanoseconds
    nonisolated(unsafe) private static var lastCPU: UInt64 = 0
    nonisolated(unsafe) private static var phases: [(name: String, wall: UInt64, cpu: UInt64)] = []

    /// CPU time of the whole process so far (every thread, user and system), in nanoseconds;
    /// the last reading again if the clock cannot be read, so a stage never shows a negative
    /// or wrapped figure.
    private static func cpuNanoseconds() -> UInt64 {
        var t = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) == 0 else { return lastCPU }
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// Starts the clock at the top of `main`, so the first stage is argument parsing.
    static func start() {
        guard enabled else { return }
        last = DispatchTime.now().uptimeNanoseconds
        lastCPU = cpuNanoseconds()
    }

    /// Ends argument parsing (at the top of a command's `run`).
    static func begin() {
        mark("arguments")
    }

    /// Ends the current stage under `name`. Called from the command's task only.
    static func mark(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds, cpu = cpuNanoseconds()
        phases.append((name, now - last, cpu >= lastCPU ? cpu - lastCPU : 0))
        last = now
        lastCPU = cpu
    }

    /// Prints the stages so far, e.g.
    /// `chipfit: timings (2 threads): discover 3.3 ms (cpu 5.9 ms), load 41.9 ms (cpu 80.2 ms)`.
    /// The kernel brings another thread's CPU time up to date at ticks and context switches,
    /// so a short stage's CPU figure is coarse; summed over a run, or a median over runs, it
    /// is not.
    static func report() {
        guard enabled, !phases.isEmpty else { return }
        let text = phases.map { "\($0.name) \(tenths(of: $0.wall)) ms (cpu \(tenths(of: $0.cpu)) ms)" }
            .joined(separator: ", ")
        StandardStreams.error("chipfit: timings (\(Parallelism.workers) thread\(Parallelism.workers == 1 ? "" : "s")): \(text)\n")
        phases = []
    }

    /// Nanoseconds as milliseconds with one decimal, to the nearest tenth, halves up
    /// (3_349_999 → "3.3", 3_350_000 → "3.4").
    static func tenths(of nanoseconds: UInt64) -> String {
        let t = nanoseconds / 100_000 + (nanoseconds % 100_000 >= 50_000 ? 1 : 0)
        return "\(t / 10).\(t % 10)"
    }
}
