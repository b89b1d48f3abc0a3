@testable import ChipFitSpec
@testable import ChipFitPlanner
import Testing
import TestSupport

/// `workload.rank: die` on a chip whose profile gives `dies`: each die is planned as a device
/// with its share of the package, and plans count packages.
@Suite struct DieRanks {
    /// A two-die package: every figure is the whole package's.
    private let package = chipYAML(id: "two-die", memory: "160GB", bandwidth: "4TB/s",
                                   compute: "bf16: 600TFLOPS, fp16: 600TFLOPS", power: "800W",
                                   nodeBandwidth: "600GB/s", extra: "dies: 2")

    /// One die of `package` written out by hand: half of each figure, twice the devices a node.
    private let halfPackage = """
        apiVersion: chipfit/v1
        kind: Chip
        id: one-die
        vendor: TestVendor
        name: Test one-die
        positioning: [training, inference]
        stack: cuda
        memory: {capacity: 80GB, bandwidth: 2TB/s}
        compute: {bf16: 300TFLOPS, fp16: 300TFLOPS}
        compute_basis: dense
        node: {chips: 16, interconnect: test-link, bandwidth: 300GB/s}
        scale_out: {fabric: RoCE, bandwidth: 100Gb/s}
        power: 400W
        sources: [test fixture]
        """

    private func spec(_ extra: String, tensor: Int = 4, data: Int = 1, model: String = "preset: qwen3-32b") -> String {
        specYAML(model: model,
                 workload: "phase: inference, precision: bf16, input_tokens: 2048, output_tokens: 512, concurrency: 32, parallelism: {tensor: \(tensor), pipeline: 1, data: \(data)}\(extra)",
                 requirements: "certification: ignore")
    }

    private func candidate(_ p: Plan, _ chip: String) throws -> Candidate {
        try #require(p.deployments.first?.candidates.first { $0.chip.id == chip })
    }

    @Test func aDieRankPlansAsAChipWithTheDiesShare() throws {
        let p = try plan([package, halfPackage, spec(", rank: die")])
        let die = try #require(try candidate(p, "two-die").evaluation)
        let byHand = try #require(try candidate(p, "one-die").evaluation)
        #expect(die.layout == byHand.layout)
        #expect(die.memory.capacity == 80e9)
        #expect(die.tpotSeconds == byHand.tpotSeconds)
        #expect(die.ttftSeconds == byHand.ttftSeconds)
        #expect(die.throughput == byHand.throughput)
        // Four dies are two packages; the hand-written die counts each die as a chip.
        #expect(die.chips == 2)
        #expect(byHand.chips == 4)
    }

    @Test func aSearchedLayoutAcrossNodesPlansAsTheHandWrittenDie() throws {
        // Qwen3-30B-A3B over 32 pinned expert ranks spans two nodes of 16 dies: the node size,
        // the scale-out share (the package gives none, so a die gets half the assumed 100 Gb/s,
        // written out in the hand-made die) and the searched data degree all count.
        let noScaleOut = package.replacingOccurrences(of: "scale_out: {fabric: RoCE, bandwidth: 200Gb/s}\n", with: "")
        let byHand = halfPackage.replacingOccurrences(of: "scale_out: {fabric: RoCE, bandwidth: 100Gb/s}\n",
                                                      with: "scale_out: {fabric: RoCE, bandwidth: 50Gb/s}\n")
        let moe = specYAML(model: "preset: qwen3-30b-a3b",
                           workload: "phase: inference, precision: bf16, input_tokens: 2048, output_tokens: 512, concurrency: 256, rank: die, parallelism: {tensor: 1, pipeline: 1, expert: 32}",
                           requirements: "certification: ignore")
        let p = try plan([noScaleOut, byHand, moe])
        let die = try #require(try candidate(p, "two-die").evaluation)
        let hand = try #require(try candidate(p, "one-die").evaluation)
        #expect(die.layout == hand.layout)
        #expect(die.layout.ranks == 32)
        #expect(die.decode.communicationSeconds == hand.decode.communicationSeconds)
        #expect(die.tpotSeconds == hand.tpotSeconds)
        #expect(die.chips == 16)
    }

    @Test func twoDiesOfOneChipNeedTheCollectiveLibrary() throws {
        // TP 2 over one chip's dies is two devices, as TP 2 over two chips is: on a CANN chip,
        // NCCL's torch.distributed backend becomes HCCL's; one die alone needs no backend.
        let cannPackage = package.replacingOccurrences(of: "stack: cuda", with: "stack: cann")
        let overDies = try candidate(plan([cannPackage, spec(", rank: die", tensor: 2)]), "two-die")
        let overChips = try candidate(plan([cannPackage, spec("", tensor: 2)]), "two-die")
        let oneDie = try candidate(plan([cannPackage, spec(", rank: die", tensor: 1, model: "preset: llama-3-8b")]), "two-die")
        #expect(overDies.evaluation?.chips == 1)
        #expect(overDies.workItems.map(\.component).contains("torch.distributed backend"))
        #expect(overDies.workItems.map(\.component) == overChips.workItems.map(\.component))
        #expect(oneDie.evaluation?.layout.ranks == 1)
        #expect(!oneDie.workItems.map(\.component).contains("torch.distributed backend"))
    }

    @Test func layoutsAreRankedByChipsNotDies() throws {
        // Qwen3-8B with 32 sequences needs three 12 GB dies at least. Ranked by dies, PP 3 (three
        // dies) would win; ranked by the chips bought, PP 3 and TP 4 both take two chips, and TP 4
        // is the faster.
        let small = chipYAML(id: "two-die", memory: "24GB", bandwidth: "4TB/s", compute: "bf16: 600TFLOPS, fp16: 600TFLOPS",
                             nodeBandwidth: "600GB/s", extra: "dies: 2")
        let searched = specYAML(model: "preset: qwen3-8b",
                                workload: "phase: inference, precision: bf16, input_tokens: 2048, output_tokens: 512, concurrency: 32, rank: die, parallelism: {data: 1}",
                                requirements: "certification: ignore")
        let e = try #require(try candidate(plan([small, searched]), "two-die").evaluation)
        #expect(e.chips == 2)
        #expect(e.layout.ranks == 4, "\(e.layout)")
        let threeDies = specYAML(model: "preset: qwen3-8b",
                                 workload: "phase: inference, precision: bf16, input_tokens: 2048, output_tokens: 512, concurrency: 32, rank: die, parallelism: {tensor: 1, pipeline: 3, data: 1}",
                                 requirements: "certification: ignore")
        let pp3 = try #require(try candidate(plan([small, threeDies]), "two-die").evaluation)
        #expect(pp3.memory.fits && pp3.chips == 2)
        #expect(try #require(e.tpotSeconds) < pp3.tpotSeconds!)
    }

    @Test func theLastChipsIdleDieServesAnotherReplica() throws {
        // A throughput target that two die-replicas miss and three meet: the search's three
        // dies occupy two chips, whose fourth die serves a fourth replica at no extra chip.
        func throughput(dies: Int) throws -> Double {
            let pinned = specYAML(model: "preset: llama-3-8b",
                                  workload: "phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 256, concurrency: 64, rank: die, parallelism: {tensor: 1, pipeline: 1, data: \(dies)}",
                                  requirements: "certification: ignore")
            return try #require(try candidate(plan([package, pinned]), "two-die").evaluation?.throughput)
        }
        let (two, three) = (try throughput(dies: 2), try throughput(dies: 3))
        let target = Int((two + three) / 2)
        let searched = specYAML(model: "preset: llama-3-8b",
                                workload: "phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 256, concurrency: 64, rank: die, parallelism: {tensor: 1, pipeline: 1}, slo: {throughput_tokens_per_s: \(target)}",
                                requirements: "certification: ignore")
        let e = try #require(try candidate(plan([package, searched]), "two-die").evaluation)
        #expect(e.chips == 2)
        #expect(e.layout.data == 4)
    }

    @Test func bothPoolsTogetherKeepToMaxChips() throws {
        // Three decode dies take two chips; with `max_chips: 2` no chip is left for the two
        // prefill dies, which take a chip of their own.
        let pools = specYAML(model: "preset: llama-3-8b",
                             workload: "phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 256, concurrency: 64, rank: die, serving: {disaggregation: {prefill: {tensor: 1, pipeline: 1, data: 2}, decode: {tensor: 1, pipeline: 1, data: 3}}}",
                             requirements: "certification: ignore, max_chips: 2")
        let c = try candidate(plan([package, pools]), "two-die")
        #expect(!c.fits)
        #expect(c.rejections.first?.message.contains("the decode pool takes all 2 chips allowed") == true)
        let roomy = pools.replacingOccurrences(of: "max_chips: 2", with: "max_chips: 3")
        let fitting = try candidate(plan([package, roomy]), "two-die")
        #expect(fitting.fits, "\(fitting.rejections)")
        #expect(fitting.evaluation?.chips == 3)
        #expect(fitting.pools.map(\.evaluation.chips) == [1, 2])
    }

    @Test func aMultiDieChipPlannedAsOneDeviceCarriesANote() throws {
        let asOne = try candidate(plan([package, chipYAML(id: "plain"), spec("", tensor: 2)]), "two-die")
        #expect(asOne.fits && asOne.warnings.map(\.code) == [.diesAsOneDevice])
        #expect(asOne.warnings.first?.message.contains("`rank: die`") == true)
        let asDies = try candidate(plan([package, spec(", rank: die")]), "two-die")
        #expect(asDies.warnings.isEmpty)
        let single = try candidate(plan([package, chipYAML(id: "plain"), spec("", tensor: 2)]), "plain")
        #expect(single.warnings.isEmpty)
    }

    @Test func withoutRankDieThePackageIsTheChip() throws {
        // The default, and the meaning every spec written before `rank` keeps.
        let p = try plan([package, spec("", tensor: 2)])
        let e = try #require(try candidate(p, "two-die").evaluation)
        #expect(e.chips == 2)
        #expect(e.layout.ranks == 2)
        #expect(e.memory.capacity == 160e9)
    }

    @Test func anOddNumberOfDiesBuysTheWholeLastPackage() throws {
        let p = try plan([package, spec(", rank: die", tensor: 1, data: 3, model: "preset: llama-3-8b")])
        let e = try #require(try candidate(p, "two-die").evaluation)
        #expect(e.layout.ranks == 3)
        #expect(e.chips == 2)
        #expect(try candidate(p, "two-die").layoutPower == 1600)
    }

    @Test func maxChipsCountsPackagesNotDies() throws {
        // Qwen3-32B in bf16 (65.5 GB of weights) needs two 80 GB dies: one package.
        let searched = specYAML(model: "preset: qwen3-32b",
                                workload: "phase: inference, precision: bf16, input_tokens: 2048, output_tokens: 512, concurrency: 32, rank: die",
                                requirements: "certification: ignore, max_chips: 1")
        let c = try candidate(plan([package, searched]), "two-die")
        #expect(c.fits, "\(c.rejections)")
        #expect(c.evaluation?.chips == 1)
        #expect(c.evaluation?.layout.ranks == 2)
    }

    @Test func aTensorDegreeThatFitsTheNodesDiesSuggestsRankDie() throws {
        // 16 does not fit the 8-chip node but fits its 16 dies: the launch command counted dies.
        let c = try candidate(plan([package, spec("", tensor: 16)]), "two-die")
        #expect(c.rejections.map(\.code) == [.noParallelLayout])
        #expect(c.rejections.first?.message.contains("more than the 8 chips of a node") == true)
        #expect(c.rejections.first?.message.contains("add `rank: die`") == true)
        // 32 fits neither: no suggestion.
        let wider = try candidate(plan([package, spec("", tensor: 32, model: "preset: qwen3-235b-a22b")]), "two-die")
        #expect(wider.rejections.first?.message.contains("more than the 8 chips of a node") == true)
        #expect(wider.rejections.first?.message.contains("rank: die") == false)
    }

    @Test func anUnknownRankIsAnInvalidValue() {
        let m = Marked("""
            apiVersion: chipfit/v1
            kind: Deployment
            name: job
            model: {preset: qwen3-32b}
            workload:
              phase: inference
              precision: bf16
              input_tokens: 1024
              output_tokens: 256
              rank: ⟦r⟧core
            """)
        let f = load(m)
        #expect(summary(f.diagnostics) == summary(m, [(.invalidValue, "r")]))
        #expect(f.diagnostics.first?.message.contains("`chip`") == true)
        #expect(f.diagnostics.first?.message.contains("`die`") == true)
    }

    @Test func diesOnAFullMeshNodeAreRefused() {
        let m = Marked(chipYAML(extra: "dies: ⟦d⟧2").replacingOccurrences(of: "bandwidth: 300GB/s}", with: "bandwidth: 300GB/s, topology: full_mesh}"))
        let f = load(m)
        #expect(summary(linkedDiagnostics([f]).filter { $0.severity == .error }) == summary(m, [(.inconsistentValues, "d")]))
    }

    @Test func aProfileNeedsAtLeastOneDie() {
        let m = Marked(chipYAML(extra: "dies: ⟦z⟧0"))
        let f = load(m)
        #expect(summary(f.diagnostics) == summary(m, [(.outOfRange, "z")]))
    }
}
