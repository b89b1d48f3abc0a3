/// A team's profile that took the place of a shipped one with the same kind and id. Every
/// output built on the catalogue names it: a plan for `ascend-910b` should say when its
/// figures are the team's rather than chipfit's.
public struct ProfileOverride: Sendable, Hashable {
    /// The kind as files write it: `Chip`, `Stack`, `Model`, `CertificationList`, …
    public var kind: String
    public var id: String
    /// The team's file, which is used.
    public var file: String
    /// The shipped file it replaces, which is not.
    public var replaced: String

    public init(kind: String, id: String, file: String, replaced: String) {
        self.kind = kind
        self.id = id
        self.file = file
        self.replaced = replaced
    }

    /// "chip `ascend-910b` from team/chips/910b.yaml replaces the shipped profile".
    public var sentence: String {
        "\(kind) `\(id)` from \(file) replaces the shipped profile (\(replaced))"
    }
}
