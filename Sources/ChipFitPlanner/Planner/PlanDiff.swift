#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Compares two `chipfit/plan/v1` JSON documents, e.g. before and after a certification
/// announcement or a profile update, and lists what changed per deployment.
public enum PlanDiff {
    public struct Change: Sendable, Hashable {
        public enum Kind: String, Sendable {
            case added, removed, status, recommended, chips, layout, precision, calibration, throughput, ttft, tpot, effort, cost, energy, certification, fit
            case trainingDays = "training_days"
            case asOf = "as_of", lists
            case overrides = "profile_overrides"
            case chipAdded = "chip_added", chipRemoved = "chip_removed"
        }
        public var deployment: String
        public var kind: Kind
        public var subject: String?
        public var before: String
        public var after: String
    }

    public struct InputError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    struct Snapshot: Decodable {
        struct List: Decodable { var id: String; var provenance: String }
        struct Override: Decodable { var kind: String; var id: String; var file: String }
        struct Deployment: Decodable {
            var name: String
            var status: String
            var recommended: String?
            var candidates: [Candidate]
        }
        struct Candidate: Decodable {
            var chip: String
            var certified: Bool
            var fits: Bool
            var chips: Int?
            var migration_effort_score: Int?
            /// Absent from plans written before costs were planned: then nothing is compared.
            var economics: Economics?
            /// Absent from plans written before layouts, dies or pools were shown: then nothing is compared.
            var parallelism: Parallelism?
            var dies: Int?
            var pools: [Pool]?
            var performance: Performance?
            var assumptions: Assumptions?
            /// Absent from plans written before precision was detailed: then nothing is compared.
            var precision_detail: Precision?

            /// "TP 4 × PP 1 × DP 2, EP 8 on 8 dies", or each pool's for a disaggregated deployment.
            var layout: String? {
                if let pools, !pools.isEmpty {
                    return pools.map { "\($0.role) \($0.parallelism.text(dies: $0.dies))" }.joined(separator: "; ")
                }
                return parallelism?.text(dies: dies)
            }
        }
        struct Parallelism: Decodable {
            var tensor: Int, pipeline: Int, data: Int, expert: Int
            func text(dies: Int?) -> String {
                "TP \(tensor) × PP \(pipeline) × DP \(data)" + (expert > 1 ? ", EP \(expert)" : "") + (dies.map { " on \($0) dies" } ?? "")
            }
        }
        struct Precision: Decodable {
            var weights: String
            var compute: String
            /// Absent from plans written before a stack could run W8A8 at a 16-bit rate: then the
            /// arithmetic ran at its own rate.
            var rate: String?
            var kv_cache: String

            /// "weights int8, arithmetic int8 at the bf16 rate, KV cache bf16", as explain words it.
            var text: String {
                "weights \(weights), arithmetic \(compute)" + (rate.map { $0 == compute ? "" : " at the \($0) rate" } ?? "") + ", KV cache \(kv_cache)"
            }
        }
        struct Pool: Decodable {
            var role: String
            var dies: Int?
            var parallelism: Parallelism
        }
        struct Assumptions: Decodable {
            struct Calibration: Decodable {
                var file: String
                var measurements: Int
                var provenance: String
                var engine: String?
            }
            var calibration: Calibration?
            var compute_efficiency: Double?, compute_efficiency_from: String?
            var memory_efficiency: Double?, memory_efficiency_from: String?
            var interconnect_efficiency: Double?, interconnect_efficiency_from: String?
            var expert_compute_efficiency: Double?, expert_compute_efficiency_from: String?

            /// The calibration the figures rest on and the factors it gives, without its file's
            /// path, which depends on where chipfit ran: a changed calibration moves the figures.
            var calibrationText: String {
                guard let c = calibration else { return "none" }
                let factors = [("compute", compute_efficiency, compute_efficiency_from), ("memory", memory_efficiency, memory_efficiency_from),
                               ("interconnect", interconnect_efficiency, interconnect_efficiency_from),
                               ("experts", expert_compute_efficiency, expert_compute_efficiency_from)]
                    .compactMap { name, value, from in from == "calibrated" ? value.map { "\(name) \(PlanDiff.number($0))" } : nil }
                return "\(c.measurements) \(c.provenance) measurements" + (c.engine.map { " of \($0)" } ?? "")
                    + (factors.isEmpty ? "" : ": " + factors.joined(separator: ", "))
            }
        }
        struct Performance: Decodable {
            var throughput_tokens_per_s: Double?
            var ttft_ms: Double?
            var tpot_ms: Double?
            var training_days: Double?
        }
        struct Economics: Decodable {
            var currency: String?
            var cost_per_million_output_tokens: Double?
            var training_cost: Double?
            var energy_kwh_per_million_output_tokens: Double?
            var training_energy_kwh: Double?

            /// Cost per million output tokens or of the run, with its currency; nil when unknown.
            var cost: String? {
                (cost_per_million_output_tokens ?? training_cost).map { "\(PlanDiff.number($0)) \(currency ?? "")" + (training_cost == nil ? " per million output tokens" : " for the run") }
            }
            var energy: String? {
                (energy_kwh_per_million_output_tokens ?? training_energy_kwh).map { "\(PlanDiff.number($0)) kWh" + (training_energy_kwh == nil ? " per million output tokens" : " for the run") }
            }
        }
        var schema: String
        var as_of: String
        var certification_lists: [List]
        var deployments: [Deployment]
        /// Absent from plans written before team profiles could replace shipped ones.
        var profile_overrides: [Override]?
    }

    /// A figure as the plan wrote it: whole numbers without a fraction.
    static func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }

    static func decode(_ bytes: [UInt8], name: String) throws -> Snapshot {
        let snapshot: Snapshot
        do {
            snapshot = try JSONDecoder().decode(Snapshot.self, from: Data(bytes))
        } catch {
            throw InputError(description: "\(name) is not a chipfit plan (JSON from `chipfit plan --format json`)")
        }
        guard snapshot.schema == "chipfit/plan/v1" else {
            throw InputError(description: "\(name) has schema `\(snapshot.schema)`; expected `chipfit/plan/v1`")
        }
        return snapshot
    }

    public static func compare(old: [UInt8], new: [UInt8], oldName: String = "OLD", newName: String = "NEW") throws -> [Change] {
        let a = try decode(old, name: oldName), b = try decode(new, name: newName)
        var changes: [Change] = []
        if a.as_of != b.as_of { changes.append(Change(deployment: "*", kind: .asOf, before: a.as_of, after: b.as_of)) }
        let la = a.certification_lists.map { "\($0.id) (\($0.provenance))" }.sorted().joined(separator: ", ")
        let lb = b.certification_lists.map { "\($0.id) (\($0.provenance))" }.sorted().joined(separator: ", ")
        if la != lb { changes.append(Change(deployment: "*", kind: .lists, before: la, after: lb)) }
        // A team profile that replaces a shipped one changes what every figure rests on, even
        // when no figure moves.
        func overrides(_ s: Snapshot) -> String {
            let text = (s.profile_overrides ?? []).map { "\($0.kind) \($0.id) (\($0.file))" }.sorted().joined(separator: ", ")
            return text.isEmpty ? "none" : text
        }
        if overrides(a) != overrides(b) { changes.append(Change(deployment: "*", kind: .overrides, before: overrides(a), after: overrides(b))) }

        let before = Dictionary(a.deployments.map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
        let after = Dictionary(b.deployments.map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
        for name in Set(before.keys).union(after.keys).sorted() {
            guard let x = before[name] else {
                changes.append(Change(deployment: name, kind: .added, before: "-", after: after[name]!.status)); continue
            }
            guard let y = after[name] else {
                changes.append(Change(deployment: name, kind: .removed, before: x.status, after: "-")); continue
            }
            if x.status != y.status { changes.append(Change(deployment: name, kind: .status, before: x.status, after: y.status)) }
            if x.recommended != y.recommended {
                changes.append(Change(deployment: name, kind: .recommended, before: x.recommended ?? "none", after: y.recommended ?? "none"))
            } else if let chip = x.recommended,
                      let cx = x.candidates.first(where: { $0.chip == chip }), let cy = y.candidates.first(where: { $0.chip == chip }) {
                if cx.chips != cy.chips {
                    changes.append(Change(deployment: name, kind: .chips, subject: chip,
                                          before: cx.chips.map(String.init) ?? "-", after: cy.chips.map(String.init) ?? "-"))
                }
                if let lx = cx.layout, let ly = cy.layout, lx != ly {
                    changes.append(Change(deployment: name, kind: .layout, subject: chip, before: lx, after: ly))
                }
                if let px = cx.precision_detail?.text, let py = cy.precision_detail?.text, px != py {
                    changes.append(Change(deployment: name, kind: .precision, subject: chip, before: px, after: py))
                }
                if let ax = cx.assumptions, let ay = cy.assumptions, ax.calibrationText != ay.calibrationText {
                    changes.append(Change(deployment: name, kind: .calibration, subject: chip, before: ax.calibrationText, after: ay.calibrationText))
                }
                // What the recommendation does: a model or profile update moves these even when
                // the chip and its count stay.
                if let px = cx.performance, let py = cy.performance {
                    let figures: [(Change.Kind, Double?, Double?, String)] = [
                        (.throughput, px.throughput_tokens_per_s, py.throughput_tokens_per_s, " output tokens/s"),
                        (.ttft, px.ttft_ms, py.ttft_ms, " ms"),
                        (.tpot, px.tpot_ms, py.tpot_ms, " ms"),
                        (.trainingDays, px.training_days, py.training_days, " days"),
                    ]
                    for (kind, x, y, unit) in figures where x != y {
                        changes.append(Change(deployment: name, kind: kind, subject: chip,
                                              before: x.map { Self.number($0) + unit } ?? "-", after: y.map { Self.number($0) + unit } ?? "-"))
                    }
                }
                if cx.migration_effort_score != cy.migration_effort_score {
                    changes.append(Change(deployment: name, kind: .effort, subject: chip,
                                          before: cx.migration_effort_score.map(String.init) ?? "-",
                                          after: cy.migration_effort_score.map(String.init) ?? "-"))
                }
                if let ex = cx.economics, let ey = cy.economics {
                    if ex.cost != ey.cost {
                        changes.append(Change(deployment: name, kind: .cost, subject: chip, before: ex.cost ?? "unknown", after: ey.cost ?? "unknown"))
                    }
                    if ex.energy != ey.energy {
                        changes.append(Change(deployment: name, kind: .energy, subject: chip, before: ex.energy ?? "unknown", after: ey.energy ?? "unknown"))
                    }
                }
            }
            let cb = Dictionary(x.candidates.map { ($0.chip, $0) }, uniquingKeysWith: { p, _ in p })
            let ca = Dictionary(y.candidates.map { ($0.chip, $0) }, uniquingKeysWith: { p, _ in p })
            // Chips that appeared or left the catalogue (a profile added or removed).
            for chip in Set(ca.keys).subtracting(cb.keys).sorted() {
                changes.append(Change(deployment: name, kind: .chipAdded, subject: chip, before: "-",
                                      after: ca[chip]!.fits ? "fits" : "rejected"))
            }
            for chip in Set(cb.keys).subtracting(ca.keys).sorted() {
                changes.append(Change(deployment: name, kind: .chipRemoved, subject: chip,
                                      before: cb[chip]!.fits ? "fits" : "rejected", after: "-"))
            }
            for chip in Set(cb.keys).intersection(ca.keys).sorted() {
                let p = cb[chip]!, q = ca[chip]!
                if p.certified != q.certified {
                    changes.append(Change(deployment: name, kind: .certification, subject: chip,
                                          before: p.certified ? "certified" : "not certified", after: q.certified ? "certified" : "not certified"))
                }
                if p.fits != q.fits {
                    changes.append(Change(deployment: name, kind: .fit, subject: chip,
                                          before: p.fits ? "fits" : "rejected", after: q.fits ? "fits" : "rejected"))
                }
            }
        }
        return changes
    }
}
