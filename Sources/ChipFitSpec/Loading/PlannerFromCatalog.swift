import ChipFitPlanner

extension Planner {
    /// A planner for a linked catalogue: its chips, stacks and certification lists.
    public init(catalog: Catalog, asOf: Day) {
        self.init(chips: catalog.chips.values, stacks: catalog.stacks, certificationLists: catalog.certificationLists,
                  asOf: asOf)
    }
}
