import ChipFitPlanner

/// `chipfit calibrate`'s outputs: the fit as a report for people, and the `kind: Calibration`
/// overlay that plans read.
public struct CalibrationRenderer: Sendable {
    public init() {}

    /// Per group: each factor's default and fitted value and whether the measurements pin it
    /// down, then every measured figure as predicted with the defaults, with the fit, and by a
    /// fit to the group's other measurements.
    public func report(_ groups: [Calibrator.Group]) -> String {
        var out = ""
        for g in groups {
            out += "\(g.chip) · \(g.phase.rawValue) · " + (g.stack.map { "stack \($0)" } ?? "the chip profile's stack")
                + (g.engine.map { " · engine \($0.rawValue)" } ?? "")
                + " · \(g.measurements.count) measurement\(g.measurements.count == 1 ? "" : "s") (\(g.provenance.rawValue))\n"
            var factors = [["factor", "default", "fitted", "pinned down"]]
            for f in Calibrator.Factor.allCases {
                guard let prior = g.prior[f], let fitted = g.fitted[f] else { continue }
                let why = g.used.isEmpty ? "no: no measurement could be planned; its default stays"
                    : g.atBound.contains(f) ? "no: the fit runs to the end of its range (\(Format.number(fitted))); the model cannot reproduce these figures"
                    : "no: the measurements do not tell it apart from the other factors or hardly depend on it; its default stays"
                factors.append([f.rawValue, Format.number(prior), g.pinned.contains(f) ? Format.number(fitted) : "-",
                                g.pinned.contains(f) ? "yes" : why])
            }
            out += Format.table(factors, indent: 2) + "\n"
            var rows = [["measurement", "figure", "measured", "with defaults", "fitted", "left out"]]
            func cell(_ x: Double?, _ measured: Double) -> String {
                guard let x else { return "-" }
                return "\(Format.number(x)) (\(ratio(x / measured)))"
            }
            for r in g.residuals {
                rows.append([r.measurement, r.metric.rawValue, Format.number(r.measured), cell(r.before, r.measured),
                             cell(r.after, r.measured), cell(r.leftOut, r.measured)])
            }
            if g.residuals.count > 0 { out += Format.table(rows, indent: 2) + "\n" }
            if let loo = g.leaveOneOutError {
                out += g.folds == g.used.count
                    ? "  leave-one-out: median absolute error \(Format.number(loo * 100)) % (each figure predicted by a fit to the others)\n"
                    : "  10-fold cross-validation: median absolute error \(Format.number(loo * 100)) % (each figure predicted by a fit without its tenth)\n"
            } else if !g.residuals.isEmpty {
                out += "  leave-one-out: needs two measurements or more\n"
            }
            for u in g.unusable {
                out += "  not used: \(u.measurement): \(u.reason)\n"
            }
            if g.pinned.isEmpty { out += "  no factor pinned down: no calibration for this group\n" }
        }
        return out
    }

    /// The overlay file: one entry per group that pinned a factor down.
    public func overlay(_ groups: [Calibrator.Group], id: String, generated: Day, source: String) -> String {
        var out = """
            # Efficiency factors fitted to measurements by `chipfit calibrate`. Put this file among the
            # profiles (`--profiles DIR`): plans use these factors on these chips and say so.
            apiVersion: chipfit/v1
            kind: Calibration
            id: \(id)
            generated: \(generated)
            source: \(quoted(source))
            calibrations:

            """
        for g in groups {
            guard let c = g.calibration(file: "") else { continue }
            out += "  - chip: \(c.chip)\n"
            if let stack = c.stack { out += "    stack: \(stack)\n" }
            out += "    phase: \(c.phase.rawValue)\n"
            if let engine = c.engine { out += "    engine: \(engine.rawValue)\n" }
            let e = c.efficiency
            let factors = [("compute", e.compute), ("memory", e.memory), ("interconnect", e.interconnect), ("experts", e.experts)]
                .compactMap { name, value in value.map { "\(name): \(rounded($0))" } }
            out += "    efficiency: {\(factors.joined(separator: ", "))}\n"
            out += "    measurements: \(c.measurements)\n"
            out += "    provenance: \(c.provenance.rawValue)\n"
            out += "    measurement_ids: [\(g.used.joined(separator: ", "))]\n"
            if let loo = g.leaveOneOutError { out += "    leave_one_out_error: \(rounded(loo))\n" }
        }
        return out
    }

    /// Predicted over measured, to two decimals: "0.94×".
    private func ratio(_ x: Double) -> String {
        guard x.isFinite else { return "∞×" }
        let hundredths = Int((x * 100).rounded())
        let fraction = String(hundredths % 100)
        return "\(hundredths / 100).\(fraction.count == 1 ? "0" + fraction : fraction)×"
    }

    /// Three decimals: finer than any measurement pins a factor down.
    private func rounded(_ x: Double) -> String {
        let r = (x * 1000).rounded() / 1000
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// A YAML double-quoted scalar: a JSON string is one.
    private func quoted(_ s: String) -> String { JSON.string(s).rendered(pretty: false) }
}
