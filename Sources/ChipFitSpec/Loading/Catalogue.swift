import ChipFitPlanner
import ChipFitYAML

/// The profiles a run plans against: chips, stacks, model presets, certification lists.
public struct Catalogue: Sendable {
    public var chips: [String: ChipProfile] = [:]
    public var stacks: [String: Stack] = [:]
    public var models: [String: ModelPreset] = [:]
    /// Sorted by id, so every output lists them in the same order.
    public var certificationLists: [CertificationList] = []
    /// Measured figures (`kind: Measurement`) with their models resolved, in file order.
    public var measurements: [Measurement] = []
    /// Fitted efficiency factors (`kind: Calibration`), in file order: a later file's entry
    /// for the same chip, stack and phase wins.
    public var calibrations: [Calibration] = []
    /// The team's prices (`kind: Prices`), at most one list a run.
    public var prices: PriceList?
    /// Shipped profiles that a team's profiles of the same kind and id replaced.
    public var profileOverrides: [ProfileOverride] = []

    public init() {}

    /// Every component name some stack has a migration rule for.
    public var knownComponents: Set<String> {
        Set(stacks.values.flatMap { $0.components.keys })
    }

    /// Lower-cased vendor names of the chips.
    public var vendors: Set<String> { Set(chips.values.map { $0.vendor.lowercased() }) }

    /// Sets derived from the catalogue once per link, not once per spec.
    struct Index {
        let components: Set<String>
        let vendors: Set<String>
        let vendorNames: [String]
    }

    var index: Index {
        Index(components: knownComponents, vendors: vendors, vendorNames: chips.values.map(\.vendor).sorted())
    }
}

/// What validation of a set of files produced: the catalogue, the deployments ready to
/// plan, and every finding, in a stable order.
public struct Workspace: Sendable {
    public var catalogue: Catalogue
    public var deployments: [ResolvedDeployment]
    public var diagnostics: [Diagnostic]
    /// The loaded files the workspace keeps: all of them from `Linker.link`; from
    /// `Linker.join`, those its caller passes (the CLI keeps the catalogue's and any it could
    /// not link on the fly, and frees the others as they are linked).
    public var files: [LoadedFile]
    /// Files with at least one error; deployments from them are not planned.
    public var invalidFiles: Set<String>
}
