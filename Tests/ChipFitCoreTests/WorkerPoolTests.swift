@testable import ChipFitCore
import Foundation
import Testing

/// `parallelMap` runs on the worker pool's helper threads: results, nesting, callers on
/// several threads at once and calls in quick succession.
@Suite struct WorkerPoolMapping {
    @Test func nestedCallsCompleteWithTheRightResults() {
        // The inner calls find the pool taken by the outer one and run on their own thread.
        let sums = parallelMap(100) { i in parallelMap(100) { j in i * j }.reduce(0, +) }
        #expect(sums == (0..<100).map { i in (0..<100).reduce(0) { $0 + i * $1 } })
    }

    @Test func callersOnSeveralThreadsEachGetTheirOwnResults() async {
        let results = await withTaskGroup(of: (Int, Bool).self) { group in
            for caller in 0..<8 {
                group.addTask {
                    var ok = true
                    for round in 0..<50 {
                        let offset = caller * 1_000 + round
                        ok = ok && parallelMap(200) { $0 + offset } == (0..<200).map { $0 + offset }
                    }
                    return (caller, ok)
                }
            }
            var all: [(Int, Bool)] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 8 && results.allSatisfy(\.1))
    }

    @Test func callsInQuickSuccessionNeverMixTheirItems() {
        // Helpers that wake late find the previous job withdrawn: none may write into the next.
        for round in 0..<2_000 {
            let got = parallelMap(64) { $0 &* 31 &+ round }
            if got != (0..<64).map({ $0 &* 31 &+ round }) {
                Issue.record("round \(round) came back wrong")
                return
            }
        }
    }

    @Test func workIsSharedWithAHelperThread() {
        // A pool of its own: the shared one may be taken by the suite's other tests, and a
        // call that finds it taken runs on the calling thread alone.
        #expect(aJobReachesAHelper(WorkerPool(helpers: 1)))
    }

    /// `prestart` starts the helpers without a job: they come up and park.
    @Test func prestartStartsTheHelpersBeforeAnyJob() {
        let pool = WorkerPool(helpers: 2)
        #expect(pool.parkedHelpers == 0)
        pool.prestart()
        pool.prestart() // a second call starts no more
        let deadline = Date(timeIntervalSinceNow: 20)
        while pool.parkedHelpers < 2, Date() < deadline { usleep(1_000) }
        #expect(pool.parkedHelpers == 2)
    }

    /// A helper started ahead of any job, and one that has finished a job and parked, are
    /// both woken for the next job.
    @Test func aParkedHelperIsWokenForTheNextJob() {
        for first in ["prestart", "job"] {
            let pool = WorkerPool(helpers: 1)
            if first == "prestart" { pool.prestart() } else { pool.run(helpers: 1) {} }
            usleep(20_000) // the helper has long been parked
            #expect(aJobReachesAHelper(pool), "after \(first)")
        }
    }

    /// Whether a job on `pool` ran on a second thread besides the caller's, having claimed
    /// every item. Item 0 holds its thread until another thread has run an item, so the job
    /// can only finish in time if a helper joined in.
    private func aJobReachesAHelper(_ pool: WorkerPool) -> Bool {
        let seen = ThreadsSeen()
        let items = Claims(count: 64)
        pool.run(helpers: 1) {
            while let i = items.next() {
                seen.add()
                if i == 0 { seen.waitForSecondThread(seconds: 20) }
            }
        }
        return seen.count >= 2 && items.next() == nil
    }
}

/// Hands out 0, 1, 2, … below `count`, to whichever thread asks.
private final class Claims: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    private let count: Int

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < count else { return nil }
        value += 1
        return value - 1
    }
}

private final class ThreadsSeen: @unchecked Sendable {
    private let condition = NSCondition()
    private var threads: Set<ObjectIdentifier> = []

    func add() {
        condition.lock()
        threads.insert(ObjectIdentifier(Thread.current))
        condition.broadcast()
        condition.unlock()
    }

    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return threads.count
    }

    func waitForSecondThread(seconds: Double) {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        while threads.count < 2, condition.wait(until: deadline) {}
        condition.unlock()
    }
}
