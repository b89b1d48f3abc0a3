import ChipFitPlanner

extension ResolvedEfficiency {
    /// Where calibrated factors came from, for every output built on them: "calibrated from
    /// 3 published measurements (profiles-local/calibration.yaml)", naming the engine of an
    /// engine's calibration; nil when none is calibrated.
    public var calibrationNote: String? {
        guard let c = calibration else { return nil }
        return "calibrated from \(c.measurements) \(c.provenance.rawValue) measurement\(c.measurements == 1 ? "" : "s")"
            + (c.engine.map { " of \($0.rawValue)" } ?? "") + " (\(c.file))"
    }
}
