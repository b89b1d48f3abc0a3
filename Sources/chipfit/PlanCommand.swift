import ArgumentParser
import ChipFitCore
import ChipFitRender
import ChipFitYAML
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

struct PlanCommand: ParsableCommand {
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
    var paths: [String]

    @OptionGroup var date: PlanDateOption

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    @Option(help: ArgumentHelp("Write the plan to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Exit 1 when a deployment has no fitting chip.")
    var failOnNoFit = false

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var limits: LimitOptions
    @OptionGroup var empty: AllowEmptyOption

    func run() throws {
        PhaseTimings.begin()
        let session = try loadOrExit(paths: paths, catalog: catalog, limits: limits.limits, allowEmpty: empty.allowEmpty)
        let ws = session.workspace
        reportFindings(session)
        PhaseTimings.mark("findings")
        let planner = Planner(catalog: ws.catalog, asOf: date.day)
        let sink = try OutputSink(path: output, inputs: session.inputPaths)
        var anyNoFit = false
        // Deployments are planned and rendered on every core, a batch at a time, and written
        // in order: memory stays bounded by one batch however many specs there are.
        let ordered = planner.ordered(ws.deployments)
        if format == .json {
            let json = PlanJSONRenderer()
            var batches = PlanBatches(planner: planner, deployments: ordered) { json.renderedDeployment($0, at: $1) }
            try json.stream(asOf: planner.asOf, lists: planner.listSummaries, count: ordered.count, rendered: { i in
                let (bytes, fits) = batches.rendered(i)
                if !fits { anyNoFit = true }
                return bytes
            }, sink: sink.write)
        } else {
            let table = PlanTableRenderer(color: output == nil && Terminal.stdoutSupportsColor)
            try sink.write(Array(table.header(asOf: planner.asOf, lists: planner.listSummaries).utf8))
            var batches = PlanBatches(planner: planner, deployments: ordered) { d, _ in Array(("\n" + table.deployment(d)).utf8) }
            for i in ordered.indices {
                let (bytes, fits) = batches.rendered(i)
                if !fits { anyNoFit = true }
                try sink.write(bytes)
            }
        }
        try sink.finish()
        PhaseTimings.mark("plan+write")
        PhaseTimings.report()
        if ws.diagnostics.hasErrors { throw ExitCode(1) }
        if failOnNoFit, anyNoFit { throw ExitCode(1) }
    }
}

/// Plans and renders deployments on every core, a batch at a time, and hands them out in
/// order. Each core plans a contiguous run of the batch with its own `PlanCache`.
struct PlanBatches {
    let planner: Planner
    let deployments: [ResolvedDeployment]
    /// A deployment's plan rendered for its place (`k` in plan order).
    let render: @Sendable (DeploymentPlan, _ k: Int) -> [UInt8]
    private var batch: [(bytes: [UInt8], fits: Bool)] = []
    private var start = 0
    private static let size = 128
    /// One cache per run of a batch, kept from batch to batch: a cache started afresh for each
    /// batch derived the toolchain changes of every (toolchain, stack, precision) again, 16,925
    /// derivations for the benchmark corpus where a cache for the whole run needs a few hundred.
    private let caches = (0..<Parallelism.workers).map { _ in CacheBox() }

    /// A run's cache. Run `k` of a batch is planned by one thread at a time, and only run `k`
    /// touches `caches[k]`.
    private final class CacheBox: @unchecked Sendable {
        var cache = PlanCache()
    }

    init(planner: Planner, deployments: [ResolvedDeployment], render: @escaping @Sendable (DeploymentPlan, Int) -> [UInt8]) {
        self.planner = planner
        self.deployments = deployments
        self.render = render
    }

    /// Deployment `i`'s rendered bytes and whether a chip fits it; call with i = 0, 1, 2, …
    mutating func rendered(_ i: Int) -> (bytes: [UInt8], fits: Bool) {
        if i < start || i >= start + batch.count {
            start = i
            let end = min(deployments.count, i + Self.size)
            let runs = min(end - i, caches.count)
            let (planner, deployments, render, caches) = (planner, deployments, render, caches)
            batch = parallelMap(runs, serialBelow: 2) { run in
                let box = caches[run]
                let lo = i + (end - i) * run / runs, hi = i + (end - i) * (run + 1) / runs
                return (lo..<hi).map { k in
                    let d = planner.plan(deployments[k], cache: &box.cache)
                    return (render(d, k), d.fits)
                }
            }.flatMap { $0 }
        }
        return batch[i - start]
    }
}

/// Loads specs and catalogue, turning I/O failures into exit code 2.
func loadOrExit(paths: [String], catalog: CatalogOptions, limits: YAMLLimits, allowEmpty: Bool = false) throws -> ValidationSession {
    try loadOrExit(paths: paths, profiles: catalog.profiles, root: catalog.root, limits: limits, allowEmpty: allowEmpty)
}

func loadOrExit(paths: [String], profiles: [String], root: String?, limits: YAMLLimits,
                keepDeployments: Bool = true, allowEmpty: Bool = false) throws -> ValidationSession {
    do {
        let session = try ValidationSession.load(paths: paths, profiles: profiles, root: root, limits: limits,
                                                 keepDeployments: keepDeployments, allowEmpty: allowEmpty)
        ProcessLifetime.keep(session)
        return session
    } catch let failure as InputFiles.Failure {
        StandardStreams.error("chipfit: \(failure.description)\n")
        throw ExitCode(2)
    }
}

/// Findings go to standard error in `validate`'s text form, so stdout stays a clean plan.
func reportFindings(_ session: ValidationSession) {
    let d = session.workspace.diagnostics
    guard !d.isEmpty else { return }
    let text = DiagnosticsTextRenderer(color: Terminal.stderrSupportsColor)
        .render(d, sources: session.sources(for: d), summary: session.summary + (d.hasErrors ? "; invalid specs are not planned" : ""))
    StandardStreams.error(text)
}

func emit(_ text: String, to output: String?, inputs: [String] = []) throws {
    try emit(bytes: Array(text.utf8), to: output, inputs: inputs)
}

/// Writes to standard output, or atomically to `output` unless it is one of `inputs`; a write
/// failure is exit code 2.
func emit(bytes: [UInt8], to output: String?, inputs: [String] = []) throws {
    let sink = try OutputSink(path: output, inputs: inputs)
    try sink.write(bytes)
    try sink.finish()
}

enum Clock {
    /// Today's date in UTC: the only place chipfit reads the clock.
    static func today() -> Day {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
    }
}
