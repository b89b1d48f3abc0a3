import ChipFitYAML

/// A node after structural validation: typed, still located. Fields that failed
/// validation are absent (their problem has been reported), so later checks and the
/// typed model read only what is known to be well-formed.
public indirect enum Value: Sendable {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case date(Day)
    case quantity(Quantity)
    case list([Located])
    case object(Object)
}

public struct Located: Sendable {
    public var value: Value
    public var location: SourceLocation
    public var path: String
}

/// A validated mapping. `location` is where the mapping starts; each field keeps the
/// location of its key (for "unknown" or "inconsistent" findings) and of its value.
public struct Object: Sendable {
    public var fields: [String: Located] = [:]
    public var keyLocations: [String: SourceLocation] = [:]
    public var location: SourceLocation
    public var path: String

    public subscript(_ name: String) -> Located? { fields[name] }

    /// Where a finding about `name` belongs: its value if present, else the mapping.
    public func location(of name: String) -> SourceLocation { fields[name]?.location ?? location }
    public func path(of name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
    public func has(_ name: String) -> Bool { keyLocations[name] != nil }

    public func string(_ name: String) -> String? {
        if case .string(let s)? = fields[name]?.value { return s }
        return nil
    }
    public func int(_ name: String) -> Int? {
        if case .integer(let i)? = fields[name]?.value { return i }
        return nil
    }
    public func number(_ name: String) -> Double? {
        switch fields[name]?.value {
        case .number(let d)?: d
        case .integer(let i)?: Double(i)
        default: nil
        }
    }
    public func bool(_ name: String) -> Bool? {
        if case .boolean(let b)? = fields[name]?.value { return b }
        return nil
    }
    public func date(_ name: String) -> Day? {
        if case .date(let d)? = fields[name]?.value { return d }
        return nil
    }
    public func quantity(_ name: String) -> Quantity? {
        if case .quantity(let q)? = fields[name]?.value { return q }
        return nil
    }
    public func object(_ name: String) -> Object? {
        if case .object(let o)? = fields[name]?.value { return o }
        return nil
    }
    public func list(_ name: String) -> [Located]? {
        if case .list(let l)? = fields[name]?.value { return l }
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
