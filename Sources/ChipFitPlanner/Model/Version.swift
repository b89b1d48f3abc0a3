/// A dotted numeric version such as `2.3` or `12.1.1`. Missing parts compare as zero.
public struct Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var parts: [Int]

    /// One to four dot-separated parts of one to six ASCII digits each.
    public init?(_ text: String) {
        var parts: [Int] = []
        var current = 0, digits = 0
        for b in text.utf8 {
            if b == 0x2E {
                guard digits > 0, parts.count < 3 else { return nil }
                parts.append(current)
                current = 0
                digits = 0
            } else if b >= 0x30 && b <= 0x39, digits < 6 {
                current = current * 10 + Int(b - 0x30)
                digits += 1
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        parts.append(current)
        self.parts = parts
    }

    public static func < (a: Version, b: Version) -> Bool {
        for i in 0..<max(a.parts.count, b.parts.count) {
            let x = i < a.parts.count ? a.parts[i] : 0, y = i < b.parts.count ? b.parts[i] : 0
            if x != y { return x < y }
        }
        return false
    }

    public static func == (a: Version, b: Version) -> Bool { !(a < b) && !(b < a) }
    public func hash(into hasher: inout Hasher) {
        var trimmed = parts
        while trimmed.last == 0 { trimmed.removeLast() }
        hasher.combine(trimmed)
    }

    public var description: String { parts.map(String.init).joined(separator: ".") }
}

/// A conjunction of comparisons, e.g. `>=2.1 <2.7`.
public struct VersionRange: Sendable, Hashable, CustomStringConvertible {
    public enum Op: String, Sendable, CaseIterable { case ge = ">=", le = "<=", gt = ">", lt = "<", eq = "==" }
    public struct Pair: Sendable, Hashable {
        public var op: Op
        public var version: Version
        init(_ op: Op, _ version: Version) { self.op = op; self.version = version }
    }
    public let constraints: [Pair]
    public let text: String

    public init?(_ text: String) {
        var pairs: [Pair] = []
        for token in text.split(separator: " ") {
            guard let op = Op.allCases.first(where: { token.hasPrefix($0.rawValue) }),
                  let v = Version(String(token.dropFirst(op.rawValue.count))) else { return nil }
            pairs.append(Pair(op, v))
        }
        guard !pairs.isEmpty else { return nil }
        constraints = pairs
        self.text = text
    }

    public func contains(_ v: Version) -> Bool {
        constraints.allSatisfy { c in
            switch c.op {
            case .ge: v >= c.version
            case .le: v <= c.version
            case .gt: v > c.version
            case .lt: v < c.version
            case .eq: v == c.version
            }
        }
    }

    public var description: String { text }
    public static func == (a: VersionRange, b: VersionRange) -> Bool { a.text == b.text }
    public func hash(into h: inout Hasher) { h.combine(text) }
}
