public struct ComponentRule: Sendable, Hashable {
    public var action: ComponentAction
    public var replacement: String?
    public var effort: Effort
    public var note: String?
    public var source: String?
    public var assumption: String?

    public init(action: ComponentAction, replacement: String? = nil, effort: Effort, note: String? = nil, source: String? = nil, assumption: String? = nil) {
        self.action = action
        self.replacement = replacement
        self.effort = effort
        self.note = note
        self.source = source
        self.assumption = assumption
    }
}

public struct FrameworkSupport: Sendable, Hashable {
    public var adapter: String
    public var versions: VersionRange
    public var source: String?

    public init(adapter: String, versions: VersionRange, source: String? = nil) {
        self.adapter = adapter
        self.versions = versions
        self.source = source
    }
}

/// What a stack's profile says about serving engines that run W8A8 (int8 weights and
/// activations) at another arithmetic's rate than the chip's int8 peak: measured like-for-like
/// runs where W8A8 gained nothing over 16-bit arithmetic, with their source.
public struct W8A8Rate: Sendable, Hashable {
    public var engines: [Serving.Engine]
    /// The arithmetic whose peak W8A8 matmuls reach under those engines.
    public var rate: Precision
    public var source: String
    public var note: String?

    public init(engines: [Serving.Engine], rate: Precision, source: String, note: String? = nil) {
        self.engines = engines
        self.rate = rate
        self.source = source
        self.note = note
    }
}

/// A chip family's software stack from `profiles/stacks/`.
/// A class with constant fields, for the same reason as `ChipProfile`: plans pass it for
/// every candidate.
public final class Stack: Sendable {
    public let id: String
    public let vendor: String
    public let name: String
    public let device: String
    public let frameworks: [String: FrameworkSupport]
    public let collectiveLibrary: String
    public let collectiveBackend: String
    public let precisions: Set<Precision>
    public let inferenceEngines: [String]
    public let trainingFrameworks: [String]
    public let attentionKernels: [String]
    public let quantizationFormats: [String]
    public let migrationTools: [String]
    public let components: [String: ComponentRule]
    /// Engines whose W8A8 matmuls run at another arithmetic's rate on this stack.
    public let w8a8Rates: [W8A8Rate]
    public let sources: [String]
    public let uncertain: [String]
    public let notes: String?
    public let file: String

    public init(id: String, vendor: String, name: String, device: String, frameworks: [String: FrameworkSupport],
         collectiveLibrary: String, collectiveBackend: String, precisions: Set<Precision>,
         inferenceEngines: [String], trainingFrameworks: [String], attentionKernels: [String],
         quantizationFormats: [String], migrationTools: [String], components: [String: ComponentRule],
         w8a8Rates: [W8A8Rate] = [], sources: [String], uncertain: [String], notes: String?, file: String) {
        self.id = id
        self.vendor = vendor
        self.name = name
        self.device = device
        self.frameworks = frameworks
        self.collectiveLibrary = collectiveLibrary
        self.collectiveBackend = collectiveBackend
        self.precisions = precisions
        self.inferenceEngines = inferenceEngines
        self.trainingFrameworks = trainingFrameworks
        self.attentionKernels = attentionKernels
        self.quantizationFormats = quantizationFormats
        self.migrationTools = migrationTools
        self.components = components
        self.w8a8Rates = w8a8Rates
        self.sources = sources
        self.uncertain = uncertain
        self.notes = notes
        self.file = file
    }
}

extension Stack {
    /// The stack's finding for W8A8 under `engine`; nil for an engine it says nothing of, or none.
    public func w8a8Rate(for engine: Serving.Engine?) -> W8A8Rate? {
        guard let engine else { return nil }
        return w8a8Rates.first { $0.engines.contains(engine) }
    }
}
