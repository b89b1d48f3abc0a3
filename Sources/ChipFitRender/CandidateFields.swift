import ChipFitSpec
import ChipFitPlanner

/// What a plan shows of each candidate chip, declared once for every output: the members of
/// its object in the `chipfit/plan/v1` JSON contract (FORMATS.md; names fixed, extended
/// compatibly) and the columns of its row in the plan table. A new figure is a member here
/// and, when the table should show it, a column here.
enum CandidateFields {
    /// Power, energy and cost (`Economics`): unknown figures are null and `missing` names the
    /// inputs they need.
    static func economics(_ x: Economics) -> JSON {
        .object([
            "power_kw": rounded(x.powerKW, 1000),
            "pue": .number(x.pue),
            "energy_kwh_per_million_output_tokens": rounded(x.energyPerMillionOutputTokensKWh, 1000),
            "training_energy_kwh": rounded(x.trainingEnergyKWh, 10),
            "currency": .optional(x.currency),
            "cost_per_hour": rounded(x.costPerHour, 100),
            "cost_per_million_output_tokens": rounded(x.costPerMillionOutputTokens, 1000),
            "training_cost": rounded(x.trainingCost, 100),
            "missing": .array(x.missing.map { .string($0.rawValue) }),
        ])
    }

    /// A deployment's `candidates`, an array written at `depth` in the document. Candidates on
    /// chips that share a stack carry the same toolchain changes: each distinct list is written
    /// once (`Prewritten`), at the depth of a candidate's members.
    static func json(_ candidates: [Candidate], atDepth depth: Int) -> JSON {
        var changes = Prewritten.Memo<[ToolchainChange]>(indent: depth + 2)
        return .array(candidates.map { json($0, changes: &changes) })
    }

    /// The candidate's object in a plan's `deployments[].candidates`. Keys are sorted when the
    /// object is built, so their order here is for reading.
    private static func json(_ c: Candidate, changes: inout Prewritten.Memo<[ToolchainChange]>) -> JSON {
        let e = c.evaluation
        return .object([
            "chip": .string(c.chip.id),
            "name": .string(c.chip.name),
            "vendor": .string(c.chip.vendor),
            "certified": .bool(c.certification.isCertified),
            "fits": .bool(c.fits),
            "chips": .optional(e?.chips),
            "dies": e.map { dies($0, pools: c.pools) } ?? .null,
            "parallelism": e.map { parallelism($0.layout) } ?? .null,
            "precision": .optional(c.precision?.weights.rawValue),
            "precision_detail": c.precision.map(precision) ?? .null,
            "memory_per_chip_bytes": e.map { memory($0.memory) } ?? .null,
            "performance": e.map { performance($0, c.trainingRate) } ?? .null,
            "economics": e == nil ? .null : economics(c.economics),
            "what_if": .array(c.whatIfs.map(WhatIfText.json)),
            "pools": .array(c.pools.map(pool)),
            "certification": certification(c.certification),
            "migration_effort_score": .int(c.effortScore),
            "toolchain_changes": changes.value(for: c.changes) { .array($0.map(change)) },
            "rejections": reasons(c.rejections),
            "warnings": reasons(c.warnings),
            "assumptions": assumptions(c),
        ])
    }

    /// The dies a layout (or both pools) uses under `rank: die`, whose degrees and memory are
    /// then per die; null otherwise.
    static func dies(_ e: Evaluation, pools: [Evaluation.Pool] = []) -> JSON {
        guard e.ranksPerChip > 1 else { return .null }
        return .int(pools.isEmpty ? e.layout.ranks : pools.reduce(0) { $0 + $1.evaluation.layout.ranks })
    }

    static func parallelism(_ l: Layout) -> JSON {
        .object(["data": .int(l.data), "expert": .int(l.expert), "pipeline": .int(l.pipeline), "tensor": .int(l.tensor)])
    }

    private static func precision(_ p: PrecisionChoice) -> JSON {
        .object([
            "weights": .string(p.weights.rawValue),
            "compute": .string(p.compute.rawValue),
            "rate": .string(p.rate.rawValue),
            "kv_cache": .string(p.kvCache.rawValue),
            "requested": .string(p.requested.rawValue),
            "fallback": .optional(p.fallback),
            "note": .optional(p.computeNote),
        ])
    }

    /// Bytes per chip, as whole numbers: a `Double`, since products of bounded inputs may pass `Int.max`.
    private static func memory(_ m: MemoryBreakdown) -> JSON {
        func bytes(_ x: Double?) -> JSON { x.map { .number($0.rounded()) } ?? .null }
        return .object([
            "weights": bytes(m.weights),
            "kv_cache": bytes(m.kvCache),
            "activations": bytes(m.activations),
            "gradients": bytes(m.gradients),
            "optimizer": bytes(m.optimizer),
            "overhead": bytes(m.overhead),
            "total": bytes(m.total),
            "capacity": bytes(m.capacity),
        ])
    }

    static func performance(_ e: Evaluation, _ rate: TrainingRate?) -> JSON {
        let chips = Double(e.chips)
        return .object([
            "throughput_tokens_per_s": rounded(e.throughput, 10),
            "output_tokens_per_s_per_chip": rounded(e.throughput.map { $0 / chips }, 10),
            "input_tokens_per_s": rounded(e.inputThroughput, 10),
            "input_tokens_per_s_per_chip": rounded(e.inputThroughput.map { $0 / chips }, 10),
            "ttft_ms": rounded(e.ttftSeconds.map { $0 * 1000 }, 100),
            "tpot_ms": rounded(e.tpotSeconds.map { $0 * 1000 }, 100),
            "training_days": rounded(e.trainingDays, 100),
            "step_s": e.trainingDays == nil ? .null : rounded(e.stepSeconds, 1000),
            "training_tokens_per_s_per_chip": rounded(rate.map { $0.tokensPerSecond / chips }, 10),
            "mfu": rounded(rate?.modelFLOPsUtilization, 1000),
        ])
    }

    /// A pool of a disaggregated deployment: its layout and what it does at capacity.
    private static func pool(_ p: Evaluation.Pool) -> JSON {
        let e = p.evaluation
        let chips = Double(e.chips)
        var members: JSONObject = [
            "role": .string(p.role.rawValue),
            "chips": .int(e.chips),
            "dies": dies(e),
            "parallelism": parallelism(e.layout),
            "requests_per_s": rounded(e.requestsPerSecond, 100),
            "memory_per_chip_bytes": memory(e.memory),
        ]
        switch p.role {
        case .prefill:
            members["input_tokens_per_s"] = rounded(e.inputThroughput, 10)
            members["input_tokens_per_s_per_chip"] = rounded(e.inputThroughput.map { $0 / chips }, 10)
            members["ttft_ms"] = rounded(e.ttftSeconds.map { $0 * 1000 }, 100)
            members["kv_transfer_ms"] = rounded(e.kvTransferSeconds * 1000, 100)
        case .decode:
            members["output_tokens_per_s"] = rounded(e.throughput, 10)
            members["output_tokens_per_s_per_chip"] = rounded(e.throughput.map { $0 / chips }, 10)
            members["tpot_ms"] = rounded(e.tpotSeconds.map { $0 * 1000 }, 100)
        }
        return .object(members)
    }

    private static func certification(_ s: CertificationStatus) -> JSON {
        .object([
            "state": .string(s.state.rawValue),
            "category": .string(s.category.rawValue),
            "mapping_assumed": .bool(s.mappingAssumed),
            "evidence": .array(s.evidence.map { ev in
                .object([
                    "list": .string(ev.list),
                    "product": .optional(ev.product),
                    "category": .string(ev.category.rawValue),
                    "mapping": .string(ev.mapping.rawValue),
                    "provenance": .string(ev.provenance.rawValue),
                    "valid_from": .string(ev.validFrom.description),
                    "valid_until": .string(ev.validUntil.description),
                ])
            }),
        ])
    }

    private static func change(_ change: ToolchainChange) -> JSON {
        .object([
            "component": .string(change.component),
            "action": .string(change.action),
            "with": .optional(change.replacement),
            "effort": .string(change.effort.rawValue),
            "blocking": .bool(change.blocking),
            "needs_work": .bool(change.needsWork),
            "note": .optional(change.note),
            "source": .optional(change.source),
            "sites": change.sites.map { s in
                .object(["count": .int(s.sites), "files": .object(JSONObject(s.files.mapValues { JSON.int($0) }))])
            } ?? .null,
        ])
    }

    /// Rejections or warnings: `{code, message}` each.
    private static func reasons(_ reasons: [Rejection]) -> JSON {
        .array(reasons.map { .object(["code": .string($0.code.rawValue), "message": .string($0.message)]) })
    }

    /// The assumptions behind this candidate's figures.
    private static func assumptions(_ c: Candidate) -> JSON {
        .object([
            "chip_figures_uncertain": .array(c.chip.uncertain.map(JSON.string)),
            "compute_basis": .string(c.chip.computeBasis.rawValue),
            "compute_efficiency": .number(c.efficiency.compute),
            "compute_efficiency_from": .string(c.efficiency.computeOrigin.rawValue),
            "memory_efficiency": .number(c.efficiency.memory),
            "memory_efficiency_from": .string(c.efficiency.memoryOrigin.rawValue),
            "interconnect_efficiency": .number(c.efficiency.interconnect),
            "expert_compute_efficiency": .number(c.efficiency.experts),
            "expert_compute_efficiency_from": .string(c.efficiency.expertsOrigin.rawValue),
            "interconnect_efficiency_from": .string(c.efficiency.interconnectOrigin.rawValue),
            "interconnect_bidirectional": .bool(c.chip.interconnectBidirectional),
            "scale_out_bandwidth_assumed": .bool(c.chip.scaleOutBandwidth == nil),
            "collective_step_latency_s": .number(Assumptions.collectiveStepLatency),
            "calibration": calibration(c.efficiency.calibration),
            "memory_reserve_fraction": .number(Assumptions.memoryReserveFraction),
        ])
    }

    /// The calibration a candidate's factors come from, or null.
    static func calibration(_ c: Calibration?) -> JSON {
        c.map { cal in
            .object(["file": .string(cal.file), "measurements": .int(cal.measurements),
                     "provenance": .string(cal.provenance.rawValue), "engine": .optional(cal.engine?.rawValue)])
        } ?? .null
    }

    /// `x` rounded to `1/scale` (100 → two decimals); null when absent or not finite.
    private static func rounded(_ x: Double?, _ scale: Double) -> JSON {
        guard let x, x.isFinite else { return .null }
        return .number((x * scale).rounded() / scale)
    }

    /// One column of the plan table: its header and how a candidate fills it, declared together
    /// so that a column cannot get out of step with its header.
    struct Column: Sendable {
        let header: String
        let phases: Set<Phase>
        /// Shown only when a price list is given.
        let needsPrices: Bool
        let cell: @Sendable (Candidate, DeploymentPlan) -> String

        init(_ header: String, _ phases: Set<Phase> = [.inference, .training], needsPrices: Bool = false,
             _ cell: @escaping @Sendable (Candidate, DeploymentPlan) -> String) {
            self.header = header
            self.phases = phases
            self.needsPrices = needsPrices
            self.cell = cell
        }

        /// A figure of the chosen layout, "-" without one.
        init(_ header: String, _ phases: Set<Phase> = [.inference, .training], layout: @escaping @Sendable (Evaluation) -> String?) {
            self.init(header, phases) { c, _ in c.evaluation.flatMap(layout) ?? "-" }
        }
    }

    /// The four parallel degrees in one column, for tables narrowed to the terminal.
    static let layoutColumn = Column("TP/PP/DP/EP", layout: {
        "\($0.layout.tensor)/\($0.layout.pipeline)/\($0.layout.data)/\($0.layout.expert)"
    })

    /// How a table is narrowed to fit a terminal, step by step until it fits: first the four
    /// parallel degrees become one column and the verdict names its first reason only, then
    /// columns go, least needed for a decision first. The chip, its certification, the chip
    /// count, TPOT (or training days) and the verdict always stay. docs/plan.md documents this order.
    static let narrowing: [String] = ["TP/PP/DP/EP", "verdict", "in tok/s", "kW", "changes", "mem/chip", "cost/h", "effort",
                                      "TP/PP/DP/EP", "prec", "out tok/s", "TTFT", "cost/M out", "run cost"]

    /// The verdict with only the first rejection code and how many more (`✘ vendor_excluded +2`);
    /// the "why not" lines under the table give them all.
    static let shortVerdict = Column("verdict") { c, d in
        guard !c.fits, let first = c.rejections.first else { return verdictText(c, d) }
        return "✘ \(first.code.rawValue)" + (c.rejections.count > 1 ? " +\(c.rejections.count - 1)" : "")
    }

    static func verdictText(_ c: Candidate, _ d: DeploymentPlan) -> String {
        c.fits ? (c.chip.id == d.recommended?.chip.id ? "✔ recommended" : "✔ fits") + (c.warnings.isEmpty ? "" : " (note)")
            : "✘ " + c.rejections.map(\.code.rawValue).joined(separator: ", ")
    }

    /// The plan table's columns, left to right; a phase shows those declared for it.
    static let columns: [Column] = [
        Column("chip") { c, _ in c.chip.id },
        Column("cert") { c, _ in c.certification.isCertified ? (c.certification.mappingAssumed ? "yes*" : "yes") : "no" },
        Column("chips", layout: { String($0.chips) }),
        Column("TP", layout: { String($0.layout.tensor) }),
        Column("PP", layout: { String($0.layout.pipeline) }),
        Column("DP", layout: { String($0.layout.data) }),
        Column("EP", layout: { String($0.layout.expert) }),
        Column("prec") { c, _ in c.precision.map { $0.weights.rawValue + ($0.fallback != nil ? "†" : "") } ?? "-" },
        Column("mem/chip", layout: { "\(Format.number($0.memory.total / 1e9))/\(Format.number($0.memory.capacity / 1e9)) GB" }),
        Column("TTFT", [.inference], layout: { $0.ttftSeconds.map { Format.number($0 * 1000) + " ms" } }),
        Column("TPOT", [.inference], layout: { $0.tpotSeconds.map { Format.number($0 * 1000) + " ms" } }),
        Column("out tok/s", [.inference], layout: { $0.throughput.map { Format.number($0) } }),
        Column("in tok/s", [.inference], layout: { $0.inputThroughput.map { Format.number($0) } }),
        Column("days", [.training], layout: { $0.trainingDays.map { Format.number($0) } }),
        Column("changes") { c, _ in "\(c.workItems.count)" },
        Column("effort") { c, _ in "\(c.effortScore)" },
        Column("kW") { c, _ in c.layoutPower.map { Format.number($0 / 1000) } ?? "-" },
        Column("cost/h", needsPrices: true) { c, _ in c.economics.costPerHour.map { Format.number($0) } ?? "-" },
        Column("cost/M out", [.inference], needsPrices: true) { c, _ in c.economics.costPerMillionOutputTokens.map { Format.number($0) } ?? "-" },
        Column("run cost", [.training], needsPrices: true) { c, _ in c.economics.trainingCost.map { Format.number($0) } ?? "-" },
        Column("verdict") { c, d in verdictText(c, d) },
    ]
}
