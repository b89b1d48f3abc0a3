/// An accelerator from `profiles/chips/`.
/// A class with constant fields: every candidate of every plan holds its chip, and copying a
/// reference costs one retain where copying the profile retained each of its strings.
public final class ChipProfile: Sendable {
    public enum ComputeBasis: String, Sendable { case dense, sparse, unspecified }
    /// How a node's chips are linked: through a switch (each chip's whole bandwidth reaches any
    /// peer) or a full mesh of point-to-point links (each peer over its own link, so a group of
    /// g chips uses g − 1 of the n − 1 links).
    public enum NodeTopology: String, Sendable, CaseIterable { case switched, fullMesh = "full_mesh" }

    /// A scale-up domain larger than a node: a supernode or rack whose chips share one
    /// high-bandwidth fabric (CloudMatrix 384 over UB, an NVL72 rack over NVLink).
    public struct ScaleUp: Sendable, Hashable {
        public var chips: Int
        public var fabric: String
        /// Per chip, in bytes per second, as quoted; `bidirectional` says whether that is the sum of both directions.
        public var bandwidth: Double
        public var bidirectional: Bool

        public init(chips: Int, fabric: String, bandwidth: Double, bidirectional: Bool) {
            self.chips = chips
            self.fabric = fabric
            self.bandwidth = bandwidth
            self.bidirectional = bidirectional
        }
    }

    public let id: String
    public let vendor: String
    public let name: String
    public let positioning: Set<Phase>
    public let stack: String
    public let memoryCapacity: Double
    public let memoryBandwidth: Double
    public let memoryType: String?
    /// Peak operations per second by precision; a missing precision is unsupported, unless
    /// it is in `unrated`.
    public let compute: [Precision: Double]
    /// Precisions the chip runs whose peak rate no source gives: chipfit cannot size or time
    /// them, and says so rather than calling them unsupported.
    public let unrated: Set<Precision>
    public let computeBasis: ComputeBasis
    public let chipsPerNode: Int
    public let interconnect: String
    public let interconnectBandwidth: Double
    /// True when `interconnectBandwidth` is the sum of both directions, as NVLink is quoted.
    public let interconnectBidirectional: Bool
    public let nodeTopology: NodeTopology
    public let scaleUp: ScaleUp?
    public let scaleOutFabric: String?
    public let scaleOutBandwidth: Double?
    /// Board power in watts; nil when no source gives it.
    public let power: Double?
    public let formFactor: String?
    public let efficiency: Efficiency
    /// Query heads a sparse-attention kernel takes per block on this chip: a rank holding fewer
    /// heads, or a number that is not a multiple, computes the padded count (nil: no padding).
    public let sparseAttentionHeadBlock: Int?
    /// Dies in one package that engines can address as devices of their own (the Ascend 910C's
    /// two); every other figure of the profile is the whole package's.
    public let dies: Int
    public let sources: [String]
    public let uncertain: [String]
    public let notes: String?
    public let file: String

    public init(id: String, vendor: String, name: String, positioning: Set<Phase>, stack: String,
         memoryCapacity: Double, memoryBandwidth: Double, memoryType: String?, compute: [Precision: Double],
         unrated: Set<Precision> = [], computeBasis: ComputeBasis, chipsPerNode: Int, interconnect: String,
         interconnectBandwidth: Double, interconnectBidirectional: Bool, nodeTopology: NodeTopology = .switched,
         scaleUp: ScaleUp? = nil, scaleOutFabric: String?,
         scaleOutBandwidth: Double?, power: Double?, formFactor: String?, efficiency: Efficiency,
         sparseAttentionHeadBlock: Int? = nil, dies: Int = 1, sources: [String], uncertain: [String], notes: String?, file: String) {
        self.id = id
        self.vendor = vendor
        self.name = name
        self.positioning = positioning
        self.stack = stack
        self.memoryCapacity = memoryCapacity
        self.memoryBandwidth = memoryBandwidth
        self.memoryType = memoryType
        self.compute = compute
        self.unrated = unrated
        self.computeBasis = computeBasis
        self.chipsPerNode = chipsPerNode
        self.interconnect = interconnect
        self.interconnectBandwidth = interconnectBandwidth
        self.interconnectBidirectional = interconnectBidirectional
        self.nodeTopology = nodeTopology
        self.scaleUp = scaleUp
        self.scaleOutFabric = scaleOutFabric
        self.scaleOutBandwidth = scaleOutBandwidth
        self.power = power
        self.formFactor = formFactor
        self.efficiency = efficiency
        self.sparseAttentionHeadBlock = sparseAttentionHeadBlock
        self.dies = dies
        self.sources = sources
        self.uncertain = uncertain
        self.notes = notes
        self.file = file
    }

    /// The query heads a rank's sparse-attention kernel computes for `heads`: the next
    /// multiple of the chip's head block (`heads` itself without one).
    public func sparseAttentionHeadsComputed(_ heads: Int) -> Int {
        Self.headsComputed(heads, block: sparseAttentionHeadBlock)
    }

    /// The same for a head block held apart from its profile (`Evaluator` keeps only the figures it uses).
    static func headsComputed(_ heads: Int, block: Int?) -> Int {
        guard let block, heads > 0 else { return heads }
        return (heads + block - 1) / block * block
    }
}
