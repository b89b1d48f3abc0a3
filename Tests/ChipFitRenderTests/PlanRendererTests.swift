import ChipFitSpec
import ChipFitPlanner
@testable import ChipFitRender
import Foundation
import Testing
import TestSupport

/// A self-contained plan (Tests/Fixtures/plan-catalogue and plan-specs) so shipped catalogue
/// edits never move these goldens.
let fixturePlan: Plan = {
    let files = (Repo.yamlFiles("Tests/Fixtures/plan-catalogue") + Repo.yamlFiles("Tests/Fixtures/plan-specs"))
        .map { DocumentLoader.load(Repo.read($0), file: $0) }
    let ws = Linker.link(files)
    precondition(ws.diagnostics.isEmpty, "\(ws.diagnostics)")
    return Planner(catalogue: ws.catalogue, asOf: Day("2026-11-29")!).plan(ws.deployments)
}()

@Suite struct PlanRenderers {
    @Test func table() {
        assertGolden(PlanTableRenderer(color: false).render(fixturePlan), "plan.txt")
    }

    @Test func json() throws {
        let text = PlanJSONRenderer().render(fixturePlan)
        assertGolden(text, "plan.json")
        // The FORMATS.md contract, field by field.
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(root["schema"] as? String == "chipfit/plan/v1")
        #expect(root["as_of"] as? String == "2026-11-29")
        let lists = try #require(root["certification_lists"] as? [[String: Any]])
        #expect(lists.first?["provenance"] as? String == "sample")
        let deployments = try #require(root["deployments"] as? [[String: Any]])
        let chat = try #require(deployments.first { $0["name"] as? String == "chat" })
        #expect(chat["status"] as? String == "fits" && chat["recommended"] as? String == "alpha-9")
        let train = try #require(deployments.first { $0["name"] as? String == "train" })
        #expect(train["status"] as? String == "no_fit" && train["recommended"] is NSNull)
        let c = try #require((chat["candidates"] as? [[String: Any]])?.first)
        for key in ["chip", "certified", "fits", "rejections", "chips", "parallelism", "precision",
                    "memory_per_chip_bytes", "performance", "toolchain_changes", "assumptions"] {
            #expect(c[key] != nil, "candidate lacks \(key)")
        }
        let memory = try #require(c["memory_per_chip_bytes"] as? [String: Any])
        #expect(memory["gradients"] is NSNull, "a figure that does not apply is null, not 0")
        #expect(memory["total"] is Int)
        let perf = try #require(c["performance"] as? [String: Any])
        #expect(perf["training_days"] is NSNull)
        let parallelism = try #require(c["parallelism"] as? [String: Int])
        #expect(Set(parallelism.keys) == ["tensor", "pipeline", "data", "expert"])
    }

    @Test func explain() throws {
        let d = try #require(fixturePlan.deployments.first { $0.name == "chat" })
        let c = try #require(d.candidates.first { $0.chip.id == "beta-2" })
        assertGolden(ExplainRenderer().render(d, c, asOf: fixturePlan.asOf, lists: fixturePlan.certificationLists),
                     "explain.txt")
    }

    /// Every fitting candidate's decode iteration is the sum explain says it is: each pipeline
    /// stage's busiest resource and exposed communication, then the host's time, to the printed
    /// precision; the fixture's plan and the same chat spec staged over a pipeline.
    @Test func explainedIterationsAddUp() throws {
        let staged = """
            apiVersion: chipfit/v1
            kind: Deployment
            name: staged-chat
            model: {preset: tiny-7b}
            workload: {phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 256, concurrency: 16, parallelism: {tensor: 2, pipeline: 2, data: 1}}
            requirements: {certification: ignore}
            """
        let files = Repo.yamlFiles("Tests/Fixtures/plan-catalogue").map { DocumentLoader.load(Repo.read($0), file: $0) }
            + [DocumentLoader.load(Array(staged.utf8), file: "staged-chat.yaml")]
        let ws = Linker.link(files)
        let plan = Planner(catalogue: ws.catalogue, asOf: Day("2026-11-29")!).plan(ws.deployments)
        let pattern = try Regex(#"decode iteration ([0-9.]+) ms = PP ([0-9]+) × \(stage max\(compute ([0-9.]+) ms, memory ([0-9.]+) ms\) \+ exposed communication ([0-9.]+) ms \(of [^)]*\)\)(?: \+ host ([0-9.]+) ms)?"#)
        var checked = 0, staging = 0
        for p in [fixturePlan, plan] {
            for d in p.deployments where d.phase == .inference {
                for c in d.candidates where c.fits {
                    let text = ExplainRenderer().render(d, c, asOf: p.asOf, lists: p.certificationLists)
                    let m = try #require(text.firstMatch(of: pattern), "\(d.name) on \(c.chip.id)")
                    let n = (1...6).map { m.output[$0].substring.flatMap { Double($0) } ?? 0 }
                    let sum = n[1] * (max(n[2], n[3]) + n[4]) + n[5]
                    #expect(abs(sum - n[0]) <= 0.01 * n[0] + 0.05, "\(d.name) on \(c.chip.id): \(m.output[0].substring ?? "")")
                    #expect(n[5] > 0, "the host's time is shown")
                    checked += 1
                    if n[1] > 1 && n[4] > 0 { staging += 1 }
                }
            }
        }
        #expect(checked > 1)
        #expect(staging > 0, "a pipelined candidate with exposed communication is checked")
    }

    @Test func sameInputsSameBytes() {
        let again: Plan = {
            let files = (Repo.yamlFiles("Tests/Fixtures/plan-specs").reversed() + Repo.yamlFiles("Tests/Fixtures/plan-catalogue").reversed())
                .map { DocumentLoader.load(Repo.read($0), file: $0) }
            // Catalogue first, as the CLI passes it; order within each group reversed.
            let ws = Linker.link(Array(files.suffix(5)) + Array(files.prefix(2)))
            return Planner(catalogue: ws.catalogue, asOf: Day("2026-11-29")!).plan(ws.deployments)
        }()
        #expect(PlanJSONRenderer().render(again) == PlanJSONRenderer().render(fixturePlan))
    }
}

@Suite struct DieRankJSON {
    /// SGLang's TP 4 over two Atlas 800I A3 cards' dies: two chips, four dies, figures per die.
    @Test func aDieRankedCandidateGivesItsChipsAndDies() throws {
        let files = (Repo.yamlFiles("profiles") + ["Tests/Fidelity/serving/sglang-910c-qwen3-32b-int8-c78.yaml"])
            .map { DocumentLoader.load(Repo.read($0), file: $0) }
        let ws = Linker.link(files)
        let plan = Planner(catalogue: ws.catalogue, asOf: Day("2026-11-29")!).plan(ws.deployments)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(PlanJSONRenderer().render(plan).utf8)) as? [String: Any])
        let deployment = try #require((root["deployments"] as? [[String: Any]])?.first)
        let candidates = try #require(deployment["candidates"] as? [[String: Any]])
        let a3 = try #require(candidates.first { $0["chip"] as? String == "ascend-910c-560t" })
        #expect(a3["chips"] as? Int == 2)
        #expect(a3["dies"] as? Int == 4)
        #expect((a3["parallelism"] as? [String: Any])?["tensor"] as? Int == 4)
        // 64 GiB a die, not the package's 128.
        #expect((a3["memory_per_chip_bytes"] as? [String: Any])?["capacity"] as? Double == 68_719_476_736)
        // A single-die chip in the same plan has no dies.
        let a2 = try #require(candidates.first { $0["chip"] as? String == "ascend-910b4" })
        #expect(a2["chips"] as? Int == 4)
        #expect(a2["dies"] is NSNull)
    }
}

@Suite struct StreamedJSON {
    /// Every candidate rejected before a layout is evaluated: the null branches of the plan.
    @Test func candidatesRejectedBeforeAnyLayoutRenderTheirNulls() {
        let files = (Repo.yamlFiles("Tests/Fixtures/plan-catalogue") + ["Tests/Fixtures/plan-unsupported/fp32.yaml"])
            .map { DocumentLoader.load(Repo.read($0), file: $0) }
        let ws = Linker.link(files)
        let plan = Planner(catalogue: ws.catalogue, asOf: Day("2026-11-29")!).plan(ws.deployments)
        let text = PlanJSONRenderer().render(plan)
        #expect(text.contains("\"performance\": null") && text.contains("\"precision_detail\": null"))
        assertGolden(text, "plan-unsupported.json")
    }

    /// The plan's outer object is written by hand around deployments streamed one at a time;
    /// the whole document built as one tree is the reference for its bytes.
    @Test func theStreamedPlanIsTheWholeDocumentsTree() {
        let tree: JSON = .object([
            "schema": .string("chipfit/plan/v1"),
            "as_of": .string(fixturePlan.asOf.description),
            "certification_lists": .array(fixturePlan.certificationLists.map(PlanJSONRenderer.json)),
            "deployments": .array(fixturePlan.deployments.map(PlanJSONRenderer.json)),
            "objective": .string(fixturePlan.objective.rawValue),
            "prices": fixturePlan.prices.map(PlanJSONRenderer.json) ?? .null,
            "profile_overrides": .array(fixturePlan.profileOverrides.map(PlanJSONRenderer.json)),
        ])
        #expect(!fixturePlan.deployments.isEmpty && !fixturePlan.certificationLists.isEmpty)
        #expect(PlanJSONRenderer().render(fixturePlan) == tree.rendered())
    }

    @Test func aPlanStreamedDeploymentByDeploymentIsTheWholeRender() {
        let r = PlanJSONRenderer()
        var streamed: [UInt8] = []
        r.stream(asOf: fixturePlan.asOf, lists: fixturePlan.certificationLists, prices: fixturePlan.prices,
                 objective: fixturePlan.objective, count: fixturePlan.deployments.count,
                 deployment: { fixturePlan.deployments[$0] }, sink: { streamed += $0 })
        #expect(String(decoding: streamed, as: UTF8.self) == r.render(fixturePlan))
        let empty = Plan(asOf: fixturePlan.asOf, certificationLists: [], deployments: [])
        #expect(r.render(empty).hasSuffix("\"deployments\": [],\n  \"objective\": \"chips\",\n  \"prices\": null,\n  \"profile_overrides\": [],\n  \"schema\": \"chipfit/plan/v1\"\n}\n"))
    }

    /// A deployment's candidates with equal toolchain changes share one list, written for the
    /// depth a plan puts it at, so the writer splices it rather than writing it again.
    @Test func sharedToolchainChangesAreWrittenOncePerDeployment() throws {
        var d = try #require(fixturePlan.deployments.first { $0.name == "chat" })
        d.candidates += d.candidates  // each list now appears twice
        guard case .object(let deployment) = PlanJSONRenderer.json(d),
              case .array(let candidates)? = deployment["candidates"] else { Issue.record("no candidates"); return }
        let lists: [Prewritten] = candidates.compactMap {
            guard case .object(let c) = $0, case .prewritten(let p)? = c["toolchain_changes"] else { return nil }
            return p
        }
        #expect(lists.count == candidates.count, "every candidate's changes are prewritten")
        #expect(lists.allSatisfy { $0.indent == PlanJSONRenderer.deploymentDepth + 3 })
        let half = lists.count / 2
        #expect(half > 0 && (0..<half).allSatisfy { lists[$0] === lists[$0 + half] })
    }
}

/// `explain` says how sparse attention is costed on the layout shown: the indexer whole on each
/// tensor-parallel rank, and the heads a rank computes after the chip's padding.
@Suite struct ExplainSparseAttention {
    private func explained(tensor: Int) throws -> String {
        try explainedOn("nvidia-h200", spec: """
            apiVersion: chipfit/v1
            kind: Deployment
            name: dsa
            model: {preset: deepseek-v3.2}
            workload: {phase: inference, precision: fp8, input_tokens: 4096, output_tokens: 64, concurrency: 8, parallelism: {tensor: \(tensor), pipeline: 1}}
            requirements: {certification: ignore, chips: [nvidia-h200]}

            """)
    }

    @Test func paddedHeadsAreNamed() throws {
        let eight = try explained(tensor: 8)
        #expect(eight.contains("whole on each of the TP 8 ranks"))
        #expect(eight.contains("attended by 16 heads a rank, computed as 64 (the chip's sparse kernels take heads in blocks of 64)"))
        // 128 heads on one rank fill whole blocks: no padding to name.
        let one = try explained(tensor: 1)
        #expect(one.contains("attended by 128 heads a rank"))
        #expect(one.contains("every earlier position on its one rank"))
        #expect(!one.contains("computed as"))
    }
}

/// `explain` says when a replica runs fewer sequences than it serves because its KV cache holds
/// no more (`serving.admission: memory`), and says nothing of it otherwise.
@Suite struct ExplainAdmission {
    private func explained(_ serving: String) throws -> String {
        try explainedOn("nvidia-h100-sxm", spec: """
            {apiVersion: chipfit/v1, kind: Deployment, name: admission, model: {preset: qwen3-32b},
             workload: {phase: inference, precision: bf16, input_tokens: 6000, output_tokens: 2000, concurrency: 64,
                        parallelism: {tensor: 2, pipeline: 1, data: 1}, serving: \(serving)},
             requirements: {certification: ignore, chips: [nvidia-h100-sxm]}}

            """)
    }

    @Test func aReplicaLimitedByItsCacheSaysSo() throws {
        let admitted = try explained("{admission: memory}")
        #expect(admitted.contains("64 per replica, ") && admitted.contains(" running at once, as many as the KV cache holds"))
        #expect(!admitted.contains("64 running at once"))
        let sized = try explained("{max_sequences: 8}")
        #expect(sized.contains("8 running at once") && !sized.contains("as many as the KV cache holds"))
    }
}

/// `explain` of one inline spec on `chip`, planned against the shipped profiles; the chip must fit.
private func explainedOn(_ chip: String, spec: String) throws -> String {
    let profiles = Repo.yamlFiles("profiles").map { DocumentLoader.load(Repo.read($0), file: $0) }
    let ws = Linker.link(profiles + [DocumentLoader.load(Array(spec.utf8), file: "inline.yaml")])
    let plan = Planner(catalogue: ws.catalogue, asOf: Day("2026-11-29")!).plan(ws.deployments)
    let d = try #require(plan.deployments.first, "\(ws.diagnostics)")
    let c = try #require(d.candidates.first { $0.chip.id == chip })
    try #require(c.fits, "\(c.rejections)")
    return ExplainRenderer().render(d, c, asOf: plan.asOf, lists: plan.certificationLists)
}
