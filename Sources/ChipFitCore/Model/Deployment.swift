import ChipFitYAML

/// `name@version`, as teams write toolchain entries (`pytorch@2.3`, `nccl`).
public struct Versioned: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var version: Version?

    public init?(_ text: String) {
        // One pass over contiguous bytes: the name is ASCII letters, digits, `-`, `_` and `.`
        // up to an optional `@version`. Character properties and UTF-8 view iteration are slow.
        var copy = text
        let scan = copy.withUTF8 { bytes -> (at: Int?, upper: Bool)? in
            var upper = false
            for i in bytes.indices {
                let b = bytes[i]
                if b == 0x40 { return i > 0 ? (i, upper) : nil } // "@"
                guard (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
                        || b == 0x2D || b == 0x5F || b == 0x2E else { return nil }
                if b >= 0x41 && b <= 0x5A { upper = true }
            }
            return bytes.isEmpty ? nil : (nil, upper)
        }
        guard let scan else { return nil }
        let utf8 = text.utf8
        let at = scan.at.map { utf8.index(utf8.startIndex, offsetBy: $0) }
        let name = String(text[..<(at ?? text.endIndex)])
        self.name = scan.upper ? name.lowercased() : name
        if let at {
            guard let v = Version(String(text[utf8.index(after: at)...])) else { return nil }
            version = v
        }
    }

    public var description: String { version.map { "\(name)@\($0)" } ?? name }
}

/// Where a deployment's model comes from. Field overrides travel as the validated mapping
/// and are applied when the catalogue is linked.
public enum ModelSource: Sendable {
    case preset(id: String, overrides: Object?)
    case hfConfig(path: String, overrides: Object?)
    case inline(Object)
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

/// A `kind: Deployment` spec.
public struct Deployment: Sendable {
    public var name: String
    public var description: String?
    public var model: ModelSource
    public var workload: Workload
    public var toolchain: Toolchain
    public var requirements: Requirements
    public var file: String
    /// The validated document, kept so cross-file checks can point at the right node.
    public var fields: Object
}
