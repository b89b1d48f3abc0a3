@testable import chipfit
import Foundation
import Testing
import TestSupport

/// Thread pools are sized by what the process may use, not by the host's processor count.
@Suite struct UsableProcessorsTests {
    @Test func countsKernelCPULists() {
        #expect(UsableProcessors.cpuCount(list: "0-3,8") == 5)
        #expect(UsableProcessors.cpuCount(list: "\t0") == 1)
        #expect(UsableProcessors.cpuCount(list: "0-1") == 2)
        #expect(UsableProcessors.cpuCount(list: "2-2,4-5") == 3)
        #expect(UsableProcessors.cpuCount(list: "") == nil)
        #expect(UsableProcessors.cpuCount(list: "3-1") == nil)
        #expect(UsableProcessors.cpuCount(list: "a-b") == nil)
        let status = "Name:\tchipfit\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\nMems_allowed:\t1\n"
        #expect(UsableProcessors.allowedCount(status: status) == 2)
        #expect(UsableProcessors.allowedCount(status: "Name:\tx\n") == nil)
    }

    @Test func roundsCgroupQuotasUp() {
        #expect(UsableProcessors.quota(cpuMax: "max 100000\n") == nil)
        #expect(UsableProcessors.quota(cpuMax: "150000 100000\n") == 2)
        #expect(UsableProcessors.quota(cpuMax: "100000 100000") == 1)
        #expect(UsableProcessors.quota(cpuMax: "50000 100000") == 1)
        #expect(UsableProcessors.quota(cpuMax: "garbage") == nil)
        #expect(UsableProcessors.quota(cfsQuota: "-1\n", period: "100000\n") == nil)
        #expect(UsableProcessors.quota(cfsQuota: "400000\n", period: "100000\n") == 4)
        #expect(UsableProcessors.quota(cfsQuota: "250000", period: "100000") == 3)
    }

    @Test func neverBelowOneNorAboveOnline() {
        #expect(UsableProcessors.count(online: 1) == 1)
        #expect(UsableProcessors.count(online: 0) == 1)
        #expect(UsableProcessors.count(online: 4096) <= ProcessInfo.processInfo.processorCount)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset")))
    func anAffinityOfOneProcessorRunsOneThreadWithTheSameOutput() throws {
        let one = try Run(["/usr/bin/taskset", "-c", "0", Run.binary, "validate", "--format", "json", "Tests/Fixtures/invalid"],
                          environment: ["CHIPFIT_TIMINGS": "1"], executable: "/usr/bin/taskset")
        let every = try Run(["validate", "--format", "json", "Tests/Fixtures/invalid"])
        #expect(one.stderr.contains("timings (1 thread)"), "\(one.stderr)")
        #expect(one.stdout == every.stdout)
        #expect(one.status == every.status)
    }
}
