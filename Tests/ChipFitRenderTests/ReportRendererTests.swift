import ChipFitSpec
import ChipFitPlanner
import ChipFitRender
import Foundation
import Testing
import TestSupport

private let reportPaths = Repo.yamlFiles("Tests/Fixtures/plan-catalogue") + Repo.yamlFiles("Tests/Fixtures/plan-specs")
private let reportWorkspace = Linker.link(reportPaths.map { DocumentLoader.load(Repo.read($0), file: $0) })
private let reportInputs = reportPaths.map { ReportModel.Input(path: $0, sha256: SHA256.hex(Repo.read($0))) }
/// Fixed fidelity records, so the goldens do not move whenever the fidelity suites do.
private let reportFidelity: [Phase: FidelityRecord] = [
    .inference: FidelityRecord(phase: .inference, figures: 12, vendors: ["Huawei", "Kunlunxin", "NVIDIA"], medianError: 0.123,
                               misses: [.init(id: "engine-chip-model", chip: "alpha-9", metric: "time to first token", ratio: 0.0543)],
                               chips: [.init(chip: "alpha-9", name: "Alpha 9", figures: 3, medianError: 0.1)]),
    .training: FidelityRecord(phase: .training, figures: 5, notExpressed: 1, vendors: ["Alpha"], medianError: 0.08, misses: []),
]
private let reportModel: ReportModel = {
    let plan = Planner(catalogue: reportWorkspace.catalogue, asOf: Day("2026-11-30")!).plan(reportWorkspace.deployments)
    return ReportModel(plan: plan, version: "test", inputs: reportInputs, fidelity: reportFidelity)
}()

/// The report written as it is planned, a batch of deployments at a time.
private func streamed(_ format: ReportStream.Format, copies: Int = 1) -> String {
    var text = ""
    // The fixture's deployments, renamed `copies` times, so several batches are written.
    var deployments: [ResolvedDeployment] = []
    for k in 0..<copies {
        for var r in reportWorkspace.deployments {
            if copies > 1 { r.deployment.name += "-\(k)" }
            deployments.append(r)
        }
    }
    ReportStream.write(planner: Planner(catalogue: reportWorkspace.catalogue, asOf: Day("2026-11-30")!), deployments: deployments,
                       format: format, version: "test", inputs: reportInputs, rollout: .default,
                       fidelity: reportFidelity) { text += $0 }
    return text
}

@Suite struct ReportRenderers {
    @Test func markdown() {
        let md = MarkdownReportRenderer().render(reportModel)
        assertGolden(md, "report.md")
        // The first screen answers the questions a CTO asks, and flags non-official data.
        let firstScreen = md.split(separator: "\n").prefix(14).joined(separator: "\n")
        #expect(firstScreen.contains("**sample data**"))
        #expect(firstScreen.contains("| chat | inference | Alpha 9 (`alpha-9`) | 1 | yes (assumed product mapping) |"))
        #expect(firstScreen.contains("| train | training | **no chip fits** |"))
    }

    @Test func aStreamedReportIsTheWholePlansReport() {
        #expect(streamed(.markdown) == MarkdownReportRenderer().render(reportModel))
        #expect(streamed(.html) == HTMLReportRenderer().render(reportModel))
        // Across batches: every deployment's section once, in plan order.
        let many = streamed(.markdown, copies: 300)
        let sections = many.split(separator: "\n").filter { $0.hasPrefix("## chat-") || $0.hasPrefix("## train-") }
        #expect(sections.count == 600)
        #expect(sections.map(String.init) == sections.map(String.init).sorted())
    }

    @Test func reportsStateHowCloseTheModelCameToMeasurementsOfThePhasesTheyPlan() throws {
        let servingRecord = try #require(reportFidelity[.inference])
        let trainingRecord = try #require(reportFidelity[.training])
        // The fixture recommends its Alpha chip for the chat, which no serving run measures.
        let serving = servingRecord.sentence(recommended: ["Alpha"])
        #expect(serving == "Serving estimates against 12 figures of published measurements of real deployments on Huawei, "
            + "Kunlunxin and NVIDIA chips: median error 12 % with the defaults fitted to these same figures; 1 figure of 1 run "
            + "off by more than 1.5× (predicted over measured): engine-chip-model (time to first token 0.054×). The README "
            + "gives the errors with each figure left out of a refit. No run is of Alpha chips, which this report recommends. "
            + "Every run, its source and what drives each gap: docs/model.md and scripts/fidelity in chipfit's source.")
        // Figures added after the defaults were fitted are counted apart: the defaults' out-of-sample error.
        let later = FidelityRecord(phase: .inference, figures: 48, vendors: ["Huawei"], medianError: 0.134,
                                   addedAfterFit: 8, addedAfterFitMedianError: 0.52, misses: [])
        #expect(later.sentence(recommended: []).contains("median error 13 % with the defaults fitted to 40 of these figures (on the 8 added since, 52 %)"))
        #expect(!servingRecord.sentence(recommended: ["Huawei", "NVIDIA"]).contains("No run is of"))
        let training = trainingRecord.sentence(recommended: [])
        #expect(training.hasPrefix("Training estimates against 5 figures of published pre-training runs on Alpha chips: median error 8 %"))
        #expect(training.contains("none off by more than 1.5×."))
        #expect(training.contains(" 1 more figure the model cannot express yet."))
        // Both phases planned: both records, in the Markdown and the HTML report alike.
        #expect(reportModel.assumptions.suffix(2) == [serving, training])
        #expect(MarkdownReportRenderer().render(reportModel).contains("- " + serving + "\n"))
        #expect(HTMLReportRenderer().render(reportModel).contains("<li>Serving estimates against 12 figures"))
        // Only serving planned: the training suite's record is not a claim about this report.
        let servingOnly = ReportModel(asOf: reportModel.asOf, certificationLists: [], rows: reportModel.rows.filter { $0.phase == .inference },
                                      version: "test", inputs: [], fidelity: reportFidelity)
        #expect(servingOnly.assumptions.last == serving)
        #expect(!servingOnly.assumptions.contains(training))
    }

    @Test func eachChipsMeasurementsAreStatedWhereItIsPlanned() throws {
        let record = FidelityRecord(phase: .inference, figures: 8, vendors: ["Alpha"], medianError: 0.2, misses: [
            .init(id: "run-a", chip: "alpha-9", metric: "time per output token", ratio: 0.432),
            .init(id: "run-a", chip: "alpha-9", metric: "output tokens per second", ratio: 2.57),
            .init(id: "run-c", chip: "beta-2", metric: "time to first token", ratio: 1.6),
        ], chips: [
            .init(chip: "alpha-9", name: "Alpha 9", figures: 4, medianError: 0.284),
            .init(chip: "beta-2", name: "Beta 2", figures: 3, medianError: 0.05),
            .init(chip: "beta-2-lite", name: "Beta 2 (lite bin)", figures: 1, medianError: 0.18),
        ])
        #expect(record.measured(on: "alpha-9", name: "Alpha 9") == "Published serving measurements planned on the alpha-9 "
            + "profile in chipfit's fidelity suite, with the shipped defaults and calibrations (scripts/fidelity): 4 figures, median error 28 %, "
            + "2 figures of 1 run off by more than 1.5× (predicted over measured): run-a (time per output token 0.432×, "
            + "output tokens per second 2.57×).")
        // Another bin of the same chip: its runs follow, since which bin a source ran is often assumed.
        #expect(record.measured(on: "beta-2", name: "Beta 2").hasSuffix("run-c (time to first token 1.6×). On other bins of "
            + "the Beta 2: beta-2-lite, 1 figure, off by 18 %, none off by more than 1.5×."))
        #expect(record.measured(on: "beta-2-lite", name: "Beta 2 (lite bin)").contains("On other bins of the Beta 2: beta-2, 3 figures"))
        #expect(record.measured(on: "delta-7", name: "Delta 7") == "No published serving measurements in chipfit's fidelity "
            + "suite are planned on the delta-7 profile, so how close its figures come to measurements is unchecked.")
        #expect(record.measured(on: "beta-2-pro", name: "Beta 2 (pro bin)").hasSuffix("unchecked. On other bins of the Beta 2: "
            + "beta-2, 3 figures, median error 5 %, 1 figure of 1 run off by more than 1.5× (predicted over measured): run-c "
            + "(time to first token 1.6×); beta-2-lite, 1 figure, off by 18 %, none off by more than 1.5×."))
        // Runs by an engine with a calibration of its own are stated for deployments planned with
        // it, and apart from the profile's other runs.
        let engines = FidelityRecord(phase: .inference, figures: 5, vendors: ["Alpha"], medianError: 0.2, misses: [
            .init(id: "run-e", chip: "alpha-9", metric: "time per output token", ratio: 0.6, engine: "sglang"),
        ], chips: [
            .init(chip: "alpha-9", name: "Alpha 9", figures: 3, medianError: 0.1),
            .init(chip: "alpha-9", name: "Alpha 9", figures: 2, medianError: 0.3, engine: "sglang"),
        ])
        #expect(engines.measured(on: "alpha-9", name: "Alpha 9", engine: "sglang") == "Published serving measurements planned on "
            + "the alpha-9 profile in chipfit's fidelity suite, run by sglang and planned with its shipped calibration (scripts/fidelity): "
            + "2 figures, median error 30 %, 1 figure of 1 run off by more than 1.5× (predicted over measured): run-e (time per "
            + "output token 0.6×). On this profile, runs planned with the shipped defaults and calibrations: 3 figures, median "
            + "error 10 %, none off by more than 1.5×.")
        #expect(engines.measured(on: "alpha-9", name: "Alpha 9").hasPrefix("Published serving measurements planned on the alpha-9 "
            + "profile in chipfit's fidelity suite, with the shipped defaults and calibrations (scripts/fidelity): 3 figures, median "
            + "error 10 %, none off by more than 1.5×. On this profile, runs by sglang, planned with its shipped calibration: 2 figures"))
        // A profile measured only through an engine's calibration says so to a deployment planned
        // without it, instead of calling the profile both unmeasured and measured.
        let only = FidelityRecord(phase: .inference, figures: 2, vendors: ["Alpha"], medianError: 0.3, misses: [],
                                  chips: [.init(chip: "alpha-9", name: "Alpha 9", figures: 2, medianError: 0.3, engine: "sglang")])
        #expect(only.measured(on: "alpha-9", name: "Alpha 9") == "No published serving measurements in chipfit's fidelity suite "
            + "are planned on the alpha-9 profile without an engine's calibration, so how close its figures come to measurements is "
            + "unchecked. On this profile, runs by sglang, planned with its shipped calibration: 2 figures, median error 30 %, "
            + "none off by more than 1.5×.")
        // A ratio that rounds to the bound itself is shown with a digit more.
        let edge = FidelityRecord(phase: .inference, figures: 1, vendors: ["Alpha"], medianError: 0.5,
                                  misses: [.init(id: "run-f", chip: "alpha-9", metric: "time to first token", ratio: 1.503)],
                                  chips: [.init(chip: "alpha-9", name: "Alpha 9", figures: 1, medianError: 0.503)])
        #expect(edge.measured(on: "alpha-9", name: "Alpha 9").hasSuffix("run-f (time to first token 1.503×)."))
        #expect(engines.measured(on: "alpha-9", name: "Alpha 9", engine: "vllm").hasPrefix("No published serving measurements in "
            + "chipfit's fidelity suite are planned on the alpha-9 profile with vllm's calibration, so how close"))
        let training = FidelityRecord(phase: .training, figures: 1, vendors: ["Alpha"], medianError: 0.1, misses: [],
                                      chips: [.init(chip: "alpha-9", name: "Alpha 9", figures: 1, medianError: 0.1)])
        #expect(training.measured(on: "alpha-9", name: "Alpha 9").hasPrefix("Published pre-training runs planned on the alpha-9 profile"))
        // The report's section of a deployment says it of the chip recommended for it (the
        // fixture's chat deployment; its training deployment has no chip that fits).
        let line = "Published serving measurements planned on the alpha-9 profile in chipfit's fidelity suite, with the "
            + "shipped defaults and calibrations (scripts/fidelity): 3 figures, median error 10 %, 1 figure of 1 run off by more than 1.5× "
            + "(predicted over measured): engine-chip-model (time to first token 0.054×)."
        #expect(MarkdownReportRenderer().render(reportModel).contains("- " + line + "\n"))
        #expect(HTMLReportRenderer().render(reportModel).contains(" Published serving measurements planned on the alpha-9 profile"))
    }

    @Test func html() {
        let html = HTMLReportRenderer().render(reportModel)
        assertGolden(html, "report.html")
        #expect(!html.contains("<script"), "no JavaScript")
        #expect(!html.contains("http://") && !html.contains("https://"), "no network references in a fixture report")
        #expect(html.contains("role=\"img\" aria-labelledby=\"fm-t fm-d\""))
        #expect(html.contains("@media print"))
    }

    @Test func workingDaysByWeeksMatchCountingDayByDay() throws {
        func counted(_ start: Day, _ n: Int) -> Day {
            var day = start, left = n
            while left > 0 {
                day = day.adding(days: 1)
                if day.weekday < 5 { left -= 1 }
            }
            return day
        }
        let monday = try #require(Day("2026-11-30"))
        for offset in 0..<7 {
            let start = monday.adding(days: offset) // every weekday, weekends included
            for n in [0, 1, 2, 4, 5, 6, 9, 10, 11, 23, 250, 1_001] {
                #expect(start.addingWorkingDays(n) == counted(start, n), "\(start) + \(n)")
            }
        }
    }

    @Test func datesStopAtTheCalendarsEnds() throws {
        let end = try #require(Day("9999-12-31")), start = try #require(Day("0001-01-01"))
        #expect(try #require(Day("9999-12-30")).addingWorkingDays(20) == end)
        #expect(end.adding(days: Int.max) == end)
        #expect(start.adding(days: -5) == start)
        #expect(start.adding(days: Int.min) == start)
        // Assumptions beyond any calendar (a library caller's, unchecked) give the last day.
        let huge = RolloutAssumptions(engineers: 1, validationDays: .infinity)
        #expect(Rollout(changes: [], start: try #require(Day("2026-11-30")), assumptions: huge).ready == end)
    }

    @Test func rolloutCountsWorkingDays() throws {
        // 2026-11-30 is a Monday; 10 working days later is Monday 2026-12-14.
        let monday = try #require(Day("2026-11-30"))
        #expect(monday.weekday == 0)
        #expect(monday.addingWorkingDays(10) == Day("2026-12-14"))
        #expect(try #require(Day("2026-12-04")).addingWorkingDays(1) == Day("2026-12-07"))
        #expect(try #require(Day("2028-02-28")).adding(days: 2) == Day("2028-03-01"))
        let changes = [ToolchainChange(component: "a", action: "replace", replacement: nil, effort: .medium, blocking: false, note: nil, source: nil),
                       ToolchainChange(component: "b", action: "replace", replacement: nil, effort: .low, blocking: false, note: nil, source: nil)]
        let r = Rollout(changes: changes, start: monday, assumptions: .default)
        #expect(r.engineerDays == 10)
        #expect(r.migrationDays == 5)
        #expect(r.ready == monday.addingWorkingDays(15))
    }

    @Test func sha256KnownAnswers() {
        // FIPS 180-4 examples.
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // FIPS 180-2's 896-bit message and a million `a`s (several blocks, long length field).
        #expect(SHA256.hex(Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8))
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Messages of `a` on either side of each padding boundary: 55 bytes still fit the length
    /// in one block, 56 do not; 64 fill a block exactly. Digests from Python's hashlib.
    @Test(arguments: [
        (1, "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"),
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
        (127, "c57e9278af78fa3cab38667bef4ce29d783787a2f731d4e12200270f0c32320a"),
        (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
    ])
    func sha256AtEveryPaddingBoundary(length: Int, digest: String) {
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: length)) == digest)
    }
}
