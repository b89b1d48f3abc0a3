import ChipFitPlanner
import ChipFitYAML

/// Turns a schema-validated mapping into a typed document, running the checks that involve
/// more than one field of the same file. Returns nil only when required fields are absent.
struct DocumentDecoder {
    let file: String

    func decode(_ kind: Kind, _ o: Object, _ sink: inout DiagnosticSink) -> LoadedFile.Document? {
        switch kind {
        case .deployment: deployment(o, &sink).map { .deployment($0) }
        case .model: model(o, &sink).map { .model($0) }
        case .chip: chip(o, &sink).map { .chip($0) }
        case .stack: stack(o, &sink).map { .stack($0) }
        case .certificationList: certificationList(o, &sink).map { .certificationList($0) }
        }
    }

    private func efficiency(_ o: Object?) -> Efficiency {
        Efficiency(compute: o?.number("compute"), memory: o?.number("memory"), interconnect: o?.number("interconnect"))
    }

    // MARK: Model preset

    func model(_ o: Object, _ sink: inout DiagnosticSink) -> ModelPreset? {
        guard let id = o.string("id"), let source = o.string("source"), let archObject = o.object("architecture"),
              let arch = ArchitectureResolver(layers: [archObject])
                .resolve(origin: archObject.location, originPath: "architecture", &sink)
        else { return nil }
        checkUncertain(o, &sink)
        return ModelPreset(id: id, name: o.string("name"), source: source, architecture: arch, fields: archObject, file: file)
    }

    // MARK: Chip

    func chip(_ o: Object, _ sink: inout DiagnosticSink) -> ChipProfile? {
        checkUncertain(o, &sink)
        guard let id = o.string("id"), let vendor = o.string("vendor"), let name = o.string("name"),
              let stack = o.string("stack"), let memory = o.object("memory"),
              let capacity = memory.quantity("capacity"), let bandwidth = memory.quantity("bandwidth"),
              let computeObject = o.object("compute"), let node = o.object("node"),
              let chips = node.int("chips"), let link = node.string("interconnect"),
              let linkBandwidth = node.quantity("bandwidth"),
              let basis = o.string("compute_basis").flatMap(ChipProfile.ComputeBasis.init(rawValue:))
        else { return nil }
        var compute: [Precision: Double] = [:]
        for p in Precision.allCases { if let q = computeObject.quantity(p.rawValue) { compute[p] = q.value } }
        if compute.isEmpty, !computeObject.hasRefusedValues {
            sink.error(.missingField, "`compute` must list the peak rate of at least one precision",
                       at: computeObject.location, path: "compute")
            return nil
        }
        let unrated = Set((o.strings("unrated") ?? []).compactMap(Precision.init(rawValue:)))
        for p in Precision.allCases where unrated.contains(p) && compute[p] != nil {
            sink.error(.inconsistentValues, "`unrated` lists \(p.rawValue), but `compute` gives its rate",
                       at: o.location(of: "unrated"), path: "unrated", suggestion: "remove \(p.rawValue) from one of them")
        }
        let scaleOut = o.object("scale_out")
        return ChipProfile(
            id: id, vendor: vendor, name: name,
            positioning: Set((o.strings("positioning") ?? []).compactMap(Phase.init(rawValue:))),
            stack: stack, memoryCapacity: capacity.value, memoryBandwidth: bandwidth.value,
            memoryType: memory.string("type"), compute: compute, unrated: unrated, computeBasis: basis, chipsPerNode: chips,
            interconnect: link, interconnectBandwidth: linkBandwidth.value,
            interconnectBidirectional: node.string("direction") != "per_direction",
            scaleOutFabric: scaleOut?.string("fabric"), scaleOutBandwidth: scaleOut?.quantity("bandwidth")?.value,
            power: o.quantity("power")?.value, formFactor: o.string("form_factor"), efficiency: efficiency(o.object("efficiency")),
            sources: o.strings("sources") ?? [], uncertain: o.strings("uncertain") ?? [], notes: o.string("notes"),
            file: file)
    }

    /// `uncertain` must name fields the profile actually has, or the flag protects nothing.
    private func checkUncertain(_ o: Object, _ sink: inout DiagnosticSink) {
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

    // MARK: Stack

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
            components[name] = ComponentRule(action: action, replacement: c.string("with"), effort: effort,
                                             note: c.string("note"), source: c.string("source"),
                                             assumption: c.string("assumption"))
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
            migrationTools: o.strings("migration_tools") ?? [], components: components,
            sources: o.strings("sources") ?? [], uncertain: o.strings("uncertain") ?? [], notes: o.string("notes"), file: file)
    }

    // MARK: Certification list

    func certificationList(_ o: Object, _ sink: inout DiagnosticSink) -> CertificationList? {
        var entries: [CertificationEntry] = []
        for item in o.list("entries") ?? [] {
            guard let e = item.object else { continue }
            var chips: [String] = []
            if e.has("chip") && e.has("chips") {
                sink.error(.conflictingFields, "an entry names either `chip` or `chips`, not both",
                           at: e.location(of: "chips"), path: e.path(of: "chips"))
            } else if !e.has("chip") && !e.has("chips") {
                sink.error(.missingField, "entry names no chip; add `chip: ID` (or `chips: [ID, …]` with `mapping`)",
                           at: e.location, path: e.path(of: "chip"))
            }
            var chipLocations: [SourceLocation] = []
            if let c = e.string("chip") {
                chips = [c]
                chipLocations = [e.location(of: "chip")]
            } else if let cs = e.list("chips") {
                chips = cs.compactMap(\.string)
                chipLocations = cs.map(\.location)
            }
            if e.has("chips"), !e.has("mapping") {
                sink.error(.missingField,
                           "an entry with `chips` must say whether the product→chip mapping is `confirmed` or `assumed`",
                           at: e.location(of: "chips"), path: e.path(of: "mapping"))
            }
            guard let category = e.string("category").flatMap(CertificationCategory.init(rawValue:)),
                  let from = e.date("valid_from"), let until = e.date("valid_until"), !chips.isEmpty else { continue }
            if until < from {
                sink.error(.inconsistentValues, "`valid_until` (\(until)) is before `valid_from` (\(from))",
                           at: e.location(of: "valid_until"), path: e.path(of: "valid_until"))
                continue
            }
            let entry = CertificationEntry(
                product: e.string("product"), vendor: e.string("vendor"), chips: chips,
                mapping: e.string("mapping") == "assumed" ? .assumed : .confirmed, category: category,
                level: e.string("level"), validFrom: from, validUntil: until, note: e.string("note"),
                location: e.location, chipLocations: chipLocations)
            // Two entries for one chip and category whose validity overlaps are ambiguous.
            for earlier in entries where earlier.category == category {
                let shared = Set(earlier.chips).intersection(chips).sorted()
                if let chip = shared.first, earlier.validFrom <= until, from <= earlier.validUntil {
                    sink.error(.overlappingValidity,
                               "`\(chip)` is already certified as \(category.rawValue) from \(earlier.validFrom) to \(earlier.validUntil) by an earlier entry; validity periods overlap",
                               at: e.location, path: item.path,
                               related: [.init(message: "earlier entry", location: earlier.location)])
                }
            }
            entries.append(entry)
        }
        guard let id = o.string("id"), let scheme = o.string("scheme"), let announcement = o.string("announcement"),
              let published = o.date("published"),
              let provenance = o.string("provenance").flatMap(Provenance.init(rawValue:)),
              let source = o.string("source") else { return nil }
        return CertificationList(
            id: id, scheme: scheme, issuers: o.strings("issuers") ?? [], announcement: announcement,
            published: published, provenance: provenance, source: source, sources: o.strings("sources") ?? [],
            entries: entries, notes: o.string("notes"), file: file)
    }

    // MARK: Deployment

    func deployment(_ o: Object, _ sink: inout DiagnosticSink) -> DeploymentDocument? {
        guard let name = o.string("name"), let m = o.object("model"), let w = o.object("workload") else { return nil }
        let source: ModelSource
        let overrides = m.object("architecture")
        if m.has("preset") && m.has("hf_config") {
            sink.error(.conflictingFields, "give `model.preset` or `model.hf_config`, not both",
                       at: m.location(of: "hf_config"), path: m.path(of: "hf_config"))
            return nil
        } else if let preset = m.string("preset") {
            source = .preset(id: preset, overrides: overrides)
        } else if let path = m.string("hf_config") {
            source = .hfConfig(path: path, overrides: overrides)
        } else if let inline = overrides {
            guard ArchitectureResolver(layers: [inline]).resolve(
                origin: inline.location, originPath: inline.path, &sink) != nil else { return nil }
            source = .inline(inline)
        } else {
            if !m.has("preset"), !m.has("hf_config"), !m.has("architecture") {
                sink.error(.missingField, "`model` needs one of `preset`, `hf_config` or `architecture`",
                           at: m.location, path: "model")
            }
            return nil
        }
        guard let workload = workload(w, &sink) else { return nil }
        let toolchain = toolchain(o.object("toolchain"), &sink)
        let r = o.object("requirements")
        let policy = r?.string("certification").flatMap(CertificationPolicy.init(rawValue:)) ?? .required
        if policy == .ignore, let r {
            sink.warning(.certificationIgnored,
                         "certification is ignored: plans for this deployment may recommend chips with no valid certificate",
                         at: r.location(of: "certification"), path: r.path(of: "certification"))
        }
        let requirements = Requirements(
            certification: policy, maxChips: r?.int("max_chips"), chips: r?.strings("chips"),
            excludeVendors: r?.strings("exclude_vendors") ?? [])
        let deployment = Deployment(name: name, description: o.string("description"), workload: workload,
                                    toolchain: toolchain, requirements: requirements, file: file,
                                    nameLocation: o.location(of: "name"))
        return DeploymentDocument(deployment: deployment, model: source, fields: o)
    }

    private static let inferenceOnly = ["kv_cache_precision", "input_tokens", "output_tokens", "concurrency", "slo"]
    private static let trainingOnly = ["method", "lora_rank", "optimizer", "zero_stage", "recompute", "sequence_length",
                                       "micro_batch_size", "global_batch_size", "tokens", "deadline_days"]

    private func workload(_ w: Object, _ sink: inout DiagnosticSink) -> Workload? {
        guard let phase = w.string("phase").flatMap(Phase.init(rawValue:)),
              let precision = w.string("precision").flatMap(Precision.init(rawValue:)) else { return nil }
        let foreign = phase == .inference ? Self.trainingOnly : Self.inferenceOnly
        for key in foreign where w.has(key) {
            sink.error(.fieldNotForPhase, "`\(key)` applies to \(phase == .inference ? "training" : "inference") workloads; this one is `\(phase.rawValue)`",
                       at: w.keyLocation(of: key) ?? w.location, path: w.path(of: key), suggestion: "remove it, or change `phase`")
        }
        let required = Schemas.requiredFor(phase)
        var complete = true
        for key in required where !w.has(key) {
            sink.error(.missingField, "missing required field `\(key)` for \(phase == .inference ? "an" : "a") \(phase.rawValue) workload",
                       at: w.location, path: w.path(of: key))
            complete = false
        }
        let method = w.string("method").flatMap(Workload.Method.init(rawValue:)) ?? .full
        if phase == .training {
            if !Precision.trainable.contains(precision) {
                sink.error(.invalidValue,
                           "training cannot compute in `\(precision.rawValue)`; use one of "
                            + Precision.trainable.map { "`\($0.rawValue)`" }.joined(separator: ", "),
                           at: w.location(of: "precision"), path: w.path(of: "precision"),
                           suggestion: method == .qlora ? "for QLoRA give the compute type (e.g. `bf16`); the frozen base is 4-bit" : nil)
                complete = false
            }
            if w.has("lora_rank"), method == .full {
                sink.error(.inconsistentValues, "`lora_rank` only applies with `method: lora` or `method: qlora`",
                           at: w.location(of: "lora_rank"), path: w.path(of: "lora_rank"))
            }
            if let mbs = w.int("micro_batch_size"), let gbs = w.int("global_batch_size"), gbs % mbs != 0 {
                sink.error(.inconsistentValues,
                           "`global_batch_size` (\(gbs)) must be a multiple of `micro_batch_size` (\(mbs))",
                           at: w.location(of: "global_batch_size"), path: w.path(of: "global_batch_size"))
            }
        }
        let par = w.object("parallelism")
        if phase == .inference, let pinned = par?.int("data"), pinned > (w.int("concurrency") ?? 1) {
            sink.warning(.replicasBeyondSequences,
                         "`parallelism.data` pins \(pinned) replicas for \(w.int("concurrency") ?? 1) concurrent sequence\(w.int("concurrency") ?? 1 == 1 ? "" : "s"); the extra replicas serve nothing",
                         at: par!.location(of: "data"), path: par!.path(of: "data"),
                         suggestion: "pin at most `concurrency` replicas, or raise `concurrency`")
        }
        guard complete else { return nil }
        let slo = w.object("slo")
        return Workload(
            phase: phase, precision: precision,
            kvCachePrecision: w.string("kv_cache_precision").flatMap(Precision.init(rawValue:))
                ?? Self.defaultKVPrecision(for: precision),
            inputTokens: w.int("input_tokens") ?? 0, outputTokens: w.int("output_tokens") ?? 0,
            concurrency: w.int("concurrency") ?? 1,
            slo: .init(ttftMs: slo?.number("ttft_ms"), tpotMs: slo?.number("tpot_ms"),
                       throughputTokensPerSecond: slo?.number("throughput_tokens_per_s")),
            method: method, loraRank: w.int("lora_rank") ?? 16,
            optimizer: w.string("optimizer").flatMap(Workload.Optimizer.init(rawValue:)) ?? .adamw,
            zeroStage: w.int("zero_stage") ?? 1,
            recompute: w.string("recompute").flatMap(Workload.Recompute.init(rawValue:)) ?? .selective,
            sequenceLength: w.int("sequence_length") ?? 0, microBatchSize: w.int("micro_batch_size") ?? 1,
            globalBatchSize: w.int("global_batch_size") ?? 0, tokens: w.quantity("tokens")?.value ?? 0,
            deadlineDays: w.number("deadline_days"),
            parallelism: .init(tensor: par?.int("tensor"), pipeline: par?.int("pipeline"),
                               data: par?.int("data"), expert: par?.int("expert")),
            efficiency: efficiency(w.object("efficiency")))
    }

    /// The KV cache follows the weights, except that int4 weights (W4A16) keep a 16-bit
    /// cache and tf32 is stored as fp32.
    static func defaultKVPrecision(for weights: Precision) -> Precision {
        switch weights {
        case .int4: .fp16
        case .tf32: .fp32
        default: weights
        }
    }

    private func toolchain(_ t: Object?, _ sink: inout DiagnosticSink) -> Toolchain {
        func versioned(_ key: String) -> Versioned? {
            guard let t, let text = t.string(key) else { return nil }
            guard let v = Versioned(text) else {
                sink.error(.invalidValue, "`\(key)` must be `name` or `name@version` such as `pytorch@2.3`; found `\(text)`",
                           at: t.location(of: key), path: t.path(of: key))
                return nil
            }
            return v
        }
        var components: [Versioned] = []
        // By index, read in place: iterating copied each item with its path.
        let items = t?.list("components") ?? []
        components.reserveCapacity(items.count)
        for i in items.indices {
            guard let text = items[i].string else { continue }
            guard let v = Versioned(text) else {
                sink.error(.invalidValue, "component must be `name` or `name@version` such as `vllm@0.5.4`; found `\(text)`",
                           at: items[i].location, path: items[i].path)
                continue
            }
            components.append(v)
        }
        return Toolchain(framework: versioned("framework"), runtime: versioned("runtime"), components: components)
    }
}
