#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes JSON as UTF-8 bytes, with escaping only where a string needs it. Either a whole
/// `JSON` value (`write`), or streamed without building a tree (`beginObject`/`key`/
/// `endObject`, `beginArray`/`element`/`endArray` and the scalar writers): large documents
/// such as a plan are written that way, in the same bytes as their tree.
///
/// The bytes live in a buffer the writer owns and grows by doubling, written through a
/// pointer: a plan of the benchmark corpus is 196 MB of JSON, and appending to a `[UInt8]`
/// piece by piece (a uniqueness and capacity check per append, `String.utf8` copied through
/// the generic sequence path) cost 27 instructions per byte, more than planning itself.
struct JSONWriter: ~Copyable {
    let pretty: Bool
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    private var count = 0
    /// For each open container, whether it has no member yet.
    private var empty: [Bool] = []
    /// For each open object, its last key: debug builds check that streamed keys rise, so
    /// streamed objects keep the order a `JSONObject` sorts its keys into.
    private var lastKeys: [String] = []

    init(pretty: Bool, capacity: Int = 1 << 12) {
        self.pretty = pretty
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
        empty.reserveCapacity(16)
    }

    deinit { base.deallocate() }

    /// A copy of the bytes written so far.
    var bytes: [UInt8] { [UInt8](UnsafeBufferPointer(start: base, count: count)) }

    /// The bytes written so far, as text.
    var text: String {
        String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    }

    /// Forgets the bytes written, keeping the buffer.
    mutating func removeAll() { count = 0 }

    // MARK: Values

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
                key(named: fields.keys[i], indent: indent)
                write(fields.values[i], indent: indent + 1)
            }
            endObject(indent: indent)
        }
    }

    mutating func null() { literal("null") }
    mutating func bool(_ b: Bool) { if b { literal("true") } else { literal("false") } }

    /// Decimal digits, as `String(i)` writes them.
    mutating func int(_ i: Int) {
        reserve(DecimalDigits.maxCount)
        count += DecimalDigits.write(i, to: base + count)
    }

    /// Whole numbers below 10^15 as integers, others in Swift's shortest round-tripping form;
    /// `null` for NaN and infinities, which JSON cannot hold.
    mutating func number(_ d: Double) {
        if !d.isFinite { null() }
        else if d == d.rounded(), abs(d) < 1e15 { int(Int(d)) }
        else { raw(d.description) } // ASCII digits, `.`, `e`, `+` and `-` only
    }

    mutating func optional(_ s: String?) { if let s { string(s) } else { null() } }
    mutating func optional(_ i: Int?) { if let i { int(i) } else { null() } }

    mutating func string(_ s: String) {
        if let done = s.utf8.withContiguousStorageIfAvailable({ quoted($0) }) { return done }
        var s = s
        s.withUTF8 { quoted($0) }
    }

    private mutating func quoted(_ text: UnsafeBufferPointer<UInt8>) {
        guard !Self.needsEscaping(text) else { return escaped(text) }
        reserve(text.count + 2)
        base[count] = UInt8(ascii: "\"")
        if let from = text.baseAddress { Self.copy(from, text.count, to: base + count + 1) }
        count += text.count + 2
        base[count - 1] = UInt8(ascii: "\"")
    }

    /// Whether a byte of `text` must be escaped in a JSON string: a control character, `"`,
    /// `\` or DEL. Eight bytes at a time (the classic "has a zero byte" test on each word, for
    /// the word itself against 0x20 and for its XOR with each of the other three), since most
    /// strings need nothing and every string of a plan is checked.
    static func needsEscaping(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard var p = text.baseAddress else { return false }
        var left = text.count
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        // Whole words, the last one ending at the last byte (overlapping the one before it,
        // which only checks some bytes twice); strings under eight bytes a byte at a time.
        if left >= 8 {
            let last = p + (left - 8)
            while true {
                let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
                if (w &- ones &* 0x20) & ~w & highs != 0 || hasZeroByte(w ^ (ones &* 0x22))
                    || hasZeroByte(w ^ (ones &* 0x5C)) || hasZeroByte(w ^ (ones &* 0x7F)) {
                    return true
                }
                if p == last { return false }
                p = min(p + 8, last)
            }
        }
        while left > 0 {
            let b = p.pointee
            if b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F { return true }
            p += 1
            left -= 1
        }
        return false
    }

    private mutating func escaped(_ text: UnsafeBufferPointer<UInt8>) {
        put(UInt8(ascii: "\""))
        for b in text {
            switch b {
            case UInt8(ascii: "\""): literal("\\\"")
            case UInt8(ascii: "\\"): literal("\\\\")
            case 0x0A: literal("\\n")
            case 0x0D: literal("\\r")
            case 0x09: literal("\\t")
            case 0..<0x20, 0x7F:
                let hex: StaticString = "0123456789abcdef"
                literal("\\u00")
                put(hex.utf8Start[Int(b >> 4)])
                put(hex.utf8Start[Int(b & 0xF)])
            default: put(b)
            }
        }
        put(UInt8(ascii: "\""))
    }

    // MARK: Containers

    /// `{`; members follow as `key` then a value, in ascending key order.
    mutating func beginObject() {
        put(UInt8(ascii: "{"))
        empty.append(true)
        assert({ lastKeys.append(""); return true }())
    }

    /// Starts the member `name` of the object opened at `indent`: a key written in the
    /// source, which needs no escaping (debug builds check), so it is copied as it is.
    mutating func key(_ name: StaticString, indent: Int) {
        assert(!Self.needsEscaping(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)))
        checkOrder(name.description)
        separate()
        newline(indent + 1)
        let n = name.utf8CodeUnitCount
        reserve(n + 4)
        base[count] = UInt8(ascii: "\"")
        Self.copy(name.utf8Start, n, to: base + count + 1)
        base[count + n + 1] = UInt8(ascii: "\"")
        base[count + n + 2] = UInt8(ascii: ":")
        base[count + n + 3] = UInt8(ascii: " ")
        count += pretty ? n + 4 : n + 3
    }

    /// Starts the member `name` of the object opened at `indent`, for a key known only at run
    /// time (escaped as any string).
    mutating func key(named name: String, indent: Int) {
        checkOrder(name)
        separate()
        newline(indent + 1)
        string(name)
        if pretty { literal(": ") } else { put(UInt8(ascii: ":")) }
    }

    /// In debug builds, that `name` sorts after the object's previous key.
    private mutating func checkOrder(_ name: @autoclosure () -> String) {
        assert({
            let name = name()
            defer { lastKeys[lastKeys.count - 1] = name }
            return lastKeys[lastKeys.count - 1].isEmpty || lastKeys[lastKeys.count - 1] < name
        }(), "streamed JSON keys out of order")
    }

    mutating func endObject(indent: Int) {
        assert({ lastKeys.removeLast(); return true }())
        close(UInt8(ascii: "}"), indent: indent)
    }

    mutating func beginArray() {
        put(UInt8(ascii: "["))
        empty.append(true)
    }

    /// Starts the next element of the array opened at `indent`.
    mutating func element(indent: Int) {
        separate()
        newline(indent + 1)
    }

    mutating func endArray(indent: Int) {
        close(UInt8(ascii: "]"), indent: indent)
    }

    /// A comma before every member but the first of the innermost container.
    private mutating func separate() {
        let top = empty.count - 1
        if empty[top] { empty[top] = false } else { put(UInt8(ascii: ",")) }
    }

    private mutating func close(_ bracket: UInt8, indent: Int) {
        if !empty.removeLast() { newline(indent) }
        put(bracket)
    }

    private mutating func newline(_ indent: Int) {
        guard pretty else { return }
        let spaces = indent * 2
        // Spaces written eight at a time, up to seven past the end (inside the reserve, and
        // overwritten by what follows): indentation is 40 % of a plan's bytes.
        reserve(spaces + 8)
        base[count] = 0x0A
        let start = UnsafeMutableRawPointer(base + count + 1)
        var i = 0
        while i < spaces {
            start.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: i, as: UInt64.self)
            i += 8
        }
        count += spaces + 1
    }

    // MARK: Bytes

    /// Source text written as it is: JSON punctuation and keywords.
    mutating func literal(_ text: StaticString) {
        raw(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Text written as it is: only for text known to need no escaping.
    mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { raw($0) }
    }

    private mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        Self.copy(from, bytes.count, to: base + count)
        count += bytes.count
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// `n` bytes from `source` to `target`. Most are keys and short values: up to 16 bytes
    /// they move as two overlapping words (or a byte loop below 8), a call to `memcpy` only
    /// for longer runs.
    @inline(__always)
    private static func copy(_ source: UnsafePointer<UInt8>, _ n: Int, to target: UnsafeMutablePointer<UInt8>) {
        if n >= 8 && n <= 16 {
            let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
            let head = from.loadUnaligned(as: UInt64.self), tail = from.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: n - 8, as: UInt64.self)
        } else if n < 8 {
            for i in 0..<n { target[i] = source[i] }
        } else {
            target.initialize(from: source, count: n)
        }
    }

    /// Room for `more` bytes after `count`.
    @inline(__always)
    private mutating func reserve(_ more: Int) {
        if count + more > capacity { grow(to: count + more) }
    }

    private mutating func grow(to needed: Int) {
        var bigger = capacity
        while bigger < needed { bigger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = bigger
    }
}
