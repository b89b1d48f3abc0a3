@testable import ChipFitSpec
@testable import ChipFitPlanner
import ChipFitYAML
import Testing
import TestSupport

/// The search's verdict on a layout and the reasons it gives come from one set of tests.
@Suite struct TargetChecks {
    private func evaluator(_ workload: String) throws -> Evaluator {
        let spec = """
            apiVersion: chipfit/v1
            kind: Deployment
            name: t
            model: {preset: llama-3-8b}
            workload: \(workload)

            """
        let bf16 = PrecisionChoice(requested: .bf16, weights: .bf16, compute: .bf16, kvCache: .bf16)
        return try ChipFitSpecTests.evaluator(spec: spec, chip: "ascend-910b", precision: bf16)
    }

    private func evaluation(ttft: Double? = nil, tpot: Double? = nil, throughput: Double? = nil, days: Double? = nil) -> Evaluation {
        var e = Evaluation(layout: Layout(tensor: 1, pipeline: 1, data: 1, expert: 1),
                           memory: MemoryBreakdown(weights: 1, kvCache: nil, activations: 0, gradients: nil,
                                                   optimizer: nil, overhead: 0, capacity: 2))
        e.ttftSeconds = ttft
        e.tpotSeconds = tpot
        e.throughput = throughput
        e.trainingDays = days
        return e
    }

    @Test func aLayoutIsRejectedExactlyWhenAReasonIsGiven() throws {
        let inference = try evaluator("{phase: inference, precision: bf16, input_tokens: 8, output_tokens: 8, slo: {ttft_ms: 500, tpot_ms: 50, throughput_tokens_per_s: 100}}")
        let figures: [Double?] = [nil, 0, 0.01, 0.05, 0.5, 1, 200, .infinity, .nan]
        for ttft in figures {
            for tpot in figures {
                for throughput in figures {
                    let e = evaluation(ttft: ttft, tpot: tpot, throughput: throughput)
                    #expect(inference.meetsTargets(e) == inference.misses(e).isEmpty,
                            "ttft \(String(describing: ttft)) tpot \(String(describing: tpot)) throughput \(String(describing: throughput))")
                }
            }
        }
        let training = try evaluator("{phase: training, precision: bf16, method: full, sequence_length: 4096, micro_batch_size: 1, global_batch_size: 64, tokens: 1B, deadline_days: 7}")
        for days in figures {
            let e = evaluation(days: days)
            #expect(training.meetsTargets(e) == training.misses(e).isEmpty, "\(String(describing: days))")
        }
    }

    @Test func aFigureThatCouldNotBeComputedMeetsNoTarget() throws {
        let inference = try evaluator("{phase: inference, precision: bf16, input_tokens: 8, output_tokens: 8, slo: {ttft_ms: 500, throughput_tokens_per_s: 100}}")
        let e = evaluation(ttft: .nan, throughput: .nan)
        #expect(!inference.meetsTargets(e))
        // One rejection per code, naming every missed target.
        #expect(inference.misses(e).map(\.code) == [.sloMissed])
        #expect(inference.misses(e).map(\.message) == [
            "TTFT could not be estimated, so the 500 ms target is not shown to be met; "
                + "throughput could not be estimated, so the 100 tokens/s target is not shown to be met",
        ])
        // Within the targets, and figures the phase does not have, are no reason to reject.
        #expect(inference.meetsTargets(evaluation(ttft: 0.4, throughput: 150)))
        #expect(inference.meetsTargets(evaluation()))
        #expect(inference.misses(evaluation(ttft: 0.6)).map(\.message) == ["TTFT 600 ms exceeds the 500 ms target by 20%"])
    }
}
