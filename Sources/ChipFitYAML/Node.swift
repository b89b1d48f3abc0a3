/// A YAML node with the place it was written. Scalars keep their raw text and style:
/// typing happens later, by schema, so `1.10` can stay a string and `no` never becomes false.
public struct Node: Sendable {
    public enum ScalarStyle: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public struct Scalar: Sendable, Hashable {
        public var text: String
        public var style: ScalarStyle
        public init(text: String, style: ScalarStyle) {
            self.text = text
            self.style = style
        }
        /// `~`, `null`, `Null`, `NULL` or nothing at all, written without quotes.
        public var isNull: Bool {
            guard style == .plain else { return false }
            // By length first: asked of every scalar, and nearly all are not null.
            switch text.utf8.count {
            case 0: return true
            case 1: return text == "~"
            case 4: return text == "null" || text == "Null" || text == "NULL"
            default: return false
            }
        }
    }

    public struct Entry: Sendable {
        public let key: String
        public let keyLocation: SourceLocation
        public var value: Node
        /// The key's first byte, read from libyaml's buffer: lookups compare it before the
        /// whole key (see `String.mayBeSameKey`).
        public let keyFirstByte: UInt8?

        /// The parser passes the first byte it has at hand; a wrong one would break key lookups.
        init(key: String, keyLocation: SourceLocation, value: Node, keyFirstByte: UInt8?) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
            self.keyFirstByte = keyFirstByte
        }

        /// An entry made outside the parser (a mapping built from another source), its key's
        /// first byte read from the key.
        package init(key: String, keyLocation: SourceLocation, value: Node) {
            self.init(key: key, keyLocation: keyLocation, value: value, keyFirstByte: key.utf8.first)
        }
    }

    public enum Content: Sendable {
        case scalar(Scalar)
        case sequence([Node])
        case mapping([Entry])
        /// Stands where the YAML layer refused something (an alias, a tagged node) and has
        /// already reported it; later stages accept it silently so one mistake gives one error.
        case invalid
    }

    public var content: Content
    public var location: SourceLocation

    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }

    public var scalar: Scalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    /// What the node is, in words for error messages.
    public var kindDescription: String {
        switch content {
        case .scalar(let s): s.isNull ? "null" : "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .invalid: "an invalid node"
        }
    }
}

extension String {
    /// Exactly `==` (canonically equivalent keys stay equal, as dictionaries treat them), with
    /// a fast answer for the common miss in hot lookups: strings whose first bytes are
    /// different ASCII characters. An ASCII character is a starter with no decomposition, so
    /// two strings that begin with different ones are never canonically equivalent.
    @inlinable public func isSameKey(_ other: String) -> Bool {
        String.mayBeSameKey(utf8.first, other.utf8.first) && self == other
    }

    /// False when two strings starting with these bytes cannot be equal (see `isSameKey`);
    /// lets a lookup compare one stored byte per candidate before any string comparison.
    @inlinable public static func mayBeSameKey(_ a: UInt8?, _ b: UInt8?) -> Bool {
        guard let a, let b, a != b else { return true }
        return a >= 0x80 || b >= 0x80
    }
}
