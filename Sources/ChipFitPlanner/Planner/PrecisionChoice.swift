/// How a requested precision runs on one chip: what the weights are stored in, what the
/// arithmetic runs in (which sets the peak rate), and the KV cache format. A documented
/// fallback replaces a precision the chip or its stack lacks rather than rejecting the chip.
public struct PrecisionChoice: Sendable, Hashable {
    public var requested: Precision
    public var weights: Precision
    public var compute: Precision
    public var kvCache: Precision
    /// Set when `weights` differs from `requested`: what changed and what it costs.
    public var fallback: String?
    public var computeNote: String?
    /// Set for W8A8 when the stack says the deployment's engine runs it at another rate
    /// (`Stack.w8a8Rates`); the planner sets it, as it depends on the engine.
    public var w8a8Rate: W8A8Rate?

    /// The arithmetic whose peak the matmuls run at: `compute`, unless the engine runs W8A8 at
    /// another rate.
    public var rate: Precision { compute == .int8 ? w8a8Rate?.rate ?? compute : compute }

    /// Hashes the formats and the matmul rate only: equal choices have equal formats and rates,
    /// and the notes (long, non-ASCII text) follow from them and the engine; hashing the notes
    /// dominated the planner's cache lookups.
    public func hash(into h: inout Hasher) {
        h.combine(requested)
        h.combine(weights)
        h.combine(compute)
        h.combine(kvCache)
        h.combine(rate)
    }

    /// The choice as `engine` runs it: W8A8 at the 16-bit rate the stack's `w8a8_rates` give
    /// the engine, or at the chip's other 16-bit rate when it rates only that one (an fp16-only
    /// inference card of the same stack).
    func under(_ engine: Serving.Engine?, chip: ChipProfile, stack: Stack?) -> PrecisionChoice {
        guard compute == .int8, let engine, let stack, var rule = stack.w8a8Rate(for: engine) else { return self }
        if chip.compute[rule.rate] == nil, let half = Self.half(chip, stack) { rule.rate = half }
        guard chip.compute[rule.rate] != nil else { return self }
        var choice = self
        choice.w8a8Rate = rule
        choice.computeNote = (computeNote.map { $0 + "; " } ?? "")
            + "matmuls at the \(rule.rate.rawValue) rate under \(engine.rawValue) on \(stack.name) (`w8a8_rates` in \(stack.file))"
        return choice
    }

    /// Runs arithmetic in `p`: the chip has a peak for it and its stack supports it.
    static func computes(_ p: Precision, _ chip: ChipProfile, _ stack: Stack?) -> Bool {
        chip.compute[p] != nil && (stack?.precisions.contains(p) ?? false)
    }

    /// The 16-bit type the chip computes in, preferring bf16.
    static func half(_ chip: ChipProfile, _ stack: Stack?) -> Precision? {
        computes(.bf16, chip, stack) ? .bf16 : computes(.fp16, chip, stack) ? .fp16 : nil
    }

    public static func choose(requested: Precision, kvCache: Precision, phase: Phase,
                              chip: ChipProfile, stack: Stack?) -> Result<PrecisionChoice, Rejection> {
        // Built only on failure: this runs for every chip of every deployment.
        var unsupported: Rejection {
            let usable = Precision.allCases.filter { computes($0, chip, stack) }.map(\.rawValue)
            let rated = usable.isEmpty ? "nothing the profile lists" : usable.joined(separator: ", ")
            // A precision the chip runs without a published rate would have served: say so.
            let servers: [Precision] = switch requested {
            case .fp32, .tf32: [.tf32, .fp32]
            case .bf16, .fp16: [.bf16, .fp16]
            case .fp8, .int8, .int4: [requested, .bf16, .fp16]
            }
            let unrated = servers.filter { chip.unrated.contains($0) && (stack?.precisions.contains($0) ?? false) }
            if !unrated.isEmpty {
                let names = unrated.map(\.rawValue).joined(separator: ", ")
                return Rejection(.precisionUnrated,
                                 "\(chip.name) runs \(names), but no source gives its \(names) rate, so chipfit cannot size or time \(requested.rawValue) on it (rates are known for: \(rated)); add a sourced `compute` rate to the profile to plan it")
            }
            return Rejection(.precisionUnsupported,
                             "\(requested.rawValue) is not supported by \(chip.name) and its stack, and no fallback applies (it computes in: \(rated))")
        }
        /// Why the chip does not run `p` directly, for fallback notes.
        func lacks(_ p: Precision) -> String {
            chip.unrated.contains(p) ? "no source gives the chip's \(p.rawValue) rate" : "the chip has no \(p.rawValue)"
        }
        var choice = PrecisionChoice(requested: requested, weights: requested, compute: requested, kvCache: kvCache)
        switch requested {
        case .fp32, .tf32:
            if computes(.tf32, chip, stack), requested == .tf32 || !computes(.fp32, chip, stack) {
                choice.compute = .tf32
            } else if computes(.fp32, chip, stack) {
                choice.compute = .fp32
                choice.weights = requested == .tf32 ? .fp32 : requested
            } else { return .failure(unsupported) }
        case .bf16, .fp16:
            let other: Precision = requested == .bf16 ? .fp16 : .bf16
            if computes(requested, chip, stack) { break }
            guard computes(other, chip, stack) else { return .failure(unsupported) }
            choice.weights = other
            choice.compute = other
            choice.fallback = requested == .bf16
                ? "bf16 → fp16: \(lacks(.bf16)); fp16's narrower range needs loss scaling in training and can overflow activations of models trained in bf16 (numerical risk)"
                : "fp16 → bf16: \(lacks(.fp16)); bf16 keeps fp16's range with fewer mantissa bits (small accuracy risk)"
        case .fp8:
            if computes(.fp8, chip, stack) { break }
            guard let h = half(chip, stack) else { return .failure(unsupported) }
            choice.weights = h
            choice.compute = h
            choice.fallback = "fp8 → \(h.rawValue): \(lacks(.fp8)); weights take twice the memory and matmuls run at the \(h.rawValue) rate"
        case .int8, .int4:
            guard phase == .inference else { return .failure(unsupported) }
            guard let h = half(chip, stack) else { return .failure(unsupported) }
            if stack?.precisions.contains(requested) ?? false {
                // int8 with int8 arithmetic is W8A8; otherwise weights are dequantized to 16-bit.
                if requested == .int8, computes(.int8, chip, stack) {
                    choice.compute = .int8
                    choice.computeNote = "W8A8: int8 weights and activations"
                } else {
                    choice.compute = h
                    choice.computeNote = "W\(requested == .int4 ? 4 : 8)A16: weight-only quantization, \(h.rawValue) arithmetic"
                }
            } else if requested == .int4, stack?.precisions.contains(.int8) ?? false {
                choice.weights = .int8
                choice.compute = computes(.int8, chip, stack) ? .int8 : h
                choice.fallback = "int4 → int8: the stack has no int4 kernels; weights take twice the memory"
            } else {
                choice.weights = h
                choice.compute = h
                choice.fallback = "\(requested.rawValue) → \(h.rawValue): the stack has no \(requested.rawValue) kernels; weights take \(Int(2 / requested.bytes))× the memory"
            }
        }
        // The KV cache follows a weight fallback when it followed the requested precision;
        // a separately chosen format must be one the chip handles.
        if phase == .inference, kvCache != choice.compute {
            let h = half(chip, stack) ?? choice.compute
            if kvCache == requested, choice.weights != requested {
                choice.kvCache = choice.compute.bytes >= 2 ? choice.compute : h
            } else {
                let ok = kvCache == .int8 ? (stack?.precisions.contains(.int8) ?? false) : computes(kvCache, chip, stack)
                if !ok {
                    choice.kvCache = h
                    let note = "KV cache \(kvCache.rawValue) → \(h.rawValue): not supported on this chip"
                    choice.fallback = choice.fallback.map { $0 + "; " + note } ?? note
                }
            }
        }
        return .success(choice)
    }
}
