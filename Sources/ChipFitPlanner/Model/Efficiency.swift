/// Achievable fractions of peak. Every field is an assumption that plans print.
public struct Efficiency: Sendable, Hashable {
    public var compute: Double?
    public var memory: Double?
    public var interconnect: Double?
    /// Fraction of peak compute achieved in a mixture-of-experts model's routed-expert matmuls.
    public var experts: Double?

    public init(compute: Double? = nil, memory: Double? = nil, interconnect: Double? = nil, experts: Double? = nil) {
        self.compute = compute
        self.memory = memory
        self.interconnect = interconnect
        self.experts = experts
    }

}
