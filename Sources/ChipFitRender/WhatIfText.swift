import ChipFitPlanner

/// A what-if in words and as JSON: the change, and the plan it leads to.
enum WhatIfText {
    static func describe(_ w: WhatIf) -> String {
        let chips = w.candidate.evaluation.map { "\($0.chips) chip\($0.chips == 1 ? "" : "s")" } ?? "?"
        return switch w.change {
        case .maxChips(let n, let limit): "fits with \(n) chips (`max_chips` is \(limit))"
        case .precision(let p): "fits at \(p.rawValue) in \(chips)"
        case .concurrency(let c): "meets its targets at concurrency ≤ \(c) (\(chips))"
        case .certification(let policy): "fits if the certification policy were `\(policy.rawValue)` (\(chips))"
        }
    }

    static func json(_ w: WhatIf) -> JSON {
        let (kind, value): (String, JSON) = switch w.change {
        case .maxChips(let n, _): ("max_chips", .int(n))
        case .precision(let p): ("precision", .string(p.rawValue))
        case .concurrency(let c): ("concurrency", .int(c))
        case .certification(let policy): ("certification_policy", .string(policy.rawValue))
        }
        let e = w.candidate.evaluation
        return .object([
            "change": .string(kind),
            "value": value,
            "chips": .optional(e?.chips),
            "parallelism": e.map { CandidateFields.parallelism($0.layout) } ?? .null,
            "performance": e.map { CandidateFields.performance($0, w.candidate.trainingRate) } ?? .null,
        ])
    }
}
