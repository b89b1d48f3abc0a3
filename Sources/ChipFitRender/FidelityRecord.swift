import ChipFitPlanner

/// How close chipfit's figures came to published measurements of real systems, one fidelity
/// suite's summary (docs/model.md). Reports state it beside their estimates, so a reader knows
/// how far to trust them and where the model is known to miss. The shipped records are
/// generated (FidelitySuites.swift).
public struct FidelityRecord: Sendable, Equatable {
    /// A case whose prediction is off by more than 1.5× either way.
    public struct Miss: Sendable, Equatable {
        public let id: String
        /// The measured figure in words ("time to first token").
        public let metric: String
        /// Predicted over published.
        public let ratio: Double

        public init(id: String, metric: String, ratio: Double) {
            self.id = id
            self.metric = metric
            self.ratio = ratio
        }
    }

    /// One chip's cases in the suite.
    public struct ChipRecord: Sendable, Equatable {
        public let chip: String
        /// Measured figures of this chip the model expresses (a case is one figure of a run).
        public let cases: Int
        public let medianError: Double
        /// Cases with a figure off by more than 1.5×, in the suite's order.
        public let missedCases: [String]

        public init(chip: String, cases: Int, medianError: Double, missedCases: [String]) {
            self.chip = chip
            self.cases = cases
            self.medianError = medianError
            self.missedCases = missedCases
        }
    }

    /// The phase the suite measures.
    public let phase: Phase
    /// Cases the model expresses, each counted in the error.
    public let cases: Int
    /// Cases the model cannot express yet (`known_gap` in the suite).
    public let notExpressed: Int
    /// Vendors of the measured chips.
    public let vendors: [String]
    /// Median of |predicted / published − 1| with the defaults fitted to these same cases.
    public let medianError: Double
    public let misses: [Miss]
    /// The cases by the chip they measured.
    public let chips: [ChipRecord]

    public init(phase: Phase, cases: Int, notExpressed: Int = 0, vendors: [String], medianError: Double, misses: [Miss],
                chips: [ChipRecord] = []) {
        self.phase = phase
        self.cases = cases
        self.notExpressed = notExpressed
        self.vendors = vendors
        self.medianError = medianError
        self.misses = misses
        self.chips = chips
    }

    /// This build's records, by the phase each suite measures.
    public static var suites: [Phase: FidelityRecord] { [serving.phase: serving, training.phase: training] }

    /// A paragraph for a report's assumptions. `recommended` are the vendors of the chips the
    /// report recommends for this phase: those no case measures are named, since the median
    /// says nothing about them.
    public func sentence(recommended: [String]) -> String {
        let what = phase == .inference
            ? "Serving estimates against \(cases) published measurements of real deployments"
            : "Training estimates against \(cases) published pre-training runs"
        let error = medianError.isFinite ? "\(Int((medianError * 100).rounded())) %" : "unknown"
        var text = "\(what) on \(Self.list(vendors)) chips: median error \(error) with the defaults fitted to these same "
            + "cases (the README gives the errors with each case left out of the fit); "
        text += misses.isEmpty ? "none off by more than 1.5×." : "\(misses.count) off by more than 1.5× (predicted over measured: \(missedCases))."
        if notExpressed > 0 {
            text += " \(notExpressed) more \(notExpressed == 1 ? "case" : "cases") the model cannot express yet."
        }
        let unmeasured = Set(recommended).subtracting(vendors).sorted()
        if !unmeasured.isEmpty {
            text += " No case is of \(Self.list(unmeasured)) chips, which this report recommends."
        }
        return text + " Every case, its source and what drives each gap: docs/model.md and scripts/fidelity in chipfit's source."
    }

    /// What the suite says of one chip's figures, for the explanation and the report's section of
    /// a deployment planned on it: how many of its published measurements, how close, which missed.
    public func measured(on chip: String) -> String {
        let what = phase == .inference ? "serving measurements" : "pre-training runs"
        guard let record = chips.first(where: { $0.chip == chip }) else {
            return "No published \(what) of \(chip) are in chipfit's fidelity suite: its figures rest on the profile and the model's defaults alone."
        }
        let error = record.medianError.isFinite ? "\(Int((record.medianError * 100).rounded())) %" : "unknown"
        let runs = record.missedCases.count == 1 ? "one run" : "\(record.missedCases.count) runs"
        let missed = record.missedCases.isEmpty
            ? "none off by more than 1.5×"
            : "off by more than 1.5× in \(runs): \(record.missedCases.joined(separator: ", "))"
        return "Published \(what) of \(chip) in chipfit's fidelity suite: \(record.cases) measured figures, median error \(error), \(missed) (docs/model.md)."
    }

    /// The misses case by case, in the suite's order: "id (metric 2.57×, metric 0.432×)".
    private var missedCases: String {
        var ids: [String] = []
        var figures: [String: [String]] = [:]
        for m in misses {
            if figures[m.id] == nil { ids.append(m.id) }
            figures[m.id, default: []].append("\(m.metric) \(Format.number(m.ratio))×")
        }
        return ids.map { "\($0): \(figures[$0]!.joined(separator: ", "))" }.joined(separator: "; ")
    }

    private static func list(_ names: [String]) -> String {
        guard let last = names.last else { return "no" }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " and " + last
    }
}
