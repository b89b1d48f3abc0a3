/// What the certification lists say about one chip for one phase on the plan date.
public struct CertificationStatus: Sendable, Hashable {
    public enum State: String, Sendable {
        /// A valid entry in the phase's category.
        case valid
        /// Entries in the category exist, but all ended before the plan date.
        case expired
        /// Entries in the category exist, but none has started by the plan date.
        case notYetValid = "not_yet_valid"
        /// Certified only in the other category (e.g. training only, for an inference workload).
        case otherCategoryOnly = "other_category_only"
        /// No list names the chip.
        case none
    }

    public struct Evidence: Sendable, Hashable {
        public var list: String
        public var provenance: Provenance
        public var product: String?
        public var mapping: CertificationEntry.Mapping
        public var category: CertificationCategory
        public var validFrom: Day
        public var validUntil: Day
    }

    public var state: State
    public var category: CertificationCategory
    /// The entries that decided the state (the valid ones when valid), list order.
    public var evidence: [Evidence]

    public var isCertified: Bool { state == .valid }
    /// True when every entry that makes the chip certified maps a published product to it by assumption.
    public var mappingAssumed: Bool { isCertified && evidence.allSatisfy { $0.mapping == .assumed } }

    /// Applies the policy in FORMATS.md: the phase picks the category; validity is checked
    /// on `asOf`, inclusive at both ends.
    public static func evaluate(chip: String, phase: Phase, asOf: Day, lists: [CertificationList]) -> CertificationStatus {
        let category = phase.certificationCategory
        var valid: [Evidence] = [], expired: [Evidence] = [], future: [Evidence] = [], other: [Evidence] = []
        for list in lists {
            for entry in list.entries where entry.chips.contains(chip) {
                let e = Evidence(list: list.id, provenance: list.provenance, product: entry.product, mapping: entry.mapping,
                                 category: entry.category, validFrom: entry.validFrom, validUntil: entry.validUntil)
                if entry.category != category { other.append(e) }
                else if entry.isValid(on: asOf) { valid.append(e) }
                else if asOf > entry.validUntil { expired.append(e) }
                else { future.append(e) }
            }
        }
        if !valid.isEmpty { return .init(state: .valid, category: category, evidence: valid) }
        if !future.isEmpty { return .init(state: .notYetValid, category: category, evidence: future) }
        if !expired.isEmpty { return .init(state: .expired, category: category, evidence: expired) }
        if !other.isEmpty { return .init(state: .otherCategoryOnly, category: category, evidence: other) }
        return .init(state: .none, category: category, evidence: [])
    }

    /// The rejection this status causes under `required`, if any.
    public var rejection: Rejection? {
        let lists = Set(evidence.map(\.list)).sorted().joined(separator: ", ")
        switch state {
        case .valid: return nil
        case .none:
            return Rejection(.notCertified, "not on any certification list as \(category.rawValue)")
        case .otherCategoryOnly:
            let others = Set(evidence.map(\.category.rawValue)).sorted().joined(separator: ", ")
            return Rejection(.certifiedForOtherPhase,
                             "certified only as \(others) (\(lists)); this workload needs \(category.rawValue)")
        case .expired:
            let last = evidence.map(\.validUntil).max()!
            return Rejection(.certificateExpired, "\(category.rawValue) certificate expired on \(last) (\(lists))")
        case .notYetValid:
            let first = evidence.map(\.validFrom).min()!
            return Rejection(.certificateNotYetValid, "\(category.rawValue) certificate is valid only from \(first) (\(lists))")
        }
    }
}

/// Why a chip cannot serve a deployment. Codes are stable (documented in docs/plan.md).
public struct Rejection: Error, Sendable, Hashable {
    public enum Code: String, Sendable, CaseIterable {
        case notCertified = "not_certified"
        case certifiedForOtherPhase = "certified_for_other_phase"
        case certificateExpired = "certificate_expired"
        case certificateNotYetValid = "certificate_not_yet_valid"
        case precisionUnsupported = "precision_unsupported"
        case precisionUnrated = "precision_unrated"
        case outOfMemory = "out_of_memory"
        case sloMissed = "slo_missed"
        case deadlineMissed = "deadline_missed"
        case toolchainBlocked = "toolchain_blocked"
        case vendorExcluded = "vendor_excluded"
        case notInAllowList = "not_in_allow_list"
        case overMaxChips = "over_max_chips"
        case noParallelLayout = "no_parallel_layout"
        /// The vendor positions the chip for the other phase only (`positioning` in its profile).
        case notPositionedForPhase = "not_positioned_for_phase"
        /// A note, never a rejection: the KV cache holds fewer sequences than a replica serves.
        case sequencesQueued = "sequences_queued"
        /// A note, never a rejection: a multi-die chip planned as one device (`rank: chip`).
        case diesAsOneDevice = "dies_as_one_device"
        /// A note, never a rejection: an engine's calibration exists for the chip and the spec
        /// names no engine.
        case engineUnstated = "engine_unstated"

        /// A rule of the spec or of the certification scheme, not a technical limit: a chip
        /// rejected only for these would otherwise fit (reports mark it ◐).
        public var isPolicy: Bool {
            switch self {
            case .notCertified, .certifiedForOtherPhase, .certificateExpired, .certificateNotYetValid,
                 .vendorExcluded, .notInAllowList, .notPositionedForPhase: true
            default: false
            }
        }

        /// What the code means, for docs/plan.md (generated; a test fails when it drifts).
        public var meaning: String {
            switch self {
            case .notCertified: "no list names the chip in the phase's category (policy `required`)"
            case .certifiedForOtherPhase: "certified only as a training chip for an inference workload, or the reverse"
            case .certificateExpired: "the category's certificates ended before the plan date"
            case .certificateNotYetValid: "the category's certificates start after the plan date"
            case .precisionUnsupported: "neither the precision nor a documented fallback runs on the chip and its stack"
            case .precisionUnrated: "the chip runs the precision (or the 16-bit fallback) but no source gives its rate (profile `unrated`), so it cannot be sized or timed"
            case .outOfMemory: "does not fit even at the largest layout allowed (needed vs available)"
            case .sloMissed: "fits, but TTFT, TPOT or throughput misses its target at every layout allowed; one entry naming every missed target, by how much, and the closest layout found (a figure that could not be estimated counts as a miss and says so)"
            case .deadlineMissed: "fits, but training takes longer than `deadline_days` (by how much, at the closest layout found; likewise)"
            case .toolchainBlocked: "a component the team depends on is `unsupported` on the stack with no alternative"
            case .vendorExcluded: "the vendor is in `exclude_vendors`"
            case .notInAllowList: "`requirements.chips` does not name the chip"
            case .overMaxChips: "would fit and meet its targets with more chips than `max_chips` (how many)"
            case .noParallelLayout: "pinned degrees cannot be satisfied (e.g. TP 3 with 32 heads)"
            case .notPositionedForPhase: "training on a chip whose profile positions it for inference only (`positioning`), e.g. an inference card. Inference on a chip positioned for training only is allowed, with this code as a note (table `notes:`, JSON `warnings[]`, explain `note:`, the reports' ranking table)"
            case .sequencesQueued: "a note, never a rejection: with `serving.admission: memory`, the KV cache holds fewer sequences than each replica serves, so the rest wait and TTFT includes the wait (how many run of how many)"
            case .diesAsOneDevice: "a note, never a rejection: the chip's profile gives `dies` that engines address as devices of their own (the Ascend 910C's two), and the spec plans the whole chip as one device (`rank: chip`, the default), which counts no collectives between its dies and gives an engine the whole chip's memory; `rank: die` plans it as the engines run it"
            case .engineUnstated: "a note, never a rejection: the spec names no engine (`workload.serving.engine`), and on this chip an engine would plan differently: a calibration fitted to its published runs exists (SGLang on the Atlas 800I A3), or its stack runs W8A8 at a 16-bit rate under it (vLLM-Ascend and SGLang on CANN); the figures are those of the defaults and the int8 rate, and naming the engine plans with its calibration and rate"
            }
        }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
