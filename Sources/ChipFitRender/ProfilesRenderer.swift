import ChipFitSpec
import ChipFitPlanner

/// `chipfit profiles list`: the catalogue as tables (one per kind) or JSON.
public struct ProfilesRenderer: Sendable {
    public init() {}

    public func table(_ catalogue: Catalogue, kinds: [Kind]) -> String {
        var blocks: [String] = []
        for kind in kinds {
            switch kind {
            case .chip:
                var rows = [["chip", "vendor", "name", "memory", "bandwidth", "bf16/fp16", "int8", "node", "power", "stack", "uncertain"]]
                for c in catalogue.chips.values.sorted(by: { $0.id < $1.id }) {
                    let half = (c.compute[.bf16] ?? c.compute[.fp16]).map { Format.number($0 / 1e12) + "T" } ?? "-"
                    rows.append([c.id, c.vendor, c.name, "\(Format.number(c.memoryCapacity / 1e9)) GB",
                                 "\(Format.number(c.memoryBandwidth / 1e9)) GB/s", half,
                                 c.compute[.int8].map { Format.number($0 / 1e12) + "T" } ?? "-",
                                 "\(c.chipsPerNode)× \(c.interconnect)", c.power.map { "\(Format.number($0)) W" } ?? "unknown", c.stack,
                                 c.uncertain.isEmpty ? "-" : String(c.uncertain.count)])
                }
                blocks.append("chips (\(catalogue.chips.count))\n" + Format.table(rows, indent: 2))
            case .stack:
                var rows = [["stack", "vendor", "name", "device", "pytorch adapter", "collectives", "rules", "uncertain"]]
                for s in catalogue.stacks.values.sorted(by: { $0.id < $1.id }) {
                    let pt = s.frameworks["pytorch"].map { "\($0.adapter) \($0.versions)" } ?? "-"
                    rows.append([s.id, s.vendor, s.name, s.device, pt, "\(s.collectiveLibrary) (\(s.collectiveBackend))",
                                 String(s.components.count), s.uncertain.isEmpty ? "-" : String(s.uncertain.count)])
                }
                blocks.append("stacks (\(catalogue.stacks.count))\n" + Format.table(rows, indent: 2))
            case .model:
                var rows = [["model", "parameters", "active", "layers", "hidden", "heads/kv", "context", "kind"]]
                for m in catalogue.models.values.sorted(by: { $0.id < $1.id }) {
                    let a = m.architecture
                    rows.append([m.id, "\(Format.number(a.parameters / 1e9))B", "\(Format.number(a.activeParameters / 1e9))B",
                                 String(a.layers), String(a.hiddenSize), "\(a.attentionHeads)/\(a.kvLatentDim != nil ? "MLA" : String(a.kvHeads))",
                                 a.maxContext.map(String.init) ?? "-",
                                 a.kind == .encoder ? "encoder" : a.isMoE ? "MoE" : "dense"])
                }
                blocks.append("models (\(catalogue.models.count))\n" + Format.table(rows, indent: 2))
            case .certificationList:
                var rows = [["list", "provenance", "published", "entries", "announcement"]]
                for l in catalogue.certificationLists {
                    rows.append([l.id, l.provenance.rawValue, l.published.description, String(l.entries.count), l.announcement])
                }
                blocks.append("certification lists (\(catalogue.certificationLists.count))\n" + Format.table(rows, indent: 2))
            case .calibration:
                var rows = [["chip", "stack", "phase", "engine", "compute", "memory", "interconnect", "experts", "measurements", "provenance", "file"]]
                for c in catalogue.calibrations {
                    func factor(_ x: Double?) -> String { x.map { Format.number($0) } ?? "-" }
                    rows.append([c.chip, c.stack ?? "-", c.phase.rawValue, c.engine?.rawValue ?? "-", factor(c.efficiency.compute), factor(c.efficiency.memory),
                                 factor(c.efficiency.interconnect), factor(c.efficiency.experts), String(c.measurements),
                                 c.provenance.rawValue, c.file])
                }
                blocks.append("calibrations (\(catalogue.calibrations.count))\n" + Format.table(rows, indent: 2))
            case .deployment, .measurement, .prices:
                break
            }
        }
        return blocks.joined(separator: "\n")
    }

    public func json(_ catalogue: Catalogue, kinds: [Kind]) -> String {
        var items: [JSON] = []
        for kind in kinds {
            switch kind {
            case .chip:
                items += catalogue.chips.values.sorted(by: { $0.id < $1.id }).map { c in
                    .object(["kind": .string("Chip"), "id": .string(c.id), "vendor": .string(c.vendor), "name": .string(c.name),
                             "file": .string(c.file), "stack": .string(c.stack),
                             "memory_bytes": .number(c.memoryCapacity), "memory_bandwidth_bytes_per_s": .number(c.memoryBandwidth),
                             "compute_ops_per_s": .object(JSONObject(Dictionary(uniqueKeysWithValues: c.compute.map { ($0.key.rawValue, JSON.number($0.value)) }))),
                             "compute_basis": .string(c.computeBasis.rawValue), "chips_per_node": .int(c.chipsPerNode),
                             "power_w": c.power.map(JSON.number) ?? .null, "uncertain": .array(c.uncertain.map(JSON.string)),
                             "sources": .array(c.sources.map(JSON.string))])
                }
            case .stack:
                items += catalogue.stacks.values.sorted(by: { $0.id < $1.id }).map { s in
                    .object(["kind": .string("Stack"), "id": .string(s.id), "vendor": .string(s.vendor), "name": .string(s.name),
                             "file": .string(s.file), "device": .string(s.device),
                             "collectives": .object(["library": .string(s.collectiveLibrary), "backend": .string(s.collectiveBackend)]),
                             "components": .array(s.components.keys.sorted().map(JSON.string)),
                             "uncertain": .array(s.uncertain.map(JSON.string))])
                }
            case .model:
                items += catalogue.models.values.sorted(by: { $0.id < $1.id }).map { m in
                    .object(["kind": .string("Model"), "id": .string(m.id), "file": .string(m.file), "source": .string(m.source),
                             "parameters": .number(m.architecture.parameters.rounded()),
                             "active_parameters": .number(m.architecture.activeParameters.rounded()),
                             "computed_parameters": .number(m.architecture.computedParameters.total.rounded())])
                }
            case .certificationList:
                items += catalogue.certificationLists.map { l in
                    .object(["kind": .string("CertificationList"), "id": .string(l.id), "file": .string(l.file),
                             "provenance": .string(l.provenance.rawValue), "published": .string(l.published.description),
                             "announcement": .string(l.announcement), "entries": .int(l.entries.count), "source": .string(l.source)])
                }
            case .calibration:
                items += catalogue.calibrations.map { c in
                    .object(["kind": .string("Calibration"), "chip": .string(c.chip), "stack": .optional(c.stack),
                             "phase": .string(c.phase.rawValue), "engine": .optional(c.engine?.rawValue), "file": .string(c.file),
                             "efficiency": .object(["compute": c.efficiency.compute.map(JSON.number) ?? .null,
                                                    "memory": c.efficiency.memory.map(JSON.number) ?? .null,
                                                    "interconnect": c.efficiency.interconnect.map(JSON.number) ?? .null,
                                                    "experts": c.efficiency.experts.map(JSON.number) ?? .null]),
                             "measurements": .int(c.measurements), "provenance": .string(c.provenance.rawValue)])
                }
            case .deployment, .measurement, .prices:
                break
            }
        }
        return JSON.object(["schema": .string("chipfit/profiles/v1"), "profiles": .array(items)]).rendered()
    }
}
