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

    public init(phase: Phase, cases: Int, notExpressed: Int = 0, vendors: [String], medianError: Double, misses: [Miss]) {
        self.phase = phase
        self.cases = cases
        self.notExpressed = notExpressed
        self.vendors = vendors
        self.medianError = medianError
        self.misses = misses
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
