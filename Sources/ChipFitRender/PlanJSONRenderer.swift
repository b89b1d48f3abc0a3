import ChipFitCore

/// `chipfit plan --format json`: the `chipfit/plan/v1` contract of FORMATS.md, extended with
/// certification evidence, precision details and the assumptions behind every figure.
public struct PlanJSONRenderer: Sendable {
    public init() {}

    /// Renders deployment by deployment, so a large plan never holds its whole JSON tree;
    /// the bytes are the same as `json(plan).rendered()`.
    public func render(_ plan: Plan) -> String { String(decoding: renderBytes(plan), as: UTF8.self) }

    /// The UTF-8 bytes of `render`, without building a `String` (large plans are hundreds of MB).
    public func renderBytes(_ plan: Plan) -> [UInt8] {
        var out: [UInt8] = []
        stream(asOf: plan.asOf, lists: plan.certificationLists, count: plan.deployments.count,
               deployment: { plan.deployments[$0] }, sink: { out.append(contentsOf: $0) })
        return out
    }

    /// Writes the plan in chunks as deployments are produced, so a caller can plan and write
    /// one deployment at a time. Same bytes as `json(plan).rendered()`.
    public func stream(asOf: Day, lists: [CertificationListSummary], count: Int,
                       deployment: (Int) throws -> DeploymentPlan, sink: ([UInt8]) throws -> Void) rethrows {
        try stream(asOf: asOf, lists: lists, count: count, rendered: { renderedDeployment(try deployment($0)) }, sink: sink)
    }

    /// One deployment as it appears in the plan's `deployments` array, indented for its place.
    public func renderedDeployment(_ d: DeploymentPlan) -> [UInt8] {
        var w = JSONWriter(pretty: true, capacity: 1 << 16)
        w.write(deployment(d), indent: 2)
        return w.bytes
    }

    /// `stream` for deployments rendered elsewhere (on other cores, say) by
    /// `renderedDeployment`. Same bytes.
    public func stream(asOf: Day, lists: [CertificationListSummary], count: Int,
                       rendered: (Int) throws -> [UInt8], sink: ([UInt8]) throws -> Void) rethrows {
        var w = JSONWriter(pretty: true, capacity: 1 << 16)
        // Keys in sorted order: as_of, certification_lists, deployments, schema.
        w.bytes.append(contentsOf: "{\n  \"as_of\": ".utf8)
        w.string(asOf.description)
        w.bytes.append(contentsOf: ",\n  \"certification_lists\": ".utf8)
        w.write(listsJSON(lists), indent: 1)
        w.bytes.append(contentsOf: ",\n  \"deployments\": ".utf8)
        if count == 0 {
            w.bytes.append(contentsOf: "[]".utf8)
        } else {
            w.bytes.append(contentsOf: "[".utf8)
            for i in 0..<count {
                w.bytes.append(contentsOf: (i == 0 ? "\n    " : ",\n    ").utf8)
                w.bytes.append(contentsOf: try rendered(i))
                try sink(w.bytes)
                w.bytes.removeAll(keepingCapacity: true)
            }
            w.bytes.append(contentsOf: "\n  ]".utf8)
        }
        w.bytes.append(contentsOf: ",\n  \"schema\": \"chipfit/plan/v1\"\n}\n".utf8)
        try sink(w.bytes)
    }

    public func json(_ plan: Plan) -> JSON {
        .object([
            "schema": .string("chipfit/plan/v1"),
            "as_of": .string(plan.asOf.description),
            "certification_lists": lists(plan),
            "deployments": .array(plan.deployments.map(deployment)),
        ])
    }

    func lists(_ plan: Plan) -> JSON { listsJSON(plan.certificationLists) }

    func listsJSON(_ lists: [CertificationListSummary]) -> JSON {
        .array(lists.map {
            .object(["id": .string($0.id), "provenance": .string($0.provenance.rawValue),
                     "announcement": .string($0.announcement), "published": .string($0.published.description),
                     "source": .string($0.source)])
        })
    }

    func deployment(_ d: DeploymentPlan) -> JSON {
        .object([
            "name": .string(d.name),
            "spec": .string(d.spec),
            "phase": .string(d.phase.rawValue),
            "certification_policy": .string(d.policy.rawValue),
            "status": .string(d.fits ? "fits" : "no_fit"),
            "recommended": .optional(d.recommended?.chip.id),
            "model": .object([
                "parameters": .int(Int(d.model.parameters.rounded())),
                "active_parameters": .int(Int(d.model.activeParameters.rounded())),
            ]),
            "candidates": .array(d.candidates.map(candidate)),
        ])
    }

    static func round(_ x: Double?, _ places: Double) -> JSON {
        guard let x, x.isFinite else { return .null }
        let scale = places
        return .number((x * scale).rounded() / scale)
    }

    func candidate(_ c: Candidate) -> JSON {
        let e = c.evaluation
        var out: JSONObject = [
            "chip": .string(c.chip.id),
            "vendor": .string(c.chip.vendor),
            "name": .string(c.chip.name),
            "certified": .bool(c.certification.isCertified),
            "certification": .object([
                "state": .string(c.certification.state.rawValue),
                "category": .string(c.certification.category.rawValue),
                "mapping_assumed": .bool(c.certification.mappingAssumed),
                "evidence": .array(c.certification.evidence.map {
                    .object(["list": .string($0.list), "provenance": .string($0.provenance.rawValue),
                             "product": .optional($0.product), "mapping": .string($0.mapping.rawValue),
                             "category": .string($0.category.rawValue),
                             "valid_from": .string($0.validFrom.description), "valid_until": .string($0.validUntil.description)])
                }),
            ]),
            "fits": .bool(c.fits),
            "rejections": .array(c.rejections.map { .object(["code": .string($0.code.rawValue), "message": .string($0.message)]) }),
            "chips": .optional(e?.layout.chips),
            "parallelism": e.map { l in .object(["tensor": .int(l.layout.tensor), "pipeline": .int(l.layout.pipeline),
                                                 "data": .int(l.layout.data), "expert": .int(l.layout.expert)]) } ?? .null,
            "precision": .optional(c.precision?.weights.rawValue),
            "precision_detail": c.precision.map { p in .object([
                "requested": .string(p.requested.rawValue), "weights": .string(p.weights.rawValue),
                "compute": .string(p.compute.rawValue), "kv_cache": .string(p.kvCache.rawValue),
                "fallback": .optional(p.fallback), "note": .optional(p.computeNote)]) } ?? .null,
            "toolchain_changes": .array(c.changes.map {
                .object(["component": .string($0.component), "action": .string($0.action), "with": .optional($0.replacement),
                         "effort": .string($0.effort.rawValue), "blocking": .bool($0.blocking), "note": .optional($0.note),
                         "source": .optional($0.source)])
            }),
            "migration_effort_score": .int(c.effortScore),
            "assumptions": .object([
                "compute_efficiency": .number(c.efficiency.compute),
                "compute_efficiency_from": .string(c.efficiency.computeOrigin.rawValue),
                "memory_efficiency": .number(c.efficiency.memory),
                "memory_efficiency_from": .string(c.efficiency.memoryOrigin.rawValue),
                "interconnect_efficiency": .number(c.efficiency.interconnect),
                "interconnect_efficiency_from": .string(c.efficiency.interconnectOrigin.rawValue),
                "memory_reserve_fraction": .number(Assumptions.memoryReserveFraction),
                "collective_step_latency_s": .number(Assumptions.collectiveStepLatency),
                "chip_figures_uncertain": .array(c.chip.uncertain.map(JSON.string)),
                "compute_basis": .string(c.chip.computeBasis.rawValue),
                "scale_out_bandwidth_assumed": .bool(c.chip.scaleOutBandwidth == nil),
                "interconnect_bidirectional": .bool(c.chip.interconnectBidirectional),
            ]),
        ]
        if let m = e?.memory {
            func bytes(_ x: Double?) -> JSON { x.map { .int(Int($0.rounded())) } ?? .null }
            out["memory_per_chip_bytes"] = .object([
                "weights": bytes(m.weights), "kv_cache": bytes(m.kvCache), "activations": bytes(m.activations),
                "gradients": bytes(m.gradients), "optimizer": bytes(m.optimizer), "overhead": bytes(m.overhead),
                "total": bytes(m.total), "capacity": bytes(m.capacity),
            ])
            out["performance"] = .object([
                "ttft_ms": Self.round(e?.ttftSeconds.map { $0 * 1000 }, 100),
                "tpot_ms": Self.round(e?.tpotSeconds.map { $0 * 1000 }, 100),
                "throughput_tokens_per_s": Self.round(e?.throughput, 10),
                "training_days": Self.round(e?.trainingDays, 100),
            ])
        } else {
            out["memory_per_chip_bytes"] = .null
            out["performance"] = .null
        }
        return .object(out)
    }
}
