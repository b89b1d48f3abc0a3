import ChipFitYAML

/// `name@version`, as teams write toolchain entries (`pytorch@2.3`, `nccl`).
public struct Versioned: Sendable, Hashable, CustomStringConvertible {
    /// The name as compared (`normalised`); `written` is how the spec spells it.
    public var name: String
    public var written: String
    public var version: Version?

    /// The name is ASCII letters, digits, `-`, `_` and `.`, compared as Python packaging
    /// compares names (`normalised`), then an optional `@version`.
    public init?(_ text: String) {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let nameText = parts[0]
        guard !nameText.isEmpty, nameText.utf8.allSatisfy(Self.isNameByte) else { return nil }
        if parts.count == 2 {
            guard let version = Version(String(parts[1])) else { return nil }
            self.version = version
        } else {
            version = nil
        }
        written = String(nameText)
        name = Self.normalised(written)
    }

    /// A package name as PEP 503 normalises it: lower case, each run of `-`, `_` and `.` one
    /// `-`, so `flash_attn`, `Flash-Attn` and `flash.attn` are one component.
    public static func normalised(_ name: String) -> String {
        var out = "", inRun = false
        for c in name.lowercased() {
            let separator = c == "-" || c == "_" || c == "."
            if !separator { out.append(c) } else if !inRun { out.append("-") }
            inRun = separator
        }
        return out
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F || b == 0x2E
    }

    /// As the spec wrote it, so outputs quote the team's own spelling.
    public var description: String { version.map { "\(written)@\($0)" } ?? written }
}

public struct Workload: Sendable {
    public enum Method: String, Sendable { case full, lora, qlora }
    public enum Optimizer: String, Sendable { case adamw, sgd, adafactor }
    public enum Recompute: String, Sendable { case none, selective, full }

    public struct SLO: Sendable, Hashable {
        public var ttftMs: Double?
        public var tpotMs: Double?
        public var throughputTokensPerSecond: Double?

        public init(ttftMs: Double? = nil, tpotMs: Double? = nil, throughputTokensPerSecond: Double? = nil) {
            self.ttftMs = ttftMs
            self.tpotMs = tpotMs
            self.throughputTokensPerSecond = throughputTokensPerSecond
        }
}

    public struct Parallelism: Sendable, Hashable {
        public var tensor: Int?
        public var pipeline: Int?
        public var data: Int?
        public var expert: Int?
        /// Extra copies of routed experts spread over the expert-parallel ranks (hot experts
        /// replicated, as DeepSeek's EPLB does), so the expert degree need not divide the expert
        /// count: each rank holds ⌈(experts + redundant) / expert⌉ experts.
        public var redundantExperts: Int

        public init(tensor: Int? = nil, pipeline: Int? = nil, data: Int? = nil, expert: Int? = nil, redundantExperts: Int = 0) {
            self.tensor = tensor
            self.pipeline = pipeline
            self.data = data
            self.expert = expert
            self.redundantExperts = redundantExperts
        }
}

    public var phase: Phase
    public var precision: Precision
    // Inference
    public var kvCachePrecision: Precision
    public var inputTokens: Int
    public var outputTokens: Int
    public var concurrency: Int
    public var slo: SLO
    public var serving: Serving
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
    public var training: TrainingSchedule
    // Both
    public var parallelism: Parallelism
    /// What one rank of `parallelism` (pinned or searched) runs on: a chip, or a die of a multi-die chip.
    public var rank: RankUnit = .chip
    public var efficiency: Efficiency

    /// The multi-token-prediction modules that train with the model: adapters train none of
    /// them (the linker warns, CF306), so only full training counts `training.mtpLayers`.
    public var trainedMTPModules: Int { method == .full ? training.mtpLayers : 0 }

    public init(phase: Phase, precision: Precision, kvCachePrecision: Precision, inputTokens: Int, outputTokens: Int, concurrency: Int, slo: SLO, method: Method, loraRank: Int, optimizer: Optimizer, zeroStage: Int, recompute: Recompute, sequenceLength: Int, microBatchSize: Int, globalBatchSize: Int, tokens: Double, deadlineDays: Double? = nil, parallelism: Parallelism, efficiency: Efficiency, serving: Serving = Serving(), training: TrainingSchedule = TrainingSchedule()) {
        self.phase = phase
        self.precision = precision
        self.kvCachePrecision = kvCachePrecision
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.concurrency = concurrency
        self.slo = slo
        self.serving = serving
        self.method = method
        self.loraRank = loraRank
        self.optimizer = optimizer
        self.zeroStage = zeroStage
        self.recompute = recompute
        self.sequenceLength = sequenceLength
        self.microBatchSize = microBatchSize
        self.globalBatchSize = globalBatchSize
        self.tokens = tokens
        self.deadlineDays = deadlineDays
        self.training = training
        self.parallelism = parallelism
        self.efficiency = efficiency
    }
}

public struct Toolchain: Sendable, Hashable {
    public var framework: Versioned?
    public var runtime: Versioned?
    public var components: [Versioned]
    /// The directory `toolchain.scan` names, as written, and where; nil without a scan.
    public var scan: String?
    public var scanLocation: SourceLocation?
    /// Sites the scan found, by the change they belong to (`flash-attn`, `cuda`,
    /// `device placement`): plans count them and scale effort by them.
    public var sites: [String: SiteCount] = [:]

    public init(framework: Versioned? = nil, runtime: Versioned? = nil, components: [Versioned]) {
        self.framework = framework
        self.runtime = runtime
        self.components = components
    }
}

public struct Requirements: Sendable {
    public var certification: CertificationPolicy
    public var maxChips: Int?
    public var chips: [String]?
    public var excludeVendors: [String]

    public init(certification: CertificationPolicy, maxChips: Int? = nil, chips: [String]? = nil, excludeVendors: [String]) {
        self.certification = certification
        self.maxChips = maxChips
        self.chips = chips
        self.excludeVendors = excludeVendors
    }
}

/// A deployment as the planner sees it: what must run and under which requirements. Its model
/// is resolved separately (`ResolvedDeployment`); the file it came from is a `DeploymentDocument`.
/// A deployment whose model has been resolved against the catalogue.
public struct ResolvedDeployment: Sendable {
    public var deployment: Deployment
    public var architecture: Architecture

    public init(deployment: Deployment, architecture: Architecture) {
        self.deployment = deployment
        self.architecture = architecture
    }
}

public struct Deployment: Sendable {
    public var name: String
    public var description: String?
    public var workload: Workload
    public var toolchain: Toolchain
    public var requirements: Requirements
    public var file: String
    /// Where `name` is written: findings about the deployment as a whole (CF401) point there.
    public var nameLocation: SourceLocation

    public init(name: String, description: String? = nil, workload: Workload, toolchain: Toolchain, requirements: Requirements, file: String, nameLocation: SourceLocation) {
        self.name = name
        self.description = description
        self.workload = workload
        self.toolchain = toolchain
        self.requirements = requirements
        self.file = file
        self.nameLocation = nameLocation
    }
}
