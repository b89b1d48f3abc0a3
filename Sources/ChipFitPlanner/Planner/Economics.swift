/// What a candidate's layout draws and costs (docs/plan.md, "Cost and energy"). A figure
/// whose inputs are missing is nil, and `missing` says which input: never zero.
public struct Economics: Sendable, Hashable {
    /// Board power of the layout's chips in kW: chips × the profile's power.
    public var powerKW: Double?
    /// The facility's power usage effectiveness energy is counted with (1 without a price list
    /// that gives one: the chips' energy alone).
    public var pue: Double = 1
    /// Inference: energy per million output tokens at the stated load, kWh.
    public var energyPerMillionOutputTokensKWh: Double?
    /// Training: energy of the whole run, kWh.
    public var trainingEnergyKWh: Double?
    /// Cost of the layout per hour in the price list's currency: each chip's cost per hour of
    /// service (purchase over its service life, or the lease), and for purchased chips their
    /// electricity, power × PUE × the price of a kWh.
    public var costPerHour: Double?
    public var costPerMillionOutputTokens: Double?
    /// Training: cost of the whole run.
    public var trainingCost: Double?
    public var currency: String?
    /// The inputs missing for the figures that are unknown.
    public var missing: [Missing] = []

    public enum Missing: String, Sendable, Hashable {
        /// The chip profile gives no board power: no power or energy, nor electricity cost.
        case boardPower = "board_power"
        /// The price list has no price for the chip.
        case chipPrice = "chip_price"
        /// The chips are bought and the price list gives no electricity price.
        case electricityPrice = "electricity_price"
    }

    public init() {}

    /// - Parameters:
    ///   - chips: chips of the layout (both pools when disaggregated).
    ///   - outputTokensPerSecond: inference throughput at the stated load.
    ///   - trainingHours: training time of the run.
    public init(chip: ChipProfile, chips: Int, phase: Phase, outputTokensPerSecond: Double?, trainingHours: Double?,
                prices: PriceList?) {
        let n = Double(chips)
        pue = prices?.electricity?.pue ?? 1
        powerKW = chip.power.map { n * $0 / 1000 }
        if powerKW == nil { missing.append(.boardPower) }
        let hours = phase == .inference ? outputTokensPerSecond.flatMap { $0 > 0 ? 1e6 / ($0 * 3600) : nil } : trainingHours
        // Hours the layout takes for a million output tokens (inference) or the run (training).
        if let kw = powerKW, let hours {
            if phase == .inference { energyPerMillionOutputTokensKWh = kw * pue * hours } else { trainingEnergyKWh = kw * pue * hours }
        }
        guard let prices else { return }
        currency = prices.currency
        guard let price = prices.chips[chip.id] else {
            missing.append(.chipPrice)
            return
        }
        var perHour: Double? = n * price.perHour
        if !price.includesElectricity {
            if let kw = powerKW, let electricity = prices.electricity {
                perHour? += kw * electricity.pue * electricity.pricePerKWh
            } else {
                perHour = nil
                if prices.electricity == nil { missing.append(.electricityPrice) }
            }
        }
        costPerHour = perHour
        guard let perHour, let hours else { return }
        if phase == .inference { costPerMillionOutputTokens = perHour * hours } else { trainingCost = perHour * hours }
    }
}

/// What the recommendation minimises among the chips that fit (`--optimize`).
public enum Objective: String, Sendable, CaseIterable {
    /// Fewest chips (the default), then migration effort and power.
    case chips
    /// Lowest cost per million output tokens (inference) or of the whole run (training).
    case cost
    /// Least energy per million output tokens (inference) or for the whole run (training).
    case energy
    /// Shortest request (TTFT + output tokens × TPOT) or training time.
    case latency
}
