import ChipFitSpec
import ChipFitPlanner

/// `chipfit plan --format json`: the `chipfit/plan/v1` contract of FORMATS.md, extended with
/// certification evidence, precision details and the assumptions behind every figure.
public struct PlanJSONRenderer: Sendable {
    public init() {}

    /// Renders deployment by deployment, streamed: no JSON tree is built.
    public func render(_ plan: Plan) -> String { String(decoding: renderBytes(plan), as: UTF8.self) }

    /// The UTF-8 bytes of `render`, without building a `String` (large plans are hundreds of MB).
    public func renderBytes(_ plan: Plan) -> [UInt8] {
        var out: [UInt8] = []
        stream(asOf: plan.asOf, lists: plan.certificationLists, count: plan.deployments.count,
               deployment: { plan.deployments[$0] }, sink: { out.append(contentsOf: $0) })
        return out
    }

    /// Writes the plan in chunks as deployments are produced, so a caller can plan and write
    /// one deployment at a time. Same bytes as `render`.
    public func stream(asOf: Day, lists: [CertificationListSummary], count: Int,
                       deployment: (Int) throws -> DeploymentPlan, sink: ([UInt8]) throws -> Void) rethrows {
        try stream(asOf: asOf, lists: lists, count: count, rendered: { renderedDeployment(try deployment($0), at: $0) },
                   sink: sink)
    }

    /// Deployment `index` as it appears in the plan's `deployments` array: the separator
    /// before it (a comma after the first) and the object, indented for its place. Written in
    /// one buffer, so a streamed plan hands each deployment on in one piece without copying it.
    public func renderedDeployment(_ d: DeploymentPlan, at index: Int) -> [UInt8] {
        var w = JSONWriter(pretty: true, capacity: 1 << 17)
        if index == 0 { w.raw("\n    ") } else { w.raw(",\n    ") }
        write(d, indent: 2, to: &w)
        return w.bytes
    }

    /// `stream` for deployments rendered elsewhere (on other cores, say) by
    /// `renderedDeployment(_:at:)`. Same bytes.
    public func stream(asOf: Day, lists: [CertificationListSummary], count: Int,
                       rendered: (Int) throws -> [UInt8], sink: ([UInt8]) throws -> Void) rethrows {
        var w = JSONWriter(pretty: true, capacity: 1 << 16)
        // Keys in sorted order: as_of, certification_lists, deployments, schema.
        w.raw("{\n  \"as_of\": ")
        w.string(asOf.description)
        w.raw(",\n  \"certification_lists\": ")
        write(lists, indent: 1, to: &w)
        w.raw(",\n  \"deployments\": ")
        if count == 0 {
            w.raw("[]")
        } else {
            w.raw("[")
            try sink(w.bytes)
            w.removeAll()
            for i in 0..<count { try sink(try rendered(i)) }
            w.raw("\n  ]")
        }
        w.raw(",\n  \"schema\": \"chipfit/plan/v1\"\n}\n")
        try sink(w.bytes)
    }

    // The writers below stream each object's members in ascending key order, the order a
    // `JSONObject` would sort them into (debug builds check it); no JSON tree is built.

    private func write(_ lists: [CertificationListSummary], indent: Int, to w: inout JSONWriter) {
        w.beginArray()
        for l in lists {
            w.element(indent: indent)
            let i = indent + 1
            w.beginObject()
            w.key("announcement", indent: i); w.string(l.announcement)
            w.key("id", indent: i); w.string(l.id)
            w.key("provenance", indent: i); w.string(l.provenance.rawValue)
            w.key("published", indent: i); w.string(l.published.description)
            w.key("source", indent: i); w.string(l.source)
            w.endObject(indent: i)
        }
        w.endArray(indent: indent)
    }

    private func write(_ d: DeploymentPlan, indent: Int, to w: inout JSONWriter) {
        let i = indent
        w.beginObject()
        w.key("candidates", indent: i)
        w.beginArray()
        for c in d.candidates {
            w.element(indent: i + 1)
            write(c, indent: i + 2, to: &w)
        }
        w.endArray(indent: i + 1)
        w.key("certification_policy", indent: i); w.string(d.policy.rawValue)
        w.key("model", indent: i)
        w.beginObject()
        w.key("active_parameters", indent: i + 1); w.number(d.model.activeParameters.rounded())
        w.key("parameters", indent: i + 1); w.number(d.model.parameters.rounded())
        w.endObject(indent: i + 1)
        w.key("name", indent: i); w.string(d.name)
        w.key("phase", indent: i); w.string(d.phase.rawValue)
        w.key("recommended", indent: i); w.optional(d.recommended?.chip.id)
        w.key("spec", indent: i); w.string(d.spec)
        w.key("status", indent: i); w.string(d.fits ? "fits" : "no_fit")
        w.endObject(indent: i)
    }

    /// `x` rounded to `1/scale` (100 → two decimals); null when absent or not finite.
    private static func rounded(_ x: Double?, _ scale: Double, to w: inout JSONWriter) {
        guard let x, x.isFinite else { return w.null() }
        w.number((x * scale).rounded() / scale)
    }

    private func write(_ c: Candidate, indent i: Int, to w: inout JSONWriter) {
        let e = c.evaluation
        let j = i + 1 // members of nested objects
        w.beginObject()

        w.key("assumptions", indent: i)
        w.beginObject()
        w.key("chip_figures_uncertain", indent: j)
        w.beginArray()
        for u in c.chip.uncertain {
            w.element(indent: j + 1)
            w.string(u)
        }
        w.endArray(indent: j + 1)
        w.key("collective_step_latency_s", indent: j); w.number(Assumptions.collectiveStepLatency)
        w.key("compute_basis", indent: j); w.string(c.chip.computeBasis.rawValue)
        w.key("compute_efficiency", indent: j); w.number(c.efficiency.compute)
        w.key("compute_efficiency_from", indent: j); w.string(c.efficiency.computeOrigin.rawValue)
        w.key("interconnect_bidirectional", indent: j); w.bool(c.chip.interconnectBidirectional)
        w.key("interconnect_efficiency", indent: j); w.number(c.efficiency.interconnect)
        w.key("interconnect_efficiency_from", indent: j); w.string(c.efficiency.interconnectOrigin.rawValue)
        w.key("memory_efficiency", indent: j); w.number(c.efficiency.memory)
        w.key("memory_efficiency_from", indent: j); w.string(c.efficiency.memoryOrigin.rawValue)
        w.key("memory_reserve_fraction", indent: j); w.number(Assumptions.memoryReserveFraction)
        w.key("scale_out_bandwidth_assumed", indent: j); w.bool(c.chip.scaleOutBandwidth == nil)
        w.endObject(indent: j)

        w.key("certification", indent: i)
        w.beginObject()
        w.key("category", indent: j); w.string(c.certification.category.rawValue)
        w.key("evidence", indent: j)
        w.beginArray()
        for ev in c.certification.evidence {
            w.element(indent: j + 1)
            let k = j + 2
            w.beginObject()
            w.key("category", indent: k); w.string(ev.category.rawValue)
            w.key("list", indent: k); w.string(ev.list)
            w.key("mapping", indent: k); w.string(ev.mapping.rawValue)
            w.key("product", indent: k); w.optional(ev.product)
            w.key("provenance", indent: k); w.string(ev.provenance.rawValue)
            w.key("valid_from", indent: k); w.string(ev.validFrom.description)
            w.key("valid_until", indent: k); w.string(ev.validUntil.description)
            w.endObject(indent: k)
        }
        w.endArray(indent: j + 1)
        w.key("mapping_assumed", indent: j); w.bool(c.certification.mappingAssumed)
        w.key("state", indent: j); w.string(c.certification.state.rawValue)
        w.endObject(indent: j)

        w.key("certified", indent: i); w.bool(c.certification.isCertified)
        w.key("chip", indent: i); w.string(c.chip.id)
        w.key("chips", indent: i); w.optional(e?.layout.chips)
        w.key("fits", indent: i); w.bool(c.fits)

        w.key("memory_per_chip_bytes", indent: i)
        if let m = e?.memory {
            func bytes(_ name: StaticString, _ x: Double?) {
                w.key(name, indent: j)
                if let x { w.number(x.rounded()) } else { w.null() } // a number: products of bounded inputs may pass Int.max
            }
            w.beginObject()
            bytes("activations", m.activations)
            bytes("capacity", m.capacity)
            bytes("gradients", m.gradients)
            bytes("kv_cache", m.kvCache)
            bytes("optimizer", m.optimizer)
            bytes("overhead", m.overhead)
            bytes("total", m.total)
            bytes("weights", m.weights)
            w.endObject(indent: j)
        } else {
            w.null()
        }

        w.key("migration_effort_score", indent: i); w.int(c.effortScore)
        w.key("name", indent: i); w.string(c.chip.name)

        w.key("parallelism", indent: i)
        if let l = e?.layout {
            w.beginObject()
            w.key("data", indent: j); w.int(l.data)
            w.key("expert", indent: j); w.int(l.expert)
            w.key("pipeline", indent: j); w.int(l.pipeline)
            w.key("tensor", indent: j); w.int(l.tensor)
            w.endObject(indent: j)
        } else {
            w.null()
        }

        w.key("performance", indent: i)
        if let e {
            w.beginObject()
            w.key("throughput_tokens_per_s", indent: j); Self.rounded(e.throughput, 10, to: &w)
            w.key("tpot_ms", indent: j); Self.rounded(e.tpotSeconds.map { $0 * 1000 }, 100, to: &w)
            w.key("training_days", indent: j); Self.rounded(e.trainingDays, 100, to: &w)
            w.key("ttft_ms", indent: j); Self.rounded(e.ttftSeconds.map { $0 * 1000 }, 100, to: &w)
            w.endObject(indent: j)
        } else {
            w.null()
        }

        w.key("precision", indent: i); w.optional(c.precision?.weights.rawValue)
        w.key("precision_detail", indent: i)
        if let p = c.precision {
            w.beginObject()
            w.key("compute", indent: j); w.string(p.compute.rawValue)
            w.key("fallback", indent: j); w.optional(p.fallback)
            w.key("kv_cache", indent: j); w.string(p.kvCache.rawValue)
            w.key("note", indent: j); w.optional(p.computeNote)
            w.key("requested", indent: j); w.string(p.requested.rawValue)
            w.key("weights", indent: j); w.string(p.weights.rawValue)
            w.endObject(indent: j)
        } else {
            w.null()
        }

        w.key("rejections", indent: i)
        write(c.rejections, indent: j, to: &w)

        w.key("toolchain_changes", indent: i)
        w.beginArray()
        for change in c.changes {
            w.element(indent: j)
            let k = j + 1
            w.beginObject()
            w.key("action", indent: k); w.string(change.action)
            w.key("blocking", indent: k); w.bool(change.blocking)
            w.key("component", indent: k); w.string(change.component)
            w.key("effort", indent: k); w.string(change.effort.rawValue)
            w.key("needs_work", indent: k); w.bool(change.needsWork)
            w.key("note", indent: k); w.optional(change.note)
            w.key("source", indent: k); w.optional(change.source)
            w.key("with", indent: k); w.optional(change.replacement)
            w.endObject(indent: k)
        }
        w.endArray(indent: j)

        w.key("vendor", indent: i); w.string(c.chip.vendor)
        w.key("warnings", indent: i)
        write(c.warnings, indent: j, to: &w)
        w.endObject(indent: i)
    }

    /// Rejections or warnings: an array of `{code, message}`.
    private func write(_ reasons: [Rejection], indent j: Int, to w: inout JSONWriter) {
        w.beginArray()
        for r in reasons {
            w.element(indent: j)
            w.beginObject()
            w.key("code", indent: j + 1); w.string(r.code.rawValue)
            w.key("message", indent: j + 1); w.string(r.message)
            w.endObject(indent: j + 1)
        }
        w.endArray(indent: j)
    }
}
