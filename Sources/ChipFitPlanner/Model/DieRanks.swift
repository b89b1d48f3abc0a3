/// What one rank of a layout runs on (`workload.rank`): a whole chip, or one die of a multi-die
/// chip. Engines on the Ascend 910C address each of its two dies as a device of its own
/// (vLLM-Ascend, SGLang and MindIE run 16 ranks on an 8-chip Atlas A3 server), so their
/// tensor-parallel degree counts dies.
public enum RankUnit: String, Sendable, CaseIterable {
    case chip, die
}

extension ChipProfile {
    /// The device one rank runs on: the chip itself, or, with `rank: die` on a multi-die chip,
    /// one die as a chip of its own. A die gets an equal share of the package's memory, memory
    /// bandwidth, compute, links, scale-out and power, and a node or scale-up domain holds
    /// `dies` times as many of them; the profile states no faster link between a package's own
    /// dies, so a group inside one package is costed like any group of its node.
    public func device(for unit: RankUnit) -> ChipProfile {
        guard unit == .die, dies > 1 else { return self }
        let share = 1 / Double(dies)
        return ChipProfile(
            id: id, vendor: vendor, name: name, positioning: positioning, stack: stack,
            memoryCapacity: memoryCapacity * share, memoryBandwidth: memoryBandwidth * share, memoryType: memoryType,
            compute: compute.mapValues { $0 * share }, unrated: unrated, computeBasis: computeBasis,
            chipsPerNode: chipsPerNode * dies, interconnect: interconnect,
            interconnectBandwidth: interconnectBandwidth * share, interconnectBidirectional: interconnectBidirectional,
            nodeTopology: nodeTopology,
            scaleUp: scaleUp.map { ScaleUp(chips: $0.chips * dies, fabric: $0.fabric, bandwidth: $0.bandwidth * share,
                                           bidirectional: $0.bidirectional) },
            // The assumed rate stands for a profile without one, so that too is the package's to share.
            scaleOutFabric: scaleOutFabric, scaleOutBandwidth: (scaleOutBandwidth ?? Assumptions.defaultScaleOutBandwidth) * share,
            power: power.map { $0 * share }, formFactor: formFactor, efficiency: efficiency,
            sparseAttentionHeadBlock: sparseAttentionHeadBlock, dies: 1,
            sources: sources, uncertain: uncertain, notes: notes, file: file)
    }

    /// Ranks one chip holds under `unit`.
    public func ranksPerChip(_ unit: RankUnit) -> Int { unit == .die ? dies : 1 }
}

/// The chips `ranks` ranks occupy at `ranksPerChip` a chip: a chip with an idle die is still bought.
func chipsHolding(ranks: Int, ranksPerChip: Int) -> Int {
    (ranks + ranksPerChip - 1) / ranksPerChip
}
