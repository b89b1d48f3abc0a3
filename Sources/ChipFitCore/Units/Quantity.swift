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
        case .bytes: return Self.byteUnits
        case .bandwidth:
            return Self.byteUnits.map { ($0.symbol + "/s", $0.factor) } + [
                ("b/s", .decimal(0, bits: true)), ("kb/s", .decimal(3, bits: true)), ("Kb/s", .decimal(3, bits: true)),
                ("Mb/s", .decimal(6, bits: true)), ("Gb/s", .decimal(9, bits: true)), ("Tb/s", .decimal(12, bits: true)),
                ("Kbps", .decimal(3, bits: true)), ("Mbps", .decimal(6, bits: true)), ("Gbps", .decimal(9, bits: true)),
                ("Tbps", .decimal(12, bits: true)),
            ]
        case .compute:
            return [("FLOPS", .decimal(0)), ("GFLOPS", .decimal(9)), ("TFLOPS", .decimal(12)), ("PFLOPS", .decimal(15)),
                    ("OPS", .decimal(0)), ("GOPS", .decimal(9)), ("TOPS", .decimal(12)), ("POPS", .decimal(15))]
        case .power:
            return [("W", .decimal(0)), ("kW", .decimal(3))]
        case .count:
            return [("", .decimal(0)), ("K", .decimal(3)), ("k", .decimal(3)), ("M", .decimal(6)),
                    ("B", .decimal(9)), ("T", .decimal(12))]
        }
    }

    private static let byteUnits: [(symbol: String, factor: Factor)] = [
        ("B", .decimal(0)), ("kB", .decimal(3)), ("KB", .decimal(3)), ("MB", .decimal(6)), ("GB", .decimal(9)),
        ("TB", .decimal(12)), ("PB", .decimal(15)),
        ("KiB", .binary(10)), ("MiB", .binary(20)), ("GiB", .binary(30)), ("TiB", .binary(40)), ("PiB", .binary(50)),
    ]

    /// Every accepted unit symbol ("" for a bare count).
    public var symbols: [String] { units.map(\.symbol) }

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

    public var example: String {
        switch self {
        case .bytes: "64GB"
        case .bandwidth: "1.6TB/s"
        case .compute: "320TFLOPS"
        case .power: "400W"
        case .count: "7.5B"
        }
    }

    enum Factor {
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
        let digits = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        var unit = String(trimmed.dropFirst(digits.count))
        if unit.hasPrefix(" ") { unit.removeFirst() }
        let units = kind.units
        let accepted = kind.acceptedUnits.joined(separator: ", ")
        guard let number = DecimalNumber(String(digits)) else {
            return .failure(ParseError(
                message: "`\(text)` is not a \(kind.noun); expected a number followed by a unit (\(accepted))",
                suggestion: "write it like `\(kind.example)`"))
        }
        guard let match = units.first(where: { $0.symbol == unit }) else {
            if unit.isEmpty {
                return .failure(ParseError(
                    message: "`\(text)` has no unit; \(kind.noun) takes one of \(accepted)",
                    suggestion: "write it like `\(digits)\(kind.acceptedUnits[kind == .bytes ? 3 : 1])`"))
            }
            let guess = Suggestion.closest(to: unit, among: units.map(\.symbol).filter { !$0.isEmpty })
            return .failure(ParseError(
                message: "unknown unit `\(unit)` for \(kind.noun); expected one of \(accepted)",
                suggestion: guess.map { "did you mean `\(digits)\($0)`?" }))
        }
        let value = number.scaled(by: match.factor)
        guard value > 0 else {
            return .failure(ParseError(message: "`\(text)` must be greater than zero", suggestion: nil))
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

    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ !$0.isEmpty }),
              let whole = UInt64(parts.joined()), parts.joined().count <= 18 else { return nil }
        // A leading zero before more digits reads as octal in YAML 1.1: refuse the ambiguity.
        if parts[0].count > 1 && parts[0].hasPrefix("0") { return nil }
        digits = whole
        fractionDigits = parts.count == 2 ? parts[1].count : 0
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
