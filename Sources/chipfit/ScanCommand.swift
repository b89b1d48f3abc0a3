import ArgumentParser
import ChipFitPlanner
import ChipFitRender
import ChipFitScan
import ChipFitSpec
import ChipFitYAML
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find what a repository uses from the CUDA ecosystem, and each place that must change for a target stack.",
        discussion: """
            Reads requirements and constraints files, pyproject.toml, setup.cfg and static setup.py, conda
            environment files, Dockerfiles, Python sources (tokenised: strings and comments are not code),
            CUDA and C++ sources and shell scripts; executes nothing. Skips .git, virtual environments,
            vendored and installed packages and what .gitignore excludes. docs/scan.md lists every pattern.

            Examples:
              chipfit scan .
              chipfit scan src/ --format yaml            # the toolchain block for a spec
              chipfit scan . --target cann --format sarif > scan.sarif
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, yaml, sarif, github, junit }

    @Argument(help: ArgumentHelp("The repository or directory to scan (default: the working directory).", valueName: "path"))
    var path: String = "."

    @Option(help: "Output format: text, json, yaml (the toolchain block), sarif, github or junit.")
    var format: Format = .text

    @Option(help: ArgumentHelp("A stack to report changes for (repeatable). Default: the stacks of every chip certified on the plan date.",
                               valueName: "stack"))
    var target: [String] = []

    @Option(help: ArgumentHelp("Write the output to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("path-base"), help: ArgumentHelp(
        "SARIF, JUnit and GitHub annotation paths are relative to this directory (default: $GITHUB_WORKSPACE, else the repository's top).",
        valueName: "dir"))
    var pathBase: String?

    @Option(help: "Most files read; the scan stops there with an error (exit 2).")
    var maxFiles: Int = 100_000

    @Option(help: "Largest file read, in bytes; larger files are skipped with a note.")
    var maxFileBytes: Int = 2 << 20

    @OptionGroup var date: PlanDateOption
    @OptionGroup var catalogueOptions: CatalogueOptions

    func validate() throws {
        if maxFiles < 1 { throw ValidationError("--max-files must be at least 1") }
        if maxFileBytes < 1 { throw ValidationError("--max-file-bytes must be at least 1") }
    }

    func run() throws {
        let report = try Self.scan(path, maxFiles: maxFiles, maxFileBytes: maxFileBytes)
        let text: String
        if format == .yaml {
            text = ScanRenderer().yaml(report)
        } else {
            let session = try loadOrExit(paths: [], catalogue: catalogueOptions, limits: .default, catalogueOnly: true)
            let targets = try Self.targets(target, catalogue: session.workspace.catalogue, asOf: date.day).map {
                MigrationSites(report: report, stack: $0.stack, chips: $0.chips)
            }
            switch format {
            case .text: text = ScanRenderer().text(report, root: path, targets: targets)
            case .json: text = ScanRenderer().json(report, root: path, targets: targets)
            case .sarif, .github, .junit:
                let diagnostics = targets.flatMap(\.diagnostics).sorted(by: Diagnostic.ordered)
                let sources = Dictionary(uniqueKeysWithValues: Set(diagnostics.map(\.file)).compactMap { f in
                    (try? InputFiles.read(f, limit: maxFileBytes)).map { (f, String(decoding: $0, as: UTF8.self)) }
                })
                let r = CIOutput.repositoryRelative(DiagnosticReport(diagnostics: diagnostics, files: Array(Set(report.sites.map(\.file))).sorted(),
                                                                     sources: sources, version: ChipFit.version), pathBase: pathBase)
                switch format {
                case .sarif: text = CIOutput.sarif.render(r)
                case .github: text = GitHubAnnotationsRenderer().render(r)
                default: text = JUnitRenderer().render(r)
                }
            case .yaml: text = ""
            }
        }
        // Never written onto a file the scan read (or skipped: it is the team's too).
        try emit(text, to: output, inputs: report.files + report.skipped.map(\.file))
    }

    /// `scanReport` for the command line: a failure is exit code 2 with its reason.
    static func scan(_ root: String, maxFiles: Int, maxFileBytes: Int) throws -> ScanReport {
        do {
            return try scanReport(root, maxFiles: maxFiles, maxFileBytes: maxFileBytes)
        } catch let e as InputFiles.Failure {
            let hint = e.description.contains("files to scan") ? "; raise --max-files or scan a subdirectory" : ""
            StandardStreams.error("chipfit: \(e.description)\(hint)\n")
            throw ExitCode(2)
        }
    }

    /// Walks `root` and scans every file a scanner knows, on every core.
    static func scanReport(_ root: String, maxFiles: Int, maxFileBytes: Int) throws -> ScanReport {
        let walk = try RepositoryWalk(root: root, maxFiles: maxFiles)
        if walk.truncated {
            throw InputFiles.Failure(description: "\(root) holds more than \(maxFiles) files to scan")
        }
        let files = walk.files
        let results = parallelMap(files.count, serialBelow: 16) { i -> (sites: [ScanSite], skipped: SkippedFile?, digest: String) in
            let f = files[i]
            let bytes: [UInt8]
            do { bytes = try InputFiles.read(f.path, limit: maxFileBytes) } catch let e as InputFiles.Failure {
                return ([], SkippedFile(file: f.path, reason: e.description.hasPrefix(f.path + ": ") ? String(e.description.dropFirst(f.path.count + 2)) : "cannot be read"), "")
            } catch {
                return ([], SkippedFile(file: f.path, reason: "cannot be read"), "")
            }
            if bytes.count > maxFileBytes { return ([], SkippedFile(file: f.path, reason: "larger than \(maxFileBytes) bytes"), "") }
            if bytes.prefix(8192).contains(0) { return ([], SkippedFile(file: f.path, reason: "binary"), "") }
            let r = RepositoryScanner.scan(bytes, file: f.path, kind: f.kind)
            return (r.sites, r.skipped.map { SkippedFile(file: f.path, reason: $0) }, SHA256.hex(Array(f.path.utf8) + [0] + bytes))
        }
        var report = ScanReport(sites: results.flatMap(\.sites), skipped: walk.skipped + results.compactMap(\.skipped),
                                files: zip(files, results).compactMap { $1.skipped == nil ? $0.path : nil })
        // One digest for the tree as read: each file's (name and bytes) in path order.
        report.digest = SHA256.hex(Array(results.map(\.digest).joined(separator: "\n").utf8))
        return report
    }

    /// The stacks to report on, each with its chips: those named, or the stacks of every chip
    /// certified (for training or inference) on `asOf`.
    static func targets(_ named: [String], catalogue: Catalogue, asOf: Day) throws -> [(stack: Stack, chips: [String])] {
        if named.isEmpty { return MigrationSites.certifiedStacks(catalogue, asOf: asOf) }
        return try named.map { id in
            guard let stack = catalogue.stacks[id] else {
                let guess = Suggestion.closest(to: id, among: catalogue.stacks.keys.sorted())
                StandardStreams.error("chipfit: unknown stack `\(id)`\(guess.map { "; did you mean `\($0)`?" } ?? "") (`chipfit profiles list --kind stack`)\n")
                throw ExitCode(2)
            }
            return (stack, MigrationSites.chips(on: id, catalogue))
        }
    }
}
