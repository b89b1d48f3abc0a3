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
    /// The serving engine the measurements ran on; nil when they name none. A calibration for
    /// an engine applies only to deployments that state it.
    public let engine: Serving.Engine?
    /// The fitted factors; a factor the measurements could not pin down is left out.
    public let efficiency: Efficiency
    public let measurements: Int
    /// The weakest provenance among the measurements.
    public let provenance: Measurement.Provenance
    /// The calibration file, for outputs to point at.
    public let file: String

    public init(chip: String, stack: String?, phase: Phase, engine: Serving.Engine? = nil, efficiency: Efficiency, measurements: Int,
                provenance: Measurement.Provenance, file: String) {
        self.chip = chip
        self.stack = stack
        self.phase = phase
        self.engine = engine
        self.efficiency = efficiency
        self.measurements = measurements
        self.provenance = provenance
        self.file = file
    }

    /// The calibration that applies to a chip on its stack in a phase, run by `engine`. An entry
    /// applies when it names that chip and phase, that stack or none, and that engine or none (an
    /// engine's calibration never applies to a deployment that states another or none). The most
    /// specific applies: for the engine before for none, then for the stack before for none,
    /// whatever the files are called; between entries for the same chip, stack, phase and
    /// engine, the later file's (a team's overlay over the shipped one), which replaces the
    /// other whole rather than adding to it.
    public static func applying(to chip: ChipProfile, phase: Phase, engine: Serving.Engine? = nil,
                                in calibrations: [Calibration]) -> Calibration? {
        let engines: [Serving.Engine?] = engine == nil ? [nil] : [engine, nil]
        for e in engines {
            for stack in [chip.stack, nil] {
                if let c = calibrations.last(where: { $0.chip == chip.id && $0.phase == phase && $0.engine == e && $0.stack == stack }) {
                    return c
                }
            }
        }
        return nil
    }
}

/// A calibration is one entry of one file: two are equal when they are the same entry.
extension Calibration: Hashable {
    public static func == (a: Calibration, b: Calibration) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
