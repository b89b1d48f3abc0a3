import ChipFitPlanner
import ChipFitYAML

/// `.chipfit.yaml`: what CI, pre-commit and editors must agree on in one repository. Paths in
/// it are relative to the file's own directory, so the answer does not depend on where chipfit
/// is started from. Every field is optional; the command line overrides each one.
public struct RepositoryConfig: Sendable, Equatable {
    /// The file's own path, as found.
    public var file: String
    /// Profile directories added to the shipped catalogue (resolved against the file's directory).
    public var profiles: [String] = []
    /// Whether the shipped catalogue is used under `profiles` (false: only the team's).
    public var shippedProfiles: Bool?
    /// What `validate`, `check` and `plan` read when no paths are given.
    public var paths: [String] = []
    /// Patterns of files not to check, relative to the file's directory.
    public var exclude: [String] = []
    public var strict: Bool?
    public var baseline: String?
    /// The findings format of `validate` and `check`.
    public var format: String?

    public static let formats = ["text", "json", "sarif", "junit", "github", "auto"]
    /// The name chipfit looks for.
    public static let fileName = ".chipfit.yaml"

    public static let schema = ObjectSchema("Config", [
        Field("apiVersion", .oneOf([Schemas.apiVersion]), "Format version, optional: `chipfit/v1`."),
        Field("profiles", .list(.string), "Profile directories added to the shipped catalogue, relative to this file. A profile with the kind and id of a shipped one replaces it, and every output names it."),
        Field("shipped_profiles", .boolean, "`false`: use only `profiles`, not the catalogue shipped with chipfit (default `true`)."),
        Field("paths", .list(.string), "Spec files or directories, relative to this file, that `validate`, `check`, `plan` and `report` read when the command line names none."),
        Field("exclude", .list(.string), "Files not to check, relative to this file: a directory, a file, or a pattern where `*` matches any characters (including `/`) and `?` one."),
        Field("strict", .boolean, "Warnings fail `validate` and `check` too (`--strict`)."),
        Field("baseline", .string, "Baseline file of accepted findings, relative to this file (`--baseline`)."),
        Field("format", .oneOf(formats), "Findings format of `validate` and `check` (`--format`)."),
    ])

    public init(file: String) { self.file = file }

    /// Reads a config file's bytes: the config, or nil with the findings that make it unusable.
    public static func read(_ bytes: [UInt8], file: String, limits: YAMLLimits = .default)
        -> (config: RepositoryConfig?, diagnostics: [Diagnostic]) {
        let parsed = YAMLParser.parse(bytes, file: file, limits: limits)
        guard let root = parsed.root, parsed.diagnostics.allSatisfy({ $0.severity != .error }) else {
            return (nil, parsed.diagnostics)
        }
        guard case .mapping = root.content else {
            return (nil, parsed.diagnostics + [.error(.wrongType, "\(fileName) is a mapping of settings; found \(root.kindDescription)",
                                                      at: root.location, suggestion: "start with e.g. `profiles: [profiles]`")])
        }
        var validator = SchemaValidator()
        let object = validator.validate(root, against: schema)
        let diagnostics = parsed.diagnostics + validator.diagnostics
        guard let o = object, !diagnostics.hasErrors else { return (nil, diagnostics) }
        var c = RepositoryConfig(file: file)
        c.profiles = o.strings("profiles") ?? []
        c.shippedProfiles = o.bool("shipped_profiles")
        c.paths = o.strings("paths") ?? []
        c.exclude = o.strings("exclude") ?? []
        c.strict = o.bool("strict")
        c.baseline = o.string("baseline")
        c.format = o.string("format")
        return (c, diagnostics)
    }
}
