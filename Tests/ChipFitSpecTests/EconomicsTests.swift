import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML
import Testing

/// Power, energy and cost (docs/plan.md, "Cost and energy"), worked out by hand.
@Suite struct Economics {
    static let workload = "phase: inference, precision: bf16, input_tokens: 1024, output_tokens: 256, concurrency: 8, parallelism: {tensor: 2, data: 1}"

    static func prices(_ chips: String, electricity: String = "electricity: {price_per_kwh: 0.5, pue: 1.5}") -> String {
        """
        apiVersion: chipfit/v1
        kind: Prices
        id: test-prices
        currency: CNY
        as_of: 2026-11-01
        source: test fixture
        provenance: sample
        \(electricity)
        chips: [\(chips)]
        """
    }

    static func candidate(_ files: [String], chip: String = "test-chip", objective: Objective = .chips) throws -> Candidate {
        let p = try plan(files + [specYAML(workload: workload, requirements: "certification: ignore")], objective: objective)
        return try #require(p.deployments.first?.candidates.first { $0.chip.id == chip })
    }

    /// Two chips of 400 W bought at 87,600 over 5 years: 2 per chip-hour each, 4 for the pair,
    /// plus 0.8 kW × PUE 1.5 × 0.5 per kWh = 0.6: 4.6 an hour. A million tokens at the plan's
    /// throughput take 10⁶ / (throughput · 3600) hours.
    @Test func purchasedChipsCostTheirWriteOffAndTheirElectricity() throws {
        let c = try Self.candidate([chipYAML(), Self.prices("{chip: test-chip, purchase: 87600, amortisation_years: 5}")])
        let x = c.economics, throughput = try #require(c.evaluation?.throughput)
        #expect(x.powerKW == 0.8 && x.pue == 1.5 && x.currency == "CNY")
        #expect(abs(try #require(x.costPerHour) - 4.6) < 1e-9)
        let hours = 1e6 / (throughput * 3600)
        #expect(abs(try #require(x.costPerMillionOutputTokens) - 4.6 * hours) < 1e-9)
        #expect(abs(try #require(x.energyPerMillionOutputTokensKWh) - 0.8 * 1.5 * hours) < 1e-9)
        #expect(x.missing.isEmpty)
    }

    /// An hourly price already pays for the chip's electricity.
    @Test func hourlyPricesIncludeElectricity() throws {
        let c = try Self.candidate([chipYAML(), Self.prices("{chip: test-chip, hourly: 3}", electricity: "")])
        #expect(c.economics.costPerHour == 6)
    }

    /// A chip without a price, purchased chips without an electricity price, a chip without
    /// board power: the figure is unknown and says why, never zero.
    @Test func unknownInputsNeverBecomeZero() throws {
        let unpriced = try Self.candidate([chipYAML(), Self.prices("{chip: test-chip, hourly: 3}"),
                                           chipYAML(id: "other-chip")], chip: "other-chip")
        #expect(unpriced.economics.costPerHour == nil && unpriced.economics.missing == [.chipPrice])
        let noElectricity = try Self.candidate([chipYAML(), Self.prices("{chip: test-chip, purchase: 1000, amortisation_years: 1}", electricity: "")])
        #expect(noElectricity.economics.costPerHour == nil && noElectricity.economics.missing == [.electricityPrice])
        #expect(noElectricity.economics.powerKW == 0.8)
        let noPower = try Self.candidate([chipYAML().replacingOccurrences(of: "power: 400W", with: ""),
                                          Self.prices("{chip: test-chip, purchase: 1000, amortisation_years: 1}")])
        #expect(noPower.economics.powerKW == nil && noPower.economics.costPerHour == nil)
        #expect(noPower.economics.energyPerMillionOutputTokensKWh == nil && noPower.economics.missing == [.boardPower])
        let noList = try Self.candidate([chipYAML()])
        #expect(noList.economics.costPerHour == nil && noList.economics.currency == nil && noList.economics.powerKW == 0.8)
    }

    /// `--optimize cost` recommends the cheaper chip per million tokens even when it needs as
    /// many chips; the default (fewest chips, then effort and power) breaks the tie by power.
    @Test func theObjectiveChoosesTheRecommendation() throws {
        let files = [chipYAML(id: "cheap-chip", power: "500W"), chipYAML(id: "dear-chip", power: "300W"),
                     Self.prices("{chip: cheap-chip, hourly: 1}, {chip: dear-chip, hourly: 5}", electricity: "")]
        let spec = specYAML(workload: Self.workload, requirements: "certification: ignore")
        #expect(try plan(files + [spec]).deployments[0].recommended?.chip.id == "dear-chip")
        #expect(try plan(files + [spec], objective: .cost).deployments[0].recommended?.chip.id == "cheap-chip")
        #expect(try plan(files + [spec], objective: .energy).deployments[0].recommended?.chip.id == "dear-chip")
    }

    /// Brute force: the recommendation under each objective has the least value among the
    /// chips that fit.
    @Test(arguments: Objective.allCases)
    func theRecommendationMinimisesItsObjective(objective: Objective) throws {
        let files = [chipYAML(id: "a-chip", compute: "bf16: 200TFLOPS, fp16: 200TFLOPS", power: "300W"),
                     chipYAML(id: "b-chip", bandwidth: "3TB/s", power: "700W"),
                     chipYAML(id: "c-chip", memory: "40GB", power: "200W"),
                     Self.prices("{chip: a-chip, hourly: 2}, {chip: b-chip, hourly: 4}, {chip: c-chip, purchase: 50000, amortisation_years: 3}")]
        let d = try plan(files + [specYAML(workload: "phase: inference, precision: bf16, input_tokens: 2048, output_tokens: 512, concurrency: 16",
                                           requirements: "certification: ignore")], objective: objective).deployments[0]
        let fitting = d.candidates.filter(\.fits)
        #expect(fitting.count == 3)
        func value(_ c: Candidate) -> Double {
            let e = try! #require(c.evaluation)
            return switch objective {
            case .chips: Double(e.chips)
            case .cost: c.economics.costPerMillionOutputTokens!
            case .energy: c.economics.energyPerMillionOutputTokensKWh!
            case .latency: e.ttftSeconds! + 512 * e.tpotSeconds!
            }
        }
        let best = try #require(fitting.map(value).min())
        #expect(value(try #require(d.recommended)) == best)
    }
}

/// What the `Prices` format refuses.
@Suite struct PricesValidation {
    private func errors(_ yaml: String, extra: [String] = []) -> [String] {
        let files = ([yaml] + extra).enumerated().map { DocumentLoader.load(Array($1.utf8), file: "p\($0).yaml") }
        let ws = Linker.link(shippedProfiles + files)
        return ws.diagnostics.filter { $0.severity == .error && $0.file.hasPrefix("p") }.map(\.message)
    }

    @Test func aPriceIsAPurchaseWithItsYearsOrAnHourlyRate() {
        #expect(errors(Economics.prices("{chip: ascend-910b, purchase: 1000}"))
                == ["`purchase` needs `amortisation_years`: the years it is written off over"])
        #expect(errors(Economics.prices("{chip: ascend-910b, purchase: 1000, amortisation_years: 4, hourly: 2}"))
                == ["give `purchase` or `hourly` for `ascend-910b`, not both"])
        #expect(errors(Economics.prices("{chip: ascend-910b}")) == ["a chip price needs `purchase` with `amortisation_years`, or `hourly`"])
        #expect(errors(Economics.prices("{chip: ascend-910b, hourly: 2}")).isEmpty)
    }

    @Test func pricesNameKnownChipsOnceInOneList() {
        #expect(errors(Economics.prices("{chip: ascend-91b, hourly: 2}")).first?.contains("unknown chip `ascend-91b`") == true)
        #expect(errors(Economics.prices("{chip: ascend-910b, hourly: 2}, {chip: ascend-910b, hourly: 3}"))
                == ["a second price for `ascend-910b`"])
        let second = Economics.prices("{chip: ascend-910b, hourly: 2}").replacingOccurrences(of: "id: test-prices", with: "id: other-prices")
        #expect(errors(Economics.prices("{chip: ascend-910b, hourly: 2}"), extra: [second]).contains("a second price list, `other-prices`: a run uses one"))
    }
}
