import ChipFitPlanner
import ChipFitYAML

/// One parsed and checked file. `document` is present when the file's required fields
/// could be read, even if other findings exist, so cross-file checks still see it;
/// only files without errors are planned.
public struct LoadedFile: Sendable {
    public enum Document: Sendable {
        case deployment(DeploymentDocument)
        case model(ModelPreset)
        case chip(ChipProfile)
        case stack(Stack)
        case certificationList(CertificationList)
        case measurement(MeasurementDocument)
        case calibration(CalibrationSet)
        case prices(PriceDocument)

        public var kind: Kind {
            switch self {
            case .deployment: .deployment
            case .model: .model
            case .chip: .chip
            case .stack: .stack
            case .certificationList: .certificationList
            case .measurement: .measurement
            case .calibration: .calibration
            case .prices: .prices
            }
        }
    }

    public var file: String
    public var kind: Kind?
    public var document: Document?
    public var diagnostics: [Diagnostic]
    /// The id (profiles) or name (deployments) and where it is written.
    public var identity: (name: String, location: SourceLocation)?
    /// The validated top-level mapping, for findings about a field after typing.
    public var root: Object?

    /// Whether a typed document was read, without copying it out.
    public var hasDocument: Bool {
        if case .some = document { return true }
        return false
    }
}

/// Reads one file: YAML → schema → single-file checks → typed document. Pure.
public enum DocumentLoader {
    /// - Parameter overrides: values set from the command line (`--set`), written into a
    ///   deployment's tree before it is checked; other kinds ignore them.
    public static func load(_ bytes: [UInt8], file: String, limits: YAMLLimits = .default,
                            overrides: [Override] = []) -> LoadedFile {
        // Built once at each exit from locals: a `LoadedFile` filled in field by field was
        // copied into the return value and the local destroyed (a deployment's document is
        // several hundred bytes of strings and arrays to retain and release).
        let parsed = YAMLParser.parse(bytes, file: file, limits: limits)
        var diagnostics = parsed.diagnostics
        guard var root = parsed.root else {
            return LoadedFile(file: file, kind: nil, document: nil, diagnostics: diagnostics)
        }

        guard case .mapping(var entries) = root.content else {
            diagnostics.append(.error(
                .wrongType, "a chipfit file is a mapping starting with `apiVersion` and `kind`; found \(root.kindDescription)",
                at: root.location))
            return LoadedFile(file: file, kind: nil, document: nil, diagnostics: diagnostics)
        }
        guard let kind = detectKind(entries, root: root, into: &diagnostics) else {
            // Still report header and key problems against the common header.
            var validator = SchemaValidator()
            _ = validator.validate(root, against: ObjectSchema("document", Schemas.header))
            diagnostics += validator.diagnostics.filter {
                $0.code != .unknownKey && $0.path != "kind" && !($0.path == "apiVersion" && $0.code == .invalidValue)
            }
            var sink = DiagnosticSink()
            checkVersion(entries, into: &sink)
            diagnostics += sink.diagnostics
            return LoadedFile(file: file, kind: nil, document: nil, diagnostics: diagnostics)
        }
        if kind == .deployment, !overrides.isEmpty {
            for o in overrides { root = root.setting(o.path[...], to: o.value) }
            if case .mapping(let changed) = root.content { entries = changed }
        }
        var validator = SchemaValidator()
        let object = validator.validate(root, against: Schemas.schema(for: kind))
        var sink = DiagnosticSink(validator.diagnostics.filter { !($0.path == "apiVersion" && $0.code == .invalidValue) })
        checkVersion(entries, into: &sink)
        var document: LoadedFile.Document?
        var identity: (name: String, location: SourceLocation)?
        if let object {
            document = DocumentDecoder(file: file).decode(kind, object, &sink)
            let idKey = kind == .deployment ? "name" : "id"
            if let name = object.string(idKey) { identity = (name, object.location(of: idKey)) }
        }
        diagnostics += sink.diagnostics
        return LoadedFile(file: file, kind: kind, document: document, diagnostics: diagnostics, identity: identity,
                          root: object)
    }

    /// A version chipfit does not read gets its own code, so tools can tell "too new" from a typo.
    private static func checkVersion(_ entries: [Node.Entry], into sink: inout DiagnosticSink) {
        guard let entry = entries.first(where: { $0.key == "apiVersion" }), let s = entry.value.scalar,
              !s.isNull, s.text != Schemas.apiVersion else { return }
        let looksLikeOurs = s.text.hasPrefix("chipfit/")
        sink.error(.unsupportedVersion,
                   "unsupported apiVersion `\(s.text)`; this chipfit reads `\(Schemas.apiVersion)`",
                   at: entry.value.location, path: "apiVersion",
                   suggestion: looksLikeOurs ? "a newer chipfit may read it; or write `\(Schemas.apiVersion)`" : "write `\(Schemas.apiVersion)`")
    }

    /// Finds `kind` before full validation so the right schema is used and an unknown kind
    /// gets one clear error rather than a key error for every field.
    private static func detectKind(_ entries: [Node.Entry], root: Node, into diagnostics: inout [Diagnostic]) -> Kind? {
        guard let entry = entries.first(where: { $0.key == "kind" }) else {
            diagnostics.append(.error(
                .missingField, "missing required field `kind`; expected one of "
                    + Kind.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", "),
                at: root.location, path: "kind"))
            return nil
        }
        guard let text = entry.value.scalar?.text, !(entry.value.scalar?.isNull ?? true) else {
            if case .invalid = entry.value.content { return nil }
            diagnostics.append(.error(.wrongType, "`kind` must be a string; found \(entry.value.kindDescription)",
                                      at: entry.value.location, path: "kind"))
            return nil
        }
        if let kind = Kind(rawValue: text) { return kind }
        diagnostics.append(.error(
            .unknownKind, "unknown kind `\(text)`; expected one of " + Kind.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", "),
            at: entry.value.location, path: "kind",
            suggestion: Suggestion.closest(to: text, among: Kind.allCases.map(\.rawValue)).map { "did you mean `\($0)`?" }))
        return nil
    }
}

/// Collects findings from the checks that follow schema validation.
struct DiagnosticSink {
    private(set) var diagnostics: [Diagnostic]
    init(_ initial: [Diagnostic] = []) { diagnostics = initial }

    var hasErrors: Bool { diagnostics.hasErrors }

    mutating func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation,
                        path: String?, suggestion: String? = nil, related: [Diagnostic.Related] = []) {
        diagnostics.append(.error(code, message, at: location, path: path, suggestion: suggestion, related: related))
    }

    mutating func warning(_ code: DiagnosticCode, _ message: String, at location: SourceLocation,
                          path: String?, suggestion: String? = nil) {
        diagnostics.append(.warning(code, message, at: location, path: path, suggestion: suggestion))
    }

    mutating func append(_ d: Diagnostic) { diagnostics.append(d) }
}
