/// A JSON value with a deterministic rendering: object keys sorted, two-space indentation,
/// shortest round-tripping numbers. Same value, same bytes.
///
/// Not `indirect`: arrays and objects already keep their elements on the heap, and boxing
/// every number and string cost an allocation each (a plan of the benchmark corpus has
/// millions of them).
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSON])
    case object(JSONObject)

    public static func optional(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
    public static func optional(_ i: Int?) -> JSON { i.map(JSON.int) ?? .null }

    public func rendered(pretty: Bool = true) -> String {
        var out = JSONWriter(pretty: pretty)
        out.write(self, indent: 0)
        if pretty { out.bytes.append(0x0A) }
        return String(decoding: out.bytes, as: UTF8.self)
    }
}

/// An object's members kept sorted by key, so rendering walks them in order without hashing
/// or sorting; written like a dictionary (`["a": .int(1)]`, `o["b"] = .null`).
public struct JSONObject: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSON] = []

    public init(dictionaryLiteral elements: (String, JSON)...) {
        // Sorted through an index permutation: sorting the (key, value) pairs themselves
        // copied them through generic tuple witnesses, the bulk of building a plan's JSON.
        var order = Array(elements.indices)
        order.sort { elements[$0].0 < elements[$1].0 }
        keys.reserveCapacity(order.count)
        values.reserveCapacity(order.count)
        for i in order {
            precondition(keys.last != elements[i].0, "duplicate JSON key `\(elements[i].0)`")
            keys.append(elements[i].0)
            values.append(elements[i].1)
        }
    }

    public init(_ dictionary: [String: JSON]) {
        for (key, value) in dictionary.sorted(by: { $0.key < $1.key }) {
            keys.append(key)
            values.append(value)
        }
    }

    public var isEmpty: Bool { keys.isEmpty }
    public var count: Int { keys.count }

    /// Where `key` is, or where it would be inserted.
    private func position(_ key: String) -> (index: Int, found: Bool) {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return (lo, lo < keys.count && keys[lo] == key)
    }

    public subscript(key: String) -> JSON? {
        get {
            let p = position(key)
            return p.found ? values[p.index] : nil
        }
        set {
            let p = position(key)
            switch (p.found, newValue) {
            case (true, let v?): values[p.index] = v
            case (true, nil): keys.remove(at: p.index); values.remove(at: p.index)
            case (false, let v?): keys.insert(key, at: p.index); values.insert(v, at: p.index)
            case (false, nil): break
            }
        }
    }
}

/// Writes JSON as UTF-8 bytes: plain byte appends, with escaping only where a string needs it.
/// Either a whole `JSON` value (`write`), or streamed without building a tree
/// (`beginObject`/`key`/`endObject`, `beginArray`/`element`/`endArray` and the scalar writers):
/// large documents such as a plan are written that way, in the same bytes as their tree.
struct JSONWriter {
    var bytes: [UInt8] = []
    let pretty: Bool
    /// For each open streamed container: whether it has no member yet, and (objects) the last
    /// key, checked in debug builds to rise so streamed objects keep the tree's key order.
    private var open: [(empty: Bool, lastKey: String)] = []

    init(pretty: Bool, capacity: Int = 1 << 12) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    mutating func write(_ value: JSON, indent: Int) {
        switch value {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .number(let d): number(d)
        case .string(let s): string(s)
        case .array(let items):
            beginArray()
            for item in items {
                element(indent: indent)
                write(item, indent: indent + 1)
            }
            endArray(indent: indent)
        case .object(let fields):
            beginObject()
            for i in fields.keys.indices {
                key(fields.keys[i], indent: indent)
                write(fields.values[i], indent: indent + 1)
            }
            endObject(indent: indent)
        }
    }

    mutating func null() { append("null") }
    mutating func bool(_ b: Bool) { append(b ? "true" : "false") }
    mutating func int(_ i: Int) { append(String(i)) }
    mutating func number(_ d: Double) {
        if !d.isFinite { append("null") }
        else if d == d.rounded(), abs(d) < 1e15 { append(String(Int(d))) }
        else { append(d.description) }
    }
    mutating func optional(_ s: String?) { if let s { string(s) } else { null() } }
    mutating func optional(_ i: Int?) { if let i { int(i) } else { null() } }

    /// `{`; members follow as `key` then a value, in ascending key order.
    mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        open.append((true, ""))
    }

    /// Starts the member `name` of the object opened at `indent`.
    mutating func key(_ name: String, indent: Int) {
        if open[open.count - 1].empty {
            open[open.count - 1].empty = false
        } else {
            assert(open[open.count - 1].lastKey < name, "streamed JSON keys out of order: \(name)")
            bytes.append(UInt8(ascii: ","))
        }
        assert({ open[open.count - 1].lastKey = name; return true }())
        newline(indent + 1)
        string(name)
        append(pretty ? ": " : ":")
    }

    mutating func endObject(indent: Int) {
        if !open.removeLast().empty { newline(indent) }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        bytes.append(UInt8(ascii: "["))
        open.append((true, ""))
    }

    /// Starts the next element of the array opened at `indent`.
    mutating func element(indent: Int) {
        if open[open.count - 1].empty { open[open.count - 1].empty = false } else { bytes.append(UInt8(ascii: ",")) }
        newline(indent + 1)
    }

    mutating func endArray(indent: Int) {
        if !open.removeLast().empty { newline(indent) }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

    private mutating func newline(_ indent: Int) {
        guard pretty else { return }
        bytes.append(0x0A)
        var left = indent * 2
        while left > 0 {
            let n = min(left, Self.spaces.count)
            Self.spaces.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<n])) }
            left -= n
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escaping: scan the contiguous bytes and copy them whole.
        let plain = s.utf8.withContiguousStorageIfAvailable { buffer -> Bool in
            for b in buffer where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F { return false }
            bytes.append(contentsOf: buffer)
            return true
        }
        if plain == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0..<0x20, 0x7F:
                let hex = String(b, radix: 16)
                append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
