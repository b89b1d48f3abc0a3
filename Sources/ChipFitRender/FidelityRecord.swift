import ChipFitPlanner

/// How close chipfit's figures came to published measurements of real systems, one fidelity
/// suite's summary (docs/model.md). Reports state it beside their estimates, so a reader knows
/// how far to trust them and where the model is known to miss.
public struct FidelityRecord: Sendable, Equatable {
    /// A case whose prediction is off by more than 1.5× either way.
    public struct Miss: Sendable, Equatable {
        public let id: String
        public let metric: String
        /// Predicted over published.
        public let ratio: Double

        public init(id: String, metric: String, ratio: Double) {
            self.id = id
            self.metric = metric
            self.ratio = ratio
        }
    }

    /// Cases the model expresses (a case it cannot express has no error to count).
    public let cases: Int
    /// Vendors of the measured chips.
    public let vendors: [String]
    /// Median of |predicted / published − 1|.
    public let medianError: Double
    public let misses: [Miss]

    public init(cases: Int, vendors: [String], medianError: Double, misses: [Miss]) {
        self.cases = cases
        self.vendors = vendors
        self.medianError = medianError
        self.misses = misses
    }

    /// This build's records, by the phase each suite measures.
    public static var suites: [Phase: FidelityRecord] { [.inference: serving, .training: training] }

    /// One plain sentence for a report's assumptions.
    public func sentence(_ phase: Phase) -> String {
        let what = phase == .inference ? "Serving estimates" : "Training estimates"
        let measured = phase == .inference ? "published measurements of real deployments" : "published runs"
        let missed = misses.isEmpty
            ? "none off by more than 1.5×"
            : "\(misses.count) off by more than 1.5× ("
                + misses.map { "\(Self.label($0.metric)) of \($0.id) predicted at \(Format.number($0.ratio))× the measured" }
                    .joined(separator: "; ") + ")"
        return "\(what) against \(cases) \(measured) on \(Self.list(vendors)) chips: median error "
            + "\(Int((medianError * 100).rounded())) %, \(missed). The cases, their sources and what drives each gap: "
            + "scripts/fidelity and docs/model.md."
    }

    /// A fidelity metric in words.
    private static func label(_ metric: String) -> String {
        switch metric {
        case "ttft_ms": "time to first token"
        case "tpot_ms": "time per output token"
        case "prefill_tokens_per_s_per_chip": "prompt tokens per second per chip"
        case "decode_tokens_per_s_per_chip", "output_tokens_per_s_per_chip": "output tokens per second per chip"
        case "output_tokens_per_s": "output tokens per second"
        case "step_s": "step time"
        case "mfu": "model FLOPs utilisation"
        case "training_tokens_per_s_per_chip": "training tokens per second per chip"
        default: metric
        }
    }

    private static func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "no" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
