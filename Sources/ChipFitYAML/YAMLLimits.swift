/// Bounds that keep parsing of untrusted files finite in time and memory.
/// Defaults are documented in docs/yaml.md; the CLI can override each one.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest file accepted, in bytes. Specs and profiles are a few KiB.
    public var maxFileBytes: Int
    /// Deepest nesting of sequences and mappings. Counted while events are pulled, so a
    /// deep flow collection (quadratic in libyaml 0.2.5) stops at the cap.
    public var maxDepth: Int
    /// Most scalars, sequences and mappings in one document.
    public var maxNodes: Int
    /// Longest scalar, in bytes.
    public var maxScalarBytes: Int

    public init(maxFileBytes: Int = 4 << 20, maxDepth: Int = 64, maxNodes: Int = 100_000,
                maxScalarBytes: Int = 256 << 10) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxScalarBytes = maxScalarBytes
    }

    public static let `default` = YAMLLimits()
}
