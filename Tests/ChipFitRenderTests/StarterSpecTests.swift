import ChipFitPlanner
@testable import ChipFitRender
import Testing
import TestSupport

@Suite struct StarterSpec {
    @Test func inferenceFromAPreset() {
        assertGolden(StarterSpecRenderer().render(name: "chat", path: "deploy/chat.yaml", model: .preset("qwen3-8b"),
                                                  phase: .inference, command: "chipfit init --preset qwen3-8b"), "starter-inference.yaml")
    }

    @Test func trainingFromAConfig() {
        assertGolden(StarterSpecRenderer().render(name: "tune", path: "tune.yaml", model: .hfConfig("models/glm/config.json"),
                                                  phase: .training, command: "chipfit init --hf-config models/glm/config.json --phase training"),
                     "starter-training.yaml")
    }

    /// A path YAML would read as something else is quoted.
    @Test func pathsAreQuotedWhenPlainYAMLWouldMisreadThem() {
        #expect(StarterSpecRenderer.quoted("models/glm/config.json") == "\"models/glm/config.json\"")
        #expect(StarterSpecRenderer.quoted("true") == "\"true\"")
        #expect(StarterSpecRenderer.quoted("a\\b\"c") == "\"a\\\\b\\\"c\"")
        #expect(StarterSpecRenderer.quoted("my models/config.json") == "\"my models/config.json\"")
        #expect(StarterSpecRenderer.quoted("a: b/#c.json") == "\"a: b/#c.json\"")
        #expect(StarterSpecRenderer.quoted("-x.json") == "\"-x.json\"")
    }
}
