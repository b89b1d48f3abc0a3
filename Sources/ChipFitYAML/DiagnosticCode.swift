/// Every diagnostic chipfit can emit. Codes are stable: CI baselines, suppressions and
/// SARIF rule ids key on them, so a code is never reused for another meaning.
///
/// CF0xx: the file and its YAML. CF1xx: the schema of one document.
/// CF2xx: references between files. CF3xx: warnings about questionable but valid input.
public enum DiagnosticCode: String, Sendable, CaseIterable, Hashable {
    // File and YAML layer
    case fileUnreadable = "CF001"
    case fileTooLarge = "CF002"
    case invalidEncoding = "CF003"
    case syntaxError = "CF004"
    case emptyDocument = "CF005"
    case multipleDocuments = "CF006"
    case duplicateKey = "CF007"
    case anchorOrAlias = "CF008"
    case mergeKey = "CF009"
    case explicitTag = "CF010"
    case nestingTooDeep = "CF011"
    case tooManyNodes = "CF012"
    case scalarTooLong = "CF013"
    case nonScalarKey = "CF014"

    // Schema of one document
    case unknownKey = "CF101"
    case missingField = "CF102"
    case wrongType = "CF103"
    case invalidValue = "CF104"
    case invalidQuantity = "CF105"
    case outOfRange = "CF106"
    case inconsistentValues = "CF107"
    case unsupportedVersion = "CF108"
    case unknownKind = "CF109"
    case invalidIdentifier = "CF110"
    case invalidDate = "CF111"
    case fieldNotForPhase = "CF112"
    case conflictingFields = "CF113"

    // References between files
    case unknownModelPreset = "CF201"
    case unknownChip = "CF202"
    case unknownStack = "CF203"
    case duplicateID = "CF204"
    case overlappingValidity = "CF205"
    case duplicateDeploymentName = "CF206"
    case fileReference = "CF207"
    case importFailed = "CF208"

    // Warnings
    case certificationIgnored = "CF301"
    case unknownUncertainPath = "CF302"
    case unknownComponent = "CF303"
    case unknownVendor = "CF304"

    /// One line naming the rule (SARIF shortDescription, docs headings).
    public var title: String {
        switch self {
        case .fileUnreadable: "File cannot be read"
        case .fileTooLarge: "File is larger than the limit"
        case .invalidEncoding: "File is not valid UTF-8"
        case .syntaxError: "YAML syntax error"
        case .emptyDocument: "File holds no YAML document"
        case .multipleDocuments: "File holds more than one YAML document"
        case .duplicateKey: "Duplicate mapping key"
        case .anchorOrAlias: "Anchors and aliases are not accepted"
        case .mergeKey: "Merge keys are not accepted"
        case .explicitTag: "Explicit tags are not accepted"
        case .nestingTooDeep: "Nesting is deeper than the limit"
        case .tooManyNodes: "Document has more nodes than the limit"
        case .scalarTooLong: "Scalar is longer than the limit"
        case .nonScalarKey: "Mapping key is not a scalar"
        case .unknownKey: "Unknown key"
        case .missingField: "Required field is missing"
        case .wrongType: "Value has the wrong type"
        case .invalidValue: "Value is not one of the accepted values"
        case .invalidQuantity: "Quantity or unit is invalid"
        case .outOfRange: "Value is out of range"
        case .inconsistentValues: "Values are inconsistent with each other"
        case .unsupportedVersion: "Unsupported apiVersion"
        case .unknownKind: "Unknown kind"
        case .invalidIdentifier: "Invalid identifier"
        case .invalidDate: "Invalid date"
        case .fieldNotForPhase: "Field does not apply to this workload phase"
        case .conflictingFields: "Fields cannot be given together"
        case .unknownModelPreset: "Unknown model preset"
        case .unknownChip: "Unknown chip"
        case .unknownStack: "Unknown stack"
        case .duplicateID: "Duplicate id"
        case .overlappingValidity: "Overlapping certification validity"
        case .duplicateDeploymentName: "Duplicate deployment name"
        case .fileReference: "Referenced file cannot be used"
        case .importFailed: "Imported file is invalid"
        case .certificationIgnored: "Certification policy is ignored"
        case .unknownUncertainPath: "`uncertain` names a field the profile does not have"
        case .unknownComponent: "No migration rule for a toolchain component"
        case .unknownVendor: "Excluded vendor matches no chip"
        }
    }

    /// The severity the code is reported with.
    public var defaultSeverity: Diagnostic.Severity {
        rawValue.hasPrefix("CF3") ? .warning : .error
    }
}
