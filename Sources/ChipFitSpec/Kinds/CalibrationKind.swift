import ChipFitPlanner
import ChipFitYAML

/// The `Calibration` file kind: efficiency factors fitted to measurements, per chip, stack and
/// phase, as `chipfit calibrate` writes them. A profile layer: put it among the profiles
/// (`--profiles DIR`) and plans use its factors instead of the chip profile's and chipfit's
/// defaults, naming it.
extension Schemas {
    static let calibrationEntry = ObjectSchema("calibration", [
        Field("chip", .identifier, required: true, "The chip profile the factors were fitted on."),
        Field("stack", .identifier, "The stack the measurements ran on; absent: whatever stack the chip profile names."),
        Field("phase", .oneOf(Phase.allCases.map(\.rawValue)), required: true, "`inference` or `training`."),
        Field("engine", .oneOf(Serving.Engine.allCases.map(\.rawValue)),
              "The serving engine the measurements ran on; the factors then apply only to deployments that state it (`workload.serving.engine`). Absent: measurements that name no engine, and the factors apply to any."),
        Field("efficiency", .object(efficiency), required: true,
              "The fitted factors; a factor the measurements could not pin down is left out, so the profile's or chipfit's default applies."),
        Field("measurements", .integer(min: 1, max: Limits.sequences), required: true, "How many measurements the factors were fitted to."),
        Field("provenance", .oneOf(Measurement.Provenance.allCases.map(\.rawValue)), required: true,
              "The weakest provenance among those measurements: `measured`, `published` or `sample`."),
        Field("measurement_ids", .list(.identifier), "The measurements' ids."),
        Field("leave_one_out_error", .number(min: 0, max: 1e6),
              "Median absolute error of each measurement predicted by a fit to the others (absent with one measurement)."),
    ])

    public static let calibration = ObjectSchema("Calibration", header + [
        Field("id", .identifier, required: true, "Calibration id."),
        Field("generated", .date, required: true, "When the factors were fitted."),
        Field("source", .string, required: true, "How they were fitted, e.g. the `chipfit calibrate` command line."),
        Field("calibrations", .list(.object(calibrationEntry), minItems: 1), required: true, "One entry per chip, stack, phase and engine."),
        notes,
    ])
}

extension DocumentDecoder {
    func calibration(_ o: Object, _ sink: inout DiagnosticSink) -> CalibrationSet? {
        guard let id = o.string("id") else { return nil }
        var entries: [Calibration] = []
        var chipLocations: [SourceLocation] = []
        var seen: [String: SourceLocation] = [:]
        for item in o.list("calibrations") ?? [] {
            guard let e = item.object, let chip = e.string("chip"),
                  let phase = e.string("phase").flatMap(Phase.init(rawValue:)),
                  let count = e.int("measurements"),
                  let provenance = e.string("provenance").flatMap(Measurement.Provenance.init(rawValue:)) else { continue }
            let stack = e.string("stack")
            let engine = e.string("engine").flatMap(Serving.Engine.init(rawValue:))
            if engine != nil, phase == .training {
                // A serving engine is stated in `workload.serving`, which a training spec has not.
                sink.error(.fieldNotForPhase, "`engine` names a serving engine; a training calibration would never apply",
                           at: e.keyLocation(of: "engine") ?? e.location, path: e.path(of: "engine"),
                           suggestion: "remove `engine`, or give `phase: inference`")
                continue
            }
            let key = [chip, stack ?? "", phase.rawValue, engine?.rawValue ?? ""].joined(separator: "\u{0}")
            if let first = seen[key] {
                sink.error(.conflictingFields, "a second calibration for `\(chip)`" + (stack.map { " on `\($0)`" } ?? "")
                            + (engine.map { " with `\($0.rawValue)`" } ?? "") + " in \(phase.rawValue)",
                           at: e.location, path: item.path, suggestion: "keep one entry per chip, stack, phase and engine",
                           related: [.init(message: "first entry", location: first)])
                continue
            }
            seen[key] = e.location
            entries.append(Calibration(chip: chip, stack: stack, phase: phase, engine: engine, efficiency: efficiency(e.object("efficiency")),
                                       measurements: count, provenance: provenance, file: file))
            chipLocations.append(e.location(of: "chip"))
        }
        return CalibrationSet(id: id, entries: entries, chipLocations: chipLocations)
    }
}

/// A `kind: Calibration` file as read.
public struct CalibrationSet: Sendable {
    public var id: String
    public var entries: [Calibration]
    /// Where each entry names its chip, in entry order, for findings about unknown chips.
    public var chipLocations: [SourceLocation]
}
