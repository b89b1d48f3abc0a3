#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fits efficiency factors to measurements (`chipfit calibrate`). Measurements are grouped by
/// chip, stack and phase; each group gets the factors that make the model reproduce its
/// figures, shrunk toward the factors that apply without a calibration (the chip profile's or
/// chipfit's defaults), so a factor few measurements speak to stays near its default. Pure.
///
/// The fit minimises, over the factors f of a group (in logs, by Levenberg–Marquardt),
///   Σ over measured figures w · (log predicted − log measured)² + λ · Σ over factors (log f − log f₀)²
/// with λ = 0.04: a measurement is taken to be good to about 10 % and a default to about a
/// factor of 1.6 (0.1² / 0.5²). A training measurement's figures (step time, tokens per second,
/// MFU) are one fact restated on a pinned layout, so they share one measurement's weight
/// (w = 1/their number); other figures count one each. A factor is pinned down when the
/// measurements at least halve its prior variance: the diagonal of (JᵀWJ + λI)⁻¹ is at most
/// 1/(2λ), J being how each log prediction moves with each log factor at the fit, so one
/// figure cannot pin two factors it moves together. A factor the fit pushes to the end of its
/// range (2 % or 100 % of peak) is not pinned: the model cannot reproduce those figures.
public struct Calibrator: Sendable {
    public enum Factor: String, Sendable, CaseIterable, Hashable {
        case compute, memory, interconnect, experts
    }

    /// One measured figure: what the model predicts for it before and after the fit.
    public struct Residual: Sendable {
        public var measurement: String
        public var metric: Measurement.Metric
        public var measured: Double
        /// With the factors that apply without a calibration.
        public var before: Double?
        public var after: Double?
        /// Predicted by a fit to the group's other measurements (all but this one, or, in a group
        /// of more than `leaveOneOutLimit`, all but its tenth); nil with one measurement.
        public var leftOut: Double?
    }

    public struct Group: Sendable {
        public var chip: String
        public var stack: String?
        public var phase: Phase
        /// The serving engine the group's measurements state; nil when they state none.
        public var engine: Serving.Engine?
        public var measurements: [String]
        public var provenance: Measurement.Provenance
        /// The fitted value of every factor the group fits, and the value it started from.
        public var fitted: [Factor: Double]
        public var prior: [Factor: Double]
        /// Factors the measurements pin down; the others are left out of the calibration.
        public var pinned: Set<Factor>
        /// Factors the fit pushed to the end of their range: the figures are beyond the model.
        public var atBound: Set<Factor>
        public var residuals: [Residual]
        /// Cross-validation folds: the usable measurements (leave-one-out), or 10; 0 with one.
        public var folds: Int
        /// A figure the model cannot produce for its deployment (it does not fit, say), with why.
        public var unusable: [(measurement: String, reason: String)]

        /// The measurements the fit used (those the model can plan), by id.
        public var used: [String]

        /// The calibration entry: the pinned factors only, from the measurements used.
        public func calibration(file: String) -> Calibration? {
            guard !pinned.isEmpty else { return nil }
            func value(_ f: Factor) -> Double? { pinned.contains(f) ? fitted[f] : nil }
            return Calibration(chip: chip, stack: stack, phase: phase, engine: engine,
                               efficiency: Efficiency(compute: value(.compute), memory: value(.memory),
                                                      interconnect: value(.interconnect), experts: value(.experts)),
                               measurements: used.count, provenance: provenance, file: file)
        }

        /// Median absolute error of the figures predicted by fits to the other measurements.
        public var leaveOneOutError: Double? {
            let errors = residuals.compactMap { r in r.leftOut.map { abs($0 / r.measured - 1) } }
            return median(errors)
        }
    }

    public static let priorWeight = 0.04
    /// Groups up to this size are cross-validated leaving one measurement out at a time;
    /// larger ones in ten folds.
    public static let leaveOneOutLimit = 20
    /// Factors range over what a chip can reach: from 2 % to all of its peak.
    static let range = (low: 0.02, high: 1.0)

    public let planner: Planner
    public let chips: [String: ChipProfile]

    public init(planner: Planner, chips: [String: ChipProfile]) {
        self.planner = planner
        self.chips = chips
    }

    /// Fits every chip × stack × phase × engine group of `measurements`, in order of first appearance.
    public func fit(_ measurements: [Measurement]) -> [Group] {
        var order: [String] = []
        var groups: [String: [Measurement]] = [:]
        for m in measurements where chips[m.chip] != nil {
            let w = m.deployment.deployment.workload
            let key = [m.chip, m.stack ?? "", w.phase.rawValue, w.serving.engine?.rawValue ?? ""].joined(separator: "\u{0}")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(m)
        }
        return order.map { fitGroup(groups[$0]!) }
    }

    private func fitGroup(_ ms: [Measurement]) -> Group {
        let first = ms[0]
        let chip = chips[first.chip]!
        let phase = first.deployment.deployment.workload.phase
        var factors: [Factor] = phase == .training ? [.compute, .interconnect] : [.compute, .memory, .interconnect]
        if phase == .inference, ms.contains(where: { $0.deployment.architecture.isMoE }) { factors.append(.experts) }
        let start = ResolvedEfficiency(spec: Efficiency(), chip: chip.efficiency, phase: phase)
        var prior: [Factor: Double] = [:]
        for f in factors { prior[f] = start.value(f) }

        // Figures the model can produce at the starting factors; the others are reported.
        var usable: [Measurement] = []
        var unusable: [(String, String)] = []
        for m in ms {
            let (_, reason) = predict(m, prior)
            if let reason { unusable.append((m.id, reason)) } else { usable.append(m) }
        }
        let fitted = usable.isEmpty ? prior : minimise(usable, factors, prior)
        var pinned = Set<Factor>(), atBound = Set<Factor>()
        if !usable.isEmpty {
            let variances = posteriorVariances(usable, factors, fitted)
            for (k, f) in factors.enumerated() {
                let bounded = fitted[f]! <= Self.range.low * 1.01 || fitted[f]! >= Self.range.high * 0.99
                if bounded { atBound.insert(f) } else if variances[k] <= 1 / (2 * Self.priorWeight) { pinned.insert(f) }
            }
        }
        // Each measurement predicted by a fit to the others: one left out at a time, or for
        // larger groups one of ten folds at a time, so the cost stays linear in the group.
        let folds = usable.count <= Self.leaveOneOutLimit ? usable.count : 10
        var foldFits: [[Factor: Double]] = []
        if usable.count > 1 {
            for k in 0..<folds {
                let others = usable.indices.filter { $0 % folds != k }.map { usable[$0] }
                foldFits.append(minimise(others, factors, prior))
            }
        }
        var residuals: [Residual] = []
        for (i, m) in usable.enumerated() {
            let before = predict(m, prior).values, after = predict(m, fitted).values
            let leftOut: [Double?] = foldFits.isEmpty ? m.figures.map { _ in nil } : predict(m, foldFits[i % folds]).values
            for (j, figure) in m.figures.enumerated() {
                residuals.append(Residual(measurement: m.id, metric: figure.metric, measured: figure.value,
                                          before: before[j], after: after[j], leftOut: leftOut[j]))
            }
        }
        return Group(chip: first.chip, stack: first.stack, phase: phase, engine: first.deployment.deployment.workload.serving.engine, measurements: ms.map(\.id),
                     provenance: (usable.isEmpty ? ms : usable).map(\.provenance).min()!, fitted: fitted, prior: prior,
                     pinned: pinned, atBound: atBound, residuals: residuals, folds: foldFits.count, unusable: unusable,
                     used: usable.map(\.id))
    }

    /// Each figure of a measurement as the model predicts it with the given factors, or why
    /// the model has none (the deployment does not fit on its chip, say).
    func predict(_ m: Measurement, _ factors: [Factor: Double]) -> (values: [Double?], reason: String?) {
        var d = m.deployment.deployment
        d.workload.efficiency = Efficiency(compute: factors[.compute], memory: factors[.memory],
                                           interconnect: factors[.interconnect], experts: factors[.experts])
        let candidate = planner.candidate(d, ModelShape(m.deployment.architecture), chips[m.chip]!)
        guard let e = candidate.evaluation, e.memory.fits else {
            let why = candidate.rejections.first { $0.code == .outOfMemory || $0.code == .noParallelLayout }
            return (m.figures.map { _ in nil }, why?.message ?? "the model gives no figures for this deployment on \(m.chip)")
        }
        let values = m.figures.map { $0.metric.value(in: candidate) }
        if let missing = m.figures.indices.first(where: { values[$0].map { !($0 > 0 && $0.isFinite) } ?? true }) {
            return (values, "the model gives no \(m.figures[missing].metric.rawValue) for this deployment")
        }
        return (values, nil)
    }

    /// The residuals the fit squares and sums: each figure's log error, then each factor's
    /// log distance from its prior, weighted by √λ. A figure the model cannot produce at these
    /// factors counts as a large error, so the fit stays where it can.
    private func residuals(_ ms: [Measurement], _ factors: [Factor], _ logs: [Double], _ prior: [Factor: Double]) -> [Double] {
        var x: [Factor: Double] = [:]
        for (f, t) in zip(factors, logs) { x[f] = exp(t) }
        var out: [Double] = []
        for m in ms {
            let values = predict(m, x).values
            let weight = Self.figureWeight(m).squareRoot()
            for (j, figure) in m.figures.enumerated() {
                guard let v = values[j], v > 0, v.isFinite else { out.append(10); continue }
                out.append(weight * log(v / figure.value))
            }
        }
        let weight = Self.priorWeight.squareRoot()
        for (f, t) in zip(factors, logs) { out.append(weight * (t - log(prior[f]!))) }
        return out
    }

    /// Levenberg–Marquardt in the logs of the factors, within `range`: few factors, smooth
    /// residuals, and factors that pull on the same figures (compute and memory both set a
    /// step's time), which a damped Gauss–Newton step handles where one factor at a time crawls.
    private func minimise(_ ms: [Measurement], _ factors: [Factor], _ prior: [Factor: Double]) -> [Factor: Double] {
        let low = log(Self.range.low), high = log(Self.range.high)
        var t = factors.map { log(prior[$0]!) }
        func cost(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }
        var r = residuals(ms, factors, t, prior)
        var damping = 1e-3
        for _ in 0..<60 {
            // Jacobian by forward differences of 1 % (in log space), stepping inward at a bound.
            var columns: [[Double]] = []
            for k in t.indices {
                var u = t
                let h = u[k] + 0.01 > high ? -0.01 : 0.01
                u[k] += h
                let ru = residuals(ms, factors, u, prior)
                columns.append(zip(ru, r).map { ($0 - $1) / h })
            }
            let n = t.count
            var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            var g = [Double](repeating: 0, count: n)
            for i in 0..<n {
                for j in 0..<n { a[i][j] = zip(columns[i], columns[j]).reduce(0) { $0 + $1.0 * $1.1 } }
                g[i] = zip(columns[i], r).reduce(0) { $0 + $1.0 * $1.1 }
            }
            var improved = false
            while damping < 1e8 {
                var m = a
                for i in 0..<n { m[i][i] += damping * (a[i][i] + 1e-9) }
                guard let step = solve(m, g.map { -$0 }) else { damping *= 10; continue }
                let trial = zip(t, step).map { min(high, max(low, $0 + $1)) }
                let rt = residuals(ms, factors, trial, prior)
                if cost(rt) < cost(r) {
                    let moved = zip(trial, t).map { abs($0 - $1) }.max() ?? 0
                    t = trial
                    r = rt
                    damping = max(1e-9, damping / 3)
                    improved = moved > 1e-7
                    break
                }
                damping *= 4
            }
            if !improved { break }
        }
        var x: [Factor: Double] = [:]
        for (f, v) in zip(factors, t) { x[f] = exp(v) }
        return x
    }

    /// The weight of each figure of a measurement: training figures restate one step time on a
    /// pinned layout and share one weight; inference figures (TTFT, TPOT, throughput) count alone.
    static func figureWeight(_ m: Measurement) -> Double {
        m.deployment.deployment.workload.phase == .training ? 1 / Double(max(1, m.figures.count)) : 1
    }

    /// The diagonal of (JᵀWJ + λI)⁻¹ at the fit: each factor's variance in log space once the
    /// measurements have spoken, against 1/λ before.
    private func posteriorVariances(_ ms: [Measurement], _ factors: [Factor], _ fitted: [Factor: Double]) -> [Double] {
        let t = factors.map { log(fitted[$0]!) }
        let base = residuals(ms, factors, t, fitted)
        let dataRows = base.count - factors.count
        var columns: [[Double]] = []
        for k in t.indices {
            var u = t
            let h = u[k] + 0.01 > log(Self.range.high) ? -0.01 : 0.01
            u[k] += h
            let r = residuals(ms, factors, u, fitted)
            columns.append((0..<dataRows).map { (r[$0] - base[$0]) / h })
        }
        let n = t.count
        var precision = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0..<n { precision[i][j] = zip(columns[i], columns[j]).reduce(0) { $0 + $1.0 * $1.1 } }
            precision[i][i] += Self.priorWeight
        }
        return (0..<n).map { k in
            var unit = [Double](repeating: 0, count: n)
            unit[k] = 1
            return solve(precision, unit).map { $0[k] } ?? .infinity
        }
    }
}

extension ResolvedEfficiency {
    func value(_ f: Calibrator.Factor) -> Double {
        switch f {
        case .compute: compute
        case .memory: memory
        case .interconnect: interconnect
        case .experts: experts
        }
    }
}

/// Solves a x = b by Gaussian elimination with partial pivoting; nil when a is singular.
func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
    var m = a, y = b
    let n = y.count
    for col in 0..<n {
        guard let pivot = (col..<n).max(by: { abs(m[$0][col]) < abs(m[$1][col]) }), abs(m[pivot][col]) > 1e-300 else { return nil }
        m.swapAt(col, pivot)
        y.swapAt(col, pivot)
        for row in (col + 1)..<n {
            let f = m[row][col] / m[col][col]
            for k in col..<n { m[row][k] -= f * m[col][k] }
            y[row] -= f * y[col]
        }
    }
    var x = [Double](repeating: 0, count: n)
    for row in stride(from: n - 1, through: 0, by: -1) {
        var sum = y[row]
        for k in (row + 1)..<n { sum -= m[row][k] * x[k] }
        x[row] = sum / m[row][row]
    }
    return x
}

func median(_ xs: [Double]) -> Double? {
    guard !xs.isEmpty else { return nil }
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
