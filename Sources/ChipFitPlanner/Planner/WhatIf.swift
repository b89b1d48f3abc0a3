/// One change to a deployment that makes a rejected chip fit, and the candidate it leads to
/// (docs/plan.md, "What would make it fit"). Each is the smallest of its kind: the fewest chips
/// over `max_chips`, the highest precision below the requested one, the most concurrent
/// sequences below the stated ones, the least relaxed certification policy.
public struct WhatIf: Sendable {
    public enum Change: Sendable, Hashable {
        /// Raise `requirements.max_chips` from `limit` to this many chips.
        case maxChips(Int, limit: Int)
        /// Plan at this precision instead of the requested one.
        case precision(Precision)
        /// Serve at most this many concurrent sequences.
        case concurrency(Int)
        /// Relax `requirements.certification` to this policy.
        case certification(CertificationPolicy)
    }

    public var change: Change
    /// The chip's plan with the change made.
    public var candidate: Candidate

    public init(change: Change, candidate: Candidate) {
        self.change = change
        self.candidate = candidate
    }
}

extension Planner {
    /// Rejected chips this many nearest to fitting get their what-ifs when nothing fits.
    static let whatIfCandidates = 3

    /// The rejections one change can lift: certification's (by a policy) or capacity's (more
    /// chips, a narrower precision, fewer sequences). A chip rejected for both, or for anything
    /// else, needs more than one change.
    static let liftedByPolicy: Set<Rejection.Code> = [.notCertified, .certifiedForOtherPhase, .certificateExpired, .certificateNotYetValid]
    static let liftedByCapacity: Set<Rejection.Code> = [.outOfMemory, .overMaxChips, .sloMissed, .deadlineMissed]

    static func oneChangeMightFit(_ c: Candidate) -> Bool {
        let codes = Set(c.rejections.map(\.code))
        return !codes.isEmpty && (codes.isSubset(of: liftedByPolicy) || codes.isSubset(of: liftedByCapacity))
    }

    /// The single changes that make chip `c` fit deployment `d`, each found by planning the
    /// chip again with the change made; none when no single change suffices.
    public func whatIfs(_ d: Deployment, _ shape: ModelShape, _ c: Candidate) -> [WhatIf] {
        let codes = Set(c.rejections.map(\.code))
        guard !codes.isEmpty else { return [] }
        var found: [WhatIf] = []
        func fits(_ edit: (inout Deployment) -> Void) -> Candidate? {
            var changed = d
            edit(&changed)
            let planned = candidate(changed, shape, c.chip)
            return planned.fits ? planned : nil
        }
        // Each change addresses its own codes; a chip rejected for anything else needs more than one.
        if codes.isSubset(of: Self.liftedByPolicy), d.requirements.certification == .required,
           let n = fits({ $0.requirements.certification = .preferred }) {
            found.append(WhatIf(change: .certification(.preferred), candidate: n))
        }
        guard codes.isSubset(of: Self.liftedByCapacity) else { return found }
        if let limit = d.requirements.maxChips, let n = fits({ $0.requirements.maxChips = nil }), let chips = n.evaluation?.chips {
            found.append(WhatIf(change: .maxChips(chips, limit: limit), candidate: n))
        }
        let narrower: [Precision] = d.workload.phase == .training ? [.fp8] : [.fp8, .int8, .int4]
        for p in narrower where p.bytes < d.workload.precision.bytes {
            if let n = fits({ $0.workload.precision = p }) {
                found.append(WhatIf(change: .precision(p), candidate: n))
                break
            }
        }
        // Fewer sequences ask less of a chip (targets, chips, KV cache); the most that fit, by
        // bisection: planning is monotone in concurrency (a test checks every step).
        if d.workload.phase == .inference, d.workload.concurrency > 1, !codes.isDisjoint(with: [.sloMissed, .overMaxChips, .outOfMemory]) {
            var (low, high) = (0, d.workload.concurrency) // low fits (0: none known), high does not
            var best: Candidate?
            while high - low > 1 {
                let mid = (low + high) / 2
                if let n = fits({ $0.workload.concurrency = mid }) { (low, best) = (mid, n) } else { high = mid }
            }
            if let best { found.append(WhatIf(change: .concurrency(low), candidate: best)) }
        }
        return found
    }
}
