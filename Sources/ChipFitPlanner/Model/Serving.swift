/// How an inference deployment is served: the engine's batching and limits, and the techniques
/// real serving systems use to go faster. Every field has a default, so a spec that says
/// nothing about serving is planned as a continuously batching engine with vLLM's defaults.
public struct Serving: Sendable, Hashable {
    public enum Batching: String, Sendable, CaseIterable {
        /// Requests join and leave the running batch at every iteration, prompts are prefilled
        /// in chunks beside the running decodes (vLLM, SGLang, TensorRT-LLM, MindIE).
        case continuous
        /// The whole batch is prefilled, then decoded together to the end (offline batch jobs,
        /// TensorRT-LLM's gptSessionBenchmark).
        case `static`
    }

    /// Draft tokens proposed and verified per decode step (multi-token prediction, EAGLE,
    /// a draft model): each step runs `draftTokens + 1` tokens per sequence through the model
    /// and emits `acceptedTokens` of them on average.
    public struct Speculative: Sendable, Hashable {
        public var draftTokens: Int
        /// Mean tokens emitted per verification step, 1 … draftTokens + 1 (SGLang's "accept length").
        public var acceptedTokens: Double

        public init(draftTokens: Int, acceptedTokens: Double) {
            self.draftTokens = draftTokens
            self.acceptedTokens = acceptedTokens
        }

        /// Mean tokens per step when each of `draftTokens` drafts is accepted with probability
        /// `rate`, independently, and a step ends at the first rejection: (1 − αᵏ⁺¹)/(1 − α)
        /// (Leviathan et al. 2023, arXiv 2211.17192, §3.5, eq. 1).
        public static func acceptedTokens(draftTokens k: Int, acceptanceRate rate: Double) -> Double {
            guard rate < 1 else { return Double(k + 1) }
            var power = 1.0
            for _ in 0...k { power *= rate }
            return (1 - power) / (1 - rate)
        }
    }

    /// How requests arrive, which sets what the figures describe.
    public enum Arrival: String, Sendable, CaseIterable {
        /// Requests keep arriving as others finish, so `concurrency` are always in flight: the
        /// figures are those of that steady state (an online service).
        case steady
        /// All `concurrency` requests arrive at once and run to completion (an offline batch
        /// job; a benchmark that sends every prompt at once): the figures are the run's, its
        /// output over its duration and TTFT and TPOT averaged over its requests.
        case burst
    }

    /// Which running sequences a replica's memory must hold.
    public enum Admission: String, Sendable, CaseIterable {
        /// Every sequence the replica runs (up to `maxSequences`) has its KV cache; a layout
        /// whose memory cannot hold them is out of memory. A plan sizes chips for the load.
        case all
        /// As vLLM and SGLang admit requests: a replica runs as many sequences as its KV cache
        /// holds beside the weights (one at least, up to `maxSequences`) and the rest wait.
        case memory
    }

    /// The serving engine. Engines run the same chip at different speeds (their kernels,
    /// scheduling and host time differ); stating one selects calibrations fitted to that
    /// engine's measurements on the chip.
    public enum Engine: String, Sendable, CaseIterable, Hashable {
        case vllm, sglang, tensorrtLLM = "tensorrt-llm", mindie, lmdeploy, xllm
    }

    /// Where prefill and decode run: on the same chips, or on separate pools.
    public enum Mode: Sendable, Hashable {
        case colocated
        /// Separate prefill and decode pools, each with its own pinned degrees (any left out
        /// are searched); the KV cache moves from the prefill to the decode pool.
        case disaggregated(prefill: Workload.Parallelism, decode: Workload.Parallelism)
    }

    public var batching: Batching
    public var arrival: Arrival
    /// nil when the spec names none: then only calibrations that name no engine apply.
    public var engine: Engine?
    /// Most tokens (prefill chunks plus decode steps) one iteration of a replica processes;
    /// nil for the engine default (`engineDefaults`).
    public var maxBatchedTokens: Int?
    /// Most sequences a replica runs at once, requests beyond it wait; nil for the engine default.
    public var maxSequences: Int?
    public var admission: Admission
    /// Fraction of prompt tokens found in the prefix cache (not prefilled again).
    public var prefixCacheHitRate: Double
    public var speculative: Speculative?
    /// Whether communication is hidden behind compute by splitting each batch into two
    /// micro-batches (DeepSeek's dual micro-batch overlap, SGLang's two-batch overlap).
    public var overlap: Bool
    public var mode: Mode
    /// With experts spread over ranks (EP > 1), the busiest rank's load over the mean: every
    /// iteration waits for it. nil for the default (`defaultExpertLoadImbalance`); 1 is a
    /// perfectly balanced load, as some measurements state they simulate.
    public var expertLoadImbalance: Double?
    /// Host-side time per iteration (scheduling, kernel launches) on top of the device's work;
    /// nil for the default (`defaultIterationOverhead`).
    public var iterationOverheadSeconds: Double?

    /// End-to-end throughput with the expert placement a deployment gets by default, against a
    /// perfectly balanced load, measured twice at the same ratio, 1.18: SGLang's prefill of
    /// DeepSeek-V3 on 32 H100s at 4K prompts, 50,302 vs 59,337 tokens/s per node (LMSYS,
    /// 2025-05-05), and CloudMatrix-Infer's prefill on 910C, 5,655 vs 6,688 tokens/s per NPU
    /// (arXiv 2506.12708, Table 2).
    public static let defaultExpertLoadImbalance = 1.18

    /// vLLM's defaults for an online server (`EngineArgs.get_batch_defaults`, vllm/engine/arg_utils.py):
    /// 8192 batched tokens and 1024 sequences on devices with at least 70 GiB of memory,
    /// 2048 and 256 on smaller ones.
    public static func engineDefaults(memoryCapacity bytes: Double) -> (maxBatchedTokens: Int, maxSequences: Int) {
        bytes >= 70 * 1_073_741_824 ? (8192, 1024) : (2048, 256)
    }

    public init(batching: Batching = .continuous, maxBatchedTokens: Int? = nil,
                maxSequences: Int? = nil, admission: Admission = .all, prefixCacheHitRate: Double = 0,
                speculative: Speculative? = nil, overlap: Bool = false, mode: Mode = .colocated,
                expertLoadImbalance: Double? = nil, iterationOverheadSeconds: Double? = nil, engine: Engine? = nil,
                arrival: Arrival = .steady) {
        self.batching = batching
        self.arrival = arrival
        self.engine = engine
        self.maxBatchedTokens = maxBatchedTokens
        self.maxSequences = maxSequences
        self.admission = admission
        self.prefixCacheHitRate = prefixCacheHitRate
        self.speculative = speculative
        self.overlap = overlap
        self.expertLoadImbalance = expertLoadImbalance
        self.iterationOverheadSeconds = iterationOverheadSeconds
        self.mode = mode
    }

    /// Tokens each sequence runs through the model per decode step.
    public var verifiedTokensPerStep: Double { 1 + Double(speculative?.draftTokens ?? 0) }
    /// Tokens each sequence emits per decode step, on average.
    public var emittedTokensPerStep: Double { speculative?.acceptedTokens ?? 1 }
}
