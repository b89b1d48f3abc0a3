import ChipFitPlanner

extension Planner {
    /// A planner for a linked catalogue: its chips, stacks, certification lists, calibrations and prices.
    public init(catalog: Catalog, objective: Objective = .chips, asOf: Day) {
        self.init(chips: catalog.chips.values, stacks: catalog.stacks, certificationLists: catalog.certificationLists,
                  calibrations: catalog.calibrations, prices: catalog.prices, objective: objective, asOf: asOf)
        profileOverrides = catalog.profileOverrides
    }
}
