/// One thing the team must do to move a deployment onto a chip's stack.
public struct ToolchainChange: Sendable, Hashable {
    public var component: String
    /// `keep | upgrade | replace | rewrite | unsupported`, or `unassessed` when no stack rule exists.
    public var action: String
    public var replacement: String?
    public var effort: Effort
    public var blocking: Bool
    public var note: String?
    public var source: String?
}

/// Derives the toolchain changes from a spec's `toolchain` and a stack's migration rules.
/// Issue 5 extends this with ordering, timelines and reports; the rules here are the ones
/// the planner needs to rank chips and to reject blocked ones.
public enum MigrationPlanner {
    public static func changes(for d: Deployment, stack: Stack?, precision: PrecisionChoice?) -> [ToolchainChange] {
        guard let stack else {
            return [ToolchainChange(component: "stack", action: "unsupported", replacement: nil, effort: .high,
                                    blocking: true, note: "the chip's stack is not in the catalogue", source: nil)]
        }
        var result: [ToolchainChange] = []
        if let framework = d.toolchain.framework {
            result.append(frameworkChange(framework, stack))
        }
        var seen = Set<String>()
        if let runtime = d.toolchain.runtime, seen.insert(runtime.name).inserted {
            result.append(componentChange(runtime, stack))
        }
        for component in d.toolchain.components where seen.insert(component.name).inserted {
            result.append(componentChange(component, stack))
        }
        if let fallback = precision?.fallback, let p = precision {
            result.append(ToolchainChange(component: "precision", action: "replace", replacement: p.weights.rawValue,
                                          effort: .low, blocking: false, note: fallback, source: nil))
        }
        return result
    }

    static func frameworkChange(_ framework: Versioned, _ stack: Stack) -> ToolchainChange {
        let name = framework.name == "torch" ? "pytorch" : framework.name
        guard let support = stack.frameworks[name] else {
            if let rule = stack.components[name] { return change(name, rule) }
            return ToolchainChange(component: framework.description, action: "unsupported", replacement: nil, effort: .high,
                                   blocking: true, note: "\(stack.name) lists no adapter for \(name)", source: nil)
        }
        let adapter = support.adapter == "torch" ? nil : support.adapter
        if let v = framework.version, !support.versions.contains(v) {
            return ToolchainChange(
                component: framework.description, action: "upgrade",
                replacement: "\(name) \(support.versions)" + (adapter.map { " with \($0)" } ?? ""),
                effort: .medium, blocking: false,
                note: "\(adapter ?? name) supports \(name) \(support.versions); \(v) is outside that range",
                source: support.source)
        }
        guard let adapter else {
            return ToolchainChange(component: framework.description, action: "keep", replacement: nil, effort: .none,
                                   blocking: false, note: nil, source: support.source)
        }
        return ToolchainChange(component: framework.description, action: "replace",
                               replacement: "\(name) build matched to \(adapter)", effort: .low, blocking: false,
                               note: "install \(adapter) for the pinned \(name) version; device string `\(stack.device)`",
                               source: support.source)
    }

    static func componentChange(_ component: Versioned, _ stack: Stack) -> ToolchainChange {
        guard let rule = stack.components[component.name] else {
            return ToolchainChange(component: component.description, action: "unassessed", replacement: nil, effort: .medium,
                                   blocking: false, note: "\(stack.name) has no rule for this component; medium effort assumed",
                                   source: nil)
        }
        var c = change(component.description, rule)
        if c.component != component.description { c.component = component.description }
        return c
    }

    static func change(_ name: String, _ rule: ComponentRule) -> ToolchainChange {
        ToolchainChange(component: name, action: rule.action.rawValue, replacement: rule.replacement, effort: rule.effort,
                        blocking: rule.action == .unsupported && rule.replacement == nil,
                        note: rule.note ?? rule.assumption.map { "assumption: \($0)" }, source: rule.source)
    }

    /// Roll-up used to rank chips: the sum of effort weights (Assumptions.effortWeight).
    public static func effortScore(_ changes: [ToolchainChange]) -> Int {
        changes.reduce(0) { $0 + Assumptions.effortWeight($1.effort) }
    }
}
