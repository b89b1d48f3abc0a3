/// A team's prices (`kind: Prices`): what its chips cost, by purchase or by the hour, and what
/// its electricity costs. Prices are the user's own; chipfit ships none.
public struct PriceList: Sendable, Hashable {
    /// Where the prices come from: a `quote` the team received, figures reported in the `press`,
    /// or a `sample` for trying chipfit out. Every output built on them says which.
    public enum Provenance: String, Sendable, CaseIterable { case quote, press, sample }

    /// A chip bought outright and written off evenly over its service life, or rented by the hour.
    public enum Basis: Sendable, Hashable {
        case purchase(price: Double, years: Double)
        /// A lease or cloud price per chip-hour, which includes the chip's electricity.
        case hourly(price: Double)
    }

    public struct ChipPrice: Sendable, Hashable {
        public var basis: Basis
        public var source: String?
        public init(basis: Basis, source: String? = nil) {
            self.basis = basis
            self.source = source
        }

        /// The chip's own cost per hour of service, electricity aside.
        public var perHour: Double {
            switch basis {
            case .purchase(let price, let years): price / (years * PriceList.hoursPerYear)
            case .hourly(let price): price
            }
        }

        /// Whether the hourly figure already pays for the chip's electricity.
        public var includesElectricity: Bool {
            if case .hourly = basis { return true }
            return false
        }
    }

    /// Electricity price per kWh in the list's currency, and the facility's power usage
    /// effectiveness (total facility power over IT power; 1 when not given).
    public struct Electricity: Sendable, Hashable {
        public var pricePerKWh: Double
        public var pue: Double
        public init(pricePerKWh: Double, pue: Double) {
            self.pricePerKWh = pricePerKWh
            self.pue = pue
        }
    }

    /// 365 days of 24 hours: purchase prices are spread over every hour of the service life.
    public static let hoursPerYear = 8760.0

    public var id: String
    public var currency: String
    public var asOf: Day
    public var source: String
    public var provenance: Provenance
    public var electricity: Electricity?
    public var chips: [String: ChipPrice]
    public var file: String

    public init(id: String, currency: String, asOf: Day, source: String, provenance: Provenance,
                electricity: Electricity?, chips: [String: ChipPrice], file: String) {
        self.id = id
        self.currency = currency
        self.asOf = asOf
        self.source = source
        self.provenance = provenance
        self.electricity = electricity
        self.chips = chips
        self.file = file
    }
}
