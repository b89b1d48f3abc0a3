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
        // A change's days grow with the sites a scan found in the team's code (SiteCount.effortFactor).
        engineerDays = changes.filter(\.needsWork).reduce(0) {
            $0 + (assumptions.daysPerEffort[$1.effort] ?? 0) * Double($1.sites?.effortFactor ?? 1)
        }
        migrationDays = (engineerDays / Double(max(1, assumptions.engineers))).rounded(.up)
        validationDays = assumptions.validationDays
        self.start = start
        // Past the calendar's end the dates are held at 9999-12-31 (see `Day.adding(days:)`).
        migrationDone = start.addingWorkingDays(Self.wholeDays(migrationDays))
        ready = start.addingWorkingDays(Self.wholeDays((migrationDays + validationDays).rounded(.up)))
    }
}

extension Rollout {
    /// A day count as an `Int`: NaN and negatives as 0, beyond `Int` as `Int.max` (library
    /// callers can pass any assumptions; the CLI bounds them).
    static func wholeDays(_ x: Double) -> Int {
        guard x > 0 else { return 0 }
        return x >= Double(Int.max) ? Int.max : Int(x)
    }
}

extension Day {
    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int {
        let epoch = Day(year: 1970, month: 1, day: 1)!.ordinal
        return ((ordinal - epoch) % 7 + 7 + 3) % 7
    }

    /// The date `n` working days (Monday–Friday) after this one (this day when `n` ≤ 0).
    /// The n-th working day is the (n−5)-th plus one calendar week, since a working day plus
    /// five working days is the same weekday a week later: so only the first one to five are
    /// counted day by day, and a rollout of decades costs no more than one of a week.
    public func addingWorkingDays(_ n: Int) -> Day {
        guard n > 0 else { return self }
        let weeks = (n - 1) / 5
        var day = self, left = n - weeks * 5
        while left > 0 {
            day = day.adding(days: 1)
            if day.weekday < 5 { left -= 1 }
        }
        let (span, overflow) = weeks.multipliedReportingOverflow(by: 7)
        return day.adding(days: overflow ? Int.max : span)
    }

    /// The date `n` days after (or before) this one, held at the calendar's ends
    /// (0001-01-01 and 9999-12-31) rather than leaving it.
    public func adding(days n: Int) -> Day {
        let first = Day(year: 1, month: 1, day: 1)!.ordinal, last = Day(year: 9999, month: 12, day: 31)!.ordinal
        let (sum, overflow) = ordinal.addingReportingOverflow(n)
        if overflow || sum > last { return Day(year: 9999, month: 12, day: 31)! }
        if sum < first { return Day(year: 1, month: 1, day: 1)! }
        // Inverse of `ordinal` (Howard Hinnant's civil_from_days).
        let z = sum
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
