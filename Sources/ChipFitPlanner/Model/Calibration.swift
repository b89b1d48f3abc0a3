/// Efficiency factors fitted to measurements (`chipfit calibrate`), for one chip, on one stack,
/// in one phase. Plans use them in place of the chip profile's and chipfit's defaults, and
/// say so: which factors, from how many measurements, of what provenance.
///
/// A class: every candidate's resolved efficiency refers to the calibration it used, and a
/// reference keeps that efficiency one pointer larger instead of three strings.
public final class Calibration: Sendable {
    public let chip: String
    /// The stack the measurements ran on; nil when they name none (the chip's own).
    public let stack: String?
    public let phase: Phase
    /// The fitted factors; a factor the measurements could not pin down is left out.
    public let efficiency: Efficiency
    public let measurements: Int
    /// The weakest provenance among the measurements.
    public let provenance: Measurement.Provenance
    /// The calibration file, for outputs to point at.
    public let file: String

    public init(chip: String, stack: String?, phase: Phase, efficiency: Efficiency, measurements: Int,
                provenance: Measurement.Provenance, file: String) {
        self.chip = chip
        self.stack = stack
        self.phase = phase
        self.efficiency = efficiency
        self.measurements = measurements
        self.provenance = provenance
        self.file = file
    }

    /// The calibration that applies to a chip on its stack in a phase: one for that stack,
    /// else one that names no stack. `calibrations` are in file order, and a later file's
    /// entry wins (a team's overlay over the shipped one).
    public static func applying(to chip: ChipProfile, phase: Phase, in calibrations: [Calibration]) -> Calibration? {
        calibrations.last { $0.chip == chip.id && $0.phase == phase && $0.stack == chip.stack }
            ?? calibrations.last { $0.chip == chip.id && $0.phase == phase && $0.stack == nil }
    }
}

/// A calibration is one entry of one file: two are equal when they are the same entry.
extension Calibration: Hashable {
    public static func == (a: Calibration, b: Calibration) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
