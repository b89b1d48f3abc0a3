import ChipFitSpec
import ChipFitPlanner
import Testing

@Suite struct PlanDiffs {
    private func plan(_ candidates: String, recommended: String = "\"a\"") -> [UInt8] {
        Array("""
            {"schema": "chipfit/plan/v1", "as_of": "2026-11-29", "certification_lists": [],
             "deployments": [{"name": "d", "status": "fits", "recommended": \(recommended), "candidates": [\(candidates)]}]}
            """.utf8)
    }
    private let a = #"{"chip": "a", "certified": true, "fits": true, "chips": 2, "migration_effort_score": 3}"#
    private let b = #"{"chip": "b", "certified": false, "fits": true, "chips": 1, "migration_effort_score": 0}"#

    @Test func chipsAddedOrRemovedFromTheCatalogueAreChanges() throws {
        let before = plan(a + "," + b), after = plan(a)
        let changes = try PlanDiff.compare(old: before, new: after)
        #expect(changes.map(\.kind) == [.chipRemoved])
        #expect(changes.first?.subject == "b")
        #expect(try PlanDiff.compare(old: after, new: before).map(\.kind) == [.chipAdded])
    }

    /// A team profile replacing a shipped one is a change, though no figure moves; a plan
    /// written before overrides existed reads as having none.
    @Test func profileOverridesAreChanges() throws {
        var overridden = String(decoding: plan(a), as: UTF8.self)
        overridden.insert(contentsOf: #""profile_overrides": [{"kind": "Chip", "id": "a", "file": "team/a.yaml", "replaced": "(built in)/profiles/chips/a.yaml"}], "#,
                          at: overridden.index(after: overridden.firstIndex(of: "{")!))
        let changes = try PlanDiff.compare(old: plan(a), new: Array(overridden.utf8))
        #expect(changes.map(\.kind) == [.overrides])
        #expect(changes.first?.before == "none" && changes.first?.after == "Chip a (team/a.yaml)")
        #expect(try PlanDiff.compare(old: Array(overridden.utf8), new: Array(overridden.utf8)).isEmpty)
    }

    @Test func recommendationCountAndEffortChanges() throws {
        let fewer = plan(#"{"chip": "a", "certified": true, "fits": true, "chips": 4, "migration_effort_score": 5}"#)
        let kinds = try PlanDiff.compare(old: plan(a), new: fewer).map(\.kind)
        #expect(kinds == [.chips, .effort])
        #expect(try PlanDiff.compare(old: plan(a), new: plan(a)).isEmpty)
        #expect(throws: PlanDiff.InputError.self) { try PlanDiff.compare(old: Array("{}".utf8), new: plan(a)) }
    }

    /// The recommended chip's cost and energy, when both plans have them; a plan written before
    /// costs were planned compares nothing for them.
    @Test func costAndEnergyChanges() throws {
        func priced(_ cost: Double, _ energy: Double) -> String {
            #"{"chip": "a", "certified": true, "fits": true, "chips": 2, "migration_effort_score": 3, "economics": {"currency": "CNY", "cost_per_million_output_tokens": "# + "\(cost)" + #", "energy_kwh_per_million_output_tokens": "# + "\(energy)" + "}}"
        }
        let changes = try PlanDiff.compare(old: plan(priced(2, 0.5)), new: plan(priced(2.5, 0.5)))
        #expect(changes.map(\.kind) == [.cost])
        #expect(changes.first?.before == "2 CNY per million output tokens" && changes.first?.after == "2.5 CNY per million output tokens")
        #expect(try PlanDiff.compare(old: plan(priced(2, 0.5)), new: plan(priced(2, 0.7))).map(\.kind) == [.energy])
        #expect(try PlanDiff.compare(old: plan(a), new: plan(priced(2, 0.5))).isEmpty)
    }
}
