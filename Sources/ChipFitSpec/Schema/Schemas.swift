import ChipFitPlanner
/// The v1 file formats, as data. `docs/reference.md` is generated from these definitions
/// (`chipfit schema --markdown`), so every field documented there is a field accepted here.
/// Each kind's schema sits beside its decoding, in `Kinds/`; the parts they share are here.
public enum Schemas {
    public static let apiVersion = "chipfit/v1"

    /// The largest (and smallest) values that describe something real, with room to spare:
    /// every field is bounded, so no accepted spec or profile drives the planner's arithmetic
    /// past what a `Double` or an `Int` holds. The bounds are in docs/reference.md.
    public enum Limits {
        /// Transformer layers, and pipeline stages (one layer or more each).
        public static let layers = 100_000
        /// Model width, MLP width, head width, latent ranks, adapter rank: 2^24.
        public static let width = 16_777_216
        public static let heads = 1_048_576
        public static let vocabulary = 1 << 30
        public static let experts = 1_048_576
        /// Tokens of one sequence (prompt, output, training sequence, context): 2^30.
        public static let tokens = 1 << 30
        /// Sequences served or batched together.
        public static let sequences = 1 << 30
        /// Chips in a node, a parallel degree or a deployment: 2^24.
        public static let chips = 16_777_216
        public static let smallestFraction = 0.0001
        /// One microsecond.
        public static let shortestMilliseconds = 0.001
        /// A thousandth of a token per second.
        public static let slowestRate = 0.001
        /// About 1.4 minutes.
        public static let shortestDays = 0.001
    }

    static let header: [Field] = [
        Field("apiVersion", .oneOf([apiVersion]), required: true, "Format version; always `chipfit/v1`."),
        Field("kind", .oneOf(Kind.allCases.map(\.rawValue)), required: true, "What the file describes."),
    ]

    static let precisionNames = Precision.allCases.map(\.rawValue)
    static let sources = Field("sources", .list(.string, minItems: 1), "Where the figures come from: URLs or citations.")
    static let notes = Field("notes", .string, "Free text for reviewers: variants, conflicts, choices made.")
    static let uncertain = Field(
        "uncertain", .list(.string),
        "Dotted paths of fields whose figure is not confirmed by a primary source, e.g. `compute.bf16`.")

    static let efficiency = ObjectSchema("efficiency", [
        Field("compute", .number(min: Limits.smallestFraction, max: 1), "Fraction of peak compute achieved while computing (pipeline bubbles and waited-for communication are counted apart)."),
        Field("memory", .number(min: Limits.smallestFraction, max: 1), "Fraction of peak memory bandwidth achieved."),
        Field("interconnect", .number(min: Limits.smallestFraction, max: 1), "Fraction of link bandwidth achieved by collectives."),
        Field("experts", .number(min: Limits.smallestFraction, max: 1), "Fraction of peak compute achieved in a mixture-of-experts model's routed-expert matmuls, serving and training alike (defaults: chipfit's serving value; in training, `compute`)."),
    ])

    public static func schema(for kind: Kind) -> ObjectSchema {
        switch kind {
        case .deployment: deployment
        case .model: model
        case .chip: chip
        case .stack: stack
        case .certificationList: certificationList
        case .measurement: measurement
        case .calibration: calibration
        case .prices: prices
        }
    }
}

/// The file kinds of chipfit/v1.
public enum Kind: String, Sendable, CaseIterable, Hashable {
    case deployment = "Deployment"
    case model = "Model"
    case chip = "Chip"
    case stack = "Stack"
    case certificationList = "CertificationList"
    case measurement = "Measurement"
    case calibration = "Calibration"
    case prices = "Prices"
}
