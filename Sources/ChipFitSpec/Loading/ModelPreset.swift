import ChipFitPlanner
import ChipFitYAML

/// A model preset from `profiles/models/`.
public struct ModelPreset: Sendable {
    public var id: String
    public var name: String?
    public var source: String
    public var architecture: Architecture
    /// The validated `architecture` mapping, so a spec can override single fields.
    public var fields: Object
    public var file: String
}
