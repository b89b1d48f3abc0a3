import ChipFitYAML

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
/// A class with constant fields: every candidate of every plan holds its chip, and copying a
/// reference costs one retain where copying the profile retained each of its strings.
public final class ChipProfile: Sendable {
    public enum ComputeBasis: String, Sendable { case dense, sparse, unspecified }

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
    public let scaleOutFabric: String?
    public let scaleOutBandwidth: Double?
    /// Board power in watts; nil when no source gives it.
    public let power: Double?
    public let formFactor: String?
    public let efficiency: Efficiency
    public let sources: [String]
    public let uncertain: [String]
    public let notes: String?
    public let file: String

    public init(id: String, vendor: String, name: String, positioning: Set<Phase>, stack: String,
         memoryCapacity: Double, memoryBandwidth: Double, memoryType: String?, compute: [Precision: Double],
         unrated: Set<Precision> = [], computeBasis: ComputeBasis, chipsPerNode: Int, interconnect: String,
         interconnectBandwidth: Double, interconnectBidirectional: Bool, scaleOutFabric: String?,
         scaleOutBandwidth: Double?, power: Double?, formFactor: String?, efficiency: Efficiency,
         sources: [String], uncertain: [String], notes: String?, file: String) {
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
        self.scaleOutFabric = scaleOutFabric
        self.scaleOutBandwidth = scaleOutBandwidth
        self.power = power
        self.formFactor = formFactor
        self.efficiency = efficiency
        self.sources = sources
        self.uncertain = uncertain
        self.notes = notes
        self.file = file
    }
}

public struct ComponentRule: Sendable, Hashable {
    public var action: ComponentAction
    public var replacement: String?
    public var effort: Effort
    public var note: String?
    public var source: String?
    public var assumption: String?

    public init(action: ComponentAction, replacement: String? = nil, effort: Effort, note: String? = nil, source: String? = nil, assumption: String? = nil) {
        self.action = action
        self.replacement = replacement
        self.effort = effort
        self.note = note
        self.source = source
        self.assumption = assumption
    }
}

public struct FrameworkSupport: Sendable, Hashable {
    public var adapter: String
    public var versions: VersionRange
    public var source: String?

    public init(adapter: String, versions: VersionRange, source: String? = nil) {
        self.adapter = adapter
        self.versions = versions
        self.source = source
    }
}

/// A chip family's software stack from `profiles/stacks/`.
/// A class with constant fields, for the same reason as `ChipProfile`: plans pass it for
/// every candidate.
public final class Stack: Sendable {
    public let id: String
    public let vendor: String
    public let name: String
    public let device: String
    public let frameworks: [String: FrameworkSupport]
    public let collectiveLibrary: String
    public let collectiveBackend: String
    public let precisions: Set<Precision>
    public let inferenceEngines: [String]
    public let trainingFrameworks: [String]
    public let attentionKernels: [String]
    public let quantizationFormats: [String]
    public let migrationTools: [String]
    public let components: [String: ComponentRule]
    public let sources: [String]
    public let uncertain: [String]
    public let notes: String?
    public let file: String

    public init(id: String, vendor: String, name: String, device: String, frameworks: [String: FrameworkSupport],
         collectiveLibrary: String, collectiveBackend: String, precisions: Set<Precision>,
         inferenceEngines: [String], trainingFrameworks: [String], attentionKernels: [String],
         quantizationFormats: [String], migrationTools: [String], components: [String: ComponentRule],
         sources: [String], uncertain: [String], notes: String?, file: String) {
        self.id = id
        self.vendor = vendor
        self.name = name
        self.device = device
        self.frameworks = frameworks
        self.collectiveLibrary = collectiveLibrary
        self.collectiveBackend = collectiveBackend
        self.precisions = precisions
        self.inferenceEngines = inferenceEngines
        self.trainingFrameworks = trainingFrameworks
        self.attentionKernels = attentionKernels
        self.quantizationFormats = quantizationFormats
        self.migrationTools = migrationTools
        self.components = components
        self.sources = sources
        self.uncertain = uncertain
        self.notes = notes
        self.file = file
    }
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

    public init(product: String? = nil, vendor: String? = nil, chips: [String], mapping: Mapping, category: CertificationCategory, level: String? = nil, validFrom: Day, validUntil: Day, note: String? = nil, location: SourceLocation, chipLocations: [SourceLocation]) {
        self.product = product
        self.vendor = vendor
        self.chips = chips
        self.mapping = mapping
        self.category = category
        self.level = level
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.note = note
        self.location = location
        self.chipLocations = chipLocations
    }
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

    public init(id: String, scheme: String, issuers: [String], announcement: String, published: Day, provenance: Provenance, source: String, sources: [String], entries: [CertificationEntry], notes: String? = nil, file: String) {
        self.id = id
        self.scheme = scheme
        self.issuers = issuers
        self.announcement = announcement
        self.published = published
        self.provenance = provenance
        self.source = source
        self.sources = sources
        self.entries = entries
        self.notes = notes
        self.file = file
    }
}
