import ChipFitSpec
import ChipFitPlanner
import Testing

@Suite struct PlanDiffs {
    private func plan(_ candidates: String, recommended: String = "\"a\"") -> [UInt8] {
        Array("""
            {"schema": "chipfit/plan/v1", "as_of": "2026-11-29", "certification_lists": [],
             "deployments": [{"name": "d", "status": "fits", "recommended": \(recommended), "candidates": [\(candidates)]}]}
            """.utf8)
    }
    private let a = #"{"chip": "a", "certified": true, "fits": true, "chips": 2, "migration_effort_score": 3}"#
    private let b = #"{"chip": "b", "certified": false, "fits": true, "chips": 1, "migration_effort_score": 0}"#

    @Test func chipsAddedOrRemovedFromTheCatalogueAreChanges() throws {
        let before = plan(a + "," + b), after = plan(a)
        let changes = try PlanDiff.compare(old: before, new: after)
        #expect(changes.map(\.kind) == [.chipRemoved])
        #expect(changes.first?.subject == "b")
        #expect(try PlanDiff.compare(old: after, new: before).map(\.kind) == [.chipAdded])
    }

    /// A team profile replacing a shipped one is a change, though no figure moves; a plan
    /// written before overrides existed reads as having none.
    @Test func profileOverridesAreChanges() throws {
        var overridden = String(decoding: plan(a), as: UTF8.self)
        overridden.insert(contentsOf: #""profile_overrides": [{"kind": "Chip", "id": "a", "file": "team/a.yaml", "replaced": "(built in)/profiles/chips/a.yaml"}], "#,
                          at: overridden.index(after: overridden.firstIndex(of: "{")!))
        let changes = try PlanDiff.compare(old: plan(a), new: Array(overridden.utf8))
        #expect(changes.map(\.kind) == [.overrides])
        #expect(changes.first?.before == "none" && changes.first?.after == "Chip a (team/a.yaml)")
        #expect(try PlanDiff.compare(old: Array(overridden.utf8), new: Array(overridden.utf8)).isEmpty)
    }

    @Test func recommendationCountAndEffortChanges() throws {
        let fewer = plan(#"{"chip": "a", "certified": true, "fits": true, "chips": 4, "migration_effort_score": 5}"#)
        let kinds = try PlanDiff.compare(old: plan(a), new: fewer).map(\.kind)
        #expect(kinds == [.chips, .effort])
        #expect(try PlanDiff.compare(old: plan(a), new: plan(a)).isEmpty)
        #expect(throws: PlanDiff.InputError.self) { try PlanDiff.compare(old: Array("{}".utf8), new: plan(a)) }
    }

    /// The recommended chip's cost and energy, when both plans have them; a plan written before
    /// costs were planned compares nothing for them.
    @Test func costAndEnergyChanges() throws {
        func priced(_ cost: Double, _ energy: Double) -> String {
            #"{"chip": "a", "certified": true, "fits": true, "chips": 2, "migration_effort_score": 3, "economics": {"currency": "CNY", "cost_per_million_output_tokens": "# + "\(cost)" + #", "energy_kwh_per_million_output_tokens": "# + "\(energy)" + "}}"
        }
        let changes = try PlanDiff.compare(old: plan(priced(2, 0.5)), new: plan(priced(2.5, 0.5)))
        #expect(changes.map(\.kind) == [.cost])
        #expect(changes.first?.before == "2 CNY per million output tokens" && changes.first?.after == "2.5 CNY per million output tokens")
        #expect(try PlanDiff.compare(old: plan(priced(2, 0.5)), new: plan(priced(2, 0.7))).map(\.kind) == [.energy])
        #expect(try PlanDiff.compare(old: plan(a), new: plan(priced(2, 0.5))).isEmpty)
        // A whole figure beyond Int's range (a hand-edited plan) prints instead of trapping.
        #expect(try PlanDiff.compare(old: plan(priced(2, 0.5)), new: plan(priced(1e300, 0.5))).first?.after == "1e+300 CNY per million output tokens")
    }

    /// A model or profile update that keeps the chip and its count but moves the layout or what
    /// the deployment does is a change; a plan without those members compares nothing for them.
    @Test func layoutAndPerformanceChanges() throws {
        func served(tensor: Int, dies: String = "null", throughput: Double, tpot: Double) -> String {
            #"{"chip": "a", "certified": true, "fits": true, "chips": 2, "migration_effort_score": 3, "dies": "# + dies
                + #", "parallelism": {"tensor": "# + "\(tensor)" + #", "pipeline": 1, "data": "# + "\(8 / tensor)" + #", "expert": 1}, "pools": [], "#
                + #""performance": {"throughput_tokens_per_s": "# + "\(throughput)" + #", "ttft_ms": 300.5, "tpot_ms": "# + "\(tpot)" + #", "training_days": null}}"#
        }
        let before = served(tensor: 4, throughput: 1000, tpot: 40)
        #expect(try PlanDiff.compare(old: plan(before), new: plan(before)).isEmpty)
        let changes = try PlanDiff.compare(old: plan(before), new: plan(served(tensor: 8, dies: "8", throughput: 1250.5, tpot: 32)))
        #expect(changes.map(\.kind) == [.layout, .throughput, .tpot])
        #expect(changes.first?.before == "TP 4 × PP 1 × DP 2" && changes.first?.after == "TP 8 × PP 1 × DP 1 on 8 dies")
        #expect(changes.dropFirst().first?.before == "1000 output tokens/s" && changes.dropFirst().first?.after == "1250.5 output tokens/s")
        #expect(try PlanDiff.compare(old: plan(a), new: plan(before)).isEmpty)

        // The calibration the figures rest on (a spec that now states its engine, say).
        func calibrated(file: String, compute: Double) -> String {
            before.replacingOccurrences(of: #""pools": [], "#, with: #""pools": [], "assumptions": {"calibration": "#
                + #"{"file": ""# + file + #"", "measurements": 12, "provenance": "published", "engine": "sglang"}, "#
                + #""compute_efficiency": "# + "\(compute)" + #", "compute_efficiency_from": "calibrated", "#
                + #""memory_efficiency": 0.9, "memory_efficiency_from": "default"}, "#)
        }
        let uncalibrated = before.replacingOccurrences(of: #""pools": [], "#, with: #""pools": [], "assumptions": {"calibration": null}, "#)
        let moved = try PlanDiff.compare(old: plan(uncalibrated), new: plan(calibrated(file: "c.yaml", compute: 0.576)))
        #expect(moved.map(\.kind) == [.calibration])
        #expect(moved.first?.before == "none" && moved.first?.after == "12 published measurements of sglang: compute 0.576")
        // The same calibration read from another directory is no change; a refit is one.
        #expect(try PlanDiff.compare(old: plan(calibrated(file: "c.yaml", compute: 0.576)),
                                     new: plan(calibrated(file: "/elsewhere/c.yaml", compute: 0.576))).isEmpty)
        #expect(try PlanDiff.compare(old: plan(calibrated(file: "c.yaml", compute: 0.576)),
                                     new: plan(calibrated(file: "c.yaml", compute: 0.6))).map(\.kind) == [.calibration])

        let pooled = #"{"chip": "a", "certified": true, "fits": true, "chips": 6, "migration_effort_score": 3, "parallelism": {"tensor": 1, "pipeline": 1, "data": 1, "expert": 1}, "#
            + #""pools": [{"role": "prefill", "dies": null, "parallelism": {"tensor": 2, "pipeline": 1, "data": 1, "expert": 1}}, "#
            + #"{"role": "decode", "dies": null, "parallelism": {"tensor": 1, "pipeline": 1, "data": 4, "expert": 4}}]}"#
        let pools = try PlanDiff.compare(old: plan(pooled), new: plan(pooled.replacingOccurrences(of: #""data": 4"#, with: #""data": 2"#)))
        #expect(pools.map(\.kind) == [.layout])
        #expect(pools.map(\.before) == ["prefill TP 2 × PP 1 × DP 1; decode TP 1 × PP 1 × DP 4, EP 4"])
        #expect(pools.map(\.after) == ["prefill TP 2 × PP 1 × DP 1; decode TP 1 × PP 1 × DP 2, EP 4"])
    }

    /// The arithmetic a deployment runs, and the rate its stack runs it at (a spec that now
    /// names an engine whose stack runs W8A8 at the bf16 rate, say), is a change; a plan written
    /// before the rate was shown reads as running its arithmetic at its own rate.
    @Test func precisionAndRateChanges() throws {
        func precise(_ detail: String) -> String {
            a.replacingOccurrences(of: "}", with: #", "precision_detail": {"weights": "int8", "compute": "int8", "# + detail + #""kv_cache": "bf16", "requested": "int8"}}"#)
        }
        let int8Rate = precise(#""rate": "int8", "#), bf16Rate = precise(#""rate": "bf16", "#), unstated = precise("")
        let changes = try PlanDiff.compare(old: plan(int8Rate), new: plan(bf16Rate))
        #expect(changes.map(\.kind) == [.precision])
        #expect(changes.first?.before == "weights int8, arithmetic int8, KV cache bf16")
        #expect(changes.first?.after == "weights int8, arithmetic int8 at the bf16 rate, KV cache bf16")
        #expect(try PlanDiff.compare(old: plan(unstated), new: plan(int8Rate)).isEmpty)
        #expect(try PlanDiff.compare(old: plan(a), new: plan(bf16Rate)).isEmpty)
        // The weights and the KV cache are part of it too.
        let int8Cache = int8Rate.replacingOccurrences(of: #""kv_cache": "bf16""#, with: #""kv_cache": "int8""#)
        #expect(try PlanDiff.compare(old: plan(int8Rate), new: plan(int8Cache)).map(\.after) == ["weights int8, arithmetic int8, KV cache int8"])
        let int4Weights = int8Rate.replacingOccurrences(of: #""weights": "int8""#, with: #""weights": "int4""#)
        #expect(try PlanDiff.compare(old: plan(int8Rate), new: plan(int4Weights)).map(\.after) == ["weights int4, arithmetic int8, KV cache bf16"])
    }
}
