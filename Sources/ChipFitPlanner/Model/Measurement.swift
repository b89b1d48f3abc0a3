/// A figure measured on a real system: a deployment pinned to one chip and layout, what was
/// measured, and where it came from. `chipfit calibrate` fits efficiency factors to these.
public struct Measurement: Sendable {
    /// How a measurement is known: taken by the team itself, read in a publication, or made
    /// up to show the format (never a basis for a plan).
    public enum Provenance: String, Sendable, CaseIterable, Hashable, Comparable {
        case measured, published, sample

        /// Sample data is the weakest basis, a team's own measurement the strongest.
        private var strength: Int {
            switch self {
            case .sample: 0
            case .published: 1
            case .measured: 2
            }
        }

        public static func < (a: Self, b: Self) -> Bool { a.strength < b.strength }
    }

    /// The figures a measurement can state, named as the plan JSON names them.
    public enum Metric: String, Sendable, CaseIterable, Hashable {
        case ttftMs = "ttft_ms"
        case tpotMs = "tpot_ms"
        case outputTokensPerSecond = "output_tokens_per_s"
        case outputTokensPerSecondPerChip = "output_tokens_per_s_per_chip"
        case inputTokensPerSecondPerChip = "input_tokens_per_s_per_chip"
        case stepSeconds = "step_s"
        case trainingTokensPerSecondPerChip = "training_tokens_per_s_per_chip"
        case mfu

        public var phase: Phase {
            switch self {
            case .ttftMs, .tpotMs, .outputTokensPerSecond, .outputTokensPerSecondPerChip, .inputTokensPerSecondPerChip: .inference
            case .stepSeconds, .trainingTokensPerSecondPerChip, .mfu: .training
            }
        }

        /// The figure of a candidate's chosen layout, in this metric's unit; nil where it has none.
        public func value(in c: Candidate) -> Double? {
            guard let e = c.evaluation else { return nil }
            let chips = Double(e.chips)
            switch self {
            case .ttftMs: return e.ttftSeconds.map { $0 * 1000 }
            case .tpotMs: return e.tpotSeconds.map { $0 * 1000 }
            case .outputTokensPerSecond: return e.throughput
            case .outputTokensPerSecondPerChip: return e.throughput.map { $0 / chips }
            case .inputTokensPerSecondPerChip: return e.inputThroughput.map { $0 / chips }
            case .stepSeconds: return e.trainingDays == nil ? nil : e.stepSeconds
            case .trainingTokensPerSecondPerChip: return c.trainingRate.map { $0.tokensPerSecond / chips }
            case .mfu: return c.trainingRate?.modelFLOPsUtilization
            }
        }
    }

    public var id: String
    /// The deployment as run: its model, workload and pinned layout, on `chip` alone.
    public var deployment: ResolvedDeployment
    public var chip: String
    /// The stack it ran on; nil for the chip profile's own.
    public var stack: String?
    /// Engine, framework and runtime versions, as written (`vllm-ascend@0.11.0`).
    public var software: [String]
    public var date: Day
    public var source: String
    public var provenance: Provenance
    /// Measured figures, in metric order.
    public var figures: [(metric: Metric, value: Double)]

    public init(id: String, deployment: ResolvedDeployment, chip: String, stack: String?, software: [String], date: Day,
                source: String, provenance: Provenance, figures: [(metric: Metric, value: Double)]) {
        self.id = id
        self.deployment = deployment
        self.chip = chip
        self.stack = stack
        self.software = software
        self.date = date
        self.source = source
        self.provenance = provenance
        self.figures = figures
    }
}
