import ChipFitSpec
import ChipFitPlanner

/// `chipfit plan` (table): one block per deployment, one row per chip, best first, with the
/// reason each rejected chip was ruled out and the provenance of the certification data.
public struct PlanTableRenderer: Sendable {
    public var color: Bool
    public init(color: Bool) { self.color = color }

    public func render(_ plan: Plan) -> String {
        header(asOf: plan.asOf, lists: plan.certificationLists, prices: plan.prices, objective: plan.objective,
               overrides: plan.profileOverrides)
            + plan.deployments.map { "\n" + deployment($0) }.joined()
    }

    /// The plan date, the provenance of every certification list and of the prices, and what
    /// the recommendation minimises when it is not the fewest chips, printed before the deployments.
    public func header(asOf: Day, lists: [CertificationListSummary], prices: PriceList? = nil, objective: Objective = .chips,
                       overrides: [ProfileOverride] = []) -> String {
        "chipfit plan · as of \(asOf)\n" + ProvenanceText.lists(lists).map { "  \($0)\n" }.joined()
            + ProvenanceText.overrides(overrides).map { "  \($0)\n" }.joined()
            + (prices.map { "  \(ProvenanceText.prices($0))\n" } ?? "")
            + (objective == .chips ? "" : "  recommendations minimise \(ProvenanceText.objective(objective))\n")
    }

    /// One deployment's block; `render` joins them, and the CLI streams them one at a time.
    public func deployment(_ d: DeploymentPlan) -> String {
        let params = d.model.parameters / 1e9
        let arch = d.model.architecture.isMoE ? "\(Format.number(params))B (\(Format.number(d.model.activeParameters / 1e9))B active)"
            : "\(Format.number(params))B"
        var out = paint("\(d.name)", "1") + "  \(ControlCharacters.replaced(in: d.spec)) · \(d.phase.rawValue) · \(arch) · certification \(d.policy.rawValue)\n"
        if let r = d.recommended, let e = r.evaluation {
            out += "  recommended: \(r.chip.id) × \(e.chips)" + (r.certification.mappingAssumed ? " (certificate by assumed product mapping)" : "") + "\n"
        } else {
            out += "  " + paint("no chip fits", "1;31") + "\n"
        }
        let priced = d.candidates.contains { $0.economics.currency != nil }
        let columns = CandidateFields.columns.filter { $0.phases.contains(d.phase) && (priced || !$0.needsPrices) }
        let rows = [columns.map(\.header)] + d.candidates.map { c in columns.map { $0.cell(c, d) } }
        out += Format.table(rows, indent: 2)
        let notes = d.candidates.filter { !$0.fits }.map { c in
            "  \(c.chip.id): " + c.rejections.map(\.message).joined(separator: "; ")
        }
        if !notes.isEmpty { out += "  why not:\n" + notes.map { "  " + ControlCharacters.replaced(in: $0) + "\n" }.joined() }
        let whatIfs = d.candidates.filter { !$0.whatIfs.isEmpty }.map { c in
            "  \(c.chip.id): " + c.whatIfs.map(WhatIfText.describe).joined(separator: "; or ")
        }
        if !whatIfs.isEmpty { out += "  what would make it fit (one change each):\n" + whatIfs.map { "  " + $0 + "\n" }.joined() }
        let pooled = d.candidates.compactMap { c in c.pools.isEmpty ? nil : "  \(c.chip.id): " + describePools(c.pools) }
        if !pooled.isEmpty {
            out += "  pools (TP/PP/DP/EP above are the decode pool's; chips count both):\n" + pooled.map { "  " + ControlCharacters.replaced(in: $0) + "\n" }.joined()
        }
        let cautions = d.candidates.filter { $0.fits && !$0.warnings.isEmpty }.map { c in
            "  \(c.chip.id): " + c.warnings.map(\.message).joined(separator: "; ")
        }
        if !cautions.isEmpty { out += "  notes:\n" + cautions.map { "  " + ControlCharacters.replaced(in: $0) + "\n" }.joined() }
        if d.candidates.contains(where: { $0.certification.mappingAssumed }) {
            out += "  * certified through a published product name taken to cover this chip (mapping assumed, not confirmed)\n"
        }
        if d.candidates.contains(where: { $0.precision?.fallback != nil }) {
            out += "  † precision fallback; see `chipfit explain` for its cost\n"
        }
        out += "  order: \(Planner.rankingRule(d.objective)); rejected chips follow, nearest to fitting first\n"
        out += "  " + assumptions(d) + "\n"
        return out
    }

    /// The efficiency factors behind the figures: chipfit's defaults, then every chip whose
    /// profile or the spec overrides one of them.
    func assumptions(_ d: DeploymentPlan) -> String {
        var text = "assumed efficiency: compute \(Assumptions.computeEfficiency(for: d.phase))" + (d.phase == .inference && d.model.architecture.isMoE ? " (routed experts \(Assumptions.servingExpertComputeEfficiency))" : "") + ", memory \(Assumptions.memoryEfficiency), interconnect \(Assumptions.interconnectEfficiency) (defaults); runtime reserve \(Int(Assumptions.memoryReserveFraction * 100))% of memory"
            + (d.phase == .inference ? "; host time \(Format.number((d.workload.serving.iterationOverheadSeconds ?? Assumptions.iterationOverhead) * 1000)) ms per iteration" : "")
        var overrides: [String] = []
        for c in d.candidates {
            let e = c.efficiency
            var parts: [String] = []
            if e.computeOrigin != .default { parts.append("compute \(e.compute) (\(e.computeOrigin.rawValue))") }
            if e.memoryOrigin != .default { parts.append("memory \(e.memory) (\(e.memoryOrigin.rawValue))") }
            if e.interconnectOrigin != .default { parts.append("interconnect \(e.interconnect) (\(e.interconnectOrigin.rawValue))") }
            if e.expertsOrigin != .default, d.model.architecture.isMoE { parts.append("routed experts \(e.experts) (\(e.expertsOrigin.rawValue))") }
            if let note = e.calibrationNote { parts.append(note) }
            if !parts.isEmpty { overrides.append("\(c.chip.id): " + parts.joined(separator: ", ")) }
        }
        if !overrides.isEmpty { text += "; " + overrides.joined(separator: "; ") }
        let assumedFabric = d.candidates.filter {
            $0.chip.scaleOutBandwidth == nil && ($0.evaluation?.chips ?? 0) > $0.chip.chipsPerNode
        }.map(\.chip.id)
        if !assumedFabric.isEmpty {
            text += "; scale-out \(Format.number(Assumptions.defaultScaleOutBandwidth * 8 / 1e9)) Gb/s per chip assumed (no figure in the profile) for " + assumedFabric.joined(separator: ", ")
        }
        return text
    }

    private func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
}

/// Sentences about where certification data comes from, shared by every renderer.
public enum ProvenanceText {
    public static func lists(_ lists: [CertificationListSummary]) -> [String] {
        if lists.isEmpty { return ["certification lists: none loaded; no chip can be certified"] }
        return lists.map { l in
            let what = switch l.provenance {
            case .official: "official: copied from the announcement"
            case .press: "PRESS: as reported in the press, not the official text"
            case .sample: "SAMPLE DATA: made up for tests and demos, not a real certification"
            }
            return "certification list \(l.id) (\(what)); published \(l.published)"
        }
    }

    /// The team's profiles that replaced shipped ones, each named.
    public static func overrides(_ overrides: [ProfileOverride]) -> [String] {
        overrides.map { "profile override: \($0.sentence)" }
    }

    /// The price list's provenance, as prominent as a certification list's.
    public static func prices(_ p: PriceList) -> String {
        let what = switch p.provenance {
        case .quote: "QUOTE: the team's own prices"
        case .press: "PRESS: prices as reported in the press, not a quote"
        case .sample: "SAMPLE PRICES: made up for trying chipfit out, not real prices"
        }
        return "prices \(p.id) (\(what)) in \(p.currency), as of \(p.asOf)"
    }

    /// What the recommendation minimises, in words.
    public static func objective(_ o: Objective) -> String {
        switch o {
        case .chips: "the chip count"
        case .cost: "cost (per million output tokens, or of the training run)"
        case .energy: "energy (per million output tokens, or of the training run)"
        case .latency: "latency (TTFT + output tokens × TPOT, or training time)"
        }
    }
}

/// Number and table formatting for human-readable output.
public enum Format {
    /// "1 sequence", "2 sequences", "1.5 sequences": a count with its noun, singular for one.
    public static func count(_ x: Double, _ noun: String) -> String {
        let n = number(x)
        return "\(n) \(noun)\(n == "1" ? "" : "s")"
    }

    /// Three significant figures for everyday magnitudes; integers above 100.
    public static func number(_ x: Double) -> String {
        guard x.isFinite else { return "∞" }
        let a = abs(x)
        if a >= 1e15 { return scientific(x) }
        if a >= 100 { return String(Int(x.rounded())) }
        if a >= 10 { return trim(String((x * 10).rounded() / 10)) }
        if a >= 1 { return trim(String((x * 100).rounded() / 100)) }
        return trim(String((x * 1000).rounded() / 1000))
    }

    private static func trim(_ s: String) -> String { s.hasSuffix(".0") ? String(s.dropLast(2)) : s }

    /// Cells come from plans, profiles and plan JSON given to `diff`: control characters in
    /// them are shown as U+FFFD, never printed.
    public static func table(_ rows: [[String]], indent: Int) -> String {
        let rows = rows.map { $0.map { ControlCharacters.replaced(in: $0) } }
        guard let width = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: width)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        let pad = String(repeating: " ", count: indent)
        return rows.map { row in
            pad + row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ").replacingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
