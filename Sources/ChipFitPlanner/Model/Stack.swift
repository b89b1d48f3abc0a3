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
    public let sources: [String]
    public let uncertain: [String]
    public let notes: String?
    public let file: String

    public init(id: String, vendor: String, name: String, device: String, frameworks: [String: FrameworkSupport],
         collectiveLibrary: String, collectiveBackend: String, precisions: Set<Precision>,
         inferenceEngines: [String], trainingFrameworks: [String], attentionKernels: [String],
         quantizationFormats: [String], migrationTools: [String], components: [String: ComponentRule],
         sources: [String], uncertain: [String], notes: String?, file: String) {
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
        self.sources = sources
        self.uncertain = uncertain
        self.notes = notes
        self.file = file
    }
}
