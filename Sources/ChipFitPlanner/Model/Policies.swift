/// What a stack rule does to a CUDA-ecosystem component.
public enum ComponentAction: String, Sendable, CaseIterable, Hashable {
    case keep, upgrade, replace, rewrite, unsupported
}

public enum Effort: String, Sendable, CaseIterable, Hashable, Comparable {
    case none, low, medium, high
    private var rank: Int { Effort.allCases.firstIndex(of: self)! }
    public static func < (a: Effort, b: Effort) -> Bool { a.rank < b.rank }
}

public enum Provenance: String, Sendable, CaseIterable, Hashable {
    case official, press, sample
}

public enum CertificationPolicy: String, Sendable, CaseIterable, Hashable {
    case required, preferred, ignore
}
