import ChipFitPlanner
import ChipFitScan
import ChipFitYAML

/// A scan's sites against a target stack: what each place needs there, by the stack's
/// migration rule for the site's component.
public struct MigrationSites: Sendable {
    public struct Change: Sendable {
        public var site: ScanSite
        /// Nil when the stack has no rule for the component.
        public var rule: ComponentRule?
        public var blocking: Bool { rule?.action == .unsupported }
    }

    /// The stack's rule for the change a site belongs to: its component rule, or for device
    /// placement the rewrite the planner asks for (`MigrationPlanner.devicePlacement`).
    static func rule(for site: ScanSite, _ stack: Stack) -> ComponentRule? {
        guard site.change == "device placement" else { return stack.components[site.component] }
        guard let p = MigrationPlanner.devicePlacement(stack) else {
            return ComponentRule(action: .keep, effort: .none) // a CUDA stack keeps CUDA devices
        }
        return ComponentRule(action: .rewrite, replacement: p.replacement, effort: p.effort, note: p.note)
    }

    public var stack: Stack
    /// The chips that run on this stack (for messages: "for CANN (ascend-910b, ascend-910c)").
    public var chips: [String]
    /// Sites whose rule asks for a change, or that have no rule; sites the stack keeps as they
    /// are (`action: keep`, effort none) are left out.
    public var changes: [Change]

    public init(report: ScanReport, stack: Stack, chips: [String]) {
        self.stack = stack
        self.chips = chips
        changes = report.sites.compactMap { site in
            // The framework is PyTorch on every stack: the rule for `pytorch` covers its pins.
            let rule = Self.rule(for: site, stack)
            if let rule, rule.action == .keep, rule.effort == .none { return nil }
            return Change(site: site, rule: rule)
        }
    }

    /// Each change as a finding at its site, for text, SARIF, JUnit and annotations.
    public var diagnostics: [Diagnostic] {
        changes.map { c in
            let at = SourceLocation(file: c.site.file, line: c.site.line, column: c.site.column)
            let target = "\(stack.name) (\(chips.isEmpty ? stack.id : chips.joined(separator: ", ")))"
            guard let rule = c.rule else {
                return Diagnostic(.note, .siteWithoutRule, "`\(c.site.text)`: \(c.site.change) has no migration rule for \(target)",
                                  file: c.site.file, location: at)
            }
            let what = [rule.action.rawValue + (rule.replacement.map { " with \($0)" } ?? ""), "effort \(rule.effort.rawValue)"]
                .joined(separator: ", ")
            let code: DiagnosticCode = c.blocking ? .siteBlocksStack : .siteNeedsChange
            return Diagnostic(code.defaultSeverity, code, "`\(c.site.text)`: \(c.site.change) on \(target): \(what)",
                              file: c.site.file, location: at,
                              suggestion: [rule.note, rule.source.map { "source: \($0)" } ?? rule.assumption.map { "assumption: \($0)" }]
                                .compactMap { $0 }.joined(separator: "; ").nilIfEmpty)
        }
    }
}

extension MigrationSites {
    /// The stacks of every chip certified (for training or inference) on `asOf`, in id order,
    /// each with those chips: what a scan reports on when no stack is named.
    public static func certifiedStacks(_ catalogue: Catalogue, asOf: Day) -> [(stack: Stack, chips: [String])] {
        func certified(_ chip: ChipProfile) -> Bool {
            [Phase.training, .inference].contains {
                CertificationStatus.evaluate(chip: chip.id, phase: $0, asOf: asOf, lists: catalogue.certificationLists).isCertified
            }
        }
        return Dictionary(grouping: catalogue.chips.values, by: \.stack).sorted { $0.key < $1.key }.compactMap { id, chips in
            let ids = chips.filter(certified).map(\.id).sorted()
            guard !ids.isEmpty, let stack = catalogue.stacks[id] else { return nil }
            return (stack, ids)
        }
    }

    /// Every chip of a stack, in id order.
    public static func chips(on stack: String, _ catalogue: Catalogue) -> [String] {
        catalogue.chips.values.filter { $0.stack == stack }.map(\.id).sorted()
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
