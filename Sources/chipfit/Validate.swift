import ArgumentParser
import ChipFitSpec
import ChipFitPlanner
import ChipFitRender
import ChipFitYAML
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check deployment specs and profiles; report every problem with its file, line and column.",
        discussion: """
            Files and directories may be mixed; directories are searched for *.yaml and *.yml.
            With no paths, the profile catalogue itself is checked.

            Examples:
              chipfit validate examples/
              chipfit validate --format sarif deploy/ > chipfit.sarif
              chipfit validate --strict --baseline .chipfit-baseline.json deploy/
            """
    )

    @Argument(help: ArgumentHelp("Spec or profile files, or directories to search.", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var output: DiagnosticOutputOptions
    @OptionGroup var catalogueOptions: CatalogueOptions
    @OptionGroup var limits: LimitOptions
    @OptionGroup var empty: AllowEmptyOption

    func run() throws {
        PhaseTimings.begin()
        let settings = try RunSettings.resolve(catalogueOptions)
        let session = try loadOrExit(paths: paths, settings: settings, root: catalogueOptions.root, limits: limits.limits,
                                     keepDeployments: false, allowEmpty: empty.allowEmpty)
        try output.settings(settings).report(session, extra: [], planned: false)
    }
}

/// `--allow-empty`: named directories with no YAML file are not an error (every command that
/// reads specs; for the CI gates, `validate` and `check`, an empty run then passes).
struct AllowEmptyOption: ParsableArguments {
    @Flag(name: .customLong("allow-empty"), help: "Paths that hold no *.yaml or *.yml file are not an error (by default they are: exit 2).")
    var allowEmpty = false
}

/// How findings are printed and filtered; shared by `validate` and `check`.
struct DiagnosticOutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, junit, github, auto
    }

    @Option(help: "Output format: text (default), json, sarif, junit, github, or auto (github under GitHub Actions, text elsewhere).")
    var format: Format?

    @Flag(inversion: .prefixedNo, help: "Fail (exit 1) on warnings too; --no-strict overrides `strict: true` in .chipfit.yaml.")
    var strict: Bool?

    @Option(help: ArgumentHelp("Do not report findings recorded in this baseline file.", valueName: "file"))
    var baseline: String?

    @Flag(name: .customLong("no-baseline"), help: "Use no baseline, not even the one .chipfit.yaml names.")
    var noBaseline = false

    @Option(name: .customLong("path-base"), help: ArgumentHelp(
        "Paths in SARIF, JUnit and GitHub annotations are written relative to this directory.",
        discussion: "Default: $GITHUB_WORKSPACE, else the repository's top (the directory holding .git), else the working directory.",
        valueName: "dir"))
    var pathBase: String?

    @Option(name: .customLong("write-baseline"), help: ArgumentHelp(
        "Record the current findings (after inline suppressions) in this file, atomically, and exit 0.", valueName: "file"))
    var writeBaseline: String?

    /// The options as plain values, over the configuration's.
    func settings(_ run: RunSettings) -> DiagnosticOutput {
        DiagnosticOutput(format: format ?? run.config?.format.flatMap(Format.init(rawValue:)) ?? .text,
                         strict: strict ?? run.config?.strict ?? false,
                         baseline: noBaseline ? nil : baseline ?? run.baseline, writeBaseline: writeBaseline,
                         pathBase: pathBase)
    }
}

/// How findings are printed and filtered, as plain values (the defaults are the options').
struct DiagnosticOutput: Equatable {
    var format: DiagnosticOutputOptions.Format = .text
    var strict = false
    var baseline: String?
    var writeBaseline: String?
    /// `--path-base`: the directory CI formats write paths relative to.
    var pathBase: String?

    /// Applies suppressions and the baseline, prints in the chosen format, sets the exit code.
    func report(_ session: ValidationSession, extra: [Diagnostic], planned: Bool) throws {
        // Sorted once, below, after suppressions have added and removed findings.
        var all = session.workspace.diagnostics + extra
        // Inline suppressions in every file that has one; reasonless or unknown ones are
        // findings themselves, even in a file without other findings.
        var inline = 0
        let rules = session.suppressions
        all += rules.keys.sorted().flatMap { rules[$0]!.diagnostics }
        // Suppressions that match nothing, judged against every finding of their file.
        let byFile = Dictionary(grouping: all, by: \.file)
        all += rules.keys.sorted().flatMap { rules[$0]!.unused(among: byFile[$0] ?? [], planned: planned) }
        PhaseTimings.mark("sort+suppressions")
        let sources = session.sources(for: all)
        PhaseTimings.mark("sources")
        all = all.filter { d in
            guard let r = rules[d.file], r.suppresses(d) else { return true }
            inline += 1
            return false
        }.sorted(by: Diagnostic.ordered)
        // Line texts key baseline entries; suppression counts are not known yet.
        var r = DiagnosticReport(diagnostics: all, files: session.checkedFiles, sources: sources,
                                 version: ChipFit.version, strict: strict)
        if let path = writeBaseline {
            let b = Baseline(recording: all, lineText: r.lineText)
            try emit(BaselineFile.render(b, file: path), to: path, inputs: session.inputPaths)
            StandardStreams.error("chipfit: recorded \(all.count) finding\(all.count == 1 ? "" : "s") in \(path)\n")
            return
        }
        var byBaseline = 0
        if let path = baseline {
            let bytes: [UInt8]
            do { bytes = try InputFiles.read(path, limit: 64 << 20, pipes: true) } catch let e as InputFiles.Failure {
                StandardStreams.error("chipfit: \(e.description)\n")
                throw ExitCode(2)
            }
            guard let b = BaselineFile.parse(bytes, file: path) else {
                StandardStreams.error("chipfit: \(path) is not a chipfit baseline (write one with --write-baseline)\n")
                throw ExitCode(2)
            }
            let split = b.apply(all, lineText: r.lineText)
            all = split.kept
            byBaseline = split.covered.count
            // Recorded findings that no longer occur: the baseline should be rewritten.
            all += split.stale.map { entry in
                Diagnostic.warning(.staleBaselineEntry,
                                   "\(path) records \(entry.count == 1 ? "a" : "\(entry.count)") \(entry.key.code) finding\(entry.count == 1 ? "" : "s") that no longer occur\(entry.count == 1 ? "s" : "")" + (entry.key.lineText.isEmpty ? "" : " (line `\(entry.key.lineText)`)"),
                                   at: SourceLocation(file: entry.key.path, line: 1, column: 1),
                                   suggestion: "rewrite the baseline with --write-baseline \(path)")
            }
            all.sort(by: Diagnostic.ordered)
        }
        r.diagnostics = all
        r.suppressedInline = inline
        r.suppressedByBaseline = byBaseline
        var chosen = format
        if chosen == .auto { chosen = Environment.value("GITHUB_ACTIONS") == "true" ? .github : .text }
        // Code scanning, annotations and test reports resolve paths from the repository's top,
        // wherever chipfit ran.
        if [.sarif, .junit, .github].contains(chosen) { r = CIOutput.repositoryRelative(r, pathBase: pathBase) }
        let text: String
        switch chosen {
        case .json: text = DiagnosticsJSONRenderer().render(all, files: session.checkedFiles.count, suppressed: r.suppressed)
        case .sarif: text = CIOutput.sarif.render(r)
        case .junit: text = JUnitRenderer().render(r)
        case .github: text = GitHubAnnotationsRenderer().render(r)
        case .text, .auto:
            var summary = session.summary(all)
            if r.suppressed > 0 { summary += " (\(r.suppressed) suppressed: \(inline) inline, \(byBaseline) by baseline)" }
            text = DiagnosticsTextRenderer(color: Terminal.stdoutSupportsColor).render(r, summary: summary)
        }
        PhaseTimings.mark("render")
        try emit(text, to: nil)
        PhaseTimings.mark("write")
        PhaseTimings.report()
        if all.contains(where: r.fails) { throw ExitCode(1) }
    }
}


enum Terminal {
    /// The width tables are fitted to: `$COLUMNS` when set (as shells and `less` set it, and
    /// as tests set it), else the terminal's on standard output; nil when writing to a pipe or
    /// file, where every column is kept.
    static var columns: Int? {
        if let text = Environment.value("COLUMNS"), let n = Int(text), n > 0 { return max(n, 40) }
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return max(Int(size.ws_col), 40)
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var stdoutSupportsColor: Bool { supportsColor(STDOUT_FILENO) }
    static var stderrSupportsColor: Bool { supportsColor(STDERR_FILENO) }

    private static func supportsColor(_ descriptor: Int32) -> Bool {
        if let v = Environment.value("NO_COLOR"), !v.isEmpty { return false }
        if Environment.value("TERM") == "dumb" { return false }
        return isatty(descriptor) == 1
    }
}

