/// A JSON value with a deterministic rendering: object keys sorted, two-space indentation,
/// shortest round-tripping numbers. Same value, same bytes.
public indirect enum JSON: Sendable, Hashable {
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
        let sorted = elements.sorted { $0.0 < $1.0 }
        for i in sorted.indices.dropFirst() {
            precondition(sorted[i].0 != sorted[i - 1].0, "duplicate JSON key `\(sorted[i].0)`")
        }
        keys = sorted.map(\.0)
        values = sorted.map(\.1)
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
struct JSONWriter {
    var bytes: [UInt8] = []
    let pretty: Bool

    init(pretty: Bool, capacity: Int = 1 << 12) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    mutating func write(_ value: JSON, indent: Int) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .int(let i): append(String(i))
        case .number(let d):
            if !d.isFinite { append("null") }
            else if d == d.rounded(), abs(d) < 1e15 { append(String(Int(d))) }
            else { append("\(d)") }
        case .string(let s): string(s)
        case .array(let items):
            if items.isEmpty { append("[]"); return }
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                write(item, indent: indent + 1)
            }
            newline(indent)
            bytes.append(UInt8(ascii: "]"))
        case .object(let fields):
            if fields.isEmpty { append("{}"); return }
            bytes.append(UInt8(ascii: "{"))
            for i in fields.keys.indices {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                string(fields.keys[i])
                append(pretty ? ": " : ":")
                write(fields.values[i], indent: indent + 1)
            }
            newline(indent)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

    private mutating func newline(_ indent: Int) {
        guard pretty else { return }
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

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
