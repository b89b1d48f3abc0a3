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
    /// engine's calibration never applies to a deployment that states another or none).
    /// `calibrations` are in file order and a later file wins, so a team's overlay replaces the
    /// shipped one whatever its entries name; within that file, the most specific entry: for
    /// the engine before for none, then for the stack before for none.
    public static func applying(to chip: ChipProfile, phase: Phase, engine: Serving.Engine? = nil,
                                in calibrations: [Calibration]) -> Calibration? {
        let applicable = calibrations.filter {
            $0.chip == chip.id && $0.phase == phase && ($0.engine == nil || $0.engine == engine) && ($0.stack == nil || $0.stack == chip.stack)
        }
        guard let file = applicable.last?.file else { return nil }
        func specificity(_ c: Calibration) -> Int { (c.engine == nil ? 0 : 2) + (c.stack == nil ? 0 : 1) }
        let inFile = applicable.filter { $0.file == file }
        let most = inFile.map(specificity).max()
        return inFile.last { specificity($0) == most }
    }
}

/// A calibration is one entry of one file: two are equal when they are the same entry.
extension Calibration: Hashable {
    public static func == (a: Calibration, b: Calibration) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
