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

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show every figure of one deployment on one chip: formula, inputs, assumptions.",
        discussion: "Example: chipfit explain examples/support-chat.yaml --chip ascend-910b"
    )

    @Argument(help: ArgumentHelp("A deployment spec.", valueName: "spec"))
    var spec: String

    @Option(help: ArgumentHelp("Chip profile id.", valueName: "id"))
    var chip: String

    @OptionGroup var date: PlanDateOption

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var limits: LimitOptions

    func run() throws {
        let session = try loadOrExit(paths: [spec], catalog: catalog, limits: limits.limits)
        let ws = session.workspace
        reportFindings(session)
        guard let profile = ws.catalog.chips[chip] else {
            let guess = Suggestion.closest(to: chip, among: ws.catalog.chips.keys.sorted())
            StandardStreams.error("chipfit: unknown chip `\(chip)`\(guess.map { "; did you mean `\($0)`?" } ?? "")\n")
            throw ExitCode(2)
        }
        guard let resolved = ws.deployments.first else {
            if !ws.diagnostics.hasErrors {
                StandardStreams.error("chipfit: \(spec) holds no deployment\n")
            }
            throw ExitCode(ws.diagnostics.hasErrors ? 1 : 2)
        }
        let day = date.day
        let planner = Planner(catalog: ws.catalog, asOf: day)
        let plan = planner.plan([resolved])
        let d = plan.deployments[0]
        let candidate = d.candidates.first { $0.chip.id == profile.id }!
        try emit(ExplainRenderer().render(d, candidate, asOf: day, lists: plan.certificationLists), to: nil)
    }
}
