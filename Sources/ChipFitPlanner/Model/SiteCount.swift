/// How many places in the team's code a toolchain change touches, and in which files, from a
/// scan of the repository (`toolchain.scan`, `chipfit scan`).
public struct SiteCount: Sendable, Hashable {
    public var sites: Int
    /// Sites per file.
    public var files: [String: Int]

    public init(sites: Int, files: [String: Int]) {
        self.sites = sites
        self.files = files
    }

    /// How much more work a change is for its sites: 1 + ⌊log₂ sites⌋ (1 site: 1×, 2–3: 2×,
    /// 4–7: 3×, 8–15: 4×). Each site is an edit, but most of a change's cost is fixed — learning
    /// the replacement, installing it, validating it — so doubling the sites adds one unit, not
    /// double. A stated assumption (docs/scan.md, docs/plan.md), not a measured one.
    public var effortFactor: Int {
        guard sites > 1 else { return 1 }
        return 1 + (Int.bitWidth - 1 - sites.leadingZeroBitCount)
    }
}
