import ChipFitPlanner
import ChipFitYAML

/// The repository scan's codes (CF5xx, raised by `chipfit scan`): a place in the team's code
/// and what a target stack needs done there.
extension DiagnosticCode {
    public static let siteNeedsChange = DiagnosticCode("CF501", .warning,
        title: "Code that must change for the target stack",
        help: "This line ties the code to CUDA, and the target stack's migration rule says what replaces it (the message names the rule, its effort and its source). docs/scan.md lists every pattern `chipfit scan` detects.")
    public static let siteBlocksStack = DiagnosticCode("CF502", .error,
        title: "Code the target stack cannot run",
        help: "This line uses a component the target stack's migration rule marks unsupported: the deployment cannot move to that stack until the code stops depending on it.")
    public static let siteWithoutRule = DiagnosticCode("CF503", .note,
        title: "No migration rule for a component found in the code",
        help: "The target stack has no migration rule for this component, so chipfit cannot say what replaces it; plans count it as unassessed (medium effort assumed).")

    /// Every code of this layer, in order.
    public static let scanCodes: [DiagnosticCode] = [.siteNeedsChange, .siteBlocksStack, .siteWithoutRule]
}
