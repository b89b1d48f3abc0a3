import ChipFitSpec
import ChipFitPlanner
@testable import chipfit
import Foundation
import Testing
import TestSupport

@Suite struct OutputFailures {
    @Test(.enabled(if: FileManager.default.isWritableFile(atPath: "/dev/full")))
    func aFailedWriteToStandardOutputIsExitCodeTwo() throws {
        for arguments in [["validate", "--format", "json", "examples"], ["docs", "reference"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Run.binary)
            process.arguments = arguments
            process.currentDirectoryURL = Repo.root
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
            let err = Pipe()
            process.standardError = err
            try process.run()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 2, "\(arguments)")
            #expect(message.contains("cannot write to standard output"), "\(arguments): \(message)")
        }
    }
}

@Suite struct ClosedStreams {
    /// Runs `script` with `$1` the chipfit binary and `$2`… the extra arguments.
    private func shell(_ script: String, _ extra: String...) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh", Run.binary] + extra
        process.currentDirectoryURL = Repo.root
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, message)
    }

    @Test func aClosedStandardOutputIsAnIOErrorNotLostOutput() throws {
        let r = try shell(#"exec "$1" validate examples >&-"#)
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot write to standard output: it is closed"), "\(r.stderr)")
    }

    @Test func closedInputAndErrorStreamsDoNotChangeTheRun() throws {
        #expect(try shell(#"exec "$1" validate examples <&- 2>&-"#).status == 0)
        // Writing to a file still works with standard output closed.
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let out = dir.appendingPathComponent("plan.json").path
        let r = try shell(#"exec "$1" plan --format json --as-of 2026-11-29 --output "$2" examples >&-"#, out)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: out))
    }
}

@Suite struct ClockAndTimings {
    @Test func todayIsTheUTCDate() throws {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = try #require(TimeZone(identifier: "UTC"))
        let before = utc.dateComponents([.year, .month, .day], from: Date())
        let today = Clock.today()
        let after = utc.dateComponents([.year, .month, .day], from: Date())
        let expected = [before, after].compactMap { Day(year: $0.year!, month: $0.month!, day: $0.day!) }
        #expect(expected.contains(today))
    }

    @Test func stageTimesRoundToTheNearestTenthHalvesUp() {
        #expect(PhaseTimings.tenths(of: 3_349_999) == "3.3")
        #expect(PhaseTimings.tenths(of: 3_350_000) == "3.4")
        #expect(PhaseTimings.tenths(of: 250_000) == "0.3")
        #expect(PhaseTimings.tenths(of: 49_999) == "0.0")
        #expect(PhaseTimings.tenths(of: 0) == "0.0")
        #expect(PhaseTimings.tenths(of: 12_345_678_901) == "12345.7")
    }
}
