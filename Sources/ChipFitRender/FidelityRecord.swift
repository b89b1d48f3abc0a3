import ChipFitPlanner

/// How close chipfit's figures came to published measurements of real systems, one fidelity
/// suite's summary (docs/model.md). Reports and explanations state it beside their estimates,
/// so a reader knows how far to trust them and where the model is known to miss. A figure is
/// one measured metric of one run (a case of the suite); the errors are those of the shipped
/// defaults, fitted to the figures the suite held before any marked `after_fit`. The shipped
/// records are generated (FidelitySuites.swift).
public struct FidelityRecord: Sendable, Equatable {
    /// A figure predicted off by more than 1.5× either way.
    public struct Miss: Sendable, Equatable {
        /// The run, as the suite names it.
        public let id: String
        /// The chip profile the run is planned on.
        public let chip: String
        /// The measured metric in words ("time to first token").
        public let metric: String
        /// Predicted over published.
        public let ratio: Double
        /// The serving engine whose shipped calibration the run was planned with; nil for none.
        public let engine: String?

        public init(id: String, chip: String, metric: String, ratio: Double, engine: String? = nil) {
            self.id = id
            self.chip = chip
            self.metric = metric
            self.ratio = ratio
            self.engine = engine
        }
    }

    /// The figures of the runs planned on one chip profile.
    public struct ChipRecord: Sendable, Equatable {
        public let chip: String
        /// The profile's display name, whose part before " (" names the chip of which bins
        /// are profiles ("Ascend 910C (560T bin, …)" is a bin of "Ascend 910C").
        public let name: String
        public let figures: Int
        public let medianError: Double
        /// The serving engine whose shipped calibration these runs were planned with (they state
        /// it); nil for runs planned without an engine's calibration. A chip may have both.
        public let engine: String?

        public init(chip: String, name: String, figures: Int, medianError: Double, engine: String? = nil) {
            self.chip = chip
            self.name = name
            self.figures = figures
            self.medianError = medianError
            self.engine = engine
        }
    }

    /// The phase the suite measures.
    public let phase: Phase
    /// Figures the model expresses, each counted in the error.
    public let figures: Int
    /// Figures the model cannot express yet (`known_gap` in the suite).
    public let notExpressed: Int
    /// Vendors of the measured chips.
    public let vendors: [String]
    /// Median of |predicted / published − 1|.
    public let medianError: Double
    /// Figures added after the defaults were fitted (`after_fit` in the suite), and their median
    /// error: the defaults' error on measurements they were not fitted to.
    public let addedAfterFit: Int
    public let addedAfterFitMedianError: Double
    public let misses: [Miss]
    public let chips: [ChipRecord]

    public init(phase: Phase, figures: Int, notExpressed: Int = 0, vendors: [String], medianError: Double,
                addedAfterFit: Int = 0, addedAfterFitMedianError: Double = .nan, misses: [Miss], chips: [ChipRecord] = []) {
        self.phase = phase
        self.figures = figures
        self.notExpressed = notExpressed
        self.vendors = vendors
        self.medianError = medianError
        self.addedAfterFit = addedAfterFit
        self.addedAfterFitMedianError = addedAfterFitMedianError
        self.misses = misses
        self.chips = chips
    }

    /// This build's records, by the phase each suite measures.
    public static var suites: [Phase: FidelityRecord] { [serving.phase: serving, training.phase: training] }

    /// A paragraph for a report's assumptions. `recommended` are the vendors of the chips the
    /// report recommends for this phase: those no run measures are named, since the median
    /// says nothing about them.
    public func sentence(recommended: [String]) -> String {
        let what = phase == .inference
            ? "Serving estimates against \(figures) figures of published measurements of real deployments"
            : "Training estimates against \(figures) figures of published pre-training runs"
        let fit = addedAfterFit == 0
            ? "with the defaults fitted to these same figures"
            : "with the defaults fitted to \(figures - addedAfterFit) of these figures (on the \(addedAfterFit) added since, "
                + "\(Self.percent(addedAfterFitMedianError)))"
        var text = "\(what) on \(Self.list(vendors)) chips: median error \(Self.percent(medianError)) \(fit); "
            + Self.missed(misses) + ". The README gives the errors with each figure left out of a refit."
        if notExpressed > 0 {
            text += " \(Format.count(Double(notExpressed), "more figure")) the model cannot express yet."
        }
        let unmeasured = Set(recommended).subtracting(vendors).sorted()
        if !unmeasured.isEmpty {
            text += " No run is of \(Self.list(unmeasured)) chips, which this report recommends."
        }
        return text + " Every run, its source and what drives each gap: docs/model.md and scripts/fidelity in chipfit's source."
    }

    /// What the suite says of the runs planned on one chip profile (`chip`, displayed as `name`)
    /// with the calibration of `engine` (the one the explained deployment is planned with; nil
    /// for none), for the explanation and the report's section of a deployment planned on it.
    /// The profile's runs under another engine's calibration follow, then those planned on other
    /// bins of the same chip, since which bin a source ran is often assumed.
    public func measured(on chip: String, name: String, engine: String? = nil) -> String {
        let runs = phase == .inference ? "serving measurements" : "pre-training runs"
        let condition = engine.map { "run by \($0) and planned with its shipped calibration" } ?? "with the shipped defaults and calibrations"
        let others = chips.filter { $0.chip == chip && $0.engine != engine }
        var text: String
        if let record = chips.first(where: { $0.chip == chip && $0.engine == engine }) {
            text = "Published \(runs) planned on the \(chip) profile in chipfit's fidelity suite, \(condition) (scripts/fidelity): \(summary(record))."
        } else {
            let qualifier = engine.map { " with \($0)'s calibration" } ?? (others.isEmpty ? "" : " without an engine's calibration")
            text = "No published \(runs) in chipfit's fidelity suite are planned on the \(chip) profile"
                + qualifier + ", so how close its figures come to measurements is unchecked."
        }
        if !others.isEmpty {
            text += " On this profile, " + others.map { "\(label($0)): \(summary($0))" }.joined(separator: "; ") + "."
        }
        let bins = chips.filter { $0.chip != chip && Self.family($0.name) == Self.family(name) }
        if !bins.isEmpty {
            text += " On other bins of the \(Self.family(name)): "
                + bins.map { "\($0.chip)" + ($0.engine.map { " (runs by \($0), with its calibration)" } ?? "") + ", \(summary($0))" }
                    .joined(separator: "; ") + "."
        }
        return text
    }

    private func label(_ record: ChipRecord) -> String {
        record.engine.map { "runs by \($0), planned with its shipped calibration" } ?? "runs planned with the shipped defaults and calibrations"
    }

    private func summary(_ record: ChipRecord) -> String {
        let figures = record.figures == 1
            ? "1 figure, off by \(Self.percent(record.medianError))"
            : "\(record.figures) figures, median error \(Self.percent(record.medianError))"
        return "\(figures), \(Self.missed(misses.filter { $0.chip == record.chip && $0.engine == record.engine }))"
    }

    /// The chip a profile's display name is a bin of: the name before " (".
    private static func family(_ name: String) -> String {
        name.range(of: " (").map { String(name[..<$0.lowerBound]) } ?? name
    }

    /// A miss's ratio, to two decimals or three significant digits, and one digit more where that
    /// would show the 1.5× bound itself (1.503 as "1.503", not "1.5").
    private static func shown(_ ratio: Double) -> String {
        let text = Format.number(ratio)
        guard let value = Double(text), value == 1.5 || text == "0.667" else { return text }
        return ratio >= 1 ? String((ratio * 1000).rounded() / 1000) : String((ratio * 10000).rounded() / 10000)
    }

    /// "none off by more than 1.5×", or the misses run by run in the suite's order:
    /// "3 figures of 2 runs off by more than 1.5× (predicted over measured): a (metric 2.57×, metric 0.432×); b (metric 1.6×)".
    private static func missed(_ misses: [Miss]) -> String {
        guard !misses.isEmpty else { return "none off by more than 1.5×" }
        var runs: [String] = []
        var figures: [String: [String]] = [:]
        for m in misses {
            if figures[m.id] == nil { runs.append(m.id) }
            figures[m.id, default: []].append("\(m.metric) \(shown(m.ratio))×")
        }
        return "\(Format.count(Double(misses.count), "figure")) of \(Format.count(Double(runs.count), "run")) off by more than 1.5× (predicted over measured): "
            + runs.map { "\($0) (\(figures[$0]!.joined(separator: ", ")))" }.joined(separator: "; ")
    }

    private static func percent(_ x: Double) -> String {
        x.isFinite ? "\(Int((x * 100).rounded())) %" : "unknown"
    }

    private static func list(_ names: [String]) -> String {
        guard let last = names.last else { return "no" }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " and " + last
    }
}
