import ChipFitSpec
import ChipFitPlanner
import Testing
import TestSupport

@Suite struct Quantities {
    private func value(_ text: String, _ kind: QuantityKind) -> Double? {
        try? Quantity.parse(text, as: kind).get().value
    }

    @Test(arguments: [
        ("64GB", 64e9), ("64GiB", 68_719_476_736), ("1.5GiB", 1_610_612_736), ("512MB", 512e6),
        ("96 GB", 96e9), ("80GB", 80e9), ("1KiB", 1024),
    ])
    func bytesUseExactDecimalAndBinaryPrefixes(text: String, expected: Double) {
        #expect(value(text, .bytes) == expected)
    }

    @Test func bandwidthAcceptsBytesAndBitsPerSecond() {
        #expect(value("1.6TB/s", .bandwidth) == 1_600_000_000_000)
        #expect(value("392GB/s", .bandwidth) == 392e9)
        #expect(value("200Gb/s", .bandwidth) == 25e9)
        #expect(value("400Gbps", .bandwidth) == 50e9)
        #expect(value("2GiB/s", .bandwidth) == 2_147_483_648)
    }

    @Test func computePowerAndCounts() {
        #expect(value("320TFLOPS", .compute) == 320e12)
        #expect(value("989.5TFLOPS", .compute) == 989.5e12)
        #expect(value("1.979PFLOPS", .compute) == 1.979e15)
        #expect(value("640TOPS", .compute) == 640e12)
        #expect(value("400W", .power) == 400)
        #expect(value("1.2kW", .power) == 1200)
        #expect(value("72.7B", .count) == 72_700_000_000)
        #expect(value("8.03B", .count) == 8_030_000_000)
        #expect(value("1T", .count) == 1e12)
        #expect(value("110M", .count) == 110e6)
        #expect(value("1000000", .count) == 1e6)
    }

    @Test func aNumberWithoutUnitListsTheAcceptedUnits() throws {
        let error = try #require(Quantity.parse("64", as: .bytes).failure)
        #expect(error.message == "`64` has no unit; a size takes one of B, KB, MB, GB, TB, KiB, MiB, GiB, TiB")
        #expect(error.suggestion == "write it like `64GB`")
    }

    @Test func anUnknownUnitSuggestsTheClosest() throws {
        let error = try #require(Quantity.parse("1.6TBs", as: .bandwidth).failure)
        #expect(error.message.hasPrefix("unknown unit `TBs` for a bandwidth"))
        #expect(error.suggestion == "did you mean `1.6TB/s`?")
        #expect(Quantity.parse("64Gb", as: .bytes).failure?.suggestion == "did you mean `64GB`?")
    }

    @Test(arguments: ["0GB", "-1GB", "1e9B", "1,5GB", ".5GB", "05GB", "GB", "1.GB", "0.5B", "1..2GB", "1.2.3GB",
                      "1  GB", "1234567890123456789B", "１GB"])
    func malformedQuantitiesAreRejected(text: String) {
        #expect(Quantity.parse(text, as: .bytes).failure != nil)
    }

    @Test func quantitiesBeyondAnyRealValueAreRefusedWithTheLargest() {
        for kind in QuantityKind.allCases {
            let largest = kind.maximum
            #expect(Quantity.parse(largest.text, as: kind).map(\.value) == .success(largest.value), "\(kind)")
            let message = Quantity.parse("10" + largest.text, as: kind).failure?.message ?? ""
            #expect(message.contains("the largest accepted is \(largest.text)"), "\(kind): \(message)")
        }
        #expect(value("999999999999999TB", .bytes) == nil) // was accepted, and overflowed the planner
    }

    @Test func numbersAndUnitsSplitWhereTheDigitsEnd() {
        #expect(value("0.5GB", .bytes) == 5e8)
        #expect(value("1 GB", .bytes) == 1e9)
        #expect(value("999999999999999B", .bytes) == 999_999_999_999_999)
        #expect(value("0.00000000000000001FLOPS", .compute) == 1e-17) // 18 digits, the most a number has
        #expect(value("1.25TB/s", .bandwidth) == 1.25e12)
        #expect(value("7.5B", .count) == 7.5e9)
        #expect(Quantity.parse("3 XB", as: .bytes).failure?.message.hasPrefix("unknown unit `XB`") == true)
        // One space byte is skipped, not one Character: a combining mark after it stays.
        #expect(Quantity.parse("1 \u{301}B", as: .bytes).failure != nil)
        #expect(Quantity.parse("5 \u{301}", as: .count).failure != nil)
        // Unit symbols compare as Swift strings: the Kelvin sign is canonically K.
        #expect(value("1\u{212A}B", .bytes) == 1000)
        #expect(Quantity.parse("1.2.3GB", as: .bytes).failure?.message.hasPrefix("`1.2.3GB` is not a size;") == true)
    }
}

@Suite struct Days {
    @Test func parsesStrictISODates() {
        #expect(Day("2026-05-26")?.description == "2026-05-26")
        #expect(Day("2024-02-29") != nil)
        #expect(Day("2026-02-29") == nil)
        #expect(Day("2026-5-26") == nil)
        #expect(Day("2026-13-01") == nil)
        #expect(Day("26-05-2026") == nil)
    }

    @Test func ordersAndCountsDays() throws {
        let a = try #require(Day("2026-05-26")), b = try #require(Day("2029-05-25"))
        #expect(a < b)
        #expect(b.ordinal - a.ordinal == 1095) // three years including 29 Feb 2028, less one day
    }
}

@Suite struct Versions {
    @Test func rangesMatchDottedVersions() throws {
        let r = try #require(VersionRange(">=2.1 <2.7"))
        #expect(r.contains(Version("2.1")!))
        #expect(r.contains(Version("2.6.9")!))
        #expect(!r.contains(Version("2.7")!))
        #expect(!r.contains(Version("2.0")!))
        #expect(VersionRange("2.1") == nil)
        #expect(VersionRange("~>2.1") == nil)
        #expect(Version("2.10")! > Version("2.9")!)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}

@Suite struct UnitSuggestions {
    /// What a suggested spelling means, parsed as the suggestion would be written.
    private func suggested(_ text: String) throws -> Double? {
        let error = try #require(Quantity.parse(text, as: .bandwidth).failure)
        guard let s = error.suggestion, s.hasPrefix("did you mean `") else { return nil }
        let fixed = s.dropFirst("did you mean `".count).prefix { $0 != "`" }
        return try Quantity.parse(String(fixed), as: .bandwidth).get().value
    }

    @Test(arguments: ["k", "M", "G", "T"])
    func aSuggestionNeverSwitchesBetweenBitsAndBytes(prefix: String) throws {
        let scale: Double = ["k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12][prefix]!
        // Byte rates misspelled: the suggestion is the byte rate (2TBps was offered as 2Tbps, 8× less).
        for unit in ["Bps", "B/sec", "Bs"] {
            if let v = try suggested("2\(prefix)\(unit)") { #expect(v == 2 * scale, "2\(prefix)\(unit)") }
        }
        #expect(try suggested("2\(prefix)Bps") == 2 * scale)
        // Bit rates misspelled: the suggestion is the bit rate.
        for unit in ["b/sec", "bs", "bit/s"] {
            if let v = try suggested("2\(prefix)\(unit)") { #expect(v == 2 * scale / 8, "2\(prefix)\(unit)") }
        }
        // `bit` and `byte` spelled out say which, in any case, with a binary `i` too.
        for unit in ["Bit/s", "bit/s", "ibps"] {
            if let v = try suggested("2\(prefix)\(unit)") { #expect(v == 2 * scale / 8, "2\(prefix)\(unit)") }
        }
        for unit in ["Byte/s", "bytes/s"] {
            if let v = try suggested("2\(prefix)\(unit)") { #expect(v >= 2 * scale && v < 2.3 * scale, "2\(prefix)\(unit)") }
        }
        // All capitals say neither: no guess; nor does a small prefix that is not SI.
        #expect(try suggested("2\(prefix)BPS") == nil)
        if prefix != "k" { #expect(try suggested("2\(prefix.lowercased())b/s") == nil) }
    }

    @Test func everyAcceptedUnitIsInTheFieldReference() throws {
        let reference = String(decoding: Repo.read("docs/reference.md"), as: UTF8.self)
        for kind in QuantityKind.allCases {
            for symbol in kind.symbols where !symbol.isEmpty {
                #expect(reference.contains("`\(symbol)`"), "\(kind.rawValue): `\(symbol)` is accepted but not documented")
            }
        }
    }
}
