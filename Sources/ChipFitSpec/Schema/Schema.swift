import ChipFitPlanner
import ChipFitYAML

/// The declarative shape of a file kind. One definition drives structural validation,
/// the generated field reference in docs/ and (later) JSON Schema, so they cannot drift.
public indirect enum FieldType: Sendable {
    /// Any non-empty string.
    case string
    /// A lowercase id: letters, digits, `.`, `_`, `-`, starting with a letter or digit.
    case identifier
    case integer(min: Int, max: Int = Int.max)
    /// A plain decimal number (no `.inf`, `.nan`, hex or octal).
    case number(min: Double, max: Double, minExclusive: Bool = false)
    case boolean
    /// `YYYY-MM-DD`.
    case date
    case quantity(QuantityKind)
    case oneOf([String])
    case list(FieldType, minItems: Int = 0)
    case object(ObjectSchema)
    /// A mapping from free-form names to values of one type (e.g. stack components).
    case map(FieldType)

    /// Short words for messages and docs: "an integer ≥ 1", "a size such as 64GB".
    public var expectation: String {
        switch self {
        case .string: "a string"
        case .identifier: "an id (lowercase letters, digits, `.`, `_`, `-`)"
        case .integer(let min, let max): max == Int.max ? "an integer ≥ \(min)" : "an integer from \(min) to \(max)"
        case .number(let min, let max, let exclusive):
            "a number \(exclusive ? ">" : "≥") \(Self.format(min)) and ≤ \(Self.format(max))"
        case .boolean: "`true` or `false`"
        case .date: "a date `YYYY-MM-DD`"
        case .quantity(let kind): "\(kind.noun) such as `\(kind.example)`"
        case .oneOf(let values) where values.count == 1: "`\(values[0])`"
        case .oneOf(let values): "one of " + values.map { "`\($0)`" }.joined(separator: ", ")
        case .list(let element, _): "a list of \(element.expectationNoun)"
        case .object: "a mapping"
        case .map(let value): "a mapping of names to \(value.expectationNoun)"
        }
    }

    var expectationNoun: String {
        switch self {
        case .string: "strings"
        case .identifier: "ids"
        case .integer: "integers"
        case .number: "numbers"
        case .boolean: "booleans"
        case .date: "dates"
        case .quantity(let k): "quantities (\(k.noun) such as `\(k.example)`)"
        case .oneOf(let v): "values from " + v.joined(separator: "/")
        case .list: "lists"
        case .object(let o): "\(o.name) mappings"
        case .map: "mappings"
        }
    }

    static func format(_ x: Double) -> String {
        x.rounded() == x && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}

public struct Field: Sendable {
    public var name: String
    public var type: FieldType
    public var required: Bool
    /// One sentence for the field reference.
    public var summary: String

    public init(_ name: String, _ type: FieldType, required: Bool = false, _ summary: String) {
        self.name = name
        self.type = type
        self.required = required
        self.summary = summary
    }
}

public struct ObjectSchema: Sendable {
    /// Fields required only when another field has a given value (e.g. `input_tokens` when
    /// `phase` is `inference`). The decoder checks them with located messages; JSON Schema
    /// output states them as if/then rules.
    public struct Conditional: Sendable {
        public var field: String
        public var value: String
        public var required: [String]
    }

    public var name: String
    public var fields: [Field] { didSet { firstBytes = fields.map { $0.name.utf8.first } } }
    public var conditionals: [Conditional]
    /// The first byte of each field's name: a lookup compares it before the name.
    private var firstBytes: [UInt8?]

    public init(_ name: String, _ fields: [Field], conditionals: [Conditional] = []) {
        self.name = name
        self.fields = fields
        self.conditionals = conditionals
        firstBytes = fields.map { $0.name.utf8.first }
    }

    public func field(_ name: String) -> Field? {
        fieldIndex(name).map { fields[$0] }
    }

    /// The index of the field called `name`: lets a caller read the field in place.
    public func fieldIndex(_ name: String) -> Int? { fieldIndex(name, firstByte: name.utf8.first) }

    /// As `fieldIndex(_:)`, with the name's first byte already known (the parser read it).
    func fieldIndex(_ name: String, firstByte first: UInt8?) -> Int? {
        for i in fields.indices where String.mayBeSameKey(firstBytes[i], first) && fields[i].name == name {
            return i
        }
        return nil
    }
}
