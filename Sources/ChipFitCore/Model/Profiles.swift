import ChipFitYAML

/// A model preset from `profiles/models/`.
public struct ModelPreset: Sendable {
    public var id: String
    public var name: String?
    public var source: String
    public var architecture: Architecture
    /// The validated `architecture` mapping, so a spec can override single fields.
    public var fields: Object
    public var file: String
}

/// Achievable fractions of peak. Every field is an assumption that plans print.
public struct Efficiency: Sendable, Hashable {
    public var compute: Double?
    public var memory: Double?
    public var interconnect: Double?

    public init(compute: Double? = nil, memory: Double? = nil, interconnect: Double? = nil) {
        self.compute = compute
        self.memory = memory
        self.interconnect = interconnect
    }

    /// Fields of `self` where set, else those of `fallback`.
    public func over(_ fallback: Efficiency) -> Efficiency {
        Efficiency(compute: compute ?? fallback.compute, memory: memory ?? fallback.memory,
                   interconnect: interconnect ?? fallback.interconnect)
    }
}

/// An accelerator from `profiles/chips/`.
public struct ChipProfile: Sendable {
    public enum ComputeBasis: String, Sendable { case dense, sparse, unspecified }

    public var id: String
    public var vendor: String
    public var name: String
    public var positioning: Set<Phase>
    public var stack: String
    public var memoryCapacity: Double
    public var memoryBandwidth: Double
    public var memoryType: String?
    /// Peak operations per second by precision; a missing precision is unsupported.
    public var compute: [Precision: Double]
    public var computeBasis: ComputeBasis
    public var chipsPerNode: Int
    public var interconnect: String
    public var interconnectBandwidth: Double
    /// True when `interconnectBandwidth` is the sum of both directions, as NVLink is quoted.
    public var interconnectBidirectional: Bool
    public var scaleOutFabric: String?
    public var scaleOutBandwidth: Double?
    /// Board power in watts; nil when no source gives it.
    public var power: Double?
    public var formFactor: String?
    public var efficiency: Efficiency
    public var sources: [String]
    public var uncertain: [String]
    public var notes: String?
    public var file: String
}

public struct ComponentRule: Sendable, Hashable {
    public var action: ComponentAction
    public var replacement: String?
    public var effort: Effort
    public var note: String?
    public var source: String?
    public var assumption: String?
}

public struct FrameworkSupport: Sendable, Hashable {
    public var adapter: String
    public var versions: VersionRange
    public var source: String?
}

/// A chip family's software stack from `profiles/stacks/`.
public struct Stack: Sendable {
    public var id: String
    public var vendor: String
    public var name: String
    public var device: String
    public var frameworks: [String: FrameworkSupport]
    public var collectiveLibrary: String
    public var collectiveBackend: String
    public var precisions: Set<Precision>
    public var inferenceEngines: [String]
    public var trainingFrameworks: [String]
    public var attentionKernels: [String]
    public var quantizationFormats: [String]
    public var migrationTools: [String]
    public var components: [String: ComponentRule]
    public var sources: [String]
    public var uncertain: [String]
    public var notes: String?
    public var file: String
}

public struct CertificationEntry: Sendable, Hashable {
    public enum Mapping: String, Sendable { case confirmed, assumed }
    public var product: String?
    public var vendor: String?
    public var chips: [String]
    public var mapping: Mapping
    public var category: CertificationCategory
    public var level: String?
    public var validFrom: Day
    public var validUntil: Day
    public var note: String?
    public var location: SourceLocation
    /// Where each of `chips` is written, for findings about one of them.
    public var chipLocations: [SourceLocation]

    public func isValid(on day: Day) -> Bool { validFrom <= day && day <= validUntil }
}

/// A published (or sample) list of certified products from `profiles/certifications/`.
public struct CertificationList: Sendable {
    public var id: String
    public var scheme: String
    public var issuers: [String]
    public var announcement: String
    public var published: Day
    public var provenance: Provenance
    public var source: String
    public var sources: [String]
    public var entries: [CertificationEntry]
    public var notes: String?
    public var file: String
}
