import ChipFitPlanner
import ChipFitYAML

/// The `Stack` file kind: what the format accepts and how a validated file becomes a `Stack`.
extension Schemas {
    static let component = ObjectSchema("component", [
        Field("action", .oneOf(ComponentAction.allCases.map(\.rawValue)), required: true,
              "`keep`, `upgrade`, `replace`, `rewrite` or `unsupported`."),
        Field("with", .string, "The replacement (required unless `keep` or `unsupported`)."),
        Field("effort", .oneOf(Effort.allCases.map(\.rawValue)), required: true, "`none`, `low`, `medium` or `high`."),
        Field("note", .string, "What to watch for."),
        Field("source", .string, "Where the mapping is documented."),
        Field("assumption", .string, "What was assumed when no source documents the mapping."),
    ])

    static let framework = ObjectSchema("framework", [
        Field("adapter", .string, required: true, "Package that adds the device to the framework, e.g. `torch_npu`."),
        Field("versions", .string, required: true, "Supported framework versions, e.g. `>=2.1 <2.7`."),
        Field("source", .string, "Where the version support is documented."),
    ])

    static let w8a8Rate = ObjectSchema("W8A8 rate", [
        Field("engines", .list(.oneOf(Serving.Engine.allCases.map(\.rawValue)), minItems: 1), required: true,
              "Serving engines (as `workload.serving.engine` names them) the finding is about."),
        Field("rate", .oneOf([Precision.bf16.rawValue, Precision.fp16.rawValue]), required: true,
              "The arithmetic whose peak their W8A8 matmuls reach: `bf16` or `fp16`."),
        Field("source", .string, required: true, "The measurements: W8A8 against 16-bit runs of the same deployment under those engines."),
        Field("note", .string, "What the measurements show and what is not settled."),
    ])

    public static let stack = ObjectSchema("Stack", header + [
        Field("id", .identifier, required: true, "Stack id named by chips."),
        Field("vendor", .string, required: true, "Maker."),
        Field("name", .string, required: true, "Display name."),
        Field("device", .string, required: true, "PyTorch device string, e.g. `npu`."),
        Field("frameworks", .map(.object(framework)), "Framework adapters keyed by framework, e.g. `pytorch`."),
        Field("collectives", .object(ObjectSchema("collectives", [
            Field("library", .string, required: true, "Collective communication library, e.g. `HCCL`."),
            Field("backend", .string, required: true, "`torch.distributed` backend string, e.g. `hccl`."),
        ])), required: true, "Collective communication."),
        Field("precisions", .list(.oneOf(precisionNames), minItems: 1), required: true,
              "Precisions the stack can execute models in."),
        Field("inference_engines", .list(.string), "Serving engines available on the stack."),
        Field("training_frameworks", .list(.string), "Training frameworks available on the stack."),
        Field("attention_kernels", .list(.string), "Fused attention kernels."),
        Field("quantization_formats", .list(.string), "Supported quantization formats, e.g. `W8A8`."),
        Field("migration_tools", .list(.string), "Tools that automate CUDA-to-stack migration."),
        Field("components", .map(.object(component)), required: true,
              "How each CUDA-ecosystem component maps onto this stack, keyed by the names specs use, compared as Python packaging compares package names (`flash_attn` is `flash-attn`)."),
        Field("w8a8_rates", .list(.object(w8a8Rate), minItems: 1),
              "Engines whose W8A8 (int8 weights and activations) matmuls run at a 16-bit rate on this stack rather than the chip's int8 peak, as measured; a spec that names such an engine (`workload.serving.engine`) and asks for int8 is planned at that rate."),
        Field("sources", .list(.string, minItems: 1), required: true, "Documentation the mappings come from."),
        uncertain, notes,
    ])
}

extension DocumentDecoder {
    func stack(_ o: Object, _ sink: inout DiagnosticSink) -> Stack? {
        checkUncertain(o, &sink)
        var frameworks: [String: FrameworkSupport] = [:]
        for (name, located) in o.object("frameworks")?.fields ?? [] {
            guard let f = located.object, let adapter = f.string("adapter"), let text = f.string("versions") else { continue }
            guard let range = VersionRange(text) else {
                sink.error(.invalidValue,
                           "`versions` must be space-separated comparisons such as `>=2.1 <2.7`; found `\(text)`",
                           at: f.location(of: "versions"), path: f.path(of: "versions"))
                continue
            }
            frameworks[name] = FrameworkSupport(adapter: adapter, versions: range, source: f.string("source"))
        }
        var components: [String: ComponentRule] = [:]
        for (name, located) in o.object("components")?.fields ?? [] {
            guard let c = located.object, let action = c.string("action").flatMap(ComponentAction.init(rawValue:)),
                  let effort = c.string("effort").flatMap(Effort.init(rawValue:)) else { continue }
            if c.string("with") == nil, action != .keep, action != .unsupported, !c.has("with") {
                sink.error(.missingField, "component `\(name)` with action `\(action.rawValue)` needs `with`: what replaces it",
                           at: c.location, path: c.path(of: "with"))
            }
            if !c.has("source"), !c.has("assumption") {
                sink.error(.missingField, "component `\(name)` needs a `source` (where the mapping is documented) or an `assumption`",
                           at: c.location, path: c.path(of: "source"))
            }
            // Specs name components as Python packaging does (`flash_attn` is `flash-attn`).
            let key = Versioned.normalised(name)
            if components[key] != nil {
                sink.error(.inconsistentValues, "component `\(name)` is `\(key)` again: names are compared as Python packaging compares them",
                           at: c.location, path: o.path(of: "components.\(name)"), suggestion: "keep one rule for `\(key)`")
            }
            components[key] = ComponentRule(action: action, replacement: c.string("with"), effort: effort,
                                             note: c.string("note"), source: c.string("source"),
                                             assumption: c.string("assumption"))
        }
        var rates: [W8A8Rate] = []
        var covered: Set<Serving.Engine> = []
        for item in o.list("w8a8_rates") ?? [] {
            guard let r = item.object, let rate = r.string("rate").flatMap(Precision.init(rawValue:)),
                  let source = r.string("source") else { continue }
            let engines = (r.strings("engines") ?? []).compactMap(Serving.Engine.init(rawValue:))
            if let again = engines.first(where: covered.contains) {
                sink.error(.inconsistentValues, "`w8a8_rates` names `\(again.rawValue)` twice: an engine has one rate",
                           at: r.location(of: "engines"), path: r.path(of: "engines"), suggestion: "keep `\(again.rawValue)` in one entry")
                continue
            }
            covered.formUnion(engines)
            rates.append(W8A8Rate(engines: engines, rate: rate, source: source, note: r.string("note")))
        }
        guard let id = o.string("id"), let vendor = o.string("vendor"), let name = o.string("name"),
              let device = o.string("device"), let coll = o.object("collectives"),
              let library = coll.string("library"), let backend = coll.string("backend") else { return nil }
        return Stack(
            id: id, vendor: vendor, name: name, device: device, frameworks: frameworks,
            collectiveLibrary: library, collectiveBackend: backend,
            precisions: Set((o.strings("precisions") ?? []).compactMap(Precision.init(rawValue:))),
            inferenceEngines: o.strings("inference_engines") ?? [], trainingFrameworks: o.strings("training_frameworks") ?? [],
            attentionKernels: o.strings("attention_kernels") ?? [], quantizationFormats: o.strings("quantization_formats") ?? [],
            migrationTools: o.strings("migration_tools") ?? [], components: components, w8a8Rates: rates,
            sources: o.strings("sources") ?? [], uncertain: o.strings("uncertain") ?? [], notes: o.string("notes"), file: file)
    }
}
