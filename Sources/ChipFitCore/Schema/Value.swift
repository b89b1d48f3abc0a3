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

/// A validated mapping. `location` is where the mapping starts; each key keeps its own
/// location (for "unknown" or "inconsistent" findings) and its value's.
///
/// Members are kept in document order and found by a linear search: mappings in chipfit
/// files have a handful of keys, and a search beats hashing every key of every mapping.
/// Lookups are by schema field names, so even a large free-form map is only iterated.
public struct Object: Sendable {
    /// A key as written and, when it validated, its value (a failed value was reported).
    public struct Member: Sendable {
        public var key: String { didSet { firstByte = key.utf8.first } }
        public var keyLocation: SourceLocation
        public var value: Located?
        /// The key's first byte, compared before the key in lookups.
        var firstByte: UInt8?

        init(key: consuming String, keyLocation: SourceLocation, value: consuming Located?, firstByte: UInt8?) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
            self.firstByte = firstByte
        }
    }

    public private(set) var members: [Member] = []
    public var location: SourceLocation
    public var path: String

    public init(location: SourceLocation, path: String, capacity: Int = 0) {
        self.location = location
        self.path = path
        if capacity > 0 { members.reserveCapacity(capacity) }
    }

    /// Adds a key known not to be present yet (the parser has dropped duplicates), with the
    /// key's first byte as the parser read it.
    mutating func append(_ key: consuming String, firstByte: UInt8?, at keyLocation: SourceLocation,
                         _ value: consuming Located?) {
        members.append(Member(key: consume key, keyLocation: keyLocation, value: consume value, firstByte: firstByte))
    }

    /// Sets `key`, replacing an earlier value.
    public mutating func set(_ key: String, at keyLocation: SourceLocation, _ value: Located?) {
        let member = Member(key: key, keyLocation: keyLocation, value: value, firstByte: key.utf8.first)
        if let i = index(of: key) {
            members[i] = member
        } else {
            members.append(member)
        }
    }

    /// The fields whose values validated, in document order.
    public var fields: [(name: String, value: Located)] {
        members.compactMap { m in m.value.map { (m.key, $0) } }
    }

    /// Index of `name`, read in place (iterating would copy, and retain, every member).
    private func index(of name: String) -> Int? {
        let first = name.utf8.first
        var i = 0
        while i < members.count {
            if String.mayBeSameKey(members[i].firstByte, first) && members[i].key == name { return i }
            i += 1
        }
        return nil
    }

    private func value(_ name: String) -> Value? {
        guard let i = index(of: name) else { return nil }
        return members[i].value?.value
    }

    public subscript(_ name: String) -> Located? {
        guard let i = index(of: name) else { return nil }
        return members[i].value
    }

    /// Where a finding about `name` belongs: its value if present, else the mapping.
    public func location(of name: String) -> SourceLocation {
        guard let i = index(of: name), let v = members[i].value else { return location }
        return v.location
    }
    /// Where the key `name` is written, if it is.
    public func keyLocation(of name: String) -> SourceLocation? { index(of: name).map { members[$0].keyLocation } }
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
