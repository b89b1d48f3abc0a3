import ChipFitSpec
import ChipFitPlanner

/// `chipfit report --format html`: one self-contained page (inline CSS and SVG, no scripts,
/// no network) with the Markdown report's content and charts where people would rather look
/// than read. Every chart has a text alternative and its data in a table next to it.
public struct HTMLReportRenderer: Sendable {
    public init() {}

    /// The whole report of a model that holds its deployments.
    public func render(_ m: ReportModel) -> String {
        head(m) + m.deployments.map { section($0, m) }.joined() + tail(m)
    }

    /// Everything before the per-deployment sections: the first screen and the fit matrix.
    public func head(_ m: ReportModel) -> String {
        var o = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="chipfit \(esc(m.version))">
            <title>chipfit migration report · \(m.asOf)</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <main>
            <h1>chipfit migration report</h1>
            <p class="meta">Plan date <strong>\(m.asOf)</strong> · chipfit \(esc(m.version)) · \(m.rows.count) deployment\(m.rows.count == 1 ? "" : "s") · \(Format.count(Double(m.chips.count), "chip")) considered</p>

            """
        for w in m.provenanceWarnings { o += "<p class=\"warning\" role=\"note\"><strong>⚠ Certification data.</strong> \(inline(w))</p>\n" }
        if let w = m.priceWarning { o += "<p class=\"warning\" role=\"note\"><strong>⚠ Prices.</strong> \(inline(w))</p>\n" }
        for w in m.overrideWarnings { o += "<p class=\"warning\" role=\"note\"><strong>⚠ Profiles.</strong> \(inline(w))</p>\n" }

        o += "<h2 id=\"summary\">Summary</h2>\n<table>\n<thead><tr><th scope=\"col\">deployment</th><th scope=\"col\">phase</th><th scope=\"col\">recommended chip</th><th scope=\"col\">chips</th><th scope=\"col\">certified</th><th scope=\"col\">changes</th><th scope=\"col\">effort</th><th scope=\"col\">ready by</th></tr></thead>\n<tbody>\n"
        for r in m.rows {
            let name = "<th scope=\"row\"><a href=\"#d-\(anchor(r.name, m))\">\(esc(r.name))</a></th><td>\(r.phase.rawValue)</td>"
            if let s = m.summary(r) {
                o += "<tr>\(name)<td>\(esc(s.chipName)) <code>\(esc(s.chipID))</code></td><td class=\"num\">\(s.chips)</td><td>\(esc(s.certified))</td><td>\(esc(s.changes))</td><td class=\"num\">\(s.engineerDays)</td><td>\(s.ready)</td></tr>\n"
            } else {
                o += "<tr class=\"nofit\">\(name)<td><strong>no chip fits</strong></td><td>–</td><td>–</td><td>–</td><td>–</td><td>–</td></tr>\n"
            }
        }
        o += "</tbody>\n</table>\n"
        o += "<p class=\"note\">“Ready by” assumes \(m.rollout.engineers) engineers, \(esc(ReportText.effortDays(m.rollout, scaled: m.sitesCounted))) and \(Format.number(m.rollout.validationDays)) working days of validation, counted in working days from the plan date.</p>\n"

        o += "<h2 id=\"matrix\">Fit matrix</h2>\n" + fitMatrix(m)
        return o
    }

    /// Everything after the per-deployment sections.
    public func tail(_ m: ReportModel) -> String {
        var o = ""
        o += "<h2 id=\"lists\">Certification lists</h2>\n<table>\n<thead><tr><th scope=\"col\">list</th><th scope=\"col\">provenance</th><th scope=\"col\">published</th><th scope=\"col\">announcement</th><th scope=\"col\">source</th></tr></thead>\n<tbody>\n"
        for l in m.certificationLists {
            o += "<tr><td><code>\(esc(l.id))</code></td><td>\(l.provenance.rawValue)</td><td>\(l.published)</td><td>\(esc(l.announcement))</td><td class=\"src\">\(esc(l.source))</td></tr>\n"
        }
        o += "</tbody>\n</table>\n"
        o += "<h2 id=\"assumptions\">Assumptions</h2>\n<ul>\n"
        for line in m.assumptions { o += "<li>\(esc(line))</li>\n" }
        o += "</ul>\n"
        o += "<h2 id=\"inputs\">Inputs</h2>\n<table>\n<thead><tr><th scope=\"col\">file</th><th scope=\"col\">sha256</th></tr></thead>\n<tbody>\n"
        for i in m.inputs { o += "<tr><td><code>\(esc(i.path))</code></td><td><code class=\"hash\">\(i.sha256)</code></td></tr>\n" }
        o += "</tbody>\n</table>\n</main>\n</body>\n</html>\n"
        return o
    }

    // MARK: Sections

    /// One deployment's section.
    public func section(_ d: DeploymentPlan, _ m: ReportModel) -> String {
        let r = ReportModel.row(d, asOf: m.asOf, rollout: m.rollout)
        let params = Format.number(d.model.parameters / 1e9) + "B" + (d.model.architecture.isMoE ? " (\(Format.number(d.model.activeParameters / 1e9))B active)" : "")
        var o = "<section id=\"d-\(anchor(d.name, m))\">\n<h2>\(esc(d.name))</h2>\n"
        o += "<p class=\"meta\"><code>\(esc(d.spec))</code> · \(d.phase.rawValue) · \(params) parameters · certification \(d.policy.rawValue)</p>\n"
        if let c = r.recommended, let e = c.evaluation, let ro = r.rollout {
            o += "<h3>Recommendation</h3>\n<p class=\"rec\"><strong>\(e.chips) × \(esc(c.chip.vendor)) \(esc(c.chip.name))</strong> (<code>\(esc(c.chip.id))</code>), \(ReportModel.layout(e, moe: d.model.architecture.isMoE)), \(c.precision?.weights.rawValue ?? "-")\(c.precision?.fallback != nil ? " (fallback from \(c.precision!.requested.rawValue))" : ""). Certified: \(esc(m.certifiedText(c)))\(c.certification.evidence.first.map { " — <code>\(esc($0.list))</code> (\($0.provenance.rawValue)), valid \($0.validFrom) to \($0.validUntil)" } ?? "").</p>\n"
            o += performance(d, c, e)
            o += "<h3>Memory per \(e.device)</h3>\n" + memoryChart(d, m)
            o += "<h3>Chips needed</h3>\n" + chipsChart(d, m)
            o += costEnergyChart(d, m)
            o += "<h3>Toolchain checklist</h3>\n<ul class=\"checklist\">\n"
            for ch in c.changes {
                let done = !ch.needsWork
                o += "<li class=\"\(done ? "done" : "todo")\(ch.blocking ? " blocking" : "")\"><span class=\"box\" aria-hidden=\"true\">\(done ? "☑" : "☐")</span> <strong>\(esc(ch.step.title))</strong> — <code>\(esc(ch.component))</code>: \(esc(ch.action))\(ch.replacement.map { " → " + esc($0) } ?? "") <span class=\"effort effort-\(ch.effort.rawValue)\">\(ch.effort.rawValue)</span>\(ch.note.map { "<br><span class=\"note\">" + inline($0) + "</span>" } ?? "")\(ch.sites.map { s in let (files, more) = ReportModel.siteFiles(s); return "<br><span class=\"note\">\(Format.count(Double(s.sites), "site")) in \(Format.count(Double(s.files.count), "file")): " + files.map { "<code>\(esc($0.file))</code> (\($0.sites))" }.joined(separator: ", ") + (more > 0 ? ", and \(more) more" : "") + "</span>" } ?? "")</li>\n"
            }
            o += "</ul>\n<h3>Timeline</h3>\n" + timeline(ro, id: "tl-\(anchor(d.name, m))", engineers: m.rollout.engineers)
            o += "<h3>Assumptions</h3>\n<p class=\"note\">Efficiency on <code>\(esc(c.chip.id))</code>: compute \(c.efficiency.compute) (\(c.efficiency.computeOrigin.rawValue)), memory \(c.efficiency.memory) (\(c.efficiency.memoryOrigin.rawValue)), interconnect \(c.efficiency.interconnect) (\(c.efficiency.interconnectOrigin.rawValue))"
                + (c.efficiency.calibrationNote.map { "; " + esc($0) } ?? "") + "."
            if !c.chip.uncertain.isEmpty { o += " Uncertain figures in its profile: \(c.chip.uncertain.map { "<code>\(esc($0))</code>" }.joined(separator: ", "))." }
            if let measured = m.measured(d, c) { o += " " + esc(measured) }
            o += " Every figure: <code>chipfit explain \(esc(d.spec)) --chip \(esc(c.chip.id))</code>.</p>\n"
        } else {
            o += "<p class=\"warning\"><strong>No chip fits.</strong> The candidates and why they were ruled out:</p>\n"
        }
        if r.recommended != nil {
            o += "<h3>Ranking</h3>\n<p class=\"note\">\(esc(Planner.rankingRule(d.objective).prefix(1).uppercased() + Planner.rankingRule(d.objective).dropFirst())).</p>\n<table>\n<thead><tr>"
            o += m.rankingHeader(d).map { "<th scope=\"col\">\(esc($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for row in m.ranking(d) { o += "<tr>" + row.map { "<td>\(inline($0))</td>" }.joined() + "</tr>\n" }
            o += "</tbody>\n</table>\n"
        }
        let rejected = d.candidates.filter { !$0.fits }
        if !rejected.isEmpty {
            o += "<h3>Rejected alternatives (\(rejected.count))</h3>\n<table>\n<thead><tr><th scope=\"col\">chip</th><th scope=\"col\">verdict</th><th scope=\"col\">reasons</th></tr></thead>\n<tbody>\n"
            for c in rejected {
                let v = ReportModel.Verdict.of(c, recommended: nil)
                o += "<tr><td><code>\(esc(c.chip.id))</code></td><td>\(v.symbol) \(v.label)</td><td>\(inline(c.rejections.map(\.message).joined(separator: "; ")))</td></tr>\n"
            }
            o += "</tbody>\n</table>\n"
        }
        return o + "</section>\n"
    }

    private func performance(_ d: DeploymentPlan, _ c: Candidate, _ e: Evaluation) -> String {
        let t = ReportText.targets(d.workload)
        var o = "<h3>Performance</h3>\n<table class=\"narrow\">\n<thead><tr><th scope=\"col\">measure</th><th scope=\"col\">estimate</th><th scope=\"col\">target</th></tr></thead>\n<tbody>\n"
        func ms(_ s: Double?) -> String { s.map { Format.number($0 * 1000) + " ms" } ?? "–" }
        if d.phase == .inference {
            o += "<tr><td>time to first token</td><td class=\"num\">\(ms(e.ttftSeconds))</td><td class=\"num\">\(esc(t.ttft))</td></tr>\n"
            if e.tpotSeconds != nil {
                o += "<tr><td>time per output token</td><td class=\"num\">\(ms(e.tpotSeconds))</td><td class=\"num\">\(esc(t.tpot))</td></tr>\n"
                o += "<tr><td>throughput</td><td class=\"num\">\(Format.number(e.throughput ?? 0)) tokens/s</td><td class=\"num\">\(esc(t.throughput))</td></tr>\n"
                o += "<tr><td>output tokens per chip</td><td class=\"num\">\(Format.number((e.throughput ?? 0) / Double(e.chips))) tokens/s</td><td class=\"num\">–</td></tr>\n"
                o += "<tr><td>prompt tokens</td><td class=\"num\">\(Format.number(e.inputThroughput ?? 0)) tokens/s (\(Format.number((e.inputThroughput ?? 0) / Double(e.chips))) per chip)</td><td class=\"num\">–</td></tr>\n"
            }
            for pool in c.pools {
                o += "<tr><td>\(pool.role.rawValue) pool</td><td class=\"num\">\(esc(describePools([pool])))</td><td class=\"num\">–</td></tr>\n"
            }
        } else {
            o += "<tr><td>training time</td><td class=\"num\">\(Format.number(e.trainingDays ?? 0)) days</td><td class=\"num\">\(esc(t.deadline))</td></tr>\n"
        }
        return o + "</tbody>\n</table>\n"
    }

    private func timeline(_ r: Rollout, id: String, engineers: Int) -> String {
        let total = max(r.workingDays, 1)
        let w = 640.0, barH = 22.0
        let migW = w * r.migrationDays / total, valW = w * r.validationDays / total
        var o = "<figure>\n<svg class=\"chart\" viewBox=\"0 0 \(Int(w + 20)) 70\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\">\n"
        o += "<title id=\"\(id)-t\">Migration timeline</title>\n<desc id=\"\(id)-d\">Toolchain migration \(Format.number(r.migrationDays)) working days until \(r.migrationDone), then validation \(Format.number(r.validationDays)) working days until \(r.ready).</desc>\n"
        o += "<rect x=\"10\" y=\"10\" width=\"\(f(migW))\" height=\"\(f(barH))\" fill=\"#4c72b0\"/>\n"
        o += "<rect x=\"\(f(10 + migW))\" y=\"10\" width=\"\(f(valW))\" height=\"\(f(barH))\" fill=\"#55a868\"/>\n"
        o += "<text x=\"10\" y=\"50\" class=\"lbl\">\(r.start) start</text>\n"
        o += "<text x=\"\(f(10 + w))\" y=\"50\" class=\"lbl\" text-anchor=\"end\">ready \(r.ready)</text>\n</svg>\n"
        o += "<figcaption>Migration (\(Format.number(r.engineerDays)) engineer-days, \(engineers) engineers): \(Format.number(r.migrationDays)) working days to \(r.migrationDone); validation: \(Format.number(r.validationDays)) working days to \(r.ready).</figcaption>\n</figure>\n"
        return o
    }

    // MARK: Charts

    private func fitMatrix(_ m: ReportModel) -> String {
        let labelW = 200.0, cell = 30.0, headerH = 120.0
        // Room on the right for the last rotated column label.
        let width = labelW + Double(m.chips.count) * cell + 90
        let height = headerH + Double(m.rows.count) * cell + 50
        var o = "<figure>\n<svg class=\"chart\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-labelledby=\"fm-t fm-d\">\n"
        o += "<title id=\"fm-t\">Fit matrix: deployments by chip</title>\n"
        o += "<desc id=\"fm-d\">" + m.rows.map { r in
            let fits = m.chips.compactMap { chip -> String? in
                guard let v = m.verdict(r, chip: chip), v == .recommended || v == .fits else { return nil }
                return chip + (v == .recommended ? " (recommended)" : "")
            }
            return "\(esc(r.name)): " + (fits.isEmpty ? "no chip fits" : "fits on " + fits.joined(separator: ", "))
        }.joined(separator: ". ") + ".</desc>\n"
        for (j, chip) in m.chips.enumerated() {
            let x = labelW + Double(j) * cell + cell / 2
            o += "<text class=\"lbl\" transform=\"translate(\(f(x)),\(f(headerH - 6))) rotate(-60)\">\(esc(chip))</text>\n"
        }
        for (i, r) in m.rows.enumerated() {
            let y = headerH + Double(i) * cell
            o += "<text class=\"lbl\" x=\"\(f(labelW - 8))\" y=\"\(f(y + cell / 2 + 4))\" text-anchor=\"end\">\(esc(r.name))</text>\n"
            for (j, chip) in m.chips.enumerated() {
                let x = labelW + Double(j) * cell
                let v = m.verdict(r, chip: chip)
                o += "<rect x=\"\(f(x + 1))\" y=\"\(f(y + 1))\" width=\"\(f(cell - 2))\" height=\"\(f(cell - 2))\" class=\"v-\(v?.rawValue ?? "none")\"/>"
                if let v { o += "<text x=\"\(f(x + cell / 2))\" y=\"\(f(y + cell / 2 + 5))\" text-anchor=\"middle\" class=\"sym v-\(v.rawValue)-t\">\(v.symbol)</text>" }
                o += "\n"
            }
        }
        let ly = headerH + Double(m.rows.count) * cell + 20
        var lx = 10.0
        for v in [ReportModel.Verdict.recommended, .fits, .policy, .rejected] {
            o += "<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"16\" height=\"16\" class=\"v-\(v.rawValue)\"/><text x=\"\(f(lx + 8))\" y=\"\(f(ly + 12))\" text-anchor=\"middle\" class=\"sym small v-\(v.rawValue)-t\">\(v.symbol)</text><text class=\"lbl\" x=\"\(f(lx + 22))\" y=\"\(f(ly + 13))\">\(v.label)</text>\n"
            lx += 22 + Double(v.label.count) * 7 + 24
        }
        o += "</svg>\n<figcaption>★ recommended · ✔ fits · ◐ would fit but excluded by policy (certification, vendor, allow-list) · ✘ does not fit. Details per deployment below.</figcaption>\n</figure>\n"
        return o
    }

    private static let segmentColors: [MemorySegment: String] = [
        .weights: "#4c72b0", .kvCache: "#55a868", .activations: "#c44e52", .gradients: "#8172b2",
        .optimizer: "#b8860b", .overhead: "#9e9e9e",
    ]

    private func memoryChart(_ d: DeploymentPlan, _ m: ReportModel) -> String {
        let shown = m.charted(d)
        guard !shown.isEmpty else { return "<p class=\"note\">No layout fits in memory.</p>\n" }
        let labelW = 150.0, barW = 440.0, rowH = 26.0
        let scale = shown.map { $0.evaluation!.memory.capacity }.max()!
        let height = Double(shown.count) * rowH + 50
        let id = "mem-\(anchor(d.name, m))"
        var o = "<figure>\n<svg class=\"chart\" viewBox=\"0 0 \(f(labelW + barW + 130)) \(f(height))\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\">\n"
        o += "<title id=\"\(id)-t\">Memory per chip (per die where the spec's ranks are dies) against capacity</title>\n<desc id=\"\(id)-d\">" + shown.map { c in
            let mem = c.evaluation!.memory
            return "\(esc(c.chip.id)): \(Format.number(mem.total / 1e9)) of \(Format.number(mem.capacity / 1e9)) GB"
        }.joined(separator: "; ") + ".</desc>\n"
        for (i, c) in shown.enumerated() {
            let mem = c.evaluation!.memory
            let y = Double(i) * rowH + 4
            o += "<text class=\"lbl\" x=\"\(f(labelW - 8))\" y=\"\(f(y + 15))\" text-anchor=\"end\">\(esc(c.chip.id))\(c.evaluation!.ranksPerChip > 1 ? " (a die)" : "")</text>\n"
            var x = labelW
            for s in MemorySegment.allCases {
                let w = barW * s.bytes(mem) / scale
                guard w > 0 else { continue }
                o += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"18\" fill=\"\(Self.segmentColors[s]!)\"><title>\(s.label): \(Format.number(s.bytes(mem) / 1e9)) GB</title></rect>"
                x += w
            }
            let cap = labelW + barW * mem.capacity / scale
            o += "<line x1=\"\(f(cap))\" x2=\"\(f(cap))\" y1=\"\(f(y - 2))\" y2=\"\(f(y + 20))\" class=\"cap\"/>"
            o += "<text class=\"lbl\" x=\"\(f(labelW + barW + 8))\" y=\"\(f(y + 14))\">\(Format.number(mem.total / 1e9))/\(Format.number(mem.capacity / 1e9)) GB</text>\n"
        }
        var lx = labelW
        let ly = Double(shown.count) * rowH + 16
        for s in MemorySegment.allCases {
            o += "<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"12\" height=\"12\" fill=\"\(Self.segmentColors[s]!)\"/><text class=\"lbl small\" x=\"\(f(lx + 16))\" y=\"\(f(ly + 10))\">\(s.label)</text>\n"
            lx += 16 + Double(s.label.count) * 6.5 + 14
        }
        o += "</svg>\n"
        o += "<figcaption>Stacked bytes per chip (per die where the spec's ranks are dies) for the candidates that fit in memory; the vertical mark is each one's capacity.</figcaption>\n</figure>\n"
        o += "<table class=\"narrow\">\n<thead><tr><th scope=\"col\">chip</th>" + MemorySegment.allCases.map { "<th scope=\"col\">\($0.label)</th>" }.joined() + "<th scope=\"col\">total / capacity</th></tr></thead>\n<tbody>\n"
        for c in shown {
            let mem = c.evaluation!.memory
            o += "<tr><td><code>\(esc(c.chip.id))</code></td>" + MemorySegment.allCases.map { "<td class=\"num\">\(Format.number($0.bytes(mem) / 1e9))</td>" }.joined()
                + "<td class=\"num\">\(Format.number(mem.total / 1e9)) / \(Format.number(mem.capacity / 1e9)) GB</td></tr>\n"
        }
        return o + "</tbody>\n</table>\n"
    }

    private func chipsChart(_ d: DeploymentPlan, _ m: ReportModel) -> String {
        let shown = m.charted(d)
        guard !shown.isEmpty else { return "" }
        let labelW = 150.0, barW = 360.0, rowH = 24.0
        let most = Double(shown.map { $0.evaluation!.chips }.max()!)
        let id = "chips-\(anchor(d.name, m))"
        let training = d.phase == .training
        func speed(_ e: Evaluation) -> String {
            training ? "\(Format.number(e.trainingDays ?? 0)) days" : e.throughput.map { "\(Format.number($0)) tokens/s" } ?? "\(Format.number((e.ttftSeconds ?? 0) * 1000)) ms"
        }
        var o = "<figure>\n<svg class=\"chart\" viewBox=\"0 0 \(f(labelW + barW + 230)) \(f(Double(shown.count) * rowH + 10))\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\">\n"
        o += "<title id=\"\(id)-t\">Chips needed and \(training ? "training time" : "throughput") per candidate</title>\n<desc id=\"\(id)-d\">" + shown.map {
            "\(esc($0.chip.id)): \($0.evaluation!.chips) chips, \(speed($0.evaluation!))"
        }.joined(separator: "; ") + ".</desc>\n"
        for (i, c) in shown.enumerated() {
            let e = c.evaluation!
            let y = Double(i) * rowH + 4
            let w = max(2, barW * Double(e.chips) / most)
            let v = ReportModel.Verdict.of(c, recommended: d.recommended?.chip.id)
            o += "<text class=\"lbl\" x=\"\(f(labelW - 8))\" y=\"\(f(y + 13))\" text-anchor=\"end\">\(esc(c.chip.id))</text>"
            o += "<rect x=\"\(f(labelW))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"16\" class=\"v-\(v.rawValue)\"/>"
            o += "<text class=\"lbl\" x=\"\(f(labelW + w + 6))\" y=\"\(f(y + 13))\">\(v.symbol) \(e.chips) chips · \(speed(e))</text>\n"
        }
        return o + "</svg>\n<figcaption>Fewest chips that fit and meet the targets, per candidate; the label gives the resulting \(training ? "training time" : "throughput").</figcaption>\n</figure>\n"
    }

    /// Cost (with prices) or energy per million output tokens or per run, per charted
    /// candidate, with the figures in a table beside it; unknown figures are listed, not drawn.
    private func costEnergyChart(_ d: DeploymentPlan, _ m: ReportModel) -> String {
        let shown = m.charted(d)
        let training = d.phase == .training
        let per = training ? "for the run" : "per million output tokens"
        func cost(_ c: Candidate) -> Double? { training ? c.economics.trainingCost : c.economics.costPerMillionOutputTokens }
        func energy(_ c: Candidate) -> Double? { training ? c.economics.trainingEnergyKWh : c.economics.energyPerMillionOutputTokensKWh }
        let priced = m.prices != nil
        let value: (Candidate) -> Double? = priced ? cost : energy
        let drawn = shown.filter { value($0) != nil }
        guard !shown.isEmpty else { return "" }
        let unit = priced ? (m.prices?.currency ?? "") : "kWh"
        var o = "<h3>\(priced ? "Cost and energy" : "Energy")</h3>\n"
        if let most = drawn.compactMap(value).max(), most > 0 {
            let labelW = 150.0, barW = 360.0, rowH = 24.0
            let id = "cost-\(anchor(d.name, m))"
            o += "<figure>\n<svg class=\"chart\" viewBox=\"0 0 \(f(labelW + barW + 200)) \(f(Double(drawn.count) * rowH + 10))\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\">\n"
            o += "<title id=\"\(id)-t\">\(priced ? "Cost" : "Energy") \(per) per candidate</title>\n<desc id=\"\(id)-d\">" + drawn.map {
                "\(esc($0.chip.id)): \(Format.number(value($0)!)) \(esc(unit))"
            }.joined(separator: "; ") + ".</desc>\n"
            for (i, c) in drawn.enumerated() {
                let y = Double(i) * rowH + 4, x = value(c)!
                let w = max(2, barW * x / most)
                let v = ReportModel.Verdict.of(c, recommended: d.recommended?.chip.id)
                o += "<text class=\"lbl\" x=\"\(f(labelW - 8))\" y=\"\(f(y + 13))\" text-anchor=\"end\">\(esc(c.chip.id))</text>"
                o += "<rect x=\"\(f(labelW))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"16\" class=\"v-\(v.rawValue)\"/>"
                o += "<text class=\"lbl\" x=\"\(f(labelW + w + 6))\" y=\"\(f(y + 13))\">\(Format.number(x)) \(esc(unit))</text>\n"
            }
            o += "</svg>\n<figcaption>\(priced ? "Cost" : "Energy") \(per) at the stated load, per candidate"
                + (priced ? " (\(esc(ProvenanceText.prices(m.prices!))))" : "") + ".</figcaption>\n</figure>\n"
        }
        o += "<table>\n<thead><tr><th scope=\"col\">chip</th><th scope=\"col\">chips</th><th scope=\"col\">power (kW)</th><th scope=\"col\">energy (kWh, \(per))</th>"
            + (priced ? "<th scope=\"col\">cost (\(esc(unit))/h)</th><th scope=\"col\">cost (\(esc(unit)), \(per))</th>" : "") + "</tr></thead>\n<tbody>\n"
        for c in shown {
            let x = c.economics
            o += "<tr><td><code>\(esc(c.chip.id))</code></td><td>\(c.evaluation.map { String($0.chips) } ?? "–")</td><td>\(x.powerKW.map(Format.number) ?? "unknown")</td><td>\(energy(c).map(Format.number) ?? "unknown")</td>"
                + (priced ? "<td>\(x.costPerHour.map(Format.number) ?? "unknown")</td><td>\(cost(c).map(Format.number) ?? "unknown")</td>" : "") + "</tr>\n"
        }
        return o + "</tbody>\n</table>\n"
    }

    // MARK: Helpers

    private func f(_ x: Double) -> String { Format.number(x) }

    /// Markdown-flavoured warning text (`code`, **bold**) to HTML.
    private func inline(_ s: String) -> String {
        var out = esc(s)
        while let r = out.firstRange(of: "**"), let e = out[r.upperBound...].firstRange(of: "**") {
            out.replaceSubrange(r.lowerBound..<e.upperBound, with: "<strong>" + out[r.upperBound..<e.lowerBound] + "</strong>")
        }
        while let r = out.firstRange(of: "`"), let e = out[r.upperBound...].firstRange(of: "`") {
            out.replaceSubrange(r.lowerBound..<e.upperBound, with: "<code>" + out[r.upperBound..<e.lowerBound] + "</code>")
        }
        return out
    }

    /// Unique per deployment: its position in the plan plus a readable slug of its name.
    private func anchor(_ s: String, _ m: ReportModel) -> String {
        let slug = String(s.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
        return "\(m.position[s] ?? 0)-\(slug)"
    }

    func esc(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case _ where ch.unicodeScalars.contains(where: { ControlCharacters.contains($0.value) }):
                out += "\u{FFFD}"
            default: out.append(ch)
            }
        }
        return out
    }

    static let css = """
        :root{--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#fff;--warn:#fff8c5;--warnline:#9a6700}
        *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC",sans-serif}
        main{max-width:1100px;margin:0 auto;padding:24px}h1{font-size:1.8em;margin:0 0 4px}h2{margin-top:2em;border-bottom:1px solid var(--line);padding-bottom:4px}h3{margin-bottom:.4em}
        .meta,.note{color:var(--muted)}.warning{background:var(--warn);border-left:4px solid var(--warnline);padding:8px 12px}
        table{border-collapse:collapse;margin:8px 0 16px;width:100%}table.narrow{width:auto}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
        thead th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}td.src{word-break:break-all;font-size:.85em}code{font-size:.9em}code.hash{font-size:.75em;word-break:break-all}
        tr.nofit th,tr.nofit td{background:#ffebe9}.rec{font-size:1.05em}
        svg.chart{max-width:100%;height:auto;font-family:inherit}svg .lbl{font-size:12px;fill:#1f2328}svg .small{font-size:10px}svg .sym{font-size:15px}
        .v-recommended{fill:#1a7f37}.v-fits{fill:#aceebb}.v-policy{fill:#ffe08a}.v-rejected{fill:#ffc1c0}.v-none{fill:#f6f8fa}
        .v-recommended-t{fill:#fff}.v-fits-t,.v-policy-t,.v-rejected-t{fill:#1f2328}line.cap{stroke:#1f2328;stroke-width:2}
        ul.checklist{list-style:none;padding-left:0}ul.checklist li{margin:4px 0}ul.checklist .box{font-size:1.1em}li.blocking{color:#a40e26}
        .effort{display:inline-block;border-radius:8px;padding:0 6px;font-size:.8em;border:1px solid var(--line)}.effort-high{background:#ffc1c0}.effort-medium{background:#ffe08a}.effort-low{background:#dafbe1}
        figure{margin:8px 0 16px}figcaption{color:var(--muted);font-size:.9em}
        @media print{main{max-width:none;padding:0}a{color:inherit;text-decoration:none}figure,tr{break-inside:avoid}
        *{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """
}
