@testable import ChipFitCore
import Testing

/// `rank` reorders candidates by swapping them in place along the permutation's cycles.
@Suite struct CandidateOrder {
    /// Every permutation of `n` indices, in lexicographic order.
    private func permutations(_ n: Int) -> [[Int]] {
        guard n > 0 else { return [[]] }
        return permutations(n - 1).flatMap { p in (0...p.count).map { i in var q = p; q.insert(n - 1, at: i); return q } }
    }

    @Test func permutedPutsEachElementWhereTheOrderSays() {
        let items = ["a", "b", "c", "d", "e", "f"]
        let orders = permutations(items.count)
        #expect(orders.count == 720 && Set(orders).count == 720)
        for order in orders {
            // A fresh array, as `rank` passes its own: the swaps happen in place.
            #expect(Planner.permuted(Array(items), by: order) == order.map { items[$0] }, "order \(order)")
        }
        // Still shared with its caller: the caller's copy is left as it was.
        let kept = items
        #expect(Planner.permuted(kept, by: [5, 4, 3, 2, 1, 0]) == ["f", "e", "d", "c", "b", "a"])
        #expect(kept == items)
        #expect(Planner.permuted([String](), by: []) == [])
    }
}
