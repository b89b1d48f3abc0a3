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
        public var key: String
        public var keyLocation: SourceLocation
        public var value: Node
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
    /// Key equality for the hot lookups (mapping keys, schema fields): comparing lengths first
    /// rejects most unequal keys without the full string comparison.
    @inlinable public func isSameKey(_ other: String) -> Bool {
        utf8.count == other.utf8.count && self == other
    }
}
