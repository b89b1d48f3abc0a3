import ChipFitPlanner
import ChipFitYAML

/// The catalogue after the linker's first stage (`Linker.catalogue`): what every deployment
/// is checked and resolved against. Immutable, so deployments can be linked on any thread,
/// each as soon as its file is loaded.
public struct LinkedCatalogue: Sendable {
    /// The profiles, by kind.
    public let profiles: Catalogue
    let index: Catalogue.Index
    /// Architectures of the presets that resolve without findings, by preset id.
    let presets: [String: Architecture]
    /// The files the catalogue was built from, with their own findings.
    public let files: [LoadedFile]
    /// Duplicate ids and unknown references among the catalogue's files.
    let diagnostics: [Diagnostic]

    /// The second stage for one deployment file: what it names in the catalogue, and its model
    /// resolved. Pure; `references` holds the files specs reference (see `Linker.References`).
    /// - Parameter keepResolved: false when only the findings are wanted (`validate`): the model
    ///   is still resolved, for its findings, but the resolved deployment is not kept.
    public func link(_ file: LoadedFile, references: Linker.References = [:], keepResolved: Bool = true) -> LinkedDeployment {
        // Built once at each exit from locals: a result filled in field by field was copied
        // into the return value and then destroyed.
        let identity = file.hasDocument ? file.identity : nil
        guard let root = file.root else {
            return LinkedDeployment(file: file.file, identity: identity, fileDiagnostics: file.diagnostics)
        }
        var checks = DiagnosticSink()
        // Read in place twice rather than copied out once: a deployment is a kilobyte of fields.
        var components: [Versioned]?
        if case .deployment(let d)? = file.document { components = d.toolchain.components }
        Linker.checkReferences(root, profiles, index, components: components, &checks)
        // A spec that could not be typed (e.g. a broken workload) still gets its model checked.
        if !file.hasDocument, let model = root.object("model"), let id = model.string("preset"),
           let preset = profiles.models[id], let overrides = model.object("architecture") {
            _ = ArchitectureResolver(layers: [overrides, preset.fields])
                .resolve(origin: model.location, originPath: "model.architecture", &checks)
        }
        guard case .deployment(let d)? = file.document else {
            return LinkedDeployment(file: file.file, identity: identity, fileDiagnostics: file.diagnostics,
                                    checks: checks.diagnostics)
        }
        var resolution = DiagnosticSink()
        let architecture = Linker.resolve(d, profiles, presets, references, &resolution)
        if let scan = d.toolchain.scan, case .failure(let e)? = references[Linker.referenceKey(spec: d.file, reference: scan)] {
            resolution.error(.fileReference, e.message, at: d.toolchain.scanLocation ?? d.deployment.nameLocation, path: "toolchain.scan")
        }
        return LinkedDeployment(file: file.file, identity: identity, fileDiagnostics: file.diagnostics,
                                checks: checks.diagnostics, resolution: resolution.diagnostics,
                                resolved: keepResolved ? architecture.map { ResolvedDeployment(deployment: d.deployment, architecture: $0) } : nil)
    }
}

/// One deployment file after the linker's second stage: its findings and, when kept
/// (`link(keepResolved:)`), the deployment with its model resolved. Neither holds the syntax
/// tree: the planner's `Deployment` carries plain values and the one location it points at.
public struct LinkedDeployment: Sendable {
    public var file: String
    /// The deployment's name and where it is written, when the file was typed.
    public var identity: (name: String, location: SourceLocation)?
    /// The file's own findings (YAML, schema, typing).
    public var fileDiagnostics: [Diagnostic]
    /// Findings about what the spec names in the catalogue: reported even for a duplicate name.
    public var checks: [Diagnostic] = []
    /// Findings from resolving the model: reported only for the first deployment of a name.
    public var resolution: [Diagnostic] = []
    /// The deployment with its model resolved, when it could be.
    public var resolved: ResolvedDeployment? {
        get { resolvedBox?.value }
        set { resolvedBox = newValue.map(Boxed.init) }
    }
    /// Boxed: a resolved deployment is about a kilobyte, and thousands of these are moved
    /// between stages, mostly without one (`validate` drops it).
    private var resolvedBox: Boxed<ResolvedDeployment>?

    init(file: String, identity: (name: String, location: SourceLocation)?, fileDiagnostics: [Diagnostic],
         checks: [Diagnostic] = [], resolution: [Diagnostic] = [], resolved: ResolvedDeployment? = nil) {
        self.file = file
        self.identity = identity
        self.fileDiagnostics = fileDiagnostics
        self.checks = checks
        self.resolution = resolution
        resolvedBox = resolved.map(Boxed.init)
    }
}

/// An immutable value on the heap, so the struct holding it stays small.
final class Boxed<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
