/// A value set from outside the file (`chipfit plan --set workload.concurrency=64`): written
/// into the node tree before the schema reads it, so it is checked and typed exactly as if the
/// file said it.
public struct Override: Sendable, Hashable {
    /// Keys from the document's top, e.g. `["workload", "concurrency"]`.
    public var path: [String]
    /// The value as YAML would hold it: a plain scalar.
    public var value: String

    public init(path: [String], value: String) {
        self.path = path
        self.value = value
    }

    /// `workload.concurrency` and its value.
    public var description: String { path.joined(separator: ".") + "=" + value }
}

extension Node {
    /// This node with the value at `path` replaced by `value` as a plain scalar, creating the
    /// mappings on the way where the file has none; a scalar in the way becomes a mapping.
    /// New keys take the location of the mapping that receives them, so findings about an
    /// override point at the place in the spec it changes.
    public func setting(_ path: ArraySlice<String>, to value: String) -> Node {
        guard let key = path.first else { return Node(.scalar(Scalar(text: value, style: .plain)), at: location) }
        var entries: [Entry] = []
        if case .mapping(let existing) = content { entries = existing }
        if let i = entries.firstIndex(where: { $0.key == key }) {
            entries[i].value = entries[i].value.setting(path.dropFirst(), to: value)
        } else {
            let empty = Node(.mapping([]), at: location)
            entries.append(Entry(key: key, keyLocation: location, value: empty.setting(path.dropFirst(), to: value)))
        }
        return Node(.mapping(entries), at: location)
    }
}
