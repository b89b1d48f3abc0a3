import ChipFitPlanner
@testable import ChipFitRender
import Testing
import TestSupport

@Suite struct TableWidths {
    @Test func eightyAndOneHundredTwentyColumns() {
        assertGolden(PlanTableRenderer(color: false, width: 80).render(fixturePlan), "plan-80.txt")
        assertGolden(PlanTableRenderer(color: false, width: 120).render(fixturePlan), "plan-120.txt")
    }

    /// At every width, every line fits wherever a break is possible, the columns that go are
    /// the documented order's first ones, and the ones a decision needs never go.
    @Test func columnsGoInTheDocumentedOrder() {
        let always: Set<String> = ["chip", "cert", "chips", "verdict"]
        let full = Self.headers(PlanTableRenderer(color: false).render(fixturePlan))
        for width in stride(from: 200, through: 60, by: -1) {
            let text = PlanTableRenderer(color: false, width: width).render(fixturePlan)
            let lines = text.split(separator: "\n")
            // A line may only overflow when it is one word (a path) past its indentation, or a
            // table already at its fewest columns.
            for line in lines where line.count > width {
                let table = line.hasPrefix("  chip ") || lines.contains { $0.hasPrefix("  chip ") && $0.count > width }
                #expect(table || line.split(separator: " ").count <= 2, "\(width): \(line)")
            }
            let tables = Self.headers(text)
            #expect(tables.count == full.count)
            for (all, shown) in zip(full, tables) {
                #expect(always.isSubset(of: Set(shown)), "\(width): \(shown)")
                let gone = all.filter { !shown.contains($0) && !["TP", "PP", "DP", "EP"].contains($0) }
                for column in gone {
                    let rank = CandidateFields.narrowing.firstIndex(of: column)
                    #expect(rank != nil, "\(column) went but is not in the narrowing order")
                }
            }
        }
    }

    /// The headers of each table in a rendered plan.
    static func headers(_ text: String) -> [[String]] {
        text.split(separator: "\n").filter { $0.hasPrefix("  chip ") }.map { line in
            line.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    @Test func wrappingKeepsIndentationAndSpacing() {
        #expect(PlanTableRenderer.wrap("    chip: one two three four", width: 18, hanging: 10) == "    chip: one two\n          three\n          four")
        #expect(PlanTableRenderer.wrap("name  spec · a", width: 80, hanging: 2) == "name  spec · a")
        #expect(PlanTableRenderer.wrap("a  b c", width: 4, hanging: 2) == "a  b\n  c")
        #expect(PlanTableRenderer.wrap("x", width: nil, hanging: 2) == "x")
    }
}
