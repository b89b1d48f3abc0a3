/// A diagnostic chipfit can emit, with what it means. Codes are stable: CI baselines,
/// suppressions and SARIF rule ids key on them, so a code is never reused for another meaning.
/// Each layer declares its own (CF0xx here: the file and its YAML; the spec layer's CF1xx–CF3xx
/// and the plan's CF4xx in ChipFitSpec), and `DiagnosticCode.all` there lists every one.
///
/// CF0xx: the file and its YAML. CF1xx: the schema of one document. CF2xx: references between
/// files. CF3xx: warnings and notes about valid input. CF4xx: plans (`chipfit check`).
public struct DiagnosticCode: Sendable, Hashable, CustomStringConvertible {
    /// `CF001` and so on.
    public let rawValue: String
    /// The severity the code is reported with.
    public let defaultSeverity: Diagnostic.Severity
    /// One line naming the rule (SARIF shortDescription, docs headings).
    public let title: String
    /// What the rule checks and how to fix a finding (SARIF fullDescription and help, docs).
    public let help: String

    public init(_ rawValue: String, _ severity: Diagnostic.Severity, title: String, help: String) {
        self.rawValue = rawValue
        defaultSeverity = severity
        self.title = title
        self.help = help
    }

    /// Codes are equal when their ids are.
    public static func == (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.rawValue == b.rawValue }
    public func hash(into h: inout Hasher) { h.combine(rawValue) }
    public var description: String { rawValue }
}

/// The file and YAML layer's codes.
extension DiagnosticCode {
    public static let fileUnreadable = DiagnosticCode("CF001", .error,
        title: "File cannot be read",
        help: "The file could not be read or parsed at all. Check that it exists and is readable.")
    public static let fileTooLarge = DiagnosticCode("CF002", .error,
        title: "File is larger than the limit",
        help: "chipfit refuses files over the size limit before parsing them. Split the file, or raise --max-file-bytes if it is genuine.")
    public static let invalidEncoding = DiagnosticCode("CF003", .error,
        title: "File is not valid UTF-8",
        help: "chipfit reads UTF-8 text only (a byte-order mark is fine). Save the file as UTF-8 and remove control characters.")
    public static let syntaxError = DiagnosticCode("CF004", .error,
        title: "YAML syntax error",
        help: "The YAML is malformed at this point. The message is libyaml's; the related location shows where the enclosing structure started.")
    public static let emptyDocument = DiagnosticCode("CF005", .error,
        title: "File holds no YAML document",
        help: "The file holds no YAML document. Add the content or delete the file.")
    public static let multipleDocuments = DiagnosticCode("CF006", .error,
        title: "File holds more than one YAML document",
        help: "A chipfit file holds exactly one YAML document. Put each deployment or profile in its own file.")
    public static let duplicateKey = DiagnosticCode("CF007", .error,
        title: "Duplicate mapping key",
        help: "A key appears twice in one mapping; YAML loaders disagree on which wins. Remove one of them.")
    public static let anchorOrAlias = DiagnosticCode("CF008", .error,
        title: "Anchors and aliases are not accepted",
        help: "Anchors (&) and aliases (*) are refused so that a file cannot expand without bound. Write the values out in full.")
    public static let mergeKey = DiagnosticCode("CF009", .error,
        title: "Merge keys are not accepted",
        help: "Merge keys (<<) are refused. Write the merged fields out in full.")
    public static let explicitTag = DiagnosticCode("CF010", .error,
        title: "Explicit tags are not accepted",
        help: "Explicit tags (!!type, !custom) are refused; nothing in chipfit constructs objects from tags. Quote a value that must be a string.")
    public static let nestingTooDeep = DiagnosticCode("CF011", .error,
        title: "Nesting is deeper than the limit",
        help: "Nesting deeper than the limit is refused, bounding parse time. Flatten the structure, or raise --max-depth if it is genuine.")
    public static let tooManyNodes = DiagnosticCode("CF012", .error,
        title: "Document has more nodes than the limit",
        help: "The document has more nodes than the limit. Raise --max-nodes if it is genuine.")
    public static let scalarTooLong = DiagnosticCode("CF013", .error,
        title: "Scalar is longer than the limit",
        help: "A single value is longer than the limit. Raise --max-scalar-bytes if it is genuine.")
    public static let nonScalarKey = DiagnosticCode("CF014", .error,
        title: "Mapping key is not a scalar",
        help: "Mapping keys must be plain names, not lists or mappings.")

    /// Every code of this layer, in order.
    public static let yamlCodes: [DiagnosticCode] = [.fileUnreadable, .fileTooLarge, .invalidEncoding, .syntaxError, .emptyDocument, .multipleDocuments, .duplicateKey, .anchorOrAlias, .mergeKey, .explicitTag, .nestingTooDeep, .tooManyNodes, .scalarTooLong, .nonScalarKey]
}
