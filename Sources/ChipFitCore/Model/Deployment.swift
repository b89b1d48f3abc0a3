import ChipFitYAML

/// `name@version`, as teams write toolchain entries (`pytorch@2.3`, `nccl`).
public struct Versioned: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var version: Version?

    public init?(_ text: String) {
        // One pass over contiguous bytes: the name is ASCII letters, digits, `-`, `_` and `.`
        // up to an optional `@version`, and the version is read from the same bytes (no
        // substrings: parsed for every toolchain entry of every spec, twice).
        var copy = text
        guard let parsed = copy.withUTF8({ bytes -> (name: String, version: Version?)? in
            var upper = false
            var at: Int?
            for i in bytes.indices {
                let b = bytes[i]
                if b == 0x40 { // "@"
                    guard i > 0 else { return nil }
                    at = i
                    break
                }
                guard (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
                        || b == 0x2D || b == 0x5F || b == 0x2E else { return nil }
                if b >= 0x41 && b <= 0x5A { upper = true }
            }
            guard !bytes.isEmpty else { return nil }
            guard let at else { return (upper ? text.lowercased() : text, nil) }
            guard let version = Version(utf8: UnsafeBufferPointer(rebasing: bytes[(at + 1)...])) else { return nil }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<at]), as: UTF8.self)
            return (upper ? name.lowercased() : name, version)
        }) else { return nil }
        name = parsed.name
        version = parsed.version
    }

    public var description: String { version.map { "\(name)@\($0)" } ?? name }
}

public struct Workload: Sendable {
    public enum Method: String, Sendable { case full, lora, qlora }
    public enum Optimizer: String, Sendable { case adamw, sgd, adafactor }
    public enum Recompute: String, Sendable { case none, selective, full }

    public struct SLO: Sendable, Hashable {
        public var ttftMs: Double?
        public var tpotMs: Double?
        public var throughputTokensPerSecond: Double?
    }

    public struct Parallelism: Sendable, Hashable {
        public var tensor: Int?
        public var pipeline: Int?
        public var data: Int?
        public var expert: Int?
    }

    public var phase: Phase
    public var precision: Precision
    // Inference
    public var kvCachePrecision: Precision
    public var inputTokens: Int
    public var outputTokens: Int
    public var concurrency: Int
    public var slo: SLO
    // Training
    public var method: Method
    public var loraRank: Int
    public var optimizer: Optimizer
    public var zeroStage: Int
    public var recompute: Recompute
    public var sequenceLength: Int
    public var microBatchSize: Int
    public var globalBatchSize: Int
    public var tokens: Double
    public var deadlineDays: Double?
    // Both
    public var parallelism: Parallelism
    public var efficiency: Efficiency
}

public struct Toolchain: Sendable, Hashable {
    public var framework: Versioned?
    public var runtime: Versioned?
    public var components: [Versioned]
}

public struct Requirements: Sendable {
    public var certification: CertificationPolicy
    public var maxChips: Int?
    public var chips: [String]?
    public var excludeVendors: [String]
}

/// A deployment as the planner sees it: what must run and under which requirements. Its model
/// is resolved separately (`ResolvedDeployment`); the file it came from is a `DeploymentDocument`.
public struct Deployment: Sendable {
    public var name: String
    public var description: String?
    public var workload: Workload
    public var toolchain: Toolchain
    public var requirements: Requirements
    public var file: String
    /// Where `name` is written: findings about the deployment as a whole (CF401) point there.
    public var nameLocation: SourceLocation
}
