/// Every constant the planner assumes, in one place, with its source. Plans print the ones
/// they used; `workload.efficiency` in a spec and `efficiency` in a chip profile override
/// the efficiency factors. See docs/model.md for the derivations.
public enum Assumptions {
    /// Training: achieved fraction of peak compute while the chips compute, counting every
    /// executed FLOP (recompute included). Pipeline bubbles and the communication a step waits
    /// for are added by the model, so this is not an end-to-end utilisation: published runs
    /// reach 0.42–0.57 end to end (Korthikanti et al. 2022, Table 5) *after* those losses.
    /// Fitted to the training fidelity suite (`scripts/calibrate --suite training`: 0.60,
    /// leave-one-out median error 7 %; docs/model.md, "Fidelity: training").
    public static let computeEfficiency = 0.60

    /// Serving defaults no datasheet gives, fitted to the published measurements of the serving
    /// fidelity suite (`scripts/calibrate`; docs/model.md gives the fit and its leave-one-out
    /// error): the achieved fraction of peak compute, the same in routed-expert matmuls, of peak
    /// memory bandwidth (within the 0.70–0.90 memory-bound kernels reach), and the host's time
    /// per engine iteration.
    public static let servingComputeEfficiency = 0.60
    /// Routed-expert matmuls: many small grouped GEMMs, with tokens permuted to and from them.
    public static let servingExpertComputeEfficiency = 0.25
    public static let servingMemoryEfficiency = 0.75
    public static let iterationOverhead = 0.004
    /// Training: achieved fraction of peak memory bandwidth, the top of what memory-bound kernels
    /// reach (LLM-Viewer, arXiv 2402.16363); training steps are compute-bound.
    public static let memoryEfficiency = 0.90

    /// The compute default for a phase.
    public static func computeEfficiency(for phase: Phase) -> Double {
        phase == .inference ? servingComputeEfficiency : computeEfficiency
    }
    /// The memory-bandwidth default for a phase.
    public static func memoryEfficiency(for phase: Phase) -> Double {
        phase == .inference ? servingMemoryEfficiency : memoryEfficiency
    }
    /// Achieved fraction of link bandwidth for collectives (ring all-reduce bus bandwidth
    /// relative to link peak); an assumption in the absence of per-chip measurements.
    public static let interconnectEfficiency = 0.70
    /// Latency of one step of a collective (one hop of a ring), seconds. Order of magnitude
    /// of intra-node NVLink/HCCS message latency; dominates decode all-reduces, which are small.
    public static let collectiveStepLatency = 5e-6

    /// Share of a chip that an expert all-to-all hidden behind compute takes from it while it
    /// runs: DeepSeek-V3's dispatch and combine kernels run on 20 of the H800's 132 SMs, which
    /// "limits computational throughput" (DeepSeek-V3 report, arXiv 2412.19437, §3.2.2 and
    /// §3.5.1). Training only: it is the one overlap whose kernels are published.
    public static let hiddenAllToAllComputeShare = 20.0 / 132.0

    /// Scale-out bandwidth per chip for a chip profile that gives none: 100 Gb/s Ethernet
    /// (an assumption; plans on such chips say so through the chip's missing `scale_out`).
    public static let defaultScaleOutBandwidth = 100e9 / 8

    /// Fraction of device memory kept free for the runtime, allocator fragmentation and
    /// communication buffers: vLLM's default `gpu_memory_utilization = 0.9`.
    public static let memoryReserveFraction = 0.10

    /// Bits of quantization metadata per weight. int4 (GPTQ/AWQ, group size 128): an fp16
    /// scale and a 4-bit zero point per group = 20/128 bits. int8 (per-output-channel scale)
    /// and fp8 (per-tensor or 128×128 block scales) carry well under 0.1 %.
    public static func quantizationOverheadBits(_ p: Precision) -> Double {
        switch p {
        case .int4: 20.0 / 128.0
        case .int8: 16.0 / 4096.0
        case .fp8: 32.0 / 16384.0
        default: 0
        }
    }

    /// Largest number of chips searched when a spec sets no `max_chips`.
    public static let defaultMaxChips = 4096

    /// Engineer-days per migration effort level, for ranking and roll-up.
    public static func effortWeight(_ e: Effort) -> Int {
        switch e {
        case .none: 0
        case .low: 1
        case .medium: 3
        case .high: 8
        }
    }
}

/// The efficiency factors one evaluation used, and where each came from.
public struct ResolvedEfficiency: Sendable, Hashable {
    public enum Origin: String, Sendable { case spec, calibrated, chip, `default` }
    public var compute: Double
    public var memory: Double
    public var interconnect: Double
    /// Routed-expert matmuls of a mixture-of-experts model.
    public var experts: Double
    public var computeOrigin: Origin
    public var memoryOrigin: Origin
    public var interconnectOrigin: Origin
    public var expertsOrigin: Origin
    /// The calibration any factor came from, for outputs to name its measurements.
    public var calibration: Calibration?

    /// Each factor from the spec, else a calibration for this chip, else the chip profile,
    /// else chipfit's default.
    public init(spec: Efficiency, chip: Efficiency, calibration: Calibration? = nil, phase: Phase) {
        let fitted = calibration?.efficiency ?? Efficiency()
        let c = Self.pick(spec.compute, fitted.compute, chip.compute, Assumptions.computeEfficiency(for: phase))
        let m = Self.pick(spec.memory, fitted.memory, chip.memory, Assumptions.memoryEfficiency(for: phase))
        let i = Self.pick(spec.interconnect, fitted.interconnect, chip.interconnect, Assumptions.interconnectEfficiency)
        let x = Self.pick(spec.experts, fitted.experts, chip.experts,
                          phase == .inference ? Assumptions.servingExpertComputeEfficiency : c.value)
        compute = c.value
        computeOrigin = c.origin
        memory = m.value
        memoryOrigin = m.origin
        interconnect = i.value
        interconnectOrigin = i.origin
        experts = x.value
        expertsOrigin = x.origin
        let used = [c.origin, m.origin, i.origin, x.origin].contains(.calibrated)
        self.calibration = used ? calibration : nil
    }

    private static func pick(_ spec: Double?, _ calibrated: Double?, _ chip: Double?, _ fallback: Double)
        -> (value: Double, origin: Origin)
    {
        if let spec { return (spec, .spec) }
        if let calibrated { return (calibrated, .calibrated) }
        if let chip { return (chip, .chip) }
        return (fallback, .default)
    }
}
