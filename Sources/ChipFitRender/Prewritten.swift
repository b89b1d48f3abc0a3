/// A JSON value with its pretty rendering at one depth, made once for the many places that
/// share the value. Candidates on chips with one stack carry the same toolchain changes, a large
/// share of a JSON plan's bytes, and the CLI plan's CPU time is the budget with the least room
/// (docs/benchmarks.md). A writer at another depth, or writing compact JSON, writes `value`
/// itself: the bytes are the same either way.
public final class Prewritten: Sendable, Hashable {
    public let value: JSON
    let indent: Int
    let bytes: [UInt8]

    init(_ value: JSON, indent: Int) {
        var w = JSONWriter(pretty: true)
        w.write(value, indent: indent)
        self.value = value
        self.indent = indent
        self.bytes = w.bytes
    }

    public static func == (a: Prewritten, b: Prewritten) -> Bool { a.value == b.value }
    public func hash(into h: inout Hasher) { h.combine(value) }

    /// The JSON of the first keys seen, each written once at `indent`. Keys are compared, not
    /// hashed (hashing a list of toolchain changes costs most of what writing it once saves),
    /// and at most `capacity` are kept, so a catalogue of hundreds of stacks stays linear.
    struct Memo<Key: Equatable> {
        let indent: Int
        private var seen: [(key: Key, json: JSON)] = []
        static var capacity: Int { 32 }

        init(indent: Int) { self.indent = indent }

        /// The JSON for `key`, made by `make` and written the first time `key` is seen.
        mutating func value(for key: Key, _ make: (Key) -> JSON) -> JSON {
            if let hit = seen.first(where: { $0.key == key }) { return hit.json }
            let json = JSON.prewritten(Prewritten(make(key), indent: indent))
            if seen.count < Self.capacity { seen.append((key, json)) }
            return json
        }
    }
}
