import ChipFitPlanner
import ChipFitYAML

/// The `Measurement` file kind: a figure measured on a real system, with the deployment as it
/// ran (model, workload, pinned layout, chip) and where it came from. `chipfit calibrate`
/// fits efficiency factors to a set of them.
extension Schemas {
    /// Training workloads need no `tokens`: a measurement times steps, not a whole run.
    static func measurementRequires(_ phase: Phase) -> [String] {
        phase == .inference ? ["input_tokens", "output_tokens"] : ["sequence_length", "global_batch_size"]
    }

    static let measuredFigures = ObjectSchema("measured", Measurement.Metric.allCases.map { metric in
        switch metric {
        case .ttftMs: Field("ttft_ms", .number(min: Limits.shortestMilliseconds, max: 1e9), "Inference: mean time to first token, milliseconds.")
        case .tpotMs: Field("tpot_ms", .number(min: Limits.shortestMilliseconds, max: 1e9), "Inference: mean time per output token after the first, milliseconds.")
        case .outputTokensPerSecond: Field("output_tokens_per_s", .number(min: Limits.slowestRate, max: 1e12), "Inference: generated tokens per second, all chips together.")
        case .outputTokensPerSecondPerChip: Field("output_tokens_per_s_per_chip", .number(min: Limits.slowestRate, max: 1e12), "Inference: generated tokens per second per chip.")
        case .inputTokensPerSecondPerChip: Field("input_tokens_per_s_per_chip", .number(min: Limits.slowestRate, max: 1e12), "Inference: prompt tokens prefilled per second per chip.")
        case .stepSeconds: Field("step_s", .number(min: Limits.shortestMilliseconds / 1000, max: 1e9), "Training: seconds per optimizer step.")
        case .trainingTokensPerSecondPerChip: Field("training_tokens_per_s_per_chip", .number(min: Limits.slowestRate, max: 1e12), "Training: tokens per second per chip.")
        case .mfu: Field("mfu", .number(min: Limits.smallestFraction, max: 1), "Training: model FLOPs utilisation, as chipfit counts it (docs/model.md).")
        }
    })

    public static let measurement = ObjectSchema("Measurement", header + [
        Field("id", .identifier, required: true, "Measurement id, unique among the measurements of one run."),
        Field("description", .string, "What was measured."),
        Field("chip", .identifier, required: true, "The chip profile it ran on."),
        Field("stack", .identifier, "The stack it ran on, for the record: it must be the chip profile's, which chipfit plans the chip on."),
        Field("software", .list(.string), "Engine, framework and runtime versions, e.g. `vllm-ascend@0.11.0`."),
        Field("date", .date, required: true, "When it was measured."),
        Field("source", .string, required: true, "Where the figures come from: a run, a dashboard, a paper (URL or citation)."),
        Field("provenance", .oneOf(Measurement.Provenance.allCases.map(\.rawValue)), required: true,
              "`measured` (the team's own run), `published` (read in a publication) or `sample` (made up to show the format)."),
        Field("model", .object(ObjectSchema("model", [
            Field("preset", .identifier, "A model preset id (`profiles/models/`)."),
            Field("architecture", .object(ObjectSchema("architecture", architectureFields(coreRequired: false))),
                  "Inline architecture, or overrides of the preset's fields."),
        ])), required: true, "The model that ran."),
        Field("workload", .object(ObjectSchema("workload", workload.fields, conditionals: [
            .init(field: "phase", value: "inference", required: measurementRequires(.inference)),
            .init(field: "phase", value: "training", required: measurementRequires(.training)),
        ])), required: true, "What ran, as a deployment states it, with `parallelism` pinned: tensor, pipeline and data (and expert for a mixture-of-experts model); a disaggregated run pins each pool under `serving.disaggregation` instead."),
        Field("measured", .object(measuredFigures), required: true, "The figures measured; at least one, of the workload's phase."),
        notes,
    ])
}

extension DocumentDecoder {
    func measurement(_ o: Object, _ sink: inout DiagnosticSink) -> MeasurementDocument? {
        guard let id = o.string("id"), let chip = o.string("chip"), let date = o.date("date"),
              let source = o.string("source"),
              let provenance = o.string("provenance").flatMap(Measurement.Provenance.init(rawValue:)),
              let measured = o.object("measured"), let w = o.object("workload") else { return nil }
        guard let (model, workload) = modelAndWorkload(o, required: Schemas.measurementRequires, &sink) else { return nil }
        var complete = true
        if w.has("efficiency") {
            sink.error(.inconsistentValues, "a measurement states what ran, not efficiencies: `chipfit calibrate` fits those",
                       at: w.keyLocation(of: "efficiency") ?? w.location, path: w.path(of: "efficiency"),
                       suggestion: "remove `workload.efficiency`")
            complete = false
        }
        // A disaggregated run pins each pool's layout where a deployment states it.
        let pools = w.object("serving")?.object("disaggregation")
        let layouts: [(object: Object?, parent: Object, key: String)] = pools.map { d in
            ["prefill", "decode"].map { (d.object($0), d, $0) }
        } ?? [(w.object("parallelism"), w, "parallelism")]
        for (par, parent, key) in layouts {
            let unpinned = ["tensor", "pipeline", "data"].filter { par?.has($0) != true }
            guard !unpinned.isEmpty else { continue }
            sink.error(.missingField, "a measurement pins its layout; `\(key)` needs " + unpinned.map { "`\($0)`" }.joined(separator: ", "),
                       at: par?.location ?? parent.location, path: parent.path(of: key),
                       suggestion: "add them as the run used them, e.g. `\(key): {tensor: 8, pipeline: 1, data: 1}`")
            complete = false
        }
        var figures: [(metric: Measurement.Metric, value: Double)] = []
        for metric in Measurement.Metric.allCases {
            guard let value = measured.number(metric.rawValue) else { continue }
            guard metric.phase == workload.phase else {
                sink.error(.fieldNotForPhase, "`\(metric.rawValue)` is a \(metric.phase.rawValue) figure; this workload is `\(workload.phase.rawValue)`",
                           at: measured.keyLocation(of: metric.rawValue) ?? measured.location, path: measured.path(of: metric.rawValue),
                           suggestion: "remove it, or change `workload.phase`")
                complete = false
                continue
            }
            figures.append((metric, value))
        }
        if figures.isEmpty, complete {
            sink.error(.missingField, "`measured` gives no figure; give at least one of "
                        + Measurement.Metric.allCases.filter { $0.phase == workload.phase }.map { "`\($0.rawValue)`" }.joined(separator: ", "),
                       at: measured.location, path: o.path(of: "measured"))
            complete = false
        }
        guard complete else { return nil }
        // Planned on its chip alone, whatever its certification, at the size it ran (its degrees'
        // product counts ranks, both pools' when disaggregated: under `rank: die` a bound above
        // the chips it needs).
        func ranks(_ p: Workload.Parallelism) -> Double { [p.tensor, p.pipeline, p.data].reduce(1.0) { $0 * Double($1 ?? 1) } }
        let chips: Double
        if case .disaggregated(let prefill, let decode) = workload.serving.mode {
            chips = ranks(prefill) + ranks(decode)
        } else {
            chips = ranks(workload.parallelism)
        }
        let requirements = Requirements(certification: .ignore, maxChips: Int(min(chips, Double(Int32.max))),
                                        chips: [chip], excludeVendors: [])
        let deployment = Deployment(name: id, description: o.string("description"), workload: workload,
                                    toolchain: Toolchain(framework: nil, runtime: nil, components: []),
                                    requirements: requirements, file: file, nameLocation: o.location(of: "id"))
        return MeasurementDocument(document: DeploymentDocument(deployment: deployment, model: model, fields: o),
                                   chip: chip, stack: o.string("stack"), software: o.strings("software") ?? [],
                                   date: date, source: source, provenance: provenance, figures: figures)
    }
}

/// A `kind: Measurement` file as read: the deployment it describes (its model not yet
/// resolved) and what was measured.
public struct MeasurementDocument: Sendable {
    public var document: DeploymentDocument
    public var chip: String
    public var stack: String?
    public var software: [String]
    public var date: Day
    public var source: String
    public var provenance: Measurement.Provenance
    public var figures: [(metric: Measurement.Metric, value: Double)]

    /// The measurement with its model resolved.
    public func resolved(_ architecture: Architecture) -> Measurement {
        Measurement(id: document.deployment.name,
                    deployment: ResolvedDeployment(deployment: document.deployment, architecture: architecture),
                    chip: chip, stack: stack, software: software, date: date, source: source,
                    provenance: provenance, figures: figures)
    }
}
