import ChipFitSpec
import ChipFitPlanner

/// `chipfit plan --format json`: the `chipfit/plan/v1` contract of FORMATS.md, extended with
/// certification evidence, precision details and the assumptions behind every figure.
public struct PlanJSONRenderer: Sendable {
    public init() {}

    /// Renders deployment by deployment: one deployment's JSON tree at a time.
    public func render(_ plan: Plan) -> String { String(decoding: renderBytes(plan), as: UTF8.self) }

    /// The UTF-8 bytes of `render`, without building a `String` (large plans are hundreds of MB).
    public func renderBytes(_ plan: Plan) -> [UInt8] {
        var out: [UInt8] = []
        stream(asOf: plan.asOf, lists: plan.certificationLists, prices: plan.prices, objective: plan.objective,
               overrides: plan.profileOverrides, count: plan.deployments.count, deployment: { plan.deployments[$0] }, sink: { out.append(contentsOf: $0) })
        return out
    }

    /// Writes the plan in chunks as deployments are produced, so a caller can plan and write
    /// one deployment at a time. Same bytes as `render`.
    public func stream(asOf: Day, lists: [CertificationListSummary], prices: PriceList?, objective: Objective,
                       overrides: [ProfileOverride] = [], count: Int,
                       deployment: (Int) throws -> DeploymentPlan, sink: ([UInt8]) throws -> Void) rethrows {
        try stream(asOf: asOf, lists: lists, prices: prices, objective: objective, overrides: overrides, count: count,
                   rendered: { renderedDeployment(try deployment($0), at: $0) }, sink: sink)
    }

    /// Deployment `index` as it appears in the plan's `deployments` array: the separator
    /// before it (a comma after the first) and the object, indented for its place. Written in
    /// one buffer, so a streamed plan hands each deployment on in one piece without copying it.
    public func renderedDeployment(_ d: DeploymentPlan, at index: Int) -> [UInt8] {
        var w = JSONWriter(pretty: true, capacity: 1 << 17)
        if index > 0 { w.raw(",") }
        w.newline(Self.deploymentDepth)
        w.write(Self.json(d), indent: Self.deploymentDepth)
        return w.bytes
    }

    /// `stream` for deployments rendered elsewhere (on other cores, say) by
    /// `renderedDeployment(_:at:)`. Same bytes.
    public func stream(asOf: Day, lists: [CertificationListSummary], prices: PriceList?, objective: Objective,
                       overrides: [ProfileOverride] = [], count: Int,
                       rendered: (Int) throws -> [UInt8], sink: ([UInt8]) throws -> Void) rethrows {
        // The document's members in key order — as_of, certification_lists, deployments,
        // objective, prices, profile_overrides, schema —
        // with the deployments streamed in between, so the whole plan is never held at once.
        var w = JSONWriter(pretty: true, capacity: 1 << 16)
        w.raw("{\n  \"as_of\": ")
        w.string(asOf.description)
        w.raw(",\n  \"certification_lists\": ")
        w.write(.array(lists.map(Self.json)), indent: 1)
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
        w.raw(",\n  \"objective\": ")
        w.string(objective.rawValue)
        w.raw(",\n  \"prices\": ")
        w.write(prices.map(Self.json) ?? .null, indent: 1)
        w.raw(",\n  \"profile_overrides\": ")
        w.write(.array(overrides.map(Self.json)), indent: 1)
        w.raw(",\n  \"schema\": \"chipfit/plan/v1\"\n}\n")
        try sink(w.bytes)
    }

    /// A shipped profile the team's replaced.
    static func json(_ o: ProfileOverride) -> JSON {
        .object(["kind": .string(o.kind), "id": .string(o.id), "file": .string(o.file), "replaced": .string(o.replaced)])
    }

    /// The price list costs come from, with its provenance, as certification lists are named.
    static func json(_ p: PriceList) -> JSON {
        .object([
            "id": .string(p.id),
            "currency": .string(p.currency),
            "as_of": .string(p.asOf.description),
            "provenance": .string(p.provenance.rawValue),
            "source": .string(p.source),
            "electricity_price_per_kwh": p.electricity.map { .number($0.pricePerKWh) } ?? .null,
            "pue": p.electricity.map { .number($0.pue) } ?? .null,
        ])
    }

    static func json(_ l: CertificationListSummary) -> JSON {
        .object([
            "id": .string(l.id),
            "announcement": .string(l.announcement),
            "published": .string(l.published.description),
            "provenance": .string(l.provenance.rawValue),
            "source": .string(l.source),
        ])
    }

    /// The depth of a deployment's object in the plan: the document, then its `deployments`.
    static let deploymentDepth = 2

    /// A deployment's object in the plan's `deployments`; its candidates are `CandidateFields`.
    static func json(_ d: DeploymentPlan) -> JSON {
        .object([
            "name": .string(d.name),
            "spec": .string(d.spec),
            "phase": .string(d.phase.rawValue),
            "model": .object([
                "parameters": .number(d.model.parameters.rounded()),
                "active_parameters": .number(d.model.activeParameters.rounded()),
            ]),
            "certification_policy": .string(d.policy.rawValue),
            "status": .string(d.fits ? "fits" : "no_fit"),
            "recommended": .optional(d.recommended?.chip.id),
            "candidates": CandidateFields.json(d.candidates, atDepth: deploymentDepth + 1),
        ])
    }
}
