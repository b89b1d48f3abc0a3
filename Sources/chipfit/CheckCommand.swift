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

/// The CI gate: validate, then plan, failing when a deployment has no fitting chip.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate and plan: fail when a spec is invalid or a deployment has no fitting (certified, when required) chip.",
        discussion: """
            Same output formats, suppressions and baselines as `validate`; a deployment without a
            fitting chip is finding CF401 at its `name`.

            Examples:
              chipfit check deploy/
              chipfit check --format sarif --as-of 2027-01-01 deploy/ > chipfit.sarif
            """
    )

    @Argument(help: ArgumentHelp("Deployment spec files or directories.", valueName: "spec"))
    var paths: [String] = []

    @OptionGroup var date: PlanDateOption

    @OptionGroup var output: DiagnosticOutputOptions
    @OptionGroup var catalogueOptions: CatalogueOptions
    @OptionGroup var limits: LimitOptions
    @OptionGroup var empty: AllowEmptyOption

    func run() throws {
        let settings = try RunSettings.resolve(catalogueOptions)
        if settings.paths(paths).isEmpty {
            StandardStreams.error("chipfit: name spec files or directories, or list them under `paths` in .chipfit.yaml\n")
            throw ExitCode(2)
        }
        let session = try loadOrExit(paths: settings.paths(paths), settings: settings, root: catalogueOptions.root, limits: limits.limits,
                                     allowEmpty: empty.allowEmpty)
        let ws = session.workspace
        let plan = Planner(catalogue: ws.catalogue, asOf: date.day).plan(ws.deployments)
        let extra = CheckFindings.noFit(plan, deployments: ws.deployments)
        try output.settings(settings).report(session, extra: extra, planned: true)
    }
}
