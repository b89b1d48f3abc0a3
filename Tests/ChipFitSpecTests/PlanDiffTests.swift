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

    @Test func recommendationCountAndEffortChanges() throws {
        let fewer = plan(#"{"chip": "a", "certified": true, "fits": true, "chips": 4, "migration_effort_score": 5}"#)
        let kinds = try PlanDiff.compare(old: plan(a), new: fewer).map(\.kind)
        #expect(kinds == [.chips, .effort])
        #expect(try PlanDiff.compare(old: plan(a), new: plan(a)).isEmpty)
        #expect(throws: PlanDiff.InputError.self) { try PlanDiff.compare(old: Array("{}".utf8), new: plan(a)) }
    }
}
