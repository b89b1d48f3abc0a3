import ChipFitPlanner
import ChipFitYAML

/// The `Chip` file kind: what the format accepts and how a validated file becomes a `ChipProfile`.
extension Schemas {
    public static let chip = ObjectSchema("Chip", header + [
        Field("id", .identifier, required: true, "Chip id used by specs, stacks and certification lists."),
        Field("vendor", .string, required: true, "Maker, e.g. `Huawei`."),
        Field("name", .string, required: true, "Product name as the vendor writes it."),
        Field("positioning", .list(.oneOf(["training", "inference"]), minItems: 1), required: true,
              "What the vendor positions the chip for."),
        Field("stack", .identifier, required: true, "Software stack id (a `profiles/stacks/` file)."),
        Field("memory", .object(ObjectSchema("memory", [
            Field("capacity", .quantity(.bytes), required: true, "Device memory per chip."),
            Field("bandwidth", .quantity(.bandwidth), required: true, "Device memory bandwidth per chip."),
            Field("type", .string, "Memory technology, e.g. `HBM2e`."),
        ])), required: true, "Device memory."),
        Field("compute", .object(ObjectSchema("compute", Precision.allCases.map {
            Field($0.rawValue, .quantity(.compute), "Peak \($0.rawValue) rate per chip.")
        })), required: true, "Peak rates per precision; a precision the chip cannot run, or whose rate no source gives, is omitted."),
        Field("unrated", .list(.oneOf(Precision.allCases.map(\.rawValue))),
              "Precisions the chip runs (per its vendor) whose peak rate no source gives. Plans cannot use them, and say why (`precision_unrated`) instead of calling them unsupported."),
        Field("compute_basis", .oneOf(["dense", "sparse", "unspecified"]), required: true,
              "Whether `compute` figures are dense, with structured sparsity, or not stated by the vendor."),
        Field("node", .object(ObjectSchema("node", [
            Field("chips", .integer(min: 1, max: Limits.chips), required: true, "Chips per server/node."),
            Field("interconnect", .string, required: true, "Intra-node link, e.g. `HCCS`, `NVLink`, `PCIe 4.0 x16`."),
            Field("bandwidth", .quantity(.bandwidth), required: true, "Intra-node bandwidth per chip."),
            Field("direction", .oneOf(["bidirectional", "per_direction"]),
                  "Whether `bandwidth` is the sum of both directions (default, as NVLink and most vendor figures are quoted) or per direction (as PCIe is usually quoted)."),
            Field("topology", .oneOf(ChipProfile.NodeTopology.allCases.map(\.rawValue)),
                  "`switched` (default: any chip reaches any other at its whole `bandwidth`, as through NVSwitch) or `full_mesh` (point-to-point links, one per peer, with no switch: a group of g chips of the node uses g − 1 of its n − 1 links, as HCCS on Atlas 800 A2)."),
        ])), required: true, "The server the chip ships in."),
        Field("scale_up", .object(ObjectSchema("scale_up", [
            Field("chips", .integer(min: 1, max: Limits.chips), required: true, "Chips in the scale-up domain (e.g. 384 in a CloudMatrix 384 supernode)."),
            Field("fabric", .string, required: true, "The domain's fabric, e.g. `UB`, `NVLink`."),
            Field("bandwidth", .quantity(.bandwidth), required: true, "Bandwidth per chip across the domain."),
            Field("direction", .oneOf(["bidirectional", "per_direction"]), "As `node.direction` (default `bidirectional`)."),
        ])), "A domain of more than one node whose chips share one high-bandwidth fabric (a supernode, an NVLink rack); collectives within it use this bandwidth instead of the scale-out network."),
        Field("scale_out", .object(ObjectSchema("scale_out", [
            Field("fabric", .string, required: true, "Network between nodes, e.g. `RoCE`, `InfiniBand`."),
            Field("bandwidth", .quantity(.bandwidth), required: true, "Scale-out bandwidth per chip, per direction (NIC line rate)."),
        ])), "Network between nodes; without it chipfit assumes 100 Gb/s per chip."),
        Field("power", .quantity(.power),
              "Board power / TDP per chip. Leave it out when no source gives it: ranking then puts the chip after chips of known power at the same chip count and effort."),
        Field("form_factor", .string, "OAM, SXM, PCIe card, module…"),
        Field("efficiency", .object(efficiency), "Achievable fractions of peak on this chip (assumptions; shown in every plan)."),
        Field("sparse_attention_head_block", .integer(min: 1, max: 1024),
              "Query heads per block of the sparse-attention (DeepSeek Sparse Attention) kernels that engines run on this chip: a tensor-parallel rank's heads are padded up to a multiple of it, e.g. 64 for FlashMLA on Hopper as vLLM 0.13 and SGLang 0.5.6 call it. A property of those kernels, so cite the engine version; leave it out where no padding is known."),
        Field("dies", .integer(min: 1, max: 64),
              "Dies in one package that engines can address as devices of their own, e.g. 2 for the Ascend 910C (default 1). Every other figure stays the whole package's; a spec with `rank: die` plans each die with an equal share of them."),
        Field("sources", .list(.string, minItems: 1), required: true, "Datasheets and references for the figures."),
        uncertain, notes,
    ])
}

extension DocumentDecoder {
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
        if (o.int("dies") ?? 1) > 1, node.string("topology") == ChipProfile.NodeTopology.fullMesh.rawValue {
            sink.error(.inconsistentValues, "`dies` with a `full_mesh` node: chipfit cannot tell which of the mesh's links a group of dies would use",
                       at: o.location(of: "dies"), path: "dies",
                       suggestion: "leave `dies` out, or describe the node as `switched` if a switch links its chips")
        }
        let scaleOut = o.object("scale_out")
        return ChipProfile(
            id: id, vendor: vendor, name: name,
            positioning: Set((o.strings("positioning") ?? []).compactMap(Phase.init(rawValue:))),
            stack: stack, memoryCapacity: capacity.value, memoryBandwidth: bandwidth.value,
            memoryType: memory.string("type"), compute: compute, unrated: unrated, computeBasis: basis, chipsPerNode: chips,
            interconnect: link, interconnectBandwidth: linkBandwidth.value,
            interconnectBidirectional: node.string("direction") != "per_direction",
            nodeTopology: node.string("topology").flatMap(ChipProfile.NodeTopology.init(rawValue:)) ?? .switched,
            scaleUp: scaleUp(o.object("scale_up"), chipsPerNode: chips, &sink),
            scaleOutFabric: scaleOut?.string("fabric"), scaleOutBandwidth: scaleOut?.quantity("bandwidth")?.value,
            power: o.quantity("power")?.value, formFactor: o.string("form_factor"), efficiency: efficiency(o.object("efficiency")),
            sparseAttentionHeadBlock: o.int("sparse_attention_head_block"), dies: o.int("dies") ?? 1, sources: o.strings("sources") ?? [], uncertain: o.strings("uncertain") ?? [], notes: o.string("notes"),
            file: file)
    }

    private func scaleUp(_ s: Object?, chipsPerNode: Int, _ sink: inout DiagnosticSink) -> ChipProfile.ScaleUp? {
        guard let s, let chips = s.int("chips"), let fabric = s.string("fabric"), let bandwidth = s.quantity("bandwidth") else { return nil }
        guard chips > chipsPerNode else {
            sink.error(.inconsistentValues, "`scale_up.chips` (\(chips)) must exceed the node's \(chipsPerNode) chips: a scale-up domain spans nodes",
                       at: s.location(of: "chips"), path: s.path(of: "chips"), suggestion: "remove `scale_up`, or give the domain's size")
            return nil
        }
        return .init(chips: chips, fabric: fabric, bandwidth: bandwidth.value, bidirectional: s.string("direction") != "per_direction")
    }
}
