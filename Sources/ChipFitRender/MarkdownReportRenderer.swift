import ChipFitSpec
import ChipFitPlanner

/// `chipfit report --format markdown`: a migration report for management or an auditor.
/// The first screen answers: which certified chip for each deployment, how many, what
/// changes, at what effort and by when — and flags certification data that is not official.
public struct MarkdownReportRenderer: Sendable {
    public init() {}

    /// The whole report of a model that holds its deployments.
    public func render(_ m: ReportModel) -> String {
        head(m) + m.deployments.map { section($0, m) }.joined() + tail(m)
    }

    /// Everything before the per-deployment sections: the first screen and the fit matrix.
    public func head(_ m: ReportModel) -> String {
        var o = ""
        o += "# chipfit migration report\n\n"
        o += "Plan date **\(m.asOf)** · chipfit \(m.version) · \(m.rows.count) deployment\(m.rows.count == 1 ? "" : "s") · \(Format.count(Double(m.chips.count), "chip")) considered\n\n"
        let warnings = m.provenanceWarnings + (m.priceWarning.map { [$0] } ?? []) + m.overrideWarnings
        for w in warnings { o += "> ⚠️ \(w)\n>\n" }
        if !warnings.isEmpty { o.removeLast(2); o += "\n" }

        o += "## Summary\n\n"
        o += "| deployment | phase | recommended chip | chips | certified | changes | effort | ready by |\n"
        o += "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
        for r in m.rows {
            if let s = m.summary(r) {
                o += "| \(text(r.name)) | \(r.phase.rawValue) | \(text(s.chipName)) (\(code(s.chipID))) | \(s.chips) | \(s.certified) | \(text(s.changes)) | \(s.engineerDays) | \(s.ready) |\n"
            } else {
                o += "| \(text(r.name)) | \(r.phase.rawValue) | **no chip fits** | – | – | – | – | – |\n"
            }
        }
        o += "\n\"Ready by\" assumes \(m.rollout.engineers) engineers, \(ReportText.effortDays(m.rollout, scaled: m.sitesCounted)) and \(Format.number(m.rollout.validationDays)) working days of validation, counted in working days from the plan date.\n\n"

        o += "## Fit matrix\n\n"
        o += "★ recommended · ✔ fits · ◐ would fit but excluded by policy (certification, vendor, allow-list) · ✘ does not fit\n\n"
        o += "| deployment | " + m.chips.map { code($0) }.joined(separator: " | ") + " |\n"
        o += "| --- |" + String(repeating: " :-: |", count: m.chips.count) + "\n"
        for r in m.rows {
            o += "| \(text(r.name)) | " + m.chips.map { chip in
                m.verdict(r, chip: chip)?.symbol ?? ""
            }.joined(separator: " | ") + " |\n"
        }
        o += "\n"
        return o
    }

    /// Everything after the per-deployment sections.
    public func tail(_ m: ReportModel) -> String {
        var o = ""
        o += "## Certification lists\n\n"
        o += "| list | provenance | published | announcement | source |\n| --- | --- | --- | --- | --- |\n"
        for l in m.certificationLists {
            o += "| \(code(l.id)) | \(l.provenance.rawValue) | \(l.published) | \(text(l.announcement)) | \(text(l.source)) |\n"
        }
        if m.certificationLists.isEmpty { o += "| – | – | – | none loaded: no chip counts as certified | – |\n" }
        o += "\n## Assumptions\n\n"
        for line in m.assumptions { o += "- \(text(line))\n" }
        o += "\n"
        o += "## Inputs\n\n| file | sha256 |\n| --- | --- |\n"
        for i in m.inputs { o += "| \(code(i.path)) | \(code(i.sha256)) |\n" }
        return o
    }

    /// One deployment's section.
    public func section(_ d: DeploymentPlan, _ m: ReportModel) -> String {
        let r = ReportModel.row(d, asOf: m.asOf, rollout: m.rollout)
        var o = "## \(d.name)\n\n"
        let params = Format.number(d.model.parameters / 1e9) + "B" + (d.model.architecture.isMoE ? " (\(Format.number(d.model.activeParameters / 1e9))B active)" : "")
        o += "\(code(d.spec)) · \(d.phase.rawValue) · \(params) parameters · certification \(d.policy.rawValue)\n\n"
        guard let c = r.recommended, let e = c.evaluation, let ro = r.rollout else {
            o += "**No chip fits.** The closest candidates and why they were ruled out:\n\n"
            o += rejected(d, m)
            return o
        }
        o += "### Recommendation\n\n"
        o += "**\(e.chips) × \(text(c.chip.vendor)) \(text(c.chip.name))** (\(code(c.chip.id))), \(ReportModel.layout(e, moe: d.model.architecture.isMoE)), \(c.precision?.weights.rawValue ?? "-")"
        o += c.precision?.fallback != nil ? " (fallback from \(c.precision!.requested.rawValue))" : ""
        o += ". Certified: \(m.certifiedText(c))" + (c.certification.evidence.first.map { " — \(code($0.list)) (\($0.provenance.rawValue)), valid \($0.validFrom) to \($0.validUntil)" } ?? "") + ".\n\n"

        o += "### Memory per \(e.device)\n\n| | GB |\n| --- | ---: |\n"
        for s in MemorySegment.allCases where s.bytes(e.memory) > 0 {
            o += "| \(s.label) | \(Format.number(s.bytes(e.memory) / 1e9)) |\n"
        }
        o += "| **total** | **\(Format.number(e.memory.total / 1e9))** of \(Format.number(e.memory.capacity / 1e9)) |\n\n"

        o += "### Performance\n\n| measure | estimate | target |\n| --- | ---: | ---: |\n"
        let slo = ReportText.targets(d.workload)
        if d.phase == .inference {
            o += "| time to first token | \(ms(e.ttftSeconds)) | \(slo.ttft) |\n"
            if e.tpotSeconds != nil {
                o += "| time per output token | \(ms(e.tpotSeconds)) | \(slo.tpot) |\n"
                o += "| throughput | \(Format.number(e.throughput ?? 0)) tokens/s | \(slo.throughput) |\n"
                o += "| output tokens per chip | \(Format.number((e.throughput ?? 0) / Double(e.chips))) tokens/s | – |\n"
                o += "| prompt tokens | \(Format.number(e.inputThroughput ?? 0)) tokens/s (\(Format.number((e.inputThroughput ?? 0) / Double(e.chips))) per chip) | – |\n"
            }
            for pool in c.pools {
                o += "| \(pool.role.rawValue) pool | \(text(describePools([pool]))) | – |\n"
            }
        } else {
            o += "| training time | \(Format.number(e.trainingDays ?? 0)) days | \(slo.deadline) |\n"
        }
        o += "\n"

        o += "### Toolchain checklist\n\n"
        for ch in c.changes {
            let mark = ch.needsWork ? " " : "x"
            o += "- [\(mark)] **\(ch.step.title)** — \(code(ch.component)): \(ch.action)" + (ch.replacement.map { " → " + text($0) } ?? "") + " (\(ch.effort.rawValue))" + (ch.note.map { ". " + text($0) } ?? "") + "\n"
            if let s = ch.sites {
                let (files, more) = ReportModel.siteFiles(s)
                o += "  - \(Format.count(Double(s.sites), "site")) in \(Format.count(Double(s.files.count), "file")): "
                    + files.map { "\(code($0.file)) (\($0.sites))" }.joined(separator: ", ") + (more > 0 ? ", and \(more) more" : "") + "\n"
            }
        }
        if c.changes.isEmpty { o += "- Nothing to change.\n" }
        o += "\n### Timeline\n\n"
        o += "| phase | working days | done by |\n| --- | ---: | --- |\n"
        o += "| toolchain migration (\(Format.number(ro.engineerDays)) engineer-days, \(m.rollout.engineers) engineers) | \(Format.number(ro.migrationDays)) | \(ro.migrationDone) |\n"
        o += "| validation on \(text(c.chip.id)) | \(Format.number(ro.validationDays)) | \(ro.ready) |\n\n"

        o += "### Ranking\n\n\(text(Planner.rankingRule(d.objective).prefix(1).uppercased() + Planner.rankingRule(d.objective).dropFirst())).\n\n"
        let header = m.rankingHeader(d)
        o += "| " + header.joined(separator: " | ") + " |\n"
        o += "|" + String(repeating: " --- |", count: header.count) + "\n"
        for row in m.ranking(d) { o += "| " + row.map { text($0) }.joined(separator: " | ") + " |\n" }
        o += "\n"

        let others = d.candidates.filter { !$0.fits }
        if !others.isEmpty {
            o += "### Rejected alternatives\n\n" + rejected(d, m)
        }
        let uncertain = c.chip.uncertain
        o += "### Assumptions\n\n"
        o += "- Efficiency on \(code(c.chip.id)): compute \(c.efficiency.compute) (\(c.efficiency.computeOrigin.rawValue)), memory \(c.efficiency.memory) (\(c.efficiency.memoryOrigin.rawValue)), interconnect \(c.efficiency.interconnect) (\(c.efficiency.interconnectOrigin.rawValue))"
            + (c.efficiency.calibrationNote.map { "; " + $0 } ?? "") + ".\n"
        if !uncertain.isEmpty { o += "- Uncertain figures in the \(code(c.chip.id)) profile: \(uncertain.map { code($0) }.joined(separator: ", ")).\n" }
        if let measured = m.measured(d, c) { o += "- \(text(measured))\n" }
        o += "- Every figure: \(code("chipfit explain \(d.spec) --chip \(c.chip.id)")).\n\n"
        return o
    }

    private func rejected(_ d: DeploymentPlan, _ m: ReportModel) -> String {
        var o = "| chip | verdict | reasons |\n| --- | --- | --- |\n"
        for c in d.candidates where !c.fits {
            let v = ReportModel.Verdict.of(c, recommended: nil)
            o += "| \(code(c.chip.id)) | \(v.symbol) \(v.label) | \(text(c.rejections.map(\.message).joined(separator: "; "))) |\n"
        }
        return o + "\n"
    }

    private func ms(_ s: Double?) -> String { s.map { Format.number($0 * 1000) + " ms" } ?? "–" }

    /// Text from specs and profiles, made inert: Markdown and HTML syntax characters are
    /// escaped, and pipes and line breaks cannot break a table row.
    /// Text for a Markdown table cell or paragraph. Backtick spans stay code, as messages quote
    /// fields and values that way; elsewhere only what would start markup is escaped, and an
    /// underscore inside a word (`max_chips`) needs no escape in CommonMark.
    func text(_ s: String) -> String {
        let chars = Array(s)
        var out = "", inCode = false
        for (i, c) in chars.enumerated() {
            if c == "`", inCode || chars[(i + 1)...].contains("`") {
                inCode.toggle()
                out.append(c)
                continue
            }
            if c == "\n" || c == "\r" || c == "\r\n" { out += " "; continue }
            if c.unicodeScalars.contains(where: { ControlCharacters.contains($0.value) }) { out += "\u{FFFD}"; continue }
            if c == "|" { out += "\\|"; continue } // a cell's end, even in code
            if inCode { out.append(c); continue }
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "*", "[", "]", "`": out += "\\" + String(c)
            case "_":
                let intraword = i > 0 && i + 1 < chars.count && (chars[i - 1].isLetter || chars[i - 1].isNumber)
                    && (chars[i + 1].isLetter || chars[i + 1].isNumber)
                out += intraword ? "_" : "\\_"
            default: out.append(c)
            }
        }
        return out
    }

    /// A code span that no content can close early; pipes are escaped for tables.
    func code(_ s: String) -> String {
        let flat = ControlCharacters.replaced(in: s.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : String($0) }.joined())
            .replacing("|", with: "\\|")
        var fence = "`"
        while flat.contains(fence) { fence += "`" }
        return fence == "`" ? "`\(flat)`" : "\(fence) \(flat) \(fence)"
    }
}
