import ChipFitYAML

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
