import ChipFitSpec
import ChipFitPlanner
import Testing

private let inference = "phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 256, concurrency: 8"
private let training = "phase: training, precision: bf16, sequence_length: 4096, global_batch_size: 64, tokens: 10B"

private func candidate(_ p: Plan, _ chip: String = "test-chip") throws -> Candidate {
    try #require(p.deployments.first?.candidates.first { $0.chip.id == chip })
}

private func codes(_ c: Candidate) -> [Rejection.Code] { c.rejections.map(\.code) }

@Suite struct CertificationScenarios {
    @Test func uncertifiedChipIsRejectedWhenRequired() throws {
        let c = try candidate(plan([chipYAML(), specYAML(workload: inference)]))
        #expect(codes(c) == [.notCertified])
        #expect(c.evaluation != nil, "a rejected chip still shows what it would need")
    }

    @Test func trainingOnlyCertificateDoesNotCoverInference() throws {
        let list = certYAML(["{chip: test-chip, category: ai-training-chip, valid_from: 2026-01-01, valid_until: 2028-12-31}"])
        let c = try candidate(plan([chipYAML(), list, specYAML(workload: inference)]))
        #expect(codes(c) == [.certifiedForOtherPhase])
        #expect(c.rejections[0].message.contains("certified only as ai-training-chip"))
        let t = try candidate(plan([chipYAML(), list, specYAML(workload: training)]))
        #expect(t.fits && t.certification.isCertified)
    }

    @Test func expiredAndNotYetValidCertificates() throws {
        let expired = certYAML(["{chip: test-chip, category: ai-inference-chip, valid_from: 2020-01-01, valid_until: 2022-12-31}"])
        let c = try candidate(plan([chipYAML(), expired, specYAML(workload: inference)]))
        #expect(codes(c) == [.certificateExpired])
        #expect(c.rejections[0].message.contains("expired on 2022-12-31"))

        let future = certYAML(["{chip: test-chip, category: ai-inference-chip, valid_from: 2027-06-01, valid_until: 2030-05-31}"])
        let f = try candidate(plan([chipYAML(), future, specYAML(workload: inference)]))
        #expect(codes(f) == [.certificateNotYetValid])
        // The same list on a later plan date certifies it; validity is inclusive at both ends.
        #expect(try candidate(plan([chipYAML(), future, specYAML(workload: inference)], asOf: "2027-06-01")).fits)
        #expect(try candidate(plan([chipYAML(), future, specYAML(workload: inference)], asOf: "2030-05-31")).fits)
        let after = try candidate(plan([chipYAML(), future, specYAML(workload: inference)], asOf: "2030-06-01"))
        #expect(!after.fits)
    }

    @Test func assumedMappingIsCarriedIntoThePlan() throws {
        let list = certYAML(["{product: Test 9, chips: [test-chip, other-chip], mapping: assumed, category: ai-inference-chip, valid_from: 2026-01-01, valid_until: 2028-12-31}"],
                            provenance: "press")
        let p = try plan([chipYAML(), chipYAML(id: "other-chip"), list, specYAML(workload: inference)])
        let c = try candidate(p)
        #expect(c.fits && c.certification.mappingAssumed)
        #expect(c.certification.evidence.first?.product == "Test 9")
        #expect(p.certificationLists.map(\.provenance) == [.press])
    }

    @Test func preferredAndIgnorePoliciesDoNotReject() throws {
        let a = chipYAML(id: "a-uncertified")
        let b = chipYAML(id: "b-certified")
        let list = certYAML(["{chip: b-certified, category: ai-inference-chip, valid_from: 2026-01-01, valid_until: 2028-12-31}"])
        let preferred = try plan([a, b, list, specYAML(workload: inference, requirements: "certification: preferred")])
        // Same chips and layouts; the certified one ranks first only under `preferred`.
        #expect(preferred.deployments[0].candidates.map(\.chip.id) == ["b-certified", "a-uncertified"])
        #expect(preferred.deployments[0].candidates.allSatisfy { $0.fits })
        let ignored = try plan([a, b, list, specYAML(workload: inference, requirements: "certification: ignore")])
        #expect(ignored.deployments[0].candidates.map(\.chip.id) == ["a-uncertified", "b-certified"])
    }
}

@Suite struct SearchBehaviour {
    /// Certifies `test-chip` (and `small-chip` when `both`) for both phases.
    private func certifiedList(both: Bool) -> String {
        let chips = both ? "[test-chip, small-chip]" : "[test-chip]"
        return certYAML([
            "{chips: \(chips), mapping: confirmed, category: ai-inference-chip, valid_from: 2026-01-01, valid_until: 2028-12-31}",
            "{chips: \(chips), mapping: confirmed, category: ai-training-chip, valid_from: 2026-01-01, valid_until: 2028-12-31}",
        ])
    }
    private var certified: String { certifiedList(both: false) }
    private var certifiedBoth: String { certifiedList(both: true) }

    @Test func fewestChipsThatFit() throws {
        // Llama-3-8B bf16 = 16 GB of weights: one 80 GB chip holds it; a 16 GB chip needs TP 2.
        let p = try plan([chipYAML(), chipYAML(id: "small-chip", memory: "16GB"), certifiedBoth, specYAML(workload: inference)])
        let big = try candidate(p), small = try candidate(p, "small-chip")
        #expect(big.evaluation?.layout == Layout(tensor: 1, pipeline: 1, data: 1, expert: 1))
        #expect(small.evaluation?.layout.ranks == 2)
        #expect(p.deployments[0].recommended?.chip.id == "test-chip")
    }

    @Test func outOfMemoryReportsNeededVersusAvailable() throws {
        let p = try plan([chipYAML(memory: "8GB"), certified,
                          specYAML(workload: inference, requirements: "max_chips: 1")])
        let c = try candidate(p)
        #expect(codes(c) == [.overMaxChips])
        #expect(c.rejections[0].message.hasPrefix("needs 4 chips; `max_chips` is 1"))
        let pinned = try plan([chipYAML(memory: "8GB"), certified,
                               specYAML(workload: inference + ", parallelism: {tensor: 1, pipeline: 1, data: 1}")])
        let oom = try candidate(pinned)
        #expect(codes(oom) == [.outOfMemory])
        #expect(oom.rejections[0].message.contains("per chip but has 8 GB"))
    }

    @Test func pinnedDegreesAreRespected() throws {
        let p = try plan([chipYAML(), certified, specYAML(workload: inference + ", parallelism: {tensor: 4}")])
        #expect(try candidate(p).evaluation?.layout.tensor == 4)
        let bad = try plan([chipYAML(), certified, specYAML(workload: inference + ", parallelism: {tensor: 3}")])
        #expect(codes(try candidate(bad)) == [.noParallelLayout])
    }

    @Test func sloMissIsReportedWithItsMargin() throws {
        let p = try plan([chipYAML(), certified,
                          specYAML(workload: inference + ", slo: {tpot_ms: 1}", requirements: "max_chips: 8")])
        let c = try candidate(p)
        #expect(codes(c).allSatisfy { $0 == .sloMissed || $0 == .overMaxChips })
        #expect(c.rejections.contains { $0.message.contains("exceeds the 1 ms target by") }, "\(c.rejections)")
    }

    @Test func deadlineDrivesDataParallelism() throws {
        let relaxed = try plan([chipYAML(), certified, specYAML(workload: training)])
        let tight = try plan([chipYAML(), certified, specYAML(workload: training + ", deadline_days: 1")])
        let r = try #require(try candidate(relaxed).evaluation), t = try #require(try candidate(tight).evaluation)
        #expect(t.layout.ranks > r.layout.ranks)
        #expect(try #require(t.trainingDays) <= 1)
        #expect(64 % t.layout.data == 0, "data parallelism divides the global batch")
    }

    @Test func vendorExclusionAndAllowList() throws {
        let p = try plan([chipYAML(), chipYAML(id: "small-chip", vendor: "Other"), certifiedBoth,
                          specYAML(workload: inference, requirements: "exclude_vendors: [testvendor], chips: [test-chip]")])
        #expect(codes(try candidate(p)) == [.vendorExcluded])
        #expect(codes(try candidate(p, "small-chip")) == [.notInAllowList])
        #expect(!p.deployments[0].fits)
    }

    @Test func precisionFallbackIsProposedNotRejected() throws {
        let noBF16 = chipYAML(compute: "fp16: 300TFLOPS")
        let p = try plan([noBF16, certified, specYAML(workload: inference)])
        let c = try candidate(p)
        #expect(c.fits)
        #expect(c.precision?.weights == .fp16)
        #expect(c.precision?.fallback?.contains("numerical risk") == true)
        #expect(c.changes.contains { $0.component == "precision" && $0.replacement == "fp16" })

        let fp8 = try plan([chipYAML(), certified, specYAML(workload: inference.replacingOccurrences(of: "bf16", with: "fp8"))])
        let f = try candidate(fp8)
        #expect(f.precision?.weights == .bf16 && f.precision?.fallback?.hasPrefix("fp8 → bf16") == true)

        let none = try plan([chipYAML(compute: "int8: 600TOPS"), certified, specYAML(workload: inference)])
        #expect(codes(try candidate(none)) == [.precisionUnsupported])
    }

    @Test func precisionsWithoutAPublishedRateAreNamedAsSuch() throws {
        let certified = certYAML(["{chip: test-chip, category: ai-inference-chip, valid_from: 2026-01-01, valid_until: 2028-12-31}"])
        // Runs bf16 and fp16, but only an fp8 rate is known.
        let unrated = chipYAML(compute: "fp8: 900TFLOPS", extra: "unrated: [bf16, fp16]")
        let r = try candidate(plan([unrated, certified, specYAML(workload: inference)]))
        #expect(codes(r) == [.precisionUnrated])
        #expect(r.rejections[0].message.contains("no source gives its bf16, fp16 rate"))
        // Without `unrated` the same profile says the chip does not run bf16.
        let plain = try candidate(plan([chipYAML(compute: "fp8: 900TFLOPS"), certified, specYAML(workload: inference)]))
        #expect(codes(plain) == [.precisionUnsupported])
        // A fallback away from an unrated precision says why.
        let half = chipYAML(compute: "bf16: 300TFLOPS", extra: "unrated: [fp16]")
        let f = try candidate(plan([half, certified, specYAML(workload: inference.replacingOccurrences(of: "bf16", with: "fp16"))]))
        #expect(f.precision?.fallback?.hasPrefix("fp16 → bf16: no source gives the chip's fp16 rate") == true)
    }

    @Test func unratedMustNotRepeatARatedPrecision() {
        let file = DocumentLoader.load(Array(chipYAML(extra: "unrated: [bf16, fp8]").utf8), file: "c.yaml")
        let errors = file.diagnostics.filter { $0.code == .inconsistentValues }
        #expect(errors.map(\.message) == ["`unrated` lists bf16, but `compute` gives its rate"])
    }

    @Test func blockedToolchainRejectsTheChip() throws {
        // A stack that marks Triton unsupported with no replacement.
        let stack = """
            apiVersion: chipfit/v1
            kind: Stack
            id: blocking-stack
            vendor: TestVendor
            name: Blocking stack
            device: xpu
            collectives: {library: XCCL, backend: xccl}
            precisions: [bf16, fp16]
            components:
              triton: {action: unsupported, effort: high, assumption: test fixture}
            sources: [test fixture]
            """
        let chip = chipYAML(stack: "blocking-stack")
        let p = try plan([stack, chip, certified, specYAML(workload: inference, toolchain: "components: [triton]")])
        let c = try candidate(p)
        #expect(codes(c) == [.toolchainBlocked])
        #expect(c.blocking.map(\.component) == ["triton"])
    }

    /// Component names compare as Python packaging compares them (PEP 503): what a
    /// requirements file says (`flash_attn`, `Transformer_Engine`) finds the stack's rule.
    @Test func componentNamesAreNormalisedAsPackagingDoes() throws {
        #expect(Versioned("flash_attn@2.6.3")?.name == "flash-attn")
        #expect(Versioned("Transformer_Engine")?.name == "transformer-engine")
        #expect(Versioned("a.-_b")?.name == "a-b")
        let p = try plan([chipYAML(stack: "cann"), certified, specYAML(workload: inference, toolchain: "components: [flash_attn@2.6.3]")])
        let change = try #require(try candidate(p).changes.first { $0.component.hasPrefix("flash") })
        // Found by its normalised name, quoted as written.
        #expect(change.component == "flash_attn@2.6.3" && change.action != "unassessed")
    }

    @Test func frameworkOutsideTheAdapterRangeNeedsAnUpgrade() throws {
        let p = try plan([chipYAML(stack: "cann"), certified,
                          specYAML(workload: inference, toolchain: "framework: pytorch@1.13, components: [nccl]")])
        let c = try candidate(p)
        let framework = try #require(c.changes.first)
        #expect(framework.action == "upgrade" && framework.effort == .medium)
        #expect(c.changes.contains { $0.component == "nccl" && $0.action == "replace" })
    }

    @Test func sameInputsSameRanking() throws {
        let inputs = [chipYAML(), chipYAML(id: "small-chip", memory: "16GB"), certifiedBoth, specYAML(workload: inference)]
        let a = try plan(inputs), b = try plan(inputs.reversed())
        #expect(a.deployments[0].candidates.map(\.chip.id) == b.deployments[0].candidates.map(\.chip.id))
    }
}

/// Regressions from the independent review of the planner (expert parallelism and throughput).
@Suite struct MixtureOfExpertsBehaviour {
    private let list = certYAML([
        "{chip: test-chip, category: ai-inference-chip, valid_from: 2026-01-01, valid_until: 2028-12-31}",
        "{chip: test-chip, category: ai-training-chip, valid_from: 2026-01-01, valid_until: 2028-12-31}",
    ])
    private let deepseek = "phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 256, concurrency: 64"

    @Test func raisingMaxChipsNeverRaisesTheChipCount() throws {
        var counts: [Int: Int] = [:]
        for limit in [24, 40, 48, 64, 128] {
            let p = try plan([chipYAML(memory: "128GB"), list,
                              specYAML(model: "preset: deepseek-v3", workload: deepseek, requirements: "max_chips: \(limit)")])
            let c = try candidate(p)
            if let e = c.evaluation, c.fits { counts[limit] = e.layout.ranks }
            for r in c.rejections where r.code == .overMaxChips {
                // "needs N chips" must exceed the limit it complains about.
                let needed = Int(r.message.split(separator: " ")[1])!
                #expect(needed > limit, "\(r.message)")
            }
        }
        let fitting = counts.sorted { $0.key < $1.key }.map(\.value)
        #expect(!fitting.isEmpty)
        #expect(Set(fitting).count == 1, "the fewest chips must not depend on a looser limit: \(counts)")
    }

    @Test func expertStatesArePartitionedOnlyOverTheirReplicas() throws {
        // Mixtral with EP 8 over DP 8 and TP 1: each expert shard lives on one chip, so ZeRO-1
        // cannot divide its optimizer states further.
        let spec = specYAML(model: "preset: mixtral-8x7b",
                            workload: "phase: training, precision: bf16, sequence_length: 4096, global_batch_size: 64, tokens: 1B, zero_stage: 1, parallelism: {tensor: 1, pipeline: 1, data: 8, expert: 8}",
                            requirements: "certification: ignore")
        let p = try plan([chipYAML(memory: "1000GB"), spec])
        let e = try #require(try candidate(p).evaluation)
        let shape = p.deployments[0].model
        let expertPerChip = shape.routedExpertParameters / 8
        #expect(try #require(e.memory.optimizer) >= expertPerChip * 12)
    }

    @Test func throughputNeverCountsSequencesThatDoNotExist() throws {
        let p = try plan([chipYAML(), list, specYAML(workload: "phase: inference, precision: bf16, input_tokens: 512, output_tokens: 128, concurrency: 3, parallelism: {data: 2}")])
        let e = try #require(try candidate(p).evaluation)
        let tpot = try #require(e.tpotSeconds)
        #expect(try #require(e.throughput) <= 3 / tpot)
    }
}

@Suite struct UnknownPower {
    @Test func aChipWithoutPowerIsPlannedAndRanksAfterKnownPowerOnATie() throws {
        let known = chipYAML(id: "a-known", extra: "")
        let unknown = chipYAML(id: "b-unknown").replacingOccurrences(of: "power: 400W\n", with: "")
        let hungry = chipYAML(id: "c-hungry").replacingOccurrences(of: "power: 400W", with: "power: 900W")
        let p = try plan([unknown, hungry, known,
                          specYAML(workload: "phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 256, concurrency: 8",
                                   requirements: "certification: ignore")])
        let ranked = try #require(p.deployments.first).candidates.map(\.chip.id)
        #expect(ranked == ["a-known", "c-hungry", "b-unknown"])
        #expect(p.deployments[0].candidates.last?.chip.power == nil)
    }
}
