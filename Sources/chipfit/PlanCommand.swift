import ArgumentParser
import ChipFitCore
import ChipFitRender
import ChipFitYAML
import Foundation

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "For each deployment: which certified chips can run it, how many, in what layout, how fast.",
        discussion: """
            Every chip in the catalogue is considered; rejected chips are listed with the reason.
            Invalid specs are reported as by `validate` (on standard error) and not planned.

            Examples:
              chipfit plan examples/
              chipfit plan --format json --output plan.json --as-of 2027-01-01 deploy/
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: ArgumentHelp("Deployment spec files or directories.", valueName: "spec"))
    var specs: [String]

    @OptionGroup var date: PlanDateOption

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    @Option(help: ArgumentHelp("Write the plan to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Exit 1 when a deployment has no fitting chip.")
    var failOnNoFit = false

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var limits: LimitOptions

    func run() async throws {
        PhaseTimings.begin()
        let session = try await loadOrExit(paths: specs, catalog: catalog, limits: limits.limits)
        let ws = session.workspace
        reportFindings(session)
        PhaseTimings.mark("findings")
        let planner = Planner(catalog: ws.catalog, asOf: date.day)
        let sink = try OutputSink(path: output)
        var anyNoFit = false
        if format == .json {
            // Plan and write one deployment at a time: memory stays bounded by one deployment's
            // candidates however many specs there are.
            let ordered = planner.ordered(ws.deployments)
            try PlanJSONRenderer().stream(asOf: planner.asOf, lists: planner.listSummaries, count: ordered.count,
                                          deployment: { i in
                                              let d = planner.plan(ordered[i])
                                              if !d.fits { anyNoFit = true }
                                              return d
                                          }, sink: sink.write)
        } else {
            let table = PlanTableRenderer(color: output == nil && Terminal.stdoutSupportsColor)
            try sink.write(Array(table.header(asOf: planner.asOf, lists: planner.listSummaries).utf8))
            for r in planner.ordered(ws.deployments) {
                let d = planner.plan(r)
                if !d.fits { anyNoFit = true }
                try sink.write(Array(("\n" + table.deployment(d)).utf8))
            }
        }
        try sink.finish()
        PhaseTimings.mark("plan+write")
        PhaseTimings.report()
        if ws.diagnostics.hasErrors { throw ExitCode(1) }
        if failOnNoFit, anyNoFit { throw ExitCode(1) }
    }
}

/// Loads specs and catalogue, turning I/O failures into exit code 2.
func loadOrExit(paths: [String], catalog: CatalogOptions, limits: YAMLLimits) async throws -> ValidationSession {
    do {
        let session = try await ValidationSession.load(paths: paths, catalog: catalog, limits: limits)
        ProcessLifetime.keep(session)
        return session
    } catch let failure as InputFiles.Failure {
        FileHandle.standardError.write(Data("chipfit: \(failure.description)\n".utf8))
        throw ExitCode(2)
    }
}

/// Findings go to standard error in `validate`'s text form, so stdout stays a clean plan.
func reportFindings(_ session: ValidationSession) {
    let d = session.workspace.diagnostics
    guard !d.isEmpty else { return }
    let text = DiagnosticsTextRenderer(color: Terminal.stderrSupportsColor)
        .render(d, sources: session.sources(for: d), summary: session.summary + (d.hasErrors ? "; invalid specs are not planned" : ""))
    FileHandle.standardError.write(Data(text.utf8))
}

func emit(_ text: String, to output: String?) throws {
    try emit(bytes: Array(text.utf8), to: output)
}

/// Writes to standard output, or atomically to `output`; a write failure is exit code 2.
func emit(bytes: [UInt8], to output: String?) throws {
    let sink = try OutputSink(path: output)
    try sink.write(bytes)
    try sink.finish()
}

enum Clock {
    /// Today's date in UTC: the only place chipfit reads the clock.
    static func today() -> Day {
        let c = Calendar(identifier: .gregorian)
        var utc = c
        utc.timeZone = TimeZone(identifier: "UTC")!
        let parts = utc.dateComponents([.year, .month, .day], from: Date())
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
