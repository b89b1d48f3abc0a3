import ChipFitPlanner
import ChipFitYAML

/// What a quantity measures. Each kind has its own units; a value is stored in the kind's
/// base unit (bytes, bytes per second, operations per second, watts, or a plain count).
public enum QuantityKind: String, Sendable, CaseIterable, Hashable {
    case bytes, bandwidth, compute, power, count

    /// Units accepted for this kind, with their factor to the base unit.
    /// Decimal prefixes are powers of ten (GB = 10^9 B), binary ones powers of two
    /// (GiB = 2^30 B), as in IEC 80000-13; bit rates are divided by 8.
    var units: [(symbol: String, factor: Factor)] {
        switch self {
        case .bytes: Self.byteUnits
        case .bandwidth: Self.bandwidthUnits
        case .compute: Self.computeUnits
        case .power: Self.powerUnits
        case .count: Self.countUnits
        }
    }

    // Built once: every quantity in every file looks its unit up here.
    private static let bandwidthUnits: [(symbol: String, factor: Factor)] =
            byteUnits.map { ($0.symbol + "/s", $0.factor) } + [
                ("b/s", .decimal(0, bits: true)), ("kb/s", .decimal(3, bits: true)), ("Kb/s", .decimal(3, bits: true)),
                ("Mb/s", .decimal(6, bits: true)), ("Gb/s", .decimal(9, bits: true)), ("Tb/s", .decimal(12, bits: true)),
                ("Kbps", .decimal(3, bits: true)), ("Mbps", .decimal(6, bits: true)), ("Gbps", .decimal(9, bits: true)),
                ("Tbps", .decimal(12, bits: true)),
            ]
    private static let computeUnits: [(symbol: String, factor: Factor)] = [
        ("FLOPS", .decimal(0)), ("GFLOPS", .decimal(9)), ("TFLOPS", .decimal(12)), ("PFLOPS", .decimal(15)),
        ("OPS", .decimal(0)), ("GOPS", .decimal(9)), ("TOPS", .decimal(12)), ("POPS", .decimal(15))]
    private static let powerUnits: [(symbol: String, factor: Factor)] = [("W", .decimal(0)), ("kW", .decimal(3))]
    private static let countUnits: [(symbol: String, factor: Factor)] = [
        ("", .decimal(0)), ("K", .decimal(3)), ("k", .decimal(3)), ("M", .decimal(6)), ("B", .decimal(9)), ("T", .decimal(12))]

    private static let byteUnits: [(symbol: String, factor: Factor)] = [
        ("B", .decimal(0)), ("kB", .decimal(3)), ("KB", .decimal(3)), ("MB", .decimal(6)), ("GB", .decimal(9)),
        ("TB", .decimal(12)), ("PB", .decimal(15)),
        ("KiB", .binary(10)), ("MiB", .binary(20)), ("GiB", .binary(30)), ("TiB", .binary(40)), ("PiB", .binary(50)),
    ]

    /// Every accepted unit symbol ("" for a bare count).
    public var symbols: [String] { units.map(\.symbol) }

    /// Every accepted unit a reader can write, for the field reference: all of `symbols`.
    public var documentedUnits: [String] {
        symbols.filter { !$0.isEmpty } + (self == .count ? ["or a plain integer"] : [])
    }

    /// The symbols a "did you mean" may offer for a unit that was not recognised. A suggestion
    /// never crosses between bits and bytes (`TBps` is not `Tbps`: that is 8× less), so a
    /// bandwidth unit is read for which it means — after its prefix (`k`, `M`, `G`, `T`, `P`,
    /// in either case, with `i` for binary): a stem with `bit` or a small `b` is a bit rate,
    /// one with `byte` or a capital `B` a byte rate. Where the spelling does not say (`GBPS`,
    /// `gb/s`: written for both), there is no guess.
    func suggestable(for unit: String) -> [String] {
        let all = symbols.filter { !$0.isEmpty }
        guard self == .bandwidth else { return all }
        var stem = Substring(unit)
        let prefix = stem.first.map { "kKmMgGtTpP".contains($0) } ?? false ? stem.removeFirst() : nil
        if prefix != nil, stem.first == "i" { stem.removeFirst() }
        let lower = stem.lowercased()
        let bits: Bool
        if lower.contains("bit") { bits = true }
        else if lower.contains("byte") { bits = false }
        else if stem.count > 1, stem.allSatisfy({ $0.isUppercase || !$0.isLetter }) { return [] } // GBPS
        else if let p = prefix, p.isLowercase, p != "k" { return [] } // gb/s: not an SI prefix, no telling
        else if stem.first == "B" { bits = false }
        else if stem.first == "b" { bits = true }
        else { return all }
        return all.filter { Self.isBitRate($0) == bits }
    }

    private static func isBitRate(_ symbol: String) -> Bool {
        symbol.hasSuffix("bps") || symbol.hasSuffix("b/s")
    }

    /// Symbols users see in error messages (one spelling per unit).
    public var acceptedUnits: [String] {
        switch self {
        case .bytes: ["B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB"]
        case .bandwidth: ["MB/s", "GB/s", "TB/s", "GiB/s", "Mb/s", "Gb/s", "Gbps"]
        case .compute: ["GFLOPS", "TFLOPS", "PFLOPS", "TOPS", "POPS"]
        case .power: ["W", "kW"]
        case .count: ["K", "M", "B", "T", "or a plain integer"]
        }
    }

    /// The largest value a field of this kind takes, written as a reader would: far past any
    /// chip, model or training run that exists, and far below what the planner's arithmetic
    /// holds, so that no accepted profile or spec can overflow it.
    public var maximum: (value: Double, text: String) {
        switch self {
        case .bytes: (1e15, "1PB")
        case .bandwidth: (1e15, "1PB/s")
        case .compute: (1e18, "1000PFLOPS")
        case .power: (1e6, "1000kW")
        case .count: (1e16, "10000T")
        }
    }

    public var example: String {
        switch self {
        case .bytes: "64GB"
        case .bandwidth: "1.6TB/s"
        case .compute: "320TFLOPS"
        case .power: "400W"
        case .count: "7.5B"
        }
    }

    enum Factor: Sendable {
        case decimal(Int, bits: Bool = false)
        case binary(Int)
    }
}

/// A measured amount with its unit resolved, e.g. `1.6TB/s` → 1.6 × 10^12 bytes per second.
public struct Quantity: Sendable, Hashable, CustomStringConvertible {
    public var kind: QuantityKind
    /// The amount in the kind's base unit. Computed exactly in integers where the written
    /// number allows it, so `1.6TB/s` is exactly 1_600_000_000_000.
    public var value: Double
    /// The text as written, for messages and reports.
    public var text: String

    public init(kind: QuantityKind, value: Double, text: String) {
        self.kind = kind
        self.value = value
        self.text = text
    }

    public var description: String { text }

    public struct ParseError: Error, Sendable, Equatable {
        public var message: String
        public var suggestion: String?
    }

    /// Parses `NUMBER[ ]UNIT`. The number is decimal (no exponent, sign or separators).
    public static func parse(_ text: String, as kind: QuantityKind) -> Result<Quantity, ParseError> {
        let trimmed = text.trimmingSpaces
        // Leading ASCII digits and dots are the number; after one optional space, the unit.
        let bytes = trimmed.utf8
        let split = bytes.firstIndex { !(($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E) } ?? bytes.endIndex
        let digits = Substring(trimmed[..<split])
        var rest = trimmed[split...]
        // One space byte, not one Character: " \u{301}" must not swallow the combining mark.
        if rest.utf8.first == 0x20 { rest = trimmed[bytes.index(after: split)...] }
        let unit = String(rest)
        let units = kind.units
        var accepted: String { kind.acceptedUnits.joined(separator: ", ") } // for messages only
        guard let number = DecimalNumber(digits) else {
            return .failure(ParseError(
                message: "`\(text)` is not \(kind.noun); expected a number followed by a unit (\(accepted))",
                suggestion: "write it like `\(kind.example)`"))
        }
        guard let match = units.first(where: { $0.symbol.isSameKey(unit) }) else {
            if unit.isEmpty {
                return .failure(ParseError(
                    message: "`\(text)` has no unit; \(kind.noun) takes one of \(accepted)",
                    suggestion: "write it like `\(digits)\(kind.acceptedUnits[kind == .bytes ? 3 : 1])`"))
            }
            let guess = Suggestion.closest(to: unit, among: kind.suggestable(for: unit))
            return .failure(ParseError(
                message: "unknown unit `\(unit)` for \(kind.noun); expected one of \(accepted)",
                suggestion: guess.map { "did you mean `\(digits)\($0)`?" }))
        }
        let value = number.scaled(by: match.factor)
        guard value > 0 else {
            return .failure(ParseError(message: "`\(text)` must be greater than zero", suggestion: nil))
        }
        guard value <= kind.maximum.value else {
            return .failure(ParseError(message: "`\(text)` is beyond any real \(kind.noun.dropFirst(2)); the largest accepted is \(kind.maximum.text)",
                                       suggestion: nil))
        }
        if kind == .count || kind == .bytes, value.rounded() != value {
            return .failure(ParseError(
                message: "`\(text)` is not a whole number of \(kind == .bytes ? "bytes" : "units")", suggestion: nil))
        }
        return .success(Quantity(kind: kind, value: value, text: trimmed))
    }
}

extension QuantityKind {
    var noun: String {
        switch self {
        case .bytes: "a size"
        case .bandwidth: "a bandwidth"
        case .compute: "a compute rate"
        case .power: "a power"
        case .count: "a count"
        }
    }
}

/// A decimal literal kept as integer digits and a power of ten, so that scaling by a unit
/// prefix is exact whenever the result is an integer.
struct DecimalNumber {
    var digits: UInt64
    var fractionDigits: Int

    /// Digits with at most one inner dot (`12`, `1.6`; not `.5`, `5.` or `1.2.3`), at most 18
    /// digits, and no leading zero before more whole digits (YAML 1.1 would read it as octal).
    init?(_ text: Substring) {
        var value: UInt64 = 0
        var count = 0, whole = 0, fraction = 0
        var dot = false
        for b in text.utf8 {
            if b == 0x2E {
                guard !dot, count > 0 else { return nil }
                dot = true
            } else if b >= 0x30 && b <= 0x39 {
                count += 1
                guard count <= 18 else { return nil }
                value = value * 10 + UInt64(b - 0x30)
                if dot { fraction += 1 } else { whole += 1 }
            } else {
                return nil
            }
        }
        guard whole > 0, !dot || fraction > 0 else { return nil }
        if whole > 1, text.utf8.first == 0x30 { return nil }
        digits = value
        fractionDigits = fraction
    }

    func scaled(by factor: QuantityKind.Factor) -> Double {
        var numerator = digits
        var denominator: UInt64 = 1
        for _ in 0..<fractionDigits { denominator *= 10 }
        switch factor {
        case .decimal(let exponent, let bits):
            if bits { denominator *= 8 }
            for _ in 0..<exponent {
                let (next, overflow) = numerator.multipliedReportingOverflow(by: 10)
                if overflow { return Double(digits) / Double(denominator) * pow10(exponent) }
                numerator = next
            }
        case .binary(let exponent):
            let (next, overflow) = numerator.multipliedReportingOverflow(by: UInt64(1) << UInt64(exponent))
            if overflow { return Double(digits) / Double(denominator) * Double(UInt64(1) << UInt64(exponent)) }
            numerator = next
        }
        if numerator % denominator == 0 { return Double(numerator / denominator) }
        return Double(numerator) / Double(denominator)
    }

    private func pow10(_ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<n { r *= 10 }
        return r
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    public var trimmingSpaces: String {
        func space(_ b: UInt8?) -> Bool { b == 0x20 || b == 0x09 }
        if !space(utf8.first), !space(utf8.last) { return self } // the common case, without copying
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
