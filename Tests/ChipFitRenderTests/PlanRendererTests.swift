import ChipFitCore
import ChipFitRender
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

@Suite struct StreamedPlanJSON {
    @Test func streamingRendersTheSameBytesAsTheTree() {
        let r = PlanJSONRenderer()
        #expect(r.render(fixturePlan) == r.json(fixturePlan).rendered())
        let empty = Plan(asOf: fixturePlan.asOf, certificationLists: [], deployments: [])
        #expect(r.render(empty) == r.json(empty).rendered())
    }
}
