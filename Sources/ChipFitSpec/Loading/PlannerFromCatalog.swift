import ChipFitPlanner

extension Planner {
    /// A planner for a linked catalogue: its chips, stacks, certification lists and calibrations.
    public init(catalog: Catalog, asOf: Day) {
        self.init(chips: catalog.chips.values, stacks: catalog.stacks, certificationLists: catalog.certificationLists,
                  calibrations: catalog.calibrations, asOf: asOf)
    }
}
