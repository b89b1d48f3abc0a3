import ArgumentParser
import ChipFitSpec
import ChipFitPlanner
import ChipFitRender
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a migration report (Markdown or self-contained HTML) for management or auditors.",
        discussion: """
            Examples:
              chipfit report examples/ --format html --output report.html
              chipfit report deploy/ --format markdown --engineers 3 --effort-days low=1,medium=5,high=15
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, html }

    @Argument(help: ArgumentHelp("Deployment spec files or directories.", valueName: "spec"))
    var paths: [String] = []

    @Option(help: "markdown or html (default: from the --output file's extension, .html/.htm or .md; else markdown).")
    var format: Format?

    @Option(help: ArgumentHelp("Write the report to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var date: PlanDateOption
    @OptionGroup var objective: ObjectiveOption
    @OptionGroup var prices: PricesOption

    @Option(help: "Engineers working on a migration in parallel.")
    var engineers: Int = RolloutAssumptions.default.engineers

    @Option(name: .customLong("effort-days"), help: ArgumentHelp(
        "Engineer-days per change by effort, e.g. low=2,medium=8,high=20.", valueName: "level=days,…"))
    var effortDays: String?

    @Option(name: .customLong("validation-days"), help: "Working days of validation after the changes.")
    var validationDays: Double = RolloutAssumptions.default.validationDays

    @OptionGroup var catalogueOptions: CatalogueOptions
    @OptionGroup var limits: LimitOptions
    @OptionGroup var empty: AllowEmptyOption

    /// Ten years: the most any one planning assumption may say, so that a typo such as
    /// `1e9` is a usage error rather than a date nobody can use.
    static let maxDays = 3650.0

    /// The format asked for, or the one the output file's name says; a name that says the
    /// other format is refused rather than written in the wrong one.
    func resolvedFormat() throws -> Format {
        let named = output.flatMap(Self.format(ofFileNamed:))
        if let format, let named, format != named {
            throw ValidationError("--format \(format.rawValue) contradicts the output file name '\(output!)' (\(named.rawValue)); change one of them")
        }
        return format ?? named ?? .markdown
    }

    static func format(ofFileNamed name: String) -> Format? {
        let lower = name.lowercased()
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return .html }
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { return .markdown }
        return nil
    }

    func validate() throws {
        _ = try resolvedFormat()
        if engineers < 1 { throw ValidationError("--engineers must be at least 1") }
        if !(0...Self.maxDays).contains(validationDays) {
            throw ValidationError("--validation-days takes a number of days from 0 to \(Int(Self.maxDays)); got \(validationDays)")
        }
        _ = try rollout()
    }

    func rollout() throws -> RolloutAssumptions {
        var r = RolloutAssumptions(engineers: engineers, validationDays: validationDays)
        guard let effortDays else { return r }
        for pair in effortDays.split(separator: ",") {
            let kv = pair.split(separator: "=")
            guard kv.count == 2, let effort = Effort(rawValue: kv[0].trimmingBlanks),
                  let days = Double(kv[1].trimmingBlanks), (0...Self.maxDays).contains(days) else {
                throw ValidationError("--effort-days takes level=days pairs with levels none, low, medium, high and 0 to \(Int(Self.maxDays)) days each; got '\(pair)'")
            }
            r.daysPerEffort[effort] = days
        }
        return r
    }

    func run() throws {
        let session = try loadOrExit(paths: paths, extra: prices.files, catalogue: catalogueOptions, limits: limits.limits,
                                     allowEmpty: empty.allowEmpty, requirePaths: true)
        reportFindings(session)
        let ws = session.workspace
        let day = date.day
        let sink = try OutputSink(path: output, inputs: session.inputPaths)
        try ReportStream.write(planner: Planner(catalogue: ws.catalogue, objective: objective.optimize, asOf: day), deployments: ws.deployments,
                               format: try resolvedFormat() == .html ? .html : .markdown, version: ChipFit.version,
                               inputs: session.inputHashes, rollout: try rollout()) { try sink.write(Array($0.utf8)) }
        try sink.finish()
        if ws.diagnostics.hasErrors { throw ExitCode(1) }
    }
}
