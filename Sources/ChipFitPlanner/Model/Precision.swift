/// Numeric formats a model can run in. For inference this is the weight format; for
/// training the mixed-precision compute type.
public enum Precision: String, Sendable, CaseIterable, Hashable, Comparable {
    case fp32, tf32, bf16, fp16, fp8, int8, int4

    /// Position in `allCases`, for tables indexed by precision.
    var index: Int {
        switch self {
        case .fp32: 0
        case .tf32: 1
        case .bf16: 2
        case .fp16: 3
        case .fp8: 4
        case .int8: 5
        case .int4: 6
        }
    }

    /// Bytes per value as stored in memory. tf32 is stored as fp32; int4 packs two per byte.
    public var bytes: Double {
        switch self {
        case .fp32, .tf32: 4
        case .bf16, .fp16: 2
        case .fp8, .int8: 1
        case .int4: 0.5
        }
    }

    public var isInteger: Bool { self == .int8 || self == .int4 }

    /// Precisions a training step can compute in. Integer formats are inference-only.
    public static let trainable: [Precision] = [.fp32, .tf32, .bf16, .fp16, .fp8]

    private var order: Int { Precision.allCases.firstIndex(of: self)! }
    public static func < (a: Precision, b: Precision) -> Bool { a.order < b.order }
}

public enum Phase: String, Sendable, CaseIterable, Hashable {
    case inference, training

    /// The certification category a workload of this phase needs.
    public var certificationCategory: CertificationCategory {
        self == .training ? .training : .inference
    }
}

public enum CertificationCategory: String, Sendable, CaseIterable, Hashable {
    case training = "ai-training-chip"
    case inference = "ai-inference-chip"
}
