/// A JSON value with a deterministic rendering: object keys sorted, two-space indentation,
/// shortest round-tripping numbers. Same value, same bytes.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSON])
    case object(JSONObject)
    /// A value written once for the many places that share it; see `Prewritten`.
    case prewritten(Prewritten)

    public static func optional(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
    public static func optional(_ i: Int?) -> JSON { i.map(JSON.int) ?? .null }

    public func rendered(pretty: Bool = true) -> String {
        var out = JSONWriter(pretty: pretty)
        out.write(self, indent: 0)
        if pretty { out.raw("\n") }
        return out.text
    }
}

/// An object's members kept sorted by key, so rendering walks them in order without hashing
/// or sorting; written like a dictionary (`["a": .int(1)]`, `o["b"] = .null`).
public struct JSONObject: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public struct Member: Sendable, Hashable {
        public let key: String
        public var value: JSON
    }

    /// In ascending key order, each key once.
    public private(set) var members: [Member] = []

    public init(dictionaryLiteral elements: (String, JSON)...) {
        // Sorted through an index permutation: sorting the (key, value) pairs themselves
        // copied them through generic tuple witnesses, the bulk of building a plan's JSON.
        var order = Array(elements.indices)
        order.sort { elements[$0].0 < elements[$1].0 }
        members.reserveCapacity(order.count)
        for i in order {
            precondition(members.last?.key != elements[i].0, "duplicate JSON key `\(elements[i].0)`")
            members.append(Member(key: elements[i].0, value: elements[i].1))
        }
    }

    public init(_ dictionary: [String: JSON]) {
        members = dictionary.sorted(by: { $0.key < $1.key }).map { Member(key: $0.key, value: $0.value) }
    }

    public var keys: [String] { members.map(\.key) }
    public var isEmpty: Bool { members.isEmpty }
    public var count: Int { members.count }

    /// Where `key` is, or where it would be inserted.
    private func position(_ key: String) -> (index: Int, found: Bool) {
        var lo = 0, hi = members.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if members[mid].key < key { lo = mid + 1 } else { hi = mid }
        }
        return (lo, lo < members.count && members[lo].key == key)
    }

    public subscript(key: String) -> JSON? {
        get {
            let p = position(key)
            return p.found ? members[p.index].value : nil
        }
        set {
            let p = position(key)
            switch (p.found, newValue) {
            case (true, let v?): members[p.index].value = v
            case (true, nil): members.remove(at: p.index)
            case (false, let v?): members.insert(Member(key: key, value: v), at: p.index)
            case (false, nil): break
            }
        }
    }
}
