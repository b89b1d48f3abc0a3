import ChipFitCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Wall time per stage, printed to standard error when `CHIPFIT_TIMINGS=1`: the benchmark
/// notes (docs/benchmarks.md) and anyone asking "where does the time go" read it.
/// Off by default, so output stays byte-for-byte deterministic.
enum PhaseTimings {
    /// Read with getenv: asked at the top of `main`, where building Foundation's environment
    /// dictionary would be start-up time for every command.
    static let enabled = getenv("CHIPFIT_TIMINGS").map { String(cString: $0) == "1" } ?? false
    nonisolated(unsafe) private static var last = DispatchTime.now().uptimeNanoseconds
    nonisolated(unsafe) private static var phases: [(String, UInt64)] = []

    /// Starts the clock at the top of `main`, so the first stage is argument parsing.
    static func start() {
        guard enabled else { return }
        last = DispatchTime.now().uptimeNanoseconds
    }

    /// Ends argument parsing (at the top of a command's `run`).
    static func begin() {
        mark("arguments")
    }

    /// Ends the current stage under `name`. Called from the command's task only.
    static func mark(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        phases.append((name, now - last))
        last = now
    }

    /// Prints the stages so far, e.g. `chipfit: timings (2 threads): discover 3.3 ms, load 41.9 ms`.
    static func report() {
        guard enabled, !phases.isEmpty else { return }
        let text = phases.map { "\($0.0) \(tenths(of: $0.1)) ms" }.joined(separator: ", ")
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
