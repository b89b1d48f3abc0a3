import ChipFitPlanner
import ChipFitScan
import ChipFitSpec

/// `chipfit scan`: the toolchain found, then per target stack each site that must change, as
/// text, the `chipfit/scan/v1` JSON document, or the toolchain block alone as YAML to paste
/// into a spec.
public struct ScanRenderer: Sendable {
    public init() {}

    public func yaml(_ report: ScanReport) -> String {
        let t = report.toolchain
        var out = "toolchain:\n"
        if let f = t.framework { out += "  framework: \(f)\n" }
        if let r = t.runtime { out += "  runtime: \(r)\n" }
        out += "  components: [" + t.components.joined(separator: ", ") + "]\n"
        return out
    }

    public func text(_ report: ScanReport, root: String, targets: [MigrationSites]) -> String {
        var out = "chipfit scan · \(root) · \(Format.count(Double(report.filesRead), "file")) read, "
            + "\(Format.count(Double(report.sites.count), "site")) tied to CUDA\n"
        out += yaml(report).split(separator: "\n").map { "  " + $0 + "\n" }.joined()
        for t in targets {
            let blocking = t.changes.filter(\.blocking).count
            out += "\nfor \(t.stack.name) (\(t.chips.isEmpty ? t.stack.id : t.chips.joined(separator: ", "))): "
                + (t.changes.isEmpty ? "nothing to change\n"
                   : "\(Format.count(Double(t.changes.count), "site")) to change" + (blocking > 0 ? ", \(blocking) blocking" : "") + "\n")
            for (component, changes) in Dictionary(grouping: t.changes, by: { $0.site.change }).sorted(by: { $0.key < $1.key }) {
                let rule = changes[0].rule
                let what = rule.map { r in r.action.rawValue + (r.replacement.map { " with \($0)" } ?? "") + ", effort \(r.effort.rawValue)" }
                    ?? "no migration rule (unassessed)"
                out += "  \(component) (\(Format.count(Double(changes.count), "site"))): \(what)\n"
                for c in changes {
                    out += "    \(c.site.file):\(c.site.line):\(c.site.column)  \(ControlCharacters.replaced(in: c.site.text))\n"
                }
            }
        }
        if !report.skipped.isEmpty {
            out += "\nnot read (\(report.skipped.count)):\n" + report.skipped.map { "  \($0.file): \($0.reason)\n" }.joined()
        }
        return out
    }

    public func json(_ report: ScanReport, root: String, targets: [MigrationSites]) -> String {
        func site(_ s: ScanSite) -> JSONObject {
            ["file": .string(s.file), "line": .int(s.line), "column": .int(s.column), "component": .string(s.component),
             "kind": .string(s.kind.rawValue), "text": .string(s.text), "version": s.version.map(JSON.string) ?? .null]
        }
        let t = report.toolchain
        return JSON.object([
            "schema": .string("chipfit/scan/v1"),
            "root": .string(root),
            "files_read": .int(report.filesRead),
            "toolchain": .object([
                "framework": t.framework.map(JSON.string) ?? .null,
                "runtime": t.runtime.map(JSON.string) ?? .null,
                "components": .array(t.components.map(JSON.string)),
            ]),
            "sites": .array(report.sites.map { .object(site($0)) }),
            "targets": .array(targets.map { m in
                .object([
                    "stack": .string(m.stack.id),
                    "chips": .array(m.chips.map(JSON.string)),
                    "changes": .array(m.changes.map { c in
                        var o = site(c.site)
                        o["change"] = .string(c.site.change)
                        o["action"] = c.rule.map { .string($0.action.rawValue) } ?? .null
                        o["with"] = c.rule?.replacement.map(JSON.string) ?? .null
                        o["effort"] = c.rule.map { .string($0.effort.rawValue) } ?? .null
                        o["blocking"] = .bool(c.blocking)
                        o["source"] = c.rule?.source.map(JSON.string) ?? .null
                        return .object(o)
                    }),
                ])
            }),
            "skipped": .array(report.skipped.map { .object(["file": .string($0.file), "reason": .string($0.reason)]) }),
        ]).rendered()
    }
}
