import ChipFitPlanner
import ChipFitYAML

/// The `Prices` file kind: a team's chip and electricity prices. Give it to `plan`, `explain`
/// or `report` beside the specs (or among the profiles) and plans show cost as well as power
/// and energy.
extension Schemas {
    static let chipPrice = ObjectSchema("chip price", [
        Field("chip", .identifier, required: true, "The chip profile priced."),
        Field("purchase", .number(min: 0, max: 1e15), "Purchase price of one chip (with its share of the server, if the team counts it)."),
        Field("amortisation_years", .number(min: Limits.smallestFraction, max: 100),
              "Years over which a purchase is written off, evenly over every hour (with `purchase`)."),
        Field("hourly", .number(min: 0, max: 1e12), "Lease or cloud price per chip-hour, electricity included."),
        Field("source", .string, "Where this price comes from."),
    ])

    public static let prices = ObjectSchema("Prices", header + [
        Field("id", .identifier, required: true, "Price list id, named by every output that uses it."),
        Field("currency", .string, required: true, "Currency of every price in the file, e.g. `CNY`."),
        Field("as_of", .date, required: true, "When the prices held."),
        Field("source", .string, required: true, "Where the prices come from: a quote, a press report, a sample."),
        Field("provenance", .oneOf(PriceList.Provenance.allCases.map(\.rawValue)), required: true,
              "`quote` (the team's own), `press` (reported prices) or `sample` (for trying chipfit out); outputs say which."),
        Field("electricity", .object(ObjectSchema("electricity", [
            Field("price_per_kwh", .number(min: 0, max: 1e6), required: true, "Electricity price per kWh."),
            Field("pue", .number(min: 1, max: 10), "Power usage effectiveness of the facility (default 1: the chips' power only)."),
        ])), "Electricity, added to the cost of purchased chips (hourly prices include it)."),
        Field("chips", .list(.object(chipPrice), minItems: 1), required: true, "One entry per chip priced."),
        notes,
    ])
}

extension DocumentDecoder {
    func prices(_ o: Object, _ sink: inout DiagnosticSink) -> PriceDocument? {
        guard let id = o.string("id"), let currency = o.string("currency"), let asOf = o.date("as_of"),
              let source = o.string("source"),
              let provenance = o.string("provenance").flatMap(PriceList.Provenance.init(rawValue:)) else { return nil }
        var chips: [String: PriceList.ChipPrice] = [:]
        var seen: [String: SourceLocation] = [:]
        for item in o.list("chips") ?? [] {
            guard let e = item.object, let chip = e.string("chip") else { continue }
            if let first = seen[chip] {
                sink.error(.conflictingFields, "a second price for `\(chip)`", at: e.location(of: "chip"), path: item.path,
                           suggestion: "keep one entry per chip", related: [.init(message: "first price", location: first)])
                continue
            }
            seen[chip] = e.location(of: "chip")
            let purchase = e.number("purchase"), years = e.number("amortisation_years"), hourly = e.number("hourly")
            let basis: PriceList.Basis
            switch (purchase, years, hourly) {
            case (let p?, let y?, nil): basis = .purchase(price: p, years: y)
            case (nil, nil, let h?): basis = .hourly(price: h)
            case (_?, nil, nil):
                sink.error(.missingField, "`purchase` needs `amortisation_years`: the years it is written off over",
                           at: e.location, path: e.path(of: "amortisation_years"), suggestion: "add e.g. `amortisation_years: 4`")
                continue
            case (nil, _?, nil):
                sink.error(.missingField, "`amortisation_years` needs `purchase`", at: e.location(of: "amortisation_years"),
                           path: e.path(of: "purchase"))
                continue
            case (nil, nil, nil):
                sink.error(.missingField, "a chip price needs `purchase` with `amortisation_years`, or `hourly`",
                           at: e.location, path: e.path(of: "hourly"))
                continue
            default:
                sink.error(.conflictingFields, "give `purchase` or `hourly` for `\(chip)`, not both",
                           at: e.location(of: "hourly"), path: e.path(of: "hourly"),
                           suggestion: "an hourly price already pays for the chip; keep the one the team pays")
                continue
            }
            chips[chip] = PriceList.ChipPrice(basis: basis, source: e.string("source"))
        }
        let electricity = o.object("electricity").flatMap { e in
            e.number("price_per_kwh").map { PriceList.Electricity(pricePerKWh: $0, pue: e.number("pue") ?? 1) }
        }
        let list = PriceList(id: id, currency: currency, asOf: asOf, source: source, provenance: provenance,
                             electricity: electricity, chips: chips, file: file)
        return PriceDocument(list: list, chipLocations: seen, location: o.location)
    }
}

/// A `kind: Prices` file as read, with where each chip is named for findings about it.
public struct PriceDocument: Sendable {
    public var list: PriceList
    public var chipLocations: [String: SourceLocation]
    /// Where the file's mapping starts, for a second list in one run.
    public var location: SourceLocation
}
