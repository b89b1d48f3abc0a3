import ArgumentParser
import ChipFitSpec
import ChipFitPlanner
import ChipFitRender
import ChipFitYAML

/// `chipfit calibrate MEASUREMENTS... --output OVERLAY.yaml`: fits efficiency factors to a
/// team's measurements and writes them as a profile layer.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit efficiency factors to measurements and write them as a calibration plans can use.",
        discussion: """
            Each measurement (kind: Measurement) is a deployment as it ran on one chip, with its
            layout pinned, and the figures measured. Measurements are grouped by chip, stack and
            phase; each group gets the factors that reproduce its figures (training: compute and
            interconnect; serving: compute, memory, interconnect and, for MoE models, routed
            experts), shrunk toward the defaults where few measurements speak to a factor. The
            report shows every figure before and after, the leave-one-out error and which
            factors the measurements could not pin down (those are left out).

            Examples:
              chipfit calibrate examples/measurements/
              chipfit calibrate examples/measurements/ --output profiles-local/calibration.yaml
              chipfit plan examples/ --profiles profiles --profiles profiles-local
            """
    )

    @Argument(help: ArgumentHelp("Measurement files, or directories of them.", valueName: "measurements"))
    var paths: [String]

    @Option(help: ArgumentHelp("Write the calibration to this file (atomically); without it, only the fit is printed.",
                               valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("The calibration's id.", valueName: "id"))
    var id: String = "calibration"

    @OptionGroup var date: PlanDateOption
    @OptionGroup var catalogueOptions: CatalogueOptions
    @OptionGroup var limits: LimitOptions

    func validate() throws {
        guard SchemaValidator.isIdentifier(id) else {
            throw ValidationError("--id must be an id (lowercase letters, digits, '.', '_' and '-'); got '\(id)'")
        }
    }

    func run() throws {
        let session = try loadOrExit(paths: paths, catalogue: catalogueOptions, limits: limits.limits)
        reportFindings(session)
        let ws = session.workspace
        let named = Set(session.checkedFiles)
        let measurements = ws.catalogue.measurements.filter { named.contains($0.deployment.deployment.file) }
        guard !measurements.isEmpty else {
            if !ws.diagnostics.hasErrors {
                StandardStreams.error("chipfit: \(paths.joined(separator: " ")) holds no measurement (kind: Measurement)\n")
            }
            throw ExitCode(ws.diagnostics.hasErrors ? 1 : 2)
        }
        // The fit starts from the profiles' own factors: an earlier calibration is not used.
        let planner = Planner(chips: ws.catalogue.chips.values, stacks: ws.catalogue.stacks,
                              certificationLists: ws.catalogue.certificationLists, asOf: date.day)
        let groups = Calibrator(planner: planner, chips: ws.catalogue.chips).fit(measurements)
        let renderer = CalibrationRenderer()
        var text = "chipfit calibrate · \(measurements.count) measurement\(measurements.count == 1 ? "" : "s") · "
            + "\(groups.count) chip × stack × phase × engine group\(groups.count == 1 ? "" : "s")\n" + renderer.report(groups)
        let written = groups.filter { !$0.pinned.isEmpty }.count
        if let output {
            guard written > 0 else {
                try emit(text, to: nil)
                StandardStreams.error("chipfit: no factor was pinned down, so \(output) was not written\n")
                throw ExitCode(1)
            }
            let source = "chipfit calibrate " + paths.joined(separator: " ")
            let overlay = renderer.overlay(groups, id: id, generated: date.day, source: source)
            try emit(overlay, to: output, inputs: session.inputPaths)
            text += "wrote \(output): \(written) calibration\(written == 1 ? "" : "s")\n"
        }
        try emit(text, to: nil)
        if ws.diagnostics.hasErrors { throw ExitCode(1) }
    }
}
