import ChipFitPlanner
import ChipFitYAML

/// Turns a schema-validated mapping into a typed document, running the checks that involve
/// more than one field of the same file. Returns nil only when required fields are absent.
/// Each kind's decoding sits beside its schema, in `Kinds/`.
struct DocumentDecoder {
    let file: String

    func decode(_ kind: Kind, _ o: Object, _ sink: inout DiagnosticSink) -> LoadedFile.Document? {
        switch kind {
        case .deployment: deployment(o, &sink).map { .deployment($0) }
        case .model: model(o, &sink).map { .model($0) }
        case .chip: chip(o, &sink).map { .chip($0) }
        case .stack: stack(o, &sink).map { .stack($0) }
        case .certificationList: certificationList(o, &sink).map { .certificationList($0) }
        case .measurement: measurement(o, &sink).map { .measurement($0) }
        case .calibration: calibration(o, &sink).map { .calibration($0) }
        case .prices: prices(o, &sink).map { .prices($0) }
        }
    }

    func efficiency(_ o: Object?) -> Efficiency {
        Efficiency(compute: o?.number("compute"), memory: o?.number("memory"), interconnect: o?.number("interconnect"),
                   experts: o?.number("experts"))
    }

    /// `uncertain` must name fields the profile actually has, or the flag protects nothing.
    func checkUncertain(_ o: Object, _ sink: inout DiagnosticSink) {
        for item in o.list("uncertain") ?? [] {
            guard let path = item.string else { continue }
            var current: Object? = o
            var found = true
            for part in path.split(separator: ".").map(String.init) {
                guard let c = current, c.has(part) else { found = false; break }
                current = c.object(part)
            }
            if !found {
                sink.warning(.unknownUncertainPath, "`uncertain` names `\(path)`, which this profile does not set",
                             at: item.location, path: item.path, suggestion: "use a dotted path such as `compute.bf16`")
            }
        }
    }
}
