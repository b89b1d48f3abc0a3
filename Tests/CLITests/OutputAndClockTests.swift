import ChipFitCore
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
