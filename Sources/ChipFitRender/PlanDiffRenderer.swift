import ChipFitSpec
import ChipFitPlanner

/// `chipfit diff`: a table or the `chipfit/plan-diff/v1` JSON document.
public struct PlanDiffRenderer: Sendable {
    public init() {}

    public func table(_ changes: [PlanDiff.Change]) -> String {
        guard !changes.isEmpty else { return "no changes\n" }
        var rows = [["deployment", "change", "chip", "before", "after"]]
        for c in changes { rows.append([c.deployment, c.kind.rawValue, c.subject ?? "", c.before, c.after]) }
        return Format.table(rows, indent: 0) + "\(changes.count) change\(changes.count == 1 ? "" : "s")\n"
    }

    /// A Markdown table for a pull-request comment: what changed, per deployment.
    public func markdown(_ changes: [PlanDiff.Change]) -> String {
        guard !changes.isEmpty else { return "**chipfit:** the plans are the same.\n" }
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var o = "**chipfit:** \(changes.count) change\(changes.count == 1 ? "" : "s") in the plans.\n\n"
        o += "| deployment | change | chip | before | after |\n| --- | --- | --- | --- | --- |\n"
        for c in changes {
            o += "| " + [c.deployment, c.kind.rawValue, c.subject.map { "`\($0)`" } ?? "", c.before, c.after].map(cell).joined(separator: " | ") + " |\n"
        }
        return o
    }

    public func json(_ changes: [PlanDiff.Change]) -> String {
        JSON.object([
            "schema": .string("chipfit/plan-diff/v1"),
            "changed": .bool(!changes.isEmpty),
            "changes": .array(changes.map {
                .object(["deployment": .string($0.deployment), "kind": .string($0.kind.rawValue), "chip": .optional($0.subject),
                         "before": .string($0.before), "after": .string($0.after)])
            }),
        ]).rendered()
    }
}
