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

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (2020-12) of a file kind, for editors and other tools.",
        discussion: """
            Generated from the definitions the validator uses. It checks structure only;
            cross-field and cross-file rules need `chipfit validate`.

            Example (VS Code with the YAML extension):
              chipfit schema deployment > .chipfit/deployment.schema.json
              # then in a spec: # yaml-language-server: $schema=../.chipfit/deployment.schema.json
            """
    )

    enum KindOption: String, ExpressibleByArgument, CaseIterable {
        case deployment, chip, stack, model, certifications, measurement, calibration, prices, config

        init?(argument: String) {
            let name = KindName.canonical(argument)
            self.init(rawValue: name == "certification" ? "certifications" : name)
        }

        /// The file kind; nil for `config`, which is no catalogue or spec kind.
        var kind: Kind? {
            switch self {
            case .config: nil
            case .deployment: .deployment
            case .chip: .chip
            case .stack: .stack
            case .model: .model
            case .certifications: .certificationList
            case .measurement: .measurement
            case .calibration: .calibration
            case .prices: .prices
            }
        }
    }

    @Argument(help: "deployment (default), chip, stack, model, certifications, measurement, calibration, prices, or config (.chipfit.yaml).")
    var kind: KindOption = .deployment

    func run() throws {
        try emit(kind.kind.map(JSONSchemaRenderer().render) ?? JSONSchemaRenderer().renderConfig(), to: nil)
    }
}
