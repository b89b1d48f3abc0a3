import ChipFitPlanner
import ChipFitYAML

/// The spec layer's codes: the schema of one document (CF1xx), references between files
/// (CF2xx) and warnings and notes about valid input (CF3xx).
extension DiagnosticCode {
    public static let unknownKey = DiagnosticCode("CF101", .error,
        title: "Unknown key",
        help: "The key is not part of the chipfit/v1 format at this place. Fix the spelling (a suggestion is given when one is close) or remove it; docs/reference.md lists every field.")
    public static let missingField = DiagnosticCode("CF102", .error,
        title: "Required field is missing",
        help: "A required field is absent. Add it; docs/reference.md describes it.")
    public static let wrongType = DiagnosticCode("CF103", .error,
        title: "Value has the wrong type",
        help: "The value has the wrong type for this field. Numbers and booleans are written plainly (not quoted); YAML 1.1 spellings such as yes/no, octal 010 or 1:20 are refused.")
    public static let invalidValue = DiagnosticCode("CF104", .error,
        title: "Value is not one of the accepted values",
        help: "The value is not one of those the field accepts; the message lists them.")
    public static let invalidQuantity = DiagnosticCode("CF105", .error,
        title: "Quantity or unit is invalid",
        help: "Quantities are a number followed by a unit, e.g. 64GB, 1.6TB/s, 320TFLOPS, 400W, 7.5B.")
    public static let outOfRange = DiagnosticCode("CF106", .error,
        title: "Value is out of range",
        help: "The value is outside the range the field accepts.")
    public static let inconsistentValues = DiagnosticCode("CF107", .error,
        title: "Values are inconsistent with each other",
        help: "Two or more fields contradict each other (for example kv_heads not dividing attention_heads).")
    public static let unsupportedVersion = DiagnosticCode("CF108", .error,
        title: "Unsupported apiVersion",
        help: "This chipfit reads apiVersion chipfit/v1.")
    public static let unknownKind = DiagnosticCode("CF109", .error,
        title: "Unknown kind",
        help: "kind must be Deployment, Model, Chip, Stack or CertificationList.")
    public static let invalidIdentifier = DiagnosticCode("CF110", .error,
        title: "Invalid identifier",
        help: "Ids are lowercase letters, digits, '.', '_' and '-', starting with a letter or digit.")
    public static let invalidDate = DiagnosticCode("CF111", .error,
        title: "Invalid date",
        help: "Dates are written YYYY-MM-DD and must exist in the calendar.")
    public static let fieldNotForPhase = DiagnosticCode("CF112", .error,
        title: "Field does not apply to this workload phase",
        help: "The field belongs to the other workload phase (inference or training). Remove it or change phase.")
    public static let conflictingFields = DiagnosticCode("CF113", .error,
        title: "Fields cannot be given together",
        help: "The fields exclude each other; keep one.")
    public static let unknownModelPreset = DiagnosticCode("CF201", .error,
        title: "Unknown model preset",
        help: "model.preset names no file in profiles/models/. Use a listed preset, or describe the model with hf_config or architecture.")
    public static let unknownChip = DiagnosticCode("CF202", .error,
        title: "Unknown chip",
        help: "The chip id names no profile in profiles/chips/.")
    public static let unknownStack = DiagnosticCode("CF203", .error,
        title: "Unknown stack",
        help: "The chip's stack names no profile in profiles/stacks/.")
    public static let duplicateID = DiagnosticCode("CF204", .error,
        title: "Duplicate id",
        help: "Two profiles of one kind share an id; ids must be unique.")
    public static let overlappingValidity = DiagnosticCode("CF205", .error,
        title: "Overlapping certification validity",
        help: "One list certifies the same chip for the same category twice with overlapping dates; keep one entry.")
    public static let duplicateDeploymentName = DiagnosticCode("CF206", .error,
        title: "Duplicate deployment name",
        help: "Deployment names must be unique across the specs of one run.")
    public static let fileReference = DiagnosticCode("CF207", .error,
        title: "Referenced file cannot be used",
        help: "A file the spec references (hf_config) cannot be used: missing, unreadable, or outside the tree being validated (see --root).")
    public static let importFailed = DiagnosticCode("CF208", .error,
        title: "Imported file is invalid",
        help: "The referenced Hugging Face config.json lacks fields chipfit needs or is not valid JSON.")
    public static let scanIncomplete = DiagnosticCode("CF314", .warning,
        title: "Code the scan could not read",
        help: "Some files under the directory `toolchain.scan` names were not read (binary, larger than 2 MiB, or unreadable), so the sites in them are not counted. `chipfit scan DIR` lists them; move generated or vendored files out of the scanned tree, or list them in .gitignore.")
    public static let overridesShippedProfile = DiagnosticCode("CF313", .note,
        title: "Profile replaces a shipped profile",
        help: "A profile in the team's profiles directories has the kind and id of a profile shipped with chipfit; the team's is used in every plan, and plans name it. Rename its id to keep both, or delete it to use the shipped one.")
    public static let certificationIgnored = DiagnosticCode("CF301", .warning,
        title: "Certification policy is ignored",
        help: "With certification: ignore, plans may recommend chips with no valid certificate. Use preferred to rank certified chips first.")
    public static let unknownUncertainPath = DiagnosticCode("CF302", .warning,
        title: "`uncertain` names a field the profile does not have",
        help: "Entries under `uncertain` must name fields the profile sets, or the flag protects nothing.")
    public static let unknownComponent = DiagnosticCode("CF303", .warning,
        title: "No migration rule for a toolchain component",
        help: "No stack profile has a migration rule for this component, so plans list it as unassessed (medium effort assumed).")
    public static let unknownVendor = DiagnosticCode("CF304", .warning,
        title: "Excluded vendor matches no chip",
        help: "exclude_vendors names a vendor no chip in the catalogue has, so it excludes nothing.")
    public static let replicasBeyondSequences = DiagnosticCode("CF305", .warning,
        title: "More data-parallel replicas than sequences",
        help: "parallelism.data pins more inference replicas than concurrency gives sequences: the extra replicas hold chips and serve nothing (unless they are there for expert parallelism). The pin is honoured; lower it to at most concurrency, or raise concurrency.")
    public static let settingWithoutEffect = DiagnosticCode("CF306", .warning,
        title: "Setting without effect on this model",
        help: "The setting applies to a kind of model this one is not (expert settings on a dense model, MLA settings on a model without latent attention), so plans are the same without it. Remove it, or check the model.")
    public static let suppressionWithoutReason = DiagnosticCode("CF310", .warning,
        title: "Suppression comment that suppresses nothing as written",
        help: "A `# chipfit:ignore CODE -- reason` comment needs known codes and a reason after ` -- `, spelt exactly so (`chipfit:ignore`, no space before the colon); otherwise it suppresses nothing.")
    public static let unusedSuppression = DiagnosticCode("CF311", .warning,
        title: "Suppression that matches no finding",
        help: "A `# chipfit:ignore` comment whose codes match no finding where it applies: the finding was fixed or moved. Remove the comment, or move it to the line it is for.")
    public static let staleBaselineEntry = DiagnosticCode("CF312", .warning,
        title: "Baseline entry that matches no finding",
        help: "The baseline records a finding that no longer occurs (it was fixed, or its line changed). Rewrite the baseline with --write-baseline so it holds only what remains.")

    /// Every code of this layer, in order.
    public static let specCodes: [DiagnosticCode] = [
        .unknownKey, .missingField, .wrongType, .invalidValue, .invalidQuantity, .outOfRange,
        .inconsistentValues, .unsupportedVersion, .unknownKind, .invalidIdentifier, .invalidDate, .fieldNotForPhase,
        .conflictingFields, .unknownModelPreset, .unknownChip, .unknownStack, .duplicateID, .overlappingValidity,
        .duplicateDeploymentName, .fileReference, .importFailed, .certificationIgnored, .unknownUncertainPath, .unknownComponent,
        .unknownVendor, .replicasBeyondSequences, .settingWithoutEffect, .suppressionWithoutReason, .unusedSuppression,
        .staleBaselineEntry, .overridesShippedProfile, .scanIncomplete,
    ]
}
