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
    case replicasBeyondSequences = "CF305"
    case suppressionWithoutReason = "CF310"

    // Plans (from `chipfit check`)
    case noFittingChip = "CF401"

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
        case .replicasBeyondSequences: "More data-parallel replicas than sequences"
        case .suppressionWithoutReason: "Suppression comment without a reason"
        case .noFittingChip: "No chip fits the deployment"
        }
    }

    /// The severity the code is reported with.
    public var defaultSeverity: Diagnostic.Severity {
        rawValue.hasPrefix("CF3") ? .warning : .error
    }

    /// What the rule checks and how to fix a finding (SARIF fullDescription and help, docs).
    public var help: String {
        switch self {
        case .fileUnreadable: "The file could not be read or parsed at all. Check that it exists and is readable."
        case .fileTooLarge: "chipfit refuses files over the size limit before parsing them. Split the file, or raise --max-file-bytes if it is genuine."
        case .invalidEncoding: "chipfit reads UTF-8 text only (a byte-order mark is fine). Save the file as UTF-8 and remove control characters."
        case .syntaxError: "The YAML is malformed at this point. The message is libyaml's; the related location shows where the enclosing structure started."
        case .emptyDocument: "The file holds no YAML document. Add the content or delete the file."
        case .multipleDocuments: "A chipfit file holds exactly one YAML document. Put each deployment or profile in its own file."
        case .duplicateKey: "A key appears twice in one mapping; YAML loaders disagree on which wins. Remove one of them."
        case .anchorOrAlias: "Anchors (&) and aliases (*) are refused so that a file cannot expand without bound. Write the values out in full."
        case .mergeKey: "Merge keys (<<) are refused. Write the merged fields out in full."
        case .explicitTag: "Explicit tags (!!type, !custom) are refused; nothing in chipfit constructs objects from tags. Quote a value that must be a string."
        case .nestingTooDeep: "Nesting deeper than the limit is refused, bounding parse time. Flatten the structure, or raise --max-depth if it is genuine."
        case .tooManyNodes: "The document has more nodes than the limit. Raise --max-nodes if it is genuine."
        case .scalarTooLong: "A single value is longer than the limit. Raise --max-scalar-bytes if it is genuine."
        case .nonScalarKey: "Mapping keys must be plain names, not lists or mappings."
        case .unknownKey: "The key is not part of the chipfit/v1 format at this place. Fix the spelling (a suggestion is given when one is close) or remove it; docs/reference.md lists every field."
        case .missingField: "A required field is absent. Add it; docs/reference.md describes it."
        case .wrongType: "The value has the wrong type for this field. Numbers and booleans are written plainly (not quoted); YAML 1.1 spellings such as yes/no, octal 010 or 1:20 are refused."
        case .invalidValue: "The value is not one of those the field accepts; the message lists them."
        case .invalidQuantity: "Quantities are a number followed by a unit, e.g. 64GB, 1.6TB/s, 320TFLOPS, 400W, 7.5B."
        case .outOfRange: "The value is outside the range the field accepts."
        case .inconsistentValues: "Two or more fields contradict each other (for example kv_heads not dividing attention_heads)."
        case .unsupportedVersion: "This chipfit reads apiVersion chipfit/v1."
        case .unknownKind: "kind must be Deployment, Model, Chip, Stack or CertificationList."
        case .invalidIdentifier: "Ids are lowercase letters, digits, '.', '_' and '-', starting with a letter or digit."
        case .invalidDate: "Dates are written YYYY-MM-DD and must exist in the calendar."
        case .fieldNotForPhase: "The field belongs to the other workload phase (inference or training). Remove it or change phase."
        case .conflictingFields: "The fields exclude each other; keep one."
        case .unknownModelPreset: "model.preset names no file in profiles/models/. Use a listed preset, or describe the model with hf_config or architecture."
        case .unknownChip: "The chip id names no profile in profiles/chips/."
        case .unknownStack: "The chip's stack names no profile in profiles/stacks/."
        case .duplicateID: "Two profiles of one kind share an id; ids must be unique."
        case .overlappingValidity: "One list certifies the same chip for the same category twice with overlapping dates; keep one entry."
        case .duplicateDeploymentName: "Deployment names must be unique across the specs of one run."
        case .fileReference: "A file the spec references (hf_config) cannot be used: missing, unreadable, or outside the tree being validated (see --root)."
        case .importFailed: "The referenced Hugging Face config.json lacks fields chipfit needs or is not valid JSON."
        case .certificationIgnored: "With certification: ignore, plans may recommend chips with no valid certificate. Use preferred to rank certified chips first."
        case .unknownUncertainPath: "Entries under `uncertain` must name fields the profile sets, or the flag protects nothing."
        case .unknownComponent: "No stack profile has a migration rule for this component, so plans list it as unassessed (medium effort assumed)."
        case .unknownVendor: "exclude_vendors names a vendor no chip in the catalogue has, so it excludes nothing."
        case .replicasBeyondSequences: "parallelism.data pins more inference replicas than concurrency gives sequences: the extra replicas hold chips and serve nothing (unless they are there for expert parallelism). The pin is honoured; lower it to at most concurrency, or raise concurrency."
        case .suppressionWithoutReason: "A `# chipfit:ignore CODE` comment needs a reason after ` -- `; without one it suppresses nothing."
        case .noFittingChip: "`chipfit check` found no chip that fits this deployment under its requirements (certified, when required). The message names the closest chips and why they were ruled out; `chipfit plan` shows all of them."
        }
    }
}
