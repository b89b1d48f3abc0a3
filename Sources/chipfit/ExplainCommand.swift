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

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show every figure of one deployment on one chip: formula, inputs, assumptions.",
        discussion: """
            Example: chipfit explain examples/support-chat.yaml --chip ascend-910b
            Without --chip, each deployment's recommended chip (or, when none fits, the nearest).
            A directory explains every deployment in it, in plan order (by name).
            """
    )

    @Argument(help: ArgumentHelp("A deployment spec, or a directory of them.", valueName: "spec"))
    var spec: String

    @Option(help: ArgumentHelp("Chip profile id (default: the recommended chip of each deployment).", valueName: "id"))
    var chip: String?

    @OptionGroup var date: PlanDateOption
    @OptionGroup var objective: ObjectiveOption
    @OptionGroup var prices: PricesOption

    @OptionGroup var catalogueOptions: CatalogueOptions
    @OptionGroup var limits: LimitOptions
    @OptionGroup var empty: AllowEmptyOption

    func run() throws {
        let session = try loadOrExit(paths: [spec], extra: prices.files, catalogue: catalogueOptions, limits: limits.limits, allowEmpty: empty.allowEmpty)
        let ws = session.workspace
        reportFindings(session)
        if let chip, ws.catalogue.chips[chip] == nil {
            let guess = Suggestion.closest(to: chip, among: ws.catalogue.chips.keys.sorted())
            StandardStreams.error("chipfit: unknown chip `\(chip)`\(guess.map { "; did you mean `\($0)`?" } ?? "")\n")
            throw ExitCode(2)
        }
        guard !ws.deployments.isEmpty else {
            if !ws.diagnostics.hasErrors {
                StandardStreams.error("chipfit: \(spec) holds no deployment\n")
            }
            throw ExitCode(ws.diagnostics.hasErrors ? 1 : 2)
        }
        let day = date.day
        let planner = Planner(catalogue: ws.catalogue, objective: objective.optimize, asOf: day)
        let plan = planner.plan(ws.deployments)
        let resolved = Dictionary(ws.deployments.map { ($0.deployment.name, $0.deployment) }, uniquingKeysWith: { a, _ in a })
        // Every deployment the path holds, one explanation each, separated by a blank line.
        let text = plan.deployments.compactMap { d -> String? in
            // The chip asked for, else the recommended one, else the nearest to fitting.
            guard var candidate = chip.map({ id in d.candidates.first { $0.chip.id == id } }) ?? d.recommended ?? d.candidates.first
            else { return nil }
            // A rejected chip explained on its own says what single change would fit it.
            if !candidate.fits, candidate.whatIfs.isEmpty, let deployment = resolved[d.name] {
                candidate.whatIfs = planner.whatIfs(deployment, d.model, candidate)
            }
            return ExplainRenderer().render(d, candidate, asOf: day, lists: plan.certificationLists, prices: plan.prices,
                                           overrides: plan.profileOverrides)
        }.joined(separator: "\n")
        try emit(text, to: nil)
        if ws.diagnostics.hasErrors { throw ExitCode(1) }
    }
}
