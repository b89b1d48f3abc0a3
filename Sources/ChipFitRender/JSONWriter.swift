/// Writes `JSON` values as UTF-8 bytes. Pretty output indents by two spaces and puts `": "`
/// after a key; compact output has neither. `raw` lets a caller stream a document's outer
/// object around values written here (a plan writes one deployment at a time).
struct JSONWriter {
    let pretty: Bool
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []
    /// For each open container, whether it has no member yet.
    private var empty: [Bool] = []

    init(pretty: Bool, capacity: Int = 1 << 12) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    /// The bytes written so far, as text.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Forgets the bytes written, keeping the buffer.
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

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
        case .prewritten(let p):
            if pretty, indent == p.indent { bytes.append(contentsOf: p.bytes) } else { write(p.value, indent: indent) }
        case .object(let fields):
            beginObject()
            for member in fields.members {
                key(named: member.key, indent: indent)
                write(member.value, indent: indent + 1)
            }
            endObject(indent: indent)
        }
    }

    mutating func null() { raw("null") }
    mutating func bool(_ b: Bool) { raw(b ? "true" : "false") }
    mutating func int(_ i: Int) { bytes.append(contentsOf: String(i).utf8) }

    /// Whole numbers below 10^15 as integers, others in Swift's shortest round-tripping form;
    /// `null` for NaN and infinities, which JSON cannot hold.
    mutating func number(_ d: Double) {
        if !d.isFinite { null() }
        else if d == d.rounded(), abs(d) < 1e15 { int(Int(d)) }
        else { bytes.append(contentsOf: d.description.utf8) } // ASCII digits, `.`, `e`, `+` and `-` only
    }


    /// A string, with `"`, `\`, control characters and DEL escaped (RFC 8259 §7).
    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        // Nearly every string needs no escape: appended whole from its contiguous bytes, after a
        // scan of them (stepping through the UTF-8 view's indices is far slower).
        let appendedPlain = s.utf8.withContiguousStorageIfAvailable { utf8 in
            guard !utf8.contains(where: Self.needsEscape) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if appendedPlain == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20, 0x7F:
                raw("\\u00")
                bytes.append(Self.hexDigits[Int(b >> 4)])
                bytes.append(Self.hexDigits[Int(b & 0xF)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func needsEscape(_ b: UInt8) -> Bool { b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F }

    // MARK: Containers

    /// `{`; members follow as `key` then a value, in ascending key order.
    private mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        empty.append(true)
    }

    /// Starts the member `name` of the object opened at `indent`.
    private mutating func key(named name: String, indent: Int) {
        separate()
        newline(indent + 1)
        string(name)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
    }

    private mutating func endObject(indent: Int) {
        close(UInt8(ascii: "}"), indent: indent)
    }

    private mutating func beginArray() {
        bytes.append(UInt8(ascii: "["))
        empty.append(true)
    }

    /// Starts the next element of the array opened at `indent`.
    private mutating func element(indent: Int) {
        separate()
        newline(indent + 1)
    }

    private mutating func endArray(indent: Int) {
        close(UInt8(ascii: "]"), indent: indent)
    }

    /// A comma before every member but the first of the innermost container.
    private mutating func separate() {
        let top = empty.count - 1
        if empty[top] { empty[top] = false } else { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func close(_ bracket: UInt8, indent: Int) {
        if !empty.removeLast() { newline(indent) }
        bytes.append(bracket)
    }

    /// A line break and the indentation of depth `indent`; nothing in compact output.
    mutating func newline(_ indent: Int) {
        guard pretty else { return }
        // Indentation is most of a plan's bytes: each depth's line start is made once.
        if indent < Self.lineStarts.count { bytes.append(contentsOf: Self.lineStarts[indent]) } else {
            bytes.append(0x0A)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
        }
    }

    /// A newline and 2·d spaces, for depths d up to 15.
    private static let lineStarts: [[UInt8]] = (0..<16).map { [0x0A] + Array(repeating: UInt8(ascii: " "), count: $0 * 2) }

    /// A literal written as it is: text fixed in the source, known to need no escaping, whose
    /// bytes are appended as they are stored, with no `String` made.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
}
