import Foundation
import Testing
import TestSupport

/// `chipfit calibrate` end to end on the measurements shipped in examples/.
@Suite struct CalibrateCommand {
    @Test func writesACalibrationThatPlansUseAndName() throws {
        let dir = try temporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let out = dir.appendingPathComponent("calibration.yaml").path
        let r = try Run(["calibrate", "--as-of", "2026-12-07", "--output", out, "examples/measurements"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ascend-910b · training"))
        // The SGLang runs form a group of their own: measurements that state an engine fit it.
        #expect(r.stdout.contains("ascend-910c-560t · inference · the chip profile's stack · engine sglang · 12 measurements"))
        #expect(r.stdout.contains("leave-one-out: median absolute error"))
        #expect(r.stdout.contains("wrote \(out): 2 calibrations"))
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("kind: Calibration") && text.contains("provenance: published") && text.contains("measurements: 3"))
        #expect(text.contains("engine: sglang") && text.contains("measurements: 12"))
        // The overlay validates, and a plan with it among the profiles names it for the 910B.
        #expect(try Run(["validate", out]).status == 0)
        let plan = try Run(["plan", "--as-of", "2026-12-07", "--profiles", "profiles", "--profiles", dir.path,
                            "examples/llama3-8b-pretrain.yaml"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("ascend-910b: compute"), "\(plan.stdout)")
        #expect(plan.stdout.contains("calibrated from 3 published measurements (\(out))"))
        // Same inputs, same bytes.
        let again = dir.appendingPathComponent("again.yaml").path
        #expect(try Run(["calibrate", "--as-of", "2026-12-07", "--output", again, "examples/measurements"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: again)))
    }

    @Test func neverWritesOntoAnInputAndNeedsMeasurements() throws {
        let input = "examples/measurements/mindspeed-910b-llama3-8b.yaml"
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        let onto = try Run(["calibrate", "--output", input, "examples/measurements"])
        #expect(onto.status == 2, "\(onto.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
        let none = try Run(["calibrate", "examples/llama3-8b-pretrain.yaml"])
        #expect(none.status == 2 && none.stderr.contains("holds no measurement"))
        #expect(try Run(["calibrate", "--id", "Not An Id", "examples/measurements"]).status == 2)
    }
}
