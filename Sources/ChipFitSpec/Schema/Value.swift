import ChipFitPlanner
import ChipFitYAML

/// A node after structural validation: typed, still located. Fields that failed
/// validation are absent (their problem has been reported), so later checks and the
/// typed model read only what is known to be well-formed.
///
/// Only objects, quantities and dates are boxed: making the whole enum indirect put every
/// scalar on the heap, and the two large scalars inline made every value (and every member of
/// every mapping) 16 bytes larger for the few fields that hold them.
public enum Value: Sendable {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    indirect case date(Day)
    indirect case quantity(Quantity)
    case list([Located])
    indirect case object(Object)
}

public struct Located: Sendable {
    public var value: Value
    public var location: SourceLocation
    /// The containing mapping's or list's path and this value's place in it: the dotted path
    /// is built only when asked for, since most values never appear in a finding.
    var parent: String
    var member: PathMember

    public var path: String {
        get { member.path(in: parent) }
        set {
            parent = newValue
            member = .none
        }
    }

    public init(value: Value, location: SourceLocation, path: String) {
        self.init(value: value, location: location, parent: path, member: .none)
    }

    init(value: consuming Value, location: SourceLocation, parent: consuming String, member: consuming PathMember) {
        self.value = value
        self.location = location
        self.parent = parent
        self.member = member
    }
}

/// Where a value sits in its container, for paths such as `workload.slo` or `sources[2]`.
enum PathMember: Sendable {
    /// The parent path is the value's whole path.
    case none
    case key(String)
    case index(Int)

    func path(in parent: String) -> String {
        switch self {
        case .none: parent
        case .key(let key): SchemaValidator.join(parent, key)
        case .index(let i): parent + "[" + String(i) + "]"
        }
    }
}

/// A validated mapping, read through the mapping as parsed. `location` is where the mapping
/// starts; each key keeps its own location (for "unknown" or "inconsistent" findings) and its
/// value's.
///
/// The keys, their locations and the value nodes' locations stay in the parser's entries,
/// shared rather than copied; validation adds one slot per entry. The price: a kept
/// object keeps its parsed mapping alive too (node texts, spare capacity), so a plan that
/// keeps every deployment holds more memory. Members are found by a linear
/// search in document order: mappings in chipfit files have a handful of keys, and a search
/// beats hashing every key of every mapping. Lookups are by schema field names, so even a
/// large free-form map is only iterated.
public struct Object: Sendable {
    /// What validation made of one entry.
    enum Slot: Sendable {
        /// A key the schema does not know: reported, and not a member.
        case unknown
        /// A member whose value was refused (and reported).
        case refused
        /// A member's validated value, located at its entry's value node.
        case value(Value)
        /// A member set with a location and path of its own (`set`), such as a field
        /// imported from a config file.
        indirect case located(Located)

        var isMember: Bool {
            if case .unknown = self { return false }
            return true
        }
    }

    /// The mapping's entries as parsed (or as `set`), and what validation made of each.
    private var entries: [Node.Entry]
    private var slots: [Slot]
    public var location: SourceLocation
    /// Read-only outside the module: members' paths are made from it when asked for.
    public internal(set) var path: String

    /// Whether a key the schema does not know is likely a misspelling of `name`: then a
    /// missing `name` is that one mistake, reported once (as the unknown key, with its
    /// did-you-mean), not twice.
    public func misspells(_ name: String) -> Bool {
        entries.indices.contains { i in
            if case .unknown = slots[i] { return Suggestion.closest(to: entries[i].key, among: [name]) != nil }
            return false
        }
    }

    public init(location: SourceLocation, path: String) {
        self.init(entries: [], slots: [], location: location, path: path)
    }

    /// A parsed mapping with one slot per entry (`slots.count == entries.count`).
    init(entries: [Node.Entry], slots: consuming [Slot], location: SourceLocation, path: String) {
        self.entries = entries
        self.slots = slots
        self.location = location
        self.path = path
    }

    /// Sets `key`, replacing an earlier value; nil records a key whose value was refused.
    public mutating func set(_ key: String, at keyLocation: SourceLocation, _ value: Located?) {
        let entry = Node.Entry(key: key, keyLocation: keyLocation, value: Node(.invalid, at: value?.location ?? keyLocation))
        let slot: Slot = value.map { .located($0) } ?? .refused
        if let i = index(of: key) {
            entries[i] = entry
            slots[i] = slot
        } else {
            entries.append(entry)
            slots.append(slot)
        }
    }

    /// The keys written (including those whose values were refused), in document order.
    public var keys: [String] {
        entries.indices.compactMap { slots[$0].isMember ? entries[$0].key : nil }
    }

    /// Whether any member's value was refused.
    public var hasRefusedValues: Bool {
        slots.contains { if case .refused = $0 { true } else { false } }
    }

    /// The fields whose values validated, in document order.
    public var fields: [(name: String, value: Located)] {
        entries.indices.compactMap { i in located(i).map { (entries[i].key, $0) } }
    }

    /// Index of the member `name`, read in place (iterating would copy, and retain, every entry).
    /// Inlined: callers pass literal names, whose first byte then costs nothing.
    @inline(__always)
    private func index(of name: String) -> Int? {
        let first = name.utf8.first
        var i = 0
        while i < entries.count {
            // An unknown key is passed over: `set` may add a member of the same name after it.
            if String.mayBeSameKey(entries[i].keyFirstByte, first) && slots[i].isMember && entries[i].key == name {
                return i
            }
            i += 1
        }
        return nil
    }

    private func value(_ name: String) -> Value? {
        guard let i = index(of: name) else { return nil }
        switch slots[i] {
        case .value(let v): return v
        case .located(let l): return l.value
        case .unknown, .refused: return nil
        }
    }

    /// Entry `i`'s value with its location and path, if it validated.
    private func located(_ i: Int) -> Located? {
        switch slots[i] {
        case .value(let v):
            return Located(value: v, location: entries[i].value.location, parent: path, member: .key(entries[i].key))
        case .located(let l): return l
        case .unknown, .refused: return nil
        }
    }

    public subscript(_ name: String) -> Located? {
        index(of: name).flatMap(located)
    }

    /// Where a finding about `name` belongs: its value if present, else the mapping.
    public func location(of name: String) -> SourceLocation {
        guard let i = index(of: name) else { return location }
        switch slots[i] {
        case .value: return entries[i].value.location
        case .located(let l): return l.location
        case .unknown, .refused: return location
        }
    }
    /// Where the key `name` is written, if it is.
    public func keyLocation(of name: String) -> SourceLocation? { index(of: name).map { entries[$0].keyLocation } }
    public func path(of name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
    public func has(_ name: String) -> Bool { index(of: name) != nil }

    public func string(_ name: String) -> String? {
        if case .string(let s)? = value(name) { return s }
        return nil
    }
    public func int(_ name: String) -> Int? {
        if case .integer(let i)? = value(name) { return i }
        return nil
    }
    public func number(_ name: String) -> Double? {
        switch value(name) {
        case .number(let d)?: d
        case .integer(let i)?: Double(i)
        default: nil
        }
    }
    public func bool(_ name: String) -> Bool? {
        if case .boolean(let b)? = value(name) { return b }
        return nil
    }
    public func date(_ name: String) -> Day? {
        if case .date(let d)? = value(name) { return d }
        return nil
    }
    public func quantity(_ name: String) -> Quantity? {
        if case .quantity(let q)? = value(name) { return q }
        return nil
    }
    public func object(_ name: String) -> Object? {
        if case .object(let o)? = value(name) { return o }
        return nil
    }
    public func list(_ name: String) -> [Located]? {
        if case .list(let l)? = value(name) { return l }
        return nil
    }
    public func strings(_ name: String) -> [String]? {
        list(name)?.compactMap { if case .string(let s) = $0.value { s } else { nil } }
    }
}

extension Located {
    public var object: Object? { if case .object(let o) = value { o } else { nil } }
    public var string: String? { if case .string(let s) = value { s } else { nil } }
}
