import ChipFitPlanner
import ChipFitYAML

/// Joins loaded files into a workspace and checks references between them: ids unique per
/// kind, chips name known stacks, certification entries name known chips, deployments name
/// known presets and chips. Pure: referenced files (hf_config) arrive as bytes.
public enum Linker {
    /// The contents of files that specs reference, keyed by the reference as written in
    /// the spec's file (`spec path` + `\u{0}` + `reference`), or the reason they could not be read.
    public typealias References = [String: Result<[UInt8], ReferenceError>]

    public struct ReferenceError: Error, Sendable, Hashable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    public static func referenceKey(spec: String, reference: String) -> String { spec + "\u{0}" + reference }

    /// - Parameter files: in precedence order: when two files define the same id, the later
    ///   one is reported. Callers pass the catalogue first, each group sorted by path.
    ///
    /// The three stages below, run in one go: the catalogue from every file that is not a
    /// deployment, each deployment against it (in parallel), then the join.
    public static func link(_ files: [LoadedFile], references: References = [:]) -> Workspace {
        let catalogue = Linker.catalogue(files.filter { $0.kind != .deployment })
        let specs = files.indices.filter { files[$0].kind == .deployment }
        let deployments = parallelMap(specs.count) { n in catalogue.link(files[specs[n]], references: references) }
        return join(catalogue, deployments, files: files)
    }

    /// The first stage: ids unique per kind, the catalogue, its internal references (chips
    /// name stacks, certification entries name chips) and the presets resolved once.
    /// - Parameter files: the files that are not deployments, in precedence order.
    public static func catalogue(_ files: [LoadedFile]) -> LinkedCatalogue {
        var sink = DiagnosticSink()
        var catalogue = Catalogue()
        var seen: [Kind: [String: SourceLocation]] = [:]
        var documents: [Int] = [] // indices into `files`: copying a file retains its whole tree
        var pricesLocation: SourceLocation?
        for i in files.indices {
            // The kind, not the document: binding one would copy (and retain) all of it.
            guard files[i].hasDocument, let kind = files[i].kind, let identity = files[i].identity else { continue }
            if let first = seen[kind]?[identity.name] {
                sink.append(duplicate(identity, of: first, kind: kind))
                continue
            }
            seen[kind, default: [:]][identity.name] = identity.location
            documents.append(i)
            switch files[i].document! {
            case .chip(let c): catalogue.chips[c.id] = c
            case .stack(let s): catalogue.stacks[s.id] = s
            case .model(let m): catalogue.models[m.id] = m
            case .certificationList(let l): catalogue.certificationLists.append(l)
            case .calibration(let c): catalogue.calibrations += c.entries
            case .prices(let p):
                // One list a run: two would price a chip twice, in currencies that may differ.
                if let first = catalogue.prices, let at = pricesLocation {
                    sink.error(.conflictingFields, "a second price list, `\(p.list.id)`: a run uses one",
                               at: p.location, path: "id", suggestion: "merge the prices into one file, or pass only one",
                               related: [.init(message: "`\(first.id)`", location: at)])
                } else {
                    catalogue.prices = p.list
                    pricesLocation = p.location
                }
            case .deployment, .measurement: break
            }
        }
        catalogue.certificationLists.sort { $0.id < $1.id }
        for i in documents {
            switch files[i].document! {
            case .chip(let chip): checkChip(chip, files[i], catalogue, &sink)
            case .certificationList(let list): checkCertifications(list, files[i], catalogue, &sink)
            case .calibration(let set): checkCalibrations(set, catalogue, &sink)
            case .prices(let p):
                for (chip, at) in p.chipLocations.sorted(by: { $0.key < $1.key }) where catalogue.chips[chip] == nil {
                    unknown(.unknownChip, "chip", chip, among: catalogue.chips.keys, at: at, path: "chips.chip", &sink)
                }
            case .deployment, .stack, .model, .measurement: break
            }
        }
        // A preset used without overrides resolves to the same architecture in every deployment
        // that names it, so that is done once per preset. Presets in the catalogue resolve
        // cleanly (one whose fields disagree is refused when it is loaded); should one not, it
        // is resolved per deployment, so each deployment gets the findings.
        var presets: [String: Architecture] = [:]
        for (id, preset) in catalogue.models {
            var scratch = DiagnosticSink()
            if let architecture = ArchitectureResolver(layers: [preset.fields])
                .resolve(origin: preset.fields.location, originPath: "model.architecture", &scratch),
               scratch.diagnostics.isEmpty {
                presets[id] = architecture
            }
        }
        // Measurements resolve against the finished catalogue, like deployments.
        for i in documents {
            guard case .measurement(let m) = files[i].document!, let root = files[i].root else { continue }
            if let resolved = resolveMeasurement(m, root, catalogue, presets, &sink) { catalogue.measurements.append(resolved) }
        }
        return LinkedCatalogue(profiles: catalogue, index: catalogue.index, presets: presets,
                               files: files, diagnostics: sink.diagnostics)
    }

    /// The last stage: deployment names unique across the run (only the first of a name is
    /// resolved and planned), and every finding in one sorted list.
    /// - Parameters:
    ///   - deployments: in precedence order, like the files of `link`.
    ///   - others: files that are neither in the catalogue nor deployments (their kind could
    ///     not be read), for their findings.
    ///   - files: what the workspace lists as its files (the catalogue's at least).
    public static func join(_ catalogue: LinkedCatalogue, _ deployments: [LinkedDeployment],
                            others: [LoadedFile] = [], files: [LoadedFile]) -> Workspace {
        var linked: [Diagnostic] = catalogue.diagnostics
        var seen: [String: SourceLocation] = [:]
        seen.reserveCapacity(deployments.count)
        var resolved: [ResolvedDeployment] = []
        resolved.reserveCapacity(deployments.count)
        var later: [Diagnostic] = []
        var all: [Diagnostic] = []
        for f in catalogue.files { all += f.diagnostics }
        for f in others { all += f.diagnostics }
        // The place a name was first written, storing `location` when it is new: one probe.
        func first(_ location: inout SourceLocation) -> SourceLocation { location }
        // By index, read in place: a copy of each deployment retained all its fields.
        for i in deployments.indices {
            all += deployments[i].fileDiagnostics
            later += deployments[i].checks
            if let identity = deployments[i].identity {
                // Locations differ between files, so an earlier file's means a duplicate.
                let earlier = first(&seen[identity.name, default: identity.location])
                if earlier != identity.location {
                    // Reported; its model is not resolved or planned.
                    linked.append(duplicate(identity, of: earlier, kind: .deployment))
                    continue
                }
            }
            later += deployments[i].resolution
            if let r = deployments[i].resolved { resolved.append(r) }
        }
        all += linked
        all += later
        all.sort(by: Diagnostic.ordered)
        let invalid = Set(all.filter { $0.severity == .error }.map(\.file))
        if !invalid.isEmpty { resolved.removeAll { invalid.contains($0.deployment.file) } }
        return Workspace(catalogue: catalogue.profiles, deployments: resolved, diagnostics: all, files: files,
                         invalidFiles: invalid)
    }

    private static func duplicate(_ identity: (name: String, location: SourceLocation), of first: SourceLocation,
                                  kind: Kind) -> Diagnostic {
        let isDeployment = kind == .deployment
        return .error(isDeployment ? .duplicateDeploymentName : .duplicateID,
                      isDeployment ? "deployment name `\(identity.name)` is already used by \(first.file)"
                          : "\(kind.rawValue) id `\(identity.name)` is already defined in \(first.file)",
                      at: identity.location, path: isDeployment ? "name" : "id",
                      suggestion: "ids must be unique; rename one of them",
                      related: [.init(message: "first definition", location: first)])
    }

    private static func unknown(_ code: DiagnosticCode, _ what: String, _ id: String, among known: some Collection<String>,
                                at location: SourceLocation, path: String, _ sink: inout DiagnosticSink) {
        let guess = Suggestion.closest(to: id, among: known.sorted())
        let list = known.count <= 12 && !known.isEmpty ? "; known: " + known.sorted().joined(separator: ", ") : ""
        sink.error(code, "unknown \(what) `\(id)`\(list)", at: location, path: path,
                   suggestion: guess.map { "did you mean `\($0)`?" })
    }

    private static func checkChip(_ chip: ChipProfile, _ file: LoadedFile, _ catalogue: Catalogue, _ sink: inout DiagnosticSink) {
        guard catalogue.stacks[chip.stack] == nil else { return }
        let at = file.root?.location(of: "stack") ?? SourceLocation(file: file.file, line: 1, column: 1)
        unknown(.unknownStack, "stack", chip.stack, among: catalogue.stacks.keys, at: at, path: "stack", &sink)
    }

    private static func checkCertifications(_ list: CertificationList, _ file: LoadedFile, _ catalogue: Catalogue,
                                            _ sink: inout DiagnosticSink) {
        for (i, entry) in list.entries.enumerated() {
            for (chip, at) in zip(entry.chips, entry.chipLocations) where catalogue.chips[chip] == nil {
                unknown(.unknownChip, "chip", chip, among: catalogue.chips.keys, at: at,
                        path: entry.chips.count == 1 ? "entries[\(i)].chip" : "entries[\(i)].chips", &sink)
            }
        }
    }

    private static func checkCalibrations(_ set: CalibrationSet, _ catalogue: Catalogue, _ sink: inout DiagnosticSink) {
        for (entry, at) in zip(set.entries, set.chipLocations) {
            if catalogue.chips[entry.chip] == nil {
                unknown(.unknownChip, "chip", entry.chip, among: catalogue.chips.keys, at: at, path: "calibrations.chip", &sink)
            }
            if let stack = entry.stack, catalogue.stacks[stack] == nil {
                unknown(.unknownStack, "stack", stack, among: catalogue.stacks.keys, at: at, path: "calibrations.stack", &sink)
            }
        }
    }

    /// A measurement's chip, stack and model checked against the catalogue and its model
    /// resolved; nil when anything it names is unknown.
    private static func resolveMeasurement(_ m: MeasurementDocument, _ root: Object, _ catalogue: Catalogue,
                                           _ presets: [String: Architecture], _ sink: inout DiagnosticSink) -> Measurement? {
        let before = sink.diagnostics.count
        if catalogue.chips[m.chip] == nil {
            unknown(.unknownChip, "chip", m.chip, among: catalogue.chips.keys, at: root.location(of: "chip"), path: "chip", &sink)
        }
        if let stack = m.stack, catalogue.stacks[stack] == nil {
            unknown(.unknownStack, "stack", stack, among: catalogue.stacks.keys, at: root.location(of: "stack"), path: "stack", &sink)
        } else if let stack = m.stack, let chip = catalogue.chips[m.chip], chip.stack != stack {
            // The model plans a chip on its profile's stack; a measurement on another would be
            // fitted with the wrong kernels and its calibration would never apply.
            sink.error(.inconsistentValues, "`\(m.chip)` runs on `\(chip.stack)` in its profile; a measurement on `\(stack)` cannot be reproduced",
                       at: root.location(of: "stack"), path: "stack",
                       suggestion: "give a chip profile for that chip on `\(stack)`, or remove `stack`")
        }
        checkReferences(root, catalogue, catalogue.index, &sink)
        guard sink.diagnostics.count == before,
              let architecture = resolve(m.document, catalogue, presets, [:], &sink) else { return nil }
        if architecture.isMoE {
            // Each layout the run pinned, with where it is written: the deployment's, or each
            // pool's when disaggregated.
            let workload = root.object("workload")
            let layouts: [(degrees: Workload.Parallelism, key: String, object: Object?, path: String)]
            if case .disaggregated(let prefill, let decode) = m.document.workload.serving.mode {
                let pools = workload?.object("serving")?.object("disaggregation")
                layouts = [(prefill, "prefill", pools?.object("prefill"), "workload.serving.disaggregation.prefill"),
                           (decode, "decode", pools?.object("decode"), "workload.serving.disaggregation.decode")]
            } else {
                layouts = [(m.document.workload.parallelism, "parallelism", workload?.object("parallelism"), "workload.parallelism")]
            }
            for layout in layouts where layout.degrees.expert == nil {
                sink.error(.missingField, "a measurement of a mixture-of-experts model pins `\(layout.key).expert` too",
                           at: layout.object?.location ?? root.location, path: layout.path + ".expert",
                           suggestion: "add the expert-parallel degree the run used (1 if experts were not spread)")
            }
        }
        return sink.diagnostics.count == before ? m.resolved(architecture) : nil
    }

    /// The training schedule against the model and the pinned pipeline: stated stages leave a
    /// layer for every other stage, a chunk of the interleaved schedule holds a layer (but for
    /// the embedding's and the output head's chunks beside smaller stated stages,
    /// `mostChunksPerStage`), DualPipe pairs its stages, and MLA recompute has MLA to recompute.
    private static func checkSchedule(_ w: Workload, _ arch: Architecture, _ t: Object, _ sink: inout DiagnosticSink) {
        let schedule = w.training
        var splitHolds = true
        if let p = w.parallelism.pipeline, schedule.firstStageLayers != nil || schedule.lastStageLayers != nil {
            let split = schedule.stageSplit(layers: arch.layers, stages: p)
            if split.remaining < split.others || (split.others == 0 && split.remaining != 0) {
                splitHolds = false
                let key = schedule.firstStageLayers != nil ? "first_stage_layers" : "last_stage_layers"
                let stated = arch.layers - split.remaining
                sink.error(.inconsistentValues,
                           split.others == 0
                            ? "the first and last stages hold \(stated) layers but the model has \(arch.layers), and with \(p) stages there is no other stage for the rest"
                            : "the stated stages hold \(stated) of the model's \(arch.layers) layers, leaving \(max(0, split.remaining)) for the other \(split.others) stage\(split.others == 1 ? "" : "s"), which need one each at least",
                           at: t.location(of: key), path: "workload.training.\(key)")
            }
        }
        if let p = w.parallelism.pipeline, splitHolds, schedule.pipeline == .interleaved, t.has("virtual_stages"),
           case let most = schedule.mostChunksPerStage(layers: arch.layers, stages: p), schedule.virtualStages > most {
            sink.error(.inconsistentValues, tooManyChunks(schedule, layers: arch.layers, stages: p, most: most),
                       at: t.location(of: "virtual_stages"), path: "workload.training.virtual_stages",
                       suggestion: "at most \(most) chunk\(most == 1 ? "" : "s") per stage")
        }
        if let p = w.parallelism.pipeline, schedule.pipeline == .dualpipe, p > 1, p % 2 == 1 {
            sink.error(.inconsistentValues, "DualPipe feeds micro-batches from both ends and pairs its stages: the pipeline degree must be even; it is \(p)",
                       at: t.location(of: "pipeline_schedule"), path: "workload.training.pipeline_schedule")
        }
        if schedule.mtpLayers > 0, w.method != .full {
            sink.warning(.settingWithoutEffect, "`mtp_layers` adds modules that full training trains; a \(w.method.rawValue) run trains adapters only",
                         at: t.location(of: "mtp_layers"), path: "workload.training.mtp_layers",
                         suggestion: "remove `mtp_layers`")
        }
        if arch.mla == nil, schedule.recomputedModules.contains(.mlaUpProjection) {
            sink.warning(.settingWithoutEffect, "`mla_up_proj` recomputes multi-head latent attention's up-projections; this model has none",
                         at: t.location(of: "recompute_modules"), path: "workload.training.recompute_modules",
                         suggestion: "remove `mla_up_proj`")
        }
    }

    /// Why `schedule.virtualStages` chunks a stage leave a chunk without a layer: the stage that
    /// sets the limit `most` (`TrainingSchedule.mostChunksPerStage`).
    private static func tooManyChunks(_ s: TrainingSchedule, layers: Int, stages p: Int, most: Int) -> String {
        let v = s.virtualStages
        let split = s.stageSplit(layers: layers, stages: p)
        if s.firstStageLayers == nil, s.lastStageLayers == nil {
            return "\(v) chunks on each of \(p) stages need \(v * p) layers; the model has \(layers)"
        }
        let reason: String
        if let first = s.firstStageLayers, first + 1 == most {
            reason = "the first stage's \(first) layers fill \(most) chunks at most, its first chunk holding only the embedding"
        } else if let last = s.lastStageLayers, last + 1 == most {
            reason = "the last stage's \(last) layers fill \(most) chunks at most, its last chunk holding only the output head"
        } else if split.others > 0 {
            reason = "the other stages hold \(most) layers at fewest, and each chunk of theirs holds one"
        } else {
            reason = "the larger stage holds \(most) layers, and each of its chunks holds one"
        }
        return "\(v) chunks on each of \(p) stages leave a chunk without a layer: \(reason)"
    }

    /// Checks what a deployment names in the catalogue. Works on the validated mapping, so a
    /// spec whose workload is broken still gets its references checked.
    /// - Parameter components: the toolchain's components as the typed deployment read them,
    ///   when it has them all (so they line up with the list); read from the list otherwise.
    static func checkReferences(_ root: Object, _ catalogue: Catalogue, _ index: Catalogue.Index,
                                components: [Versioned]? = nil, _ sink: inout DiagnosticSink) {
        // Looked up by key only: reading `models[id]` copied the whole preset to compare it with nil.
        if let model = root.object("model"), let id = model.string("preset"), catalogue.models.index(forKey: id) == nil {
            unknown(.unknownModelPreset, "model preset", id, among: catalogue.models.keys,
                    at: model.location(of: "preset"), path: "model.preset", &sink)
        }
        let requirements = root.object("requirements")
        for item in requirements?.list("chips") ?? [] {
            guard let id = item.string, catalogue.chips.index(forKey: id) == nil else { continue }
            unknown(.unknownChip, "chip", id, among: catalogue.chips.keys, at: item.location, path: item.path, &sink)
        }
        let vendors = index.vendors
        for item in requirements?.list("exclude_vendors") ?? [] {
            guard let v = item.string, !vendors.contains(v.lowercased()) else { continue }
            let guess = Suggestion.closest(to: v, among: index.vendorNames)
            sink.warning(.unknownVendor, "no chip in the catalogue is made by `\(v)`, so excluding it changes nothing",
                         at: item.location, path: item.path, suggestion: guess.map { "did you mean `\($0)`?" })
        }
        let known = index.components
        if !known.isEmpty {
            let items = root.object("toolchain")?.list("components") ?? []
            let typed = components?.count == items.count ? components : nil
            for i in items.indices {
                guard let name = typed?[i].name ?? items[i].string.flatMap(Versioned.init)?.name,
                      !known.contains(name) else { continue }
                let guess = Suggestion.closest(to: name, among: known)
                sink.warning(.unknownComponent,
                             "no stack has a migration rule for `\(name)`; plans will list it as unassessed",
                             at: items[i].location, path: items[i].path, suggestion: guess.map { "did you mean `\($0)`?" })
            }
        }
    }

    /// The deployment's model architecture, resolved and checked against its workload (the
    /// caller pairs them: `validate` keeps only the findings).
    static func resolve(_ d: DeploymentDocument, _ catalogue: Catalogue, _ presets: [String: Architecture],
                        _ references: References, _ sink: inout DiagnosticSink) -> Architecture? {
        let model = d.fields.object("model")
        var layers: [Object] = []
        var resolved: Architecture?
        switch d.model {
        case .preset(let id, nil) where presets[id] != nil:
            resolved = presets[id]
        case .preset(let id, let overrides):
            guard let preset = catalogue.models[id] else { return nil } // reported by checkReferences
            layers = (overrides.map { [$0] } ?? []) + [preset.fields]
        case .hfConfig(let path, let overrides):
            let at = model?.location(of: "hf_config") ?? d.fields.location
            switch references[referenceKey(spec: d.file, reference: path)] {
            case .none:
                sink.error(.fileReference, "`hf_config` file `\(path)` was not read", at: at, path: "model.hf_config")
                return nil
            case .failure(let e)?:
                sink.error(.fileReference, e.message, at: at, path: "model.hf_config")
                return nil
            case .success(let bytes)?:
                switch HFConfigImporter.importConfig(bytes, at: at, path: "model.hf_config") {
                case .failure(let e):
                    sink.error(.importFailed, "`\(path)`: \(e.message)", at: at, path: "model.hf_config", suggestion: e.suggestion)
                    return nil
                case .success(let imported):
                    layers = (overrides.map { [$0] } ?? []) + [imported]
                }
            }
        case .inline(let o):
            layers = [o]
        }
        guard let origin = model else { return nil }
        guard let arch = resolved ?? ArchitectureResolver(layers: layers).resolve(
            origin: origin.location, originPath: "model.architecture", &sink) else { return nil }

        let workload = d.fields.object("workload")
        if d.workload.parallelism.expert != nil, !arch.isMoE, let p = workload?.object("parallelism") {
            sink.error(.inconsistentValues, "`parallelism.expert` needs a mixture-of-experts model; this model is dense",
                       at: p.location(of: "expert"), path: "workload.parallelism.expert")
        }
        if let t = workload?.object("training") {
            checkSchedule(d.workload, arch, t, &sink)
        }
        if !arch.isMoE, let w = workload {
            // Expert settings on a dense model change nothing; say so rather than ignore them.
            let expertSettings: [(Object?, String)] = [
                (d.workload.phase == .inference ? w.object("parallelism") : nil, "redundant_experts"),
                (w.object("serving"), "expert_load_imbalance"),
                (w.object("training"), "expert_load_imbalance"), (w.object("training"), "expert_parallel_overlap"),
            ]
            for case let (o?, key) in expertSettings where o.has(key) {
                sink.warning(.settingWithoutEffect, "`\(key)` applies to mixture-of-experts models; this model is dense",
                             at: o.keyLocation(of: key) ?? o.location, path: o.path(of: key), suggestion: "remove it")
            }
        }
        if arch.kind == .encoder, d.workload.phase == .inference, d.workload.outputTokens > 1, let w = workload {
            sink.error(.inconsistentValues,
                       "an encoder-only model generates no tokens; set `output_tokens: 1` (one forward pass)",
                       at: w.location(of: "output_tokens"), path: "workload.output_tokens")
        }
        return arch
    }
}
