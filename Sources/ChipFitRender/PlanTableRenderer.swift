import ChipFitSpec
import ChipFitPlanner

/// `chipfit plan` (table): one block per deployment, one row per chip, best first, with the
/// reason each rejected chip was ruled out and the provenance of the certification data.
public struct PlanTableRenderer: Sendable {
    public var color: Bool
    /// The terminal's width in columns: tables are narrowed (`CandidateFields.narrowing`) and
    /// notes wrapped to fit it. Nil: every column, lines unwrapped (files, pipes, `--wide`).
    public var width: Int?

    public init(color: Bool, width: Int? = nil) {
        self.color = color
        self.width = width
    }

    public func render(_ plan: Plan) -> String {
        header(asOf: plan.asOf, lists: plan.certificationLists, prices: plan.prices, objective: plan.objective,
               overrides: plan.profileOverrides)
            + plan.deployments.map { "\n" + deployment($0) }.joined()
    }

    /// The plan date, the provenance of every certification list and of the prices, and what
    /// the recommendation minimises when it is not the fewest chips, printed before the deployments.
    public func header(asOf: Day, lists: [CertificationListSummary], prices: PriceList? = nil, objective: Objective = .chips,
                       overrides: [ProfileOverride] = []) -> String {
        let lines = ProvenanceText.lists(lists) + ProvenanceText.overrides(overrides) + (prices.map { [ProvenanceText.prices($0)] } ?? [])
            + (objective == .chips ? [] : ["recommendations minimise \(ProvenanceText.objective(objective))"])
        return "chipfit plan · as of \(asOf)\n" + lines.map { Self.wrap("  " + $0, width: width, hanging: 4) + "\n" }.joined()
    }

    /// One deployment's block; `render` joins them, and the CLI streams them one at a time.
    public func deployment(_ d: DeploymentPlan) -> String {
        let params = d.model.parameters / 1e9
        let arch = d.model.architecture.isMoE ? "\(Format.number(params))B (\(Format.number(d.model.activeParameters / 1e9))B active)"
            : "\(Format.number(params))B"
        let title = Self.wrap("\(d.name)  \(ControlCharacters.replaced(in: d.spec)) · \(d.phase.rawValue) · \(arch) · certification \(d.policy.rawValue)", width: width, hanging: 2)
        var out = paint(d.name, "1") + title.dropFirst(d.name.count) + "\n"
        if let r = d.recommended, let e = r.evaluation {
            out += Self.wrap("  recommended: \(r.chip.id) × \(e.chips)" + (r.certification.mappingAssumed ? " (certificate by assumed product mapping)" : ""), width: width, hanging: 4) + "\n"
        } else {
            out += "  " + paint("no chip fits", "1;31") + "\n"
        }
        let priced = d.candidates.contains { $0.economics.currency != nil }
        var columns = CandidateFields.columns.filter { $0.phases.contains(d.phase) && (priced || !$0.needsPrices) }
        func rows() -> [[String]] { [columns.map(\.header)] + d.candidates.map { c in columns.map { $0.cell(c, d) } } }
        var table = Format.table(rows(), indent: 2)
        if let width {
            var steps = CandidateFields.narrowing[...]
            while Self.widest(table) > width, let step = steps.popFirst() {
                if step == CandidateFields.layoutColumn.header, let tp = columns.firstIndex(where: { $0.header == "TP" }) {
                    columns.removeAll { ["TP", "PP", "DP", "EP"].contains($0.header) }
                    columns.insert(CandidateFields.layoutColumn, at: tp)
                } else if step == "verdict", let i = columns.firstIndex(where: { $0.header == "verdict" }) {
                    columns[i] = CandidateFields.shortVerdict
                } else {
                    columns.removeAll { $0.header == step }
                }
                table = Format.table(rows(), indent: 2)
            }
        }
        out += table
        /// A note under its chip: wrapped to the width, continued under the text after the chip's name.
        func note(_ chip: String, _ text: String) -> String {
            let head = "    \(chip): "
            return Self.wrap(head + ControlCharacters.replaced(in: text), width: width, hanging: head.count) + "\n"
        }
        let notes = d.candidates.filter { !$0.fits }.map { c in note(c.chip.id, c.rejections.map(\.message).joined(separator: "; ")) }
        if !notes.isEmpty { out += "  why not:\n" + notes.joined() }
        let whatIfs = d.candidates.filter { !$0.whatIfs.isEmpty }.map { c in
            note(c.chip.id, c.whatIfs.map(WhatIfText.describe).joined(separator: "; or "))
        }
        if !whatIfs.isEmpty { out += "  what would make it fit (one change each):\n" + whatIfs.joined() }
        let pooled = d.candidates.compactMap { c in c.pools.isEmpty ? nil : note(c.chip.id, describePools(c.pools)) }
        if !pooled.isEmpty {
            out += "  pools (TP/PP/DP/EP above are the decode pool's; chips count both):\n" + pooled.joined()
        }
        let cautions = d.candidates.filter { $0.fits && !$0.warnings.isEmpty }.map { c in
            note(c.chip.id, c.warnings.map(\.message).joined(separator: "; "))
        }
        if !cautions.isEmpty { out += "  notes:\n" + cautions.joined() }
        let dieRanked = d.candidates.compactMap { c in c.evaluation.flatMap { $0.ranksPerChip > 1 ? c.chip.id : nil } }
        if !dieRanked.isEmpty {
            out += Self.wrap("  ranks are dies (`rank: die`) on " + dieRanked.joined(separator: ", ") + ": TP/PP/DP/EP and mem/chip are per die; chips count whole chips", width: width, hanging: 4) + "\n"
        }
        if d.candidates.contains(where: { $0.certification.mappingAssumed }) {
            out += Self.wrap("  * certified through a published product name taken to cover this chip (mapping assumed, not confirmed)", width: width, hanging: 4) + "\n"
        }
        if d.candidates.contains(where: { $0.precision?.fallback != nil }) {
            out += Self.wrap("  † precision fallback; see `chipfit explain` for its cost", width: width, hanging: 4) + "\n"
        }
        out += Self.wrap("  order: \(Planner.rankingRule(d.objective)); rejected chips follow, nearest to fitting first", width: width, hanging: 4) + "\n"
        out += Self.wrap("  " + assumptions(d), width: width, hanging: 4) + "\n"
        return out
    }

    /// The widest line of `text`, in characters.
    static func widest(_ text: String) -> Int {
        text.split(separator: "\n").map(\.count).max() ?? 0
    }

    /// `line` broken at spaces so no piece is wider than `width` where a break allows it; the
    /// pieces after the first are indented by `hanging`. Without a width, the line as it is.
    static func wrap(_ line: String, width: Int?, hanging: Int) -> String {
        guard let width, line.count > width else { return line }
        let lead = line.prefix { $0 == " " }
        var lines: [String] = []
        var current = String(lead)
        var empty = true // nothing after the indentation yet: a word always goes on
        // Empty pieces are runs of spaces, kept as written within a line, dropped at a break.
        for word in line.dropFirst(lead.count).split(separator: " ", omittingEmptySubsequences: false) {
            if empty {
                current += word
                empty = word.isEmpty
            } else if !word.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = String(repeating: " ", count: hanging) + word
            } else if !(word.isEmpty && current.count == hanging && lines.count > 0) {
                current += " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// The efficiency factors behind the figures: chipfit's defaults, then every chip whose
    /// profile or the spec overrides one of them.
    func assumptions(_ d: DeploymentPlan) -> String {
        var text = "assumed efficiency: compute \(Assumptions.computeEfficiency(for: d.phase))" + (d.phase == .inference && d.model.architecture.isMoE ? " (routed experts \(Assumptions.servingExpertComputeEfficiency))" : "") + ", memory \(Assumptions.memoryEfficiency(for: d.phase)), interconnect \(Assumptions.interconnectEfficiency) (defaults); runtime reserve \(Int(Assumptions.memoryReserveFraction * 100))% of memory"
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
