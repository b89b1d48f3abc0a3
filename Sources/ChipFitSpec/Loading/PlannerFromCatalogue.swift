import ChipFitPlanner

extension Planner {
    /// A planner for a catalogue: its chips, stacks, certification lists, calibrations and prices.
    public init(catalogue: Catalogue, objective: Objective = .chips, asOf: Day) {
        self.init(chips: catalogue.chips.values, stacks: catalogue.stacks, certificationLists: catalogue.certificationLists,
                  calibrations: catalogue.calibrations, prices: catalogue.prices, objective: objective, asOf: asOf)
        profileOverrides = catalogue.profileOverrides
    }
}
