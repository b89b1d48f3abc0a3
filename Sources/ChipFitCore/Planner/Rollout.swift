/// Turns toolchain changes into engineer-days and a date. The figures are planning
/// assumptions, printed with every report and overridable on the command line.
public struct RolloutAssumptions: Sendable, Hashable {
    /// Engineer-days per change by effort level. Defaults: a package swap or configuration
    /// change (low) takes 2 days including testing; a different engine or call-site rewrites
    /// (medium) 8; porting kernels or a framework (high) 20.
    public var daysPerEffort: [Effort: Double]
    /// Engineers working on the migration in parallel.
    public var engineers: Int
    /// Working days of accuracy and performance validation on the new chips after the changes.
    public var validationDays: Double

    public init(daysPerEffort: [Effort: Double] = [.none: 0, .low: 2, .medium: 8, .high: 20],
                engineers: Int = 2, validationDays: Double = 10) {
        self.daysPerEffort = daysPerEffort
        self.engineers = engineers
        self.validationDays = validationDays
    }

    public static let `default` = RolloutAssumptions()
}

/// A migration schedule for one deployment on one chip, in working days from the plan date.
public struct Rollout: Sendable, Hashable {
    public var engineerDays: Double
    public var migrationDays: Double
    public var validationDays: Double
    public var workingDays: Double { migrationDays + validationDays }
    public var start: Day
    public var migrationDone: Day
    public var ready: Day

    public init(changes: [ToolchainChange], start: Day, assumptions: RolloutAssumptions) {
        engineerDays = changes.reduce(0) { $0 + (assumptions.daysPerEffort[$1.effort] ?? 0) }
        migrationDays = (engineerDays / Double(max(1, assumptions.engineers))).rounded(.up)
        validationDays = assumptions.validationDays
        self.start = start
        migrationDone = start.addingWorkingDays(Int(migrationDays))
        ready = start.addingWorkingDays(Int((migrationDays + validationDays).rounded(.up)))
    }
}

extension Day {
    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int {
        let epoch = Day(year: 1970, month: 1, day: 1)!.ordinal
        return ((ordinal - epoch) % 7 + 7 + 3) % 7
    }

    /// The date `n` working days (Monday–Friday) after this one.
    public func addingWorkingDays(_ n: Int) -> Day {
        var day = self, left = n
        while left > 0 {
            day = day.adding(days: 1)
            if day.weekday < 5 { left -= 1 }
        }
        return day
    }

    public func adding(days n: Int) -> Day {
        // Inverse of `ordinal` (Howard Hinnant's civil_from_days).
        let z = ordinal + n
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return Day(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)!
    }
}
