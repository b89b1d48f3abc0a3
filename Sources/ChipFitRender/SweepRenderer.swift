import ChipFitPlanner
import ChipFitYAML

/// `chipfit plan --set FIELD=V1,V2,…`: the deployments planned once per value (or pair of
/// values), each variant as if its spec said so.
public struct Sweep: Sendable {
    public struct Variant: Sendable {
        public var overrides: [Override]
        public var plan: Plan
        public init(overrides: [Override], plan: Plan) {
            self.overrides = overrides
            self.plan = plan
        }
    }

    /// The fields set, as written (`workload.concurrency`), and the variants in order.
    public var fields: [String]
    public var variants: [Variant]
    public init(fields: [String], variants: [Variant]) {
        self.fields = fields
        self.variants = variants
    }

    /// Deployment names in plan order, as the first variant plans them.
    var names: [String] { variants.first?.plan.deployments.map(\.name) ?? [] }

    func values(_ v: Variant) -> String { v.overrides.map(\.value).joined(separator: ", ") }
}

/// A sweep as a compact table per deployment (the recommendation at each value, then where each
/// chip stops fitting) or as JSON (`chipfit/sweep/v1`).
public struct SweepRenderer: Sendable {
    public init() {}

    public func table(_ s: Sweep) -> String {
        guard let first = s.variants.first?.plan else { return "" }
        var out = "chipfit plan · sweep of \(s.fields.joined(separator: " and ")) · as of \(first.asOf)\n"
            + ProvenanceText.lists(first.certificationLists).map { "  \($0)\n" }.joined()
            + ProvenanceText.overrides(first.profileOverrides).map { "  \($0)\n" }.joined()
            + (first.prices.map { "  \(ProvenanceText.prices($0))\n" } ?? "")
            + (first.objective == .chips ? "" : "  recommendations minimise \(ProvenanceText.objective(first.objective))\n")
        for name in s.names {
            let plans = s.variants.map { v in (v, v.plan.deployments.first { $0.name == name }) }
            guard let phase = plans.compactMap(\.1).first?.phase else { continue }
            let priced = first.prices != nil
            out += "\n\(name)\n"
            var header = [s.fields.joined(separator: ", "), "recommended", "chips"]
                + (phase == .inference ? ["TTFT", "TPOT", "out tok/s"] : ["days"])
                + (priced ? [phase == .inference ? "cost/M out" : "run cost"] : []) + ["fitting chips"]
            var rows = [header]
            for (v, d) in plans {
                let r = d?.recommended, e = r?.evaluation
                var row = [s.values(v), r?.chip.id ?? "none fits", e.map { String($0.chips) } ?? "-"]
                if phase == .inference {
                    row += [e?.ttftSeconds.map { Format.number($0 * 1000) + " ms" } ?? "-",
                            e?.tpotSeconds.map { Format.number($0 * 1000) + " ms" } ?? "-",
                            e?.throughput.map(Format.number) ?? "-"]
                } else {
                    row += [e?.trainingDays.map(Format.number) ?? "-"]
                }
                if priced {
                    let cost = phase == .inference ? r?.economics.costPerMillionOutputTokens : r?.economics.trainingCost
                    row += [cost.map(Format.number) ?? "-"]
                }
                rows.append(row + [String(d?.candidates.filter(\.fits).count ?? 0)])
            }
            out += Format.table(rows, indent: 2)
            // A value that changes which calibration applies (the serving engine, say) changes
            // the figures through it: say which variant's recommendation rests on one.
            let notes = plans.map { v, d in
                (values: s.values(v), note: d?.recommended.flatMap { r in r.efficiency.calibrationNote.map { "\(r.chip.id) \($0)" } })
            }
            if plans.count > 1, let first = notes.first?.note, notes.allSatisfy({ $0.note == first }) {
                out += "  at every value: \(first)\n"
            } else {
                for n in notes { if let note = n.note { out += "  at \(n.values): \(note)\n" } }
            }
            // Where each chip stops fitting: the chips it needs at each value, ✘ where it does not fit.
            header = ["chip"] + s.variants.map(s.values)
            rows = [header]
            let chips = plans.compactMap(\.1).first?.candidates.map(\.chip.id).sorted() ?? []
            for chip in chips {
                rows.append([chip] + plans.map { _, d in
                    guard let c = d?.candidates.first(where: { $0.chip.id == chip }) else { return "-" }
                    return c.fits ? "✔ \(c.evaluation?.chips ?? 0)" : "✘"
                })
            }
            out += "  fits (✔ chips needed) by \(s.fields.joined(separator: ", ")):\n" + Format.table(rows, indent: 2)
        }
        return out
    }

    public func json(_ s: Sweep) -> String {
        let first = s.variants.first?.plan
        let fields: [JSON] = s.fields.enumerated().map { i, f in
            .object(["field": .string(f), "values": .array(s.variants.map { .string($0.overrides[i].value) }.uniqued())])
        }
        let variants: [JSON] = s.variants.map { v in
            .object([
                "values": .object(JSONObject(Dictionary(v.overrides.map { ($0.path.joined(separator: "."), JSON.string($0.value)) },
                                                        uniquingKeysWith: { a, _ in a }))),
                "deployments": .array(v.plan.deployments.map { d in
                    .object([
                        "name": .string(d.name),
                        "status": .string(d.fits ? "fits" : "no_fit"),
                        "recommended": .optional(d.recommended?.chip.id),
                        "candidates": .array(d.candidates.map { c in
                            .object([
                                "chip": .string(c.chip.id),
                                "fits": .bool(c.fits),
                                "chips": .optional(c.evaluation?.chips),
                                "dies": c.evaluation.map { CandidateFields.dies($0, pools: c.pools) } ?? .null,
                                "performance": c.evaluation.map { CandidateFields.performance($0, c.trainingRate) } ?? .null,
                                "economics": c.evaluation == nil ? .null : CandidateFields.economics(c.economics),
                                "calibration": CandidateFields.calibration(c.efficiency.calibration),
                                "rejections": .array(c.rejections.map { .string($0.code.rawValue) }),
                            ])
                        }),
                    ])
                }),
            ])
        }
        return JSON.object([
            "schema": .string("chipfit/sweep/v1"),
            "as_of": .optional(first?.asOf.description),
            "set": .array(fields),
            "variants": .array(variants),
        ]).rendered()
    }
}

extension Array where Element == JSON {
    /// The elements in order without repeats (a value appears once per variant it is paired in).
    func uniqued() -> [JSON] {
        var seen: [String] = []
        return filter { j in
            let key = j.rendered()
            if seen.contains(key) { return false }
            seen.append(key)
            return true
        }
    }
}
