import ArgumentParser
import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML

/// Parser limits, overridable per run. Defaults are in docs/yaml.md.
struct LimitOptions: ParsableArguments {
    @Option(help: "Largest input file, in bytes.")
    var maxFileBytes: Int = YAMLLimits.default.maxFileBytes

    @Option(help: "Deepest YAML nesting accepted.")
    var maxDepth: Int = YAMLLimits.default.maxDepth

    @Option(help: "Most YAML nodes in one file.")
    var maxNodes: Int = YAMLLimits.default.maxNodes

    @Option(help: "Longest YAML scalar, in bytes.")
    var maxScalarBytes: Int = YAMLLimits.default.maxScalarBytes

    var limits: YAMLLimits {
        YAMLLimits(maxFileBytes: maxFileBytes, maxDepth: maxDepth, maxNodes: maxNodes, maxScalarBytes: maxScalarBytes)
    }

    func validate() throws {
        for (name, value) in [("--max-file-bytes", maxFileBytes), ("--max-depth", maxDepth),
                              ("--max-nodes", maxNodes), ("--max-scalar-bytes", maxScalarBytes)] where value < 1 {
            throw ValidationError("\(name) must be at least 1")
        }
    }
}

struct CatalogueOptions: ParsableArguments {
    @Option(name: .customLong("profiles"), help: ArgumentHelp(
        "A team's profiles directory (repeatable), added to the shipped catalogue; a profile with a shipped profile's kind and id replaces it, and outputs say so.",
        discussion: "Replaces the directories of $CHIPFIT_PROFILES (colon-separated) and of `profiles` in .chipfit.yaml.",
        valueName: "dir"))
    var profiles: [String] = []

    @Flag(name: .customLong("no-shipped-profiles"), help: "Use only the team's profile directories, not the catalogue shipped with chipfit.")
    var noShippedProfiles = false

    @Option(help: ArgumentHelp(
        "The repository configuration to use.",
        discussion: "Default: the nearest .chipfit.yaml from the working directory up to the repository's top (the directory holding .git).",
        valueName: "file"))
    var config: String?

    @Flag(name: .customLong("no-config"), help: "Read no .chipfit.yaml.")
    var noConfig = false

    @Flag(name: .customLong("require-config"), help: ArgumentHelp(
        "Fail (exit 2) when no .chipfit.yaml is found.",
        discussion: "For hooks and CI jobs that check what the configuration names: without it they would check nothing and pass."))
    var requireConfig = false

    @Option(help: ArgumentHelp(
        "Files that specs reference (hf_config) must lie inside this directory.",
        discussion: "Default: the directory named on the command line that holds the spec, or a named spec's own directory.",
        valueName: "dir"))
    var root: String?
}

/// What the recommendation minimises among the chips that fit.
struct ObjectiveOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "What the recommendation minimises: chips (default: fewest chips, then migration effort and power), cost (per million output tokens, or the training run; needs a price list), energy (likewise) or latency (a request's TTFT plus its output's TPOT, or the training time).",
        valueName: "objective"))
    var optimize: Objective = .chips
}

extension Objective: ExpressibleByArgument {}

/// `--prices`: a team's price list kept apart from its specs.
struct PricesOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A price list (`kind: Prices`) to cost the plans with; a price list among the specs or profiles works as well.",
        valueName: "file"))
    var prices: String?

    /// The price list as a file to read beside the specs.
    var files: [String] { prices.map { [$0] } ?? [] }
}

/// `--as-of`: the plan date certificates are checked on. The CLI is the only place that reads
/// the clock; the core takes the date as an input.

struct PlanDateOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Plan date, YYYY-MM-DD (default: today, UTC).", valueName: "date"))
    var asOf: String?

    func validate() throws {
        if let asOf, Day(asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD; got '\(asOf)'") }
    }

    var day: Day { asOf.flatMap(Day.init) ?? Clock.today() }
}

/// A kind named on the command line as people name it: `chip`, `chips`, `Chip`,
/// `certification`, `certifications`, `CertificationList` all name one kind.
enum KindName {
    static func canonical(_ text: String) -> String {
        var t = text.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        if t == "certificationlist" || t == "certificationlists" || t == "certifications" { t = "certification" }
        if t.hasSuffix("s"), t != "prices" { t.removeLast() }
        return t
    }
}

