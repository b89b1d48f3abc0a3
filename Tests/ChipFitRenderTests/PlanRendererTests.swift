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
    return Planner(catalog: ws.catalog, asOf: Day("2026-11-29")!).plan(ws.deployments)
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

    @Test func sameInputsSameBytes() {
        let again: Plan = {
            let files = (Repo.yamlFiles("Tests/Fixtures/plan-specs").reversed() + Repo.yamlFiles("Tests/Fixtures/plan-catalogue").reversed())
                .map { DocumentLoader.load(Repo.read($0), file: $0) }
            // Catalogue first, as the CLI passes it; order within each group reversed.
            let ws = Linker.link(Array(files.suffix(5)) + Array(files.prefix(2)))
            return Planner(catalog: ws.catalog, asOf: Day("2026-11-29")!).plan(ws.deployments)
        }()
        #expect(PlanJSONRenderer().render(again) == PlanJSONRenderer().render(fixturePlan))
    }
}

@Suite struct StreamedJSON {
    /// Every candidate rejected before a layout is evaluated: the null branches of the plan.
    @Test func candidatesRejectedBeforeAnyLayoutRenderTheirNulls() {
        let files = (Repo.yamlFiles("Tests/Fixtures/plan-catalogue") + ["Tests/Fixtures/plan-unsupported/fp32.yaml"])
            .map { DocumentLoader.load(Repo.read($0), file: $0) }
        let ws = Linker.link(files)
        let plan = Planner(catalog: ws.catalog, asOf: Day("2026-11-29")!).plan(ws.deployments)
        let text = PlanJSONRenderer().render(plan)
        #expect(text.contains("\"performance\": null") && text.contains("\"precision_detail\": null"))
        assertGolden(text, "plan-unsupported.json")
    }

    /// The plan is streamed through these calls; the tree writer is the reference for bytes.
    @Test func streamedContainersMatchTheirTree() {
        let tree: JSON = .object([
            "a": .array([]), "b": .object([:]), "d": .number(0.5),
            "c": .array([.int(1), .object(["x": .null, "y": .string("q\"\n")]), .array([.bool(true)])]),
        ])
        var reference = JSONWriter(pretty: true)
        reference.write(tree, indent: 1)

        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.key("a", indent: 1); w.beginArray(); w.endArray(indent: 2)
        w.key("b", indent: 1); w.beginObject(); w.endObject(indent: 2)
        w.key("c", indent: 1)
        w.beginArray()
        w.element(indent: 2); w.int(1)
        w.element(indent: 2)
        w.beginObject()
        w.key("x", indent: 3); w.null()
        w.key("y", indent: 3); w.string("q\"\n")
        w.endObject(indent: 3)
        w.element(indent: 2); w.beginArray(); w.element(indent: 3); w.bool(true); w.endArray(indent: 3)
        w.endArray(indent: 2)
        w.key("d", indent: 1); w.number(0.5)
        w.endObject(indent: 1)
        #expect(String(decoding: w.bytes, as: UTF8.self) == String(decoding: reference.bytes, as: UTF8.self))
    }

    @Test func aPlanStreamedDeploymentByDeploymentIsTheWholeRender() {
        let r = PlanJSONRenderer()
        var streamed: [UInt8] = []
        r.stream(asOf: fixturePlan.asOf, lists: fixturePlan.certificationLists, count: fixturePlan.deployments.count,
                 deployment: { fixturePlan.deployments[$0] }, sink: { streamed += $0 })
        #expect(String(decoding: streamed, as: UTF8.self) == r.render(fixturePlan))
        let empty = Plan(asOf: fixturePlan.asOf, certificationLists: [], deployments: [])
        #expect(r.render(empty).hasSuffix("\"deployments\": [],\n  \"schema\": \"chipfit/plan/v1\"\n}\n"))
    }
}
