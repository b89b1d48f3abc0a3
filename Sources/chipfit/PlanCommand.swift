import ArgumentParser
import ChipFitSpec
import ChipFitPlanner
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

    @Argument(help: ArgumentHelp("Deployment spec files or directories (default: `paths` in .chipfit.yaml).", valueName: "spec"))
    var paths: [String] = []

    @OptionGroup var date: PlanDateOption
    @OptionGroup var objective: ObjectiveOption
    @OptionGroup var prices: PricesOption

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    @Option(help: ArgumentHelp("Write the plan to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Exit 1 when a deployment has no fitting chip.")
    var failOnNoFit = false

    @Option(help: ArgumentHelp("Show only the N best chips of each deployment (the ranking is unchanged).", valueName: "n"))
    var top: Int?

    @Flag(help: "Show only chips certified for the deployment's phase.")
    var onlyCertified = false

    @Flag(help: ArgumentHelp("Show every column, whatever the terminal's width.",
                             discussion: "Without it, a table printed to a terminal (or with $COLUMNS set) drops columns to fit, in the order docs/plan.md gives, and wraps its notes."))
    var wide = false

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Plan once per value of a spec field, e.g. workload.concurrency=16,32,64 (at most twice: every pair of values).",
        discussion: "Any field a deployment spec has; each value is checked as if the spec said it.",
        valueName: "field=values"))
    var sets: [String] = []

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1; got \(top)") }
        guard sets.count <= 2 else { throw ValidationError("--set takes one or two fields; got \(sets.count)") }
        if !sets.isEmpty, top != nil || onlyCertified {
            throw ValidationError("--top and --only-certified shape plan tables; a sweep (--set) shows every chip's last fitting value")
        }
        for s in sets { _ = try Self.sweep(s) }
    }

    /// `workload.concurrency=16,32` as a path and its values.
    static func sweep(_ text: String) throws -> (path: [String], values: [String]) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        let path = parts.first?.split(separator: ".").map(String.init) ?? []
        let values = parts.count == 2 ? parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : []
        guard parts.count == 2, !path.isEmpty, path.allSatisfy({ !$0.isEmpty }), !values.isEmpty, values.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError("--set takes FIELD=V1,V2,… with a dotted field, e.g. workload.concurrency=16,32; got '\(text)'")
        }
        return (path, values)
    }

    @OptionGroup var catalogueOptions: CatalogueOptions
    @OptionGroup var limits: LimitOptions
    @OptionGroup var empty: AllowEmptyOption

    func run() throws {
        PhaseTimings.begin()
        let session = try loadOrExit(paths: paths, extra: prices.files, catalogue: catalogueOptions, limits: limits.limits,
                                     allowEmpty: empty.allowEmpty, requirePaths: true)
        let ws = session.workspace
        reportFindings(session)
        PhaseTimings.mark("findings")
        if !sets.isEmpty {
            try runSweep(session)
            return
        }
        let planner = Planner(catalogue: ws.catalogue, objective: objective.optimize, asOf: date.day)
        let sink = try OutputSink(path: output, inputs: session.inputPaths)
        let allFit = try PlanStream.write(planner: planner, deployments: ws.deployments,
                                          format: format == .json ? .json : .table(color: output == nil && Terminal.stdoutSupportsColor,
                                                                                        width: output == nil && !wide ? Terminal.columns : nil),
                                          shown: PlanStream.Shown(top: top, onlyCertified: onlyCertified), to: sink.write)
        try sink.finish()
        PhaseTimings.mark("plan+write")
        PhaseTimings.report()
        if ws.diagnostics.hasErrors { throw ExitCode(1) }
        if failOnNoFit, !allFit { throw ExitCode(1) }
    }
}

extension PlanCommand {
    /// Plans every value (or pair of values) of `--set` and writes the sweep.
    func runSweep(_ session: ValidationSession) throws {
        let fields = try sets.map(Self.sweep)
        var combinations: [[Override]] = [[]]
        for f in fields {
            combinations = combinations.flatMap { prefix in f.values.map { prefix + [Override(path: f.path, value: $0)] } }
        }
        var variants: [Sweep.Variant] = []
        for overrides in combinations {
            let ws = session.variant(overrides, limits: limits.limits)
            let errors = ws.diagnostics.filter { $0.severity == .error }
            guard errors.isEmpty else {
                let text = DiagnosticsTextRenderer(color: Terminal.stderrSupportsColor)
                    .render(errors, sources: session.sources(for: errors),
                            summary: "with " + overrides.map(\.description).joined(separator: ", ") + ": \(errors.count) error\(errors.count == 1 ? "" : "s")")
                StandardStreams.error(text)
                throw ExitCode(1)
            }
            let plan = Planner(catalogue: ws.catalogue, objective: objective.optimize, asOf: date.day).plan(ws.deployments)
            variants.append(Sweep.Variant(overrides: overrides, plan: plan))
        }
        let sweep = Sweep(fields: fields.map { $0.path.joined(separator: ".") }, variants: variants)
        let text = format == .json ? SweepRenderer().json(sweep) : SweepRenderer().table(sweep)
        try emit(text, to: output, inputs: session.inputPaths)
        if failOnNoFit, variants.contains(where: { $0.plan.deployments.contains { !$0.fits } }) { throw ExitCode(1) }
    }
}

/// Loads what a command reads, with `.chipfit.yaml` and the command line combined.
/// - Parameter requirePaths: the command plans specs, so some must be named (here or in the
///   configuration's `paths`).
/// - Parameters:
///   - extra: files read beside the paths (`--prices`), which do not stand in for them.
///   - catalogueOnly: the command needs the catalogue alone (`scan`, `profiles`): the
///     configuration's `paths` are not read.
func loadOrExit(paths: [String], extra: [String] = [], catalogue catalogueOptions: CatalogueOptions, limits: YAMLLimits, allowEmpty: Bool = false,
                requirePaths: Bool = false, catalogueOnly: Bool = false) throws -> ValidationSession {
    var settings = try RunSettings.resolve(catalogueOptions)
    if catalogueOnly { settings.defaultPaths = [] }
    let chosen = settings.paths(paths)
    if requirePaths, chosen.isEmpty {
        StandardStreams.error("chipfit: name spec files or directories, or list them under `paths` in .chipfit.yaml\n")
        throw ExitCode(2)
    }
    return try loadOrExit(paths: chosen + extra, settings: settings, root: catalogueOptions.root, limits: limits, allowEmpty: allowEmpty)
}

func loadOrExit(paths: [String], settings: RunSettings, root: String?, limits: YAMLLimits,
                keepDeployments: Bool = true, allowEmpty: Bool = false) throws -> ValidationSession {
    do {
        let session = try ValidationSession.load(paths: paths, settings: settings, root: root, limits: limits,
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
