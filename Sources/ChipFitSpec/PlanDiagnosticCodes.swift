import ChipFitPlanner
import ChipFitYAML

/// The plan layer's codes (CF4xx, raised by `chipfit check`), and the list of every code.
extension DiagnosticCode {
    public static let noFittingChip = DiagnosticCode("CF401", .error,
        title: "No chip fits the deployment",
        help: "`chipfit check` found no chip that fits this deployment under its requirements (certified, when required). The message names the closest chips and why they were ruled out; `chipfit plan` shows all of them.")

    /// Every code of this layer, in order.
    public static let planCodes: [DiagnosticCode] = [.noFittingChip]

    /// Every code chipfit can emit, in order of their ids (docs, SARIF rules, suppressions).
    public static let all: [DiagnosticCode] = yamlCodes + specCodes + planCodes + scanCodes

    /// The code with this id, if chipfit has one.
    public static func named(_ id: String) -> DiagnosticCode? { all.first { $0.rawValue == id } }

    /// Raised only by `chipfit check`, which plans: `validate` cannot tell whether one is suppressed.
    public var raisedByPlanning: Bool { Self.planCodes.contains(self) }
}
