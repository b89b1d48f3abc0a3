import ArgumentParser
import ChipFitCore
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
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var limits: LimitOptions

    func run() throws {
        PhaseTimings.begin()
        let session = try loadOrExit(paths: paths, catalog: catalog, limits: limits.limits)
        try output.report(session, extra: [])
    }
}

/// How findings are printed and filtered; shared by `validate` and `check`.
struct DiagnosticOutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, junit, github, auto
    }

    @Option(help: "Output format: text, json, sarif, junit, github, or auto (github under GitHub Actions, text elsewhere).")
    var format: Format = .text

    @Flag(help: "Fail (exit 1) on warnings too.")
    var strict = false

    @Option(help: ArgumentHelp("Do not report findings recorded in this baseline file.", valueName: "file"))
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: ArgumentHelp(
        "Record the current findings (after inline suppressions) in this file, atomically, and exit 0.", valueName: "file"))
    var writeBaseline: String?

    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, bytes.count >= needle.count else { return false }
        // memchr to each candidate first byte, then memcmp: every file is searched for a
        // suppression comment, and most have none.
        return bytes.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { n in
                let base = haystack.baseAddress!, last = haystack.count - n.count
                var i = 0
                while i <= last, let hit = memchr(base + i, Int32(n[0]), last - i + 1) {
                    let at = UnsafeRawPointer(hit) - base
                    if memcmp(hit, n.baseAddress!, n.count) == 0 { return true }
                    i = at + 1
                }
                return false
            }
        }
    }

    /// Applies suppressions and the baseline, prints in the chosen format, sets the exit code.
    func report(_ session: ValidationSession, extra: [Diagnostic]) throws {
        var all = (session.workspace.diagnostics + extra).sorted(by: Diagnostic.ordered)
        // Inline suppressions in every file that has one; reasonless or unknown ones are
        // findings themselves, even in a file without other findings.
        var inline = 0
        var rules: [String: SuppressionRules] = [:]
        let marker = Array("chipfit:ignore".utf8)
        for (file, bytes) in session.contents where Self.contains(bytes, marker) {
            rules[file] = SuppressionRules(text: String(decoding: bytes, as: UTF8.self), file: file)
        }
        all += rules.keys.sorted().flatMap { rules[$0]!.diagnostics }
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
            try emit(BaselineFile.render(b), to: path)
            StandardStreams.error("chipfit: recorded \(all.count) finding\(all.count == 1 ? "" : "s") in \(path)\n")
            return
        }
        var byBaseline = 0
        if let path = baseline {
            let bytes: [UInt8]
            do { bytes = try InputFiles.read(path, limit: 64 << 20) } catch let e as InputFiles.Failure {
                StandardStreams.error("chipfit: \(e.description)\n")
                throw ExitCode(2)
            }
            guard let b = BaselineFile.parse(bytes) else {
                StandardStreams.error("chipfit: \(path) is not a chipfit baseline (write one with --write-baseline)\n")
                throw ExitCode(2)
            }
            let split = b.apply(all, lineText: r.lineText)
            all = split.kept
            byBaseline = split.covered.count
        }
        r.diagnostics = all
        r.suppressedInline = inline
        r.suppressedByBaseline = byBaseline
        var chosen = format
        if chosen == .auto { chosen = ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" ? .github : .text }
        let text: String
        switch chosen {
        case .json: text = DiagnosticsJSONRenderer().render(all, files: session.checkedFiles.count, suppressed: r.suppressed)
        case .sarif: text = SARIFRenderer().render(r)
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

/// Everything `validate` (and later `plan`) needs from disk, loaded concurrently.
struct ValidationSession {
    var workspace: Workspace
    /// The files the user named (or the catalogue, when none were named).
    var checkedFiles: [String]
    var profileFiles: [String]
    /// The bytes of every file read, for source excerpts and suppression comments.
    var contents: [String: [UInt8]]

    /// Text of the files the findings (and their related locations) point into.
    func sources(for diagnostics: [Diagnostic]) -> [String: String] {
        var out: [String: String] = [:]
        for file in Set(diagnostics.map(\.file) + diagnostics.flatMap { $0.related.map(\.location.file) }) {
            if let bytes = contents[file] { out[file] = String(decoding: bytes, as: UTF8.self) }
        }
        return out
    }
    /// The bytes of files that specs reference (hf_config), by resolved path.
    var referenced: [(path: String, bytes: [UInt8])]

    /// SHA-256 of every file read (specs, profiles, referenced configs), for reports. Computed
    /// on demand: only reports show them.
    var inputHashes: [ReportModel.Input] {
        contents.map { ReportModel.Input(path: $0.key, sha256: SHA256.hex($0.value)) }
            + referenced.map { ReportModel.Input(path: $0.path, sha256: SHA256.hex($0.bytes)) }
    }

    static func load(paths: [String], catalog: CatalogOptions, limits: YAMLLimits) throws -> ValidationSession {
        let profileDirs = try InputFiles.profileDirectories(catalog.profiles)
        PhaseTimings.mark("profiles found")
        let profiles = try profileDirs.flatMap { try InputFiles.yamlFiles(under: InputFiles.display($0)) }
        let profileFiles = profiles.map(\.path)
        PhaseTimings.mark("profiles listed")
        let expanded = try InputFiles.expand(paths)
        let named = expanded.map(\.path)
        // Keyed by bytes, like the de-duplication of the named files: an input whose path only
        // looks like a profile's (another Unicode normalisation) is a different file.
        let profileSet = Set(profiles.map(\.canonical))
        let extra = expanded.filter { f in
            guard let i = profileSet.firstIndex(of: f.canonical) else { return true }
            return !profileSet[i].utf8.elementsEqual(f.canonical.utf8)
        }.map(\.path)
        let all = profileFiles + extra

        PhaseTimings.mark("discover")
        // Files are read and parsed on every core; results land in argument order.
        var loaded = parallelMap(all.count, serialBelow: 8) { i -> Result<(LoadedFile, [UInt8]), InputFiles.Failure> in
            do {
                let bytes = try InputFiles.read(all[i], limit: limits.maxFileBytes)
                return .success((DocumentLoader.load(bytes, file: all[i], limits: limits), bytes))
            } catch let failure as InputFiles.Failure {
                return .failure(failure)
            } catch {
                return .failure(InputFiles.Failure(description: "\(all[i]): \(error)"))
            }
        }
        PhaseTimings.mark("read+parse+check")
        // The first failure in reading order (profiles, then files by path) is the one reported.
        for i in loaded.indices {
            if case .failure(let failure) = loaded[i] { throw failure }
        }
        // Moved out from the end into place, not copied: copying and then freeing 2,000 typed
        // documents took a tenth of the serial time.
        var contents: [String: [UInt8]] = [:]
        contents.reserveCapacity(loaded.count)
        let files = [LoadedFile](unsafeUninitializedCapacity: loaded.count) { buffer, initialized in
            var i = loaded.count
            while case .success(let (file, bytes))? = loaded.popLast() {
                i -= 1
                contents[file.file] = bytes
                (buffer.baseAddress! + i).initialize(to: file)
            }
            initialized = buffer.count
        }
        // Every file is reported under its path, so no two may be equal as strings while
        // different as bytes. The paths are distinct as bytes: fewer keys means such a pair.
        if contents.count < files.count { try InputFiles.requireDistinguishable(all) }
        PhaseTimings.mark("collect")
        // The tree a spec's references must stay in, looked up only for specs that reference a
        // file (most runs have none, and indexing 2,000 paths was serial time for nothing).
        var trees: [String: String]?
        let references = InputFiles.references(for: files, limit: limits.maxFileBytes) { file in
            if let root = catalog.root { return root }
            if trees == nil {
                trees = Dictionary(expanded.map { ($0.path, $0.tree) }, uniquingKeysWith: { _, last in last })
            }
            return trees?[file] ?? "."
        }
        PhaseTimings.mark("references")
        let workspace = Linker.link(files, references: references.byKey)
        PhaseTimings.mark("link")
        return ValidationSession(workspace: workspace, checkedFiles: paths.isEmpty ? profileFiles : named,
                                 profileFiles: profileFiles, contents: contents, referenced: references.read)
    }

    var summary: String { summary(workspace.diagnostics) }

    func summary(_ d: [Diagnostic]) -> String {
        let errors = d.errorCount, warnings = d.warningCount
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let files = checkedFiles.count == profileFiles.count && checkedFiles == profileFiles
            ? "checked \(plural(profileFiles.count, "profile"))"
            : "checked \(plural(checkedFiles.count, "file")) against \(plural(profileFiles.count, "profile"))"
        if errors == 0 && warnings == 0 { return "\(files): no problems" }
        return "\(files): \(plural(errors, "error")), \(plural(warnings, "warning"))"
    }
}

enum Terminal {
    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var stdoutSupportsColor: Bool {
        let env = ProcessInfo.processInfo.environment
        if let v = env["NO_COLOR"], !v.isEmpty { return false }
        if env["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }

    static var stderrSupportsColor: Bool {
        let env = ProcessInfo.processInfo.environment
        if let v = env["NO_COLOR"], !v.isEmpty { return false }
        if env["TERM"] == "dumb" { return false }
        return isatty(STDERR_FILENO) == 1
    }
}

