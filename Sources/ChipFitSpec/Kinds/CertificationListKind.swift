import ChipFitPlanner
import ChipFitYAML

/// The `CertificationList` file kind: what the format accepts and how a validated file becomes
/// a `CertificationList`.
extension Schemas {
    static let certificationEntry = ObjectSchema("entry", [
        Field("product", .string, "Product name exactly as published."),
        Field("vendor", .string, "Submitting company as published."),
        Field("chip", .identifier, "The chip profile the entry certifies."),
        Field("chips", .list(.identifier, minItems: 1), "Instead of `chip`: the profiles a published product is taken to cover."),
        Field("mapping", .oneOf(["confirmed", "assumed"]),
              "Whether the product→chip mapping is confirmed by the source or assumed (default: `confirmed` with `chip`)."),
        Field("category", .oneOf(CertificationCategory.allCases.map(\.rawValue)), required: true,
              "`ai-training-chip` or `ai-inference-chip`."),
        Field("level", .string, "Assessment level as published, e.g. `I`."),
        Field("valid_from", .date, required: true, "First day the certificate is valid."),
        Field("valid_until", .date, required: true, "Last day the certificate is valid."),
        Field("note", .string, "Why a mapping is assumed, or anything else a reader must know."),
    ])

    public static let certificationList = ObjectSchema("CertificationList", header + [
        Field("id", .identifier, required: true, "List id shown in plans and reports."),
        Field("scheme", .string, required: true, "Assessment scheme, e.g. `secure-and-reliable`."),
        Field("issuers", .list(.string, minItems: 1), required: true, "Issuing bodies."),
        Field("announcement", .string, required: true, "Announcement title as published."),
        Field("published", .date, required: true, "Publication date."),
        Field("provenance", .oneOf(Provenance.allCases.map(\.rawValue)), required: true,
              "`official` (copied from the announcement), `press` (as reported) or `sample` (made up for demos and tests)."),
        Field("source", .string, required: true, "Main source."),
        Field("sources", .list(.string), "Further sources."),
        Field("entries", .list(.object(certificationEntry)), required: true, "Certified products."),
        notes,
    ])
}

extension DocumentDecoder {
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
}
