import ArgumentParser
import ChipFitCore
import ChipFitRender
import ChipFitYAML
import Foundation

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check deployment specs and profiles; report every problem with its file, line and column.",
        discussion: """
            Files and directories may be mixed; directories are searched for *.yaml and *.yml.
            With no paths, the profile catalogue itself is checked.

            Examples:
              chipfit validate examples/
              chipfit validate --format json deploy/*.yaml
              chipfit validate --strict --profiles ./profiles --profiles ./team-profiles specs/
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("Spec or profile files, or directories to search.", valueName: "path"))
    var paths: [String] = []

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Flag(help: "Fail (exit 1) on warnings too.")
    var strict = false

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var limits: LimitOptions

    func run() async throws {
        let session: ValidationSession
        do {
            session = try await ValidationSession.load(paths: paths, catalog: catalog, limits: limits.limits)
        } catch let failure as InputFiles.Failure {
            FileHandle.standardError.write(Data("chipfit: \(failure.description)\n".utf8))
            throw ExitCode(2)
        }
        let diagnostics = session.workspace.diagnostics
        let output: String
        switch format {
        case .json:
            output = DiagnosticsJSONRenderer().render(diagnostics, files: session.checkedFiles.count)
        case .text:
            output = DiagnosticsTextRenderer(color: Terminal.stdoutSupportsColor)
                .render(diagnostics, sources: session.sources, summary: session.summary)
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        if diagnostics.hasErrors || (strict && diagnostics.warningCount > 0) { throw ExitCode(1) }
    }
}

/// Everything `validate` (and later `plan`) needs from disk, loaded concurrently.
struct ValidationSession {
    var workspace: Workspace
    /// The files the user named (or the catalogue, when none were named).
    var checkedFiles: [String]
    var profileFiles: [String]
    /// Text of files with findings, for source excerpts.
    var sources: [String: String]
    /// SHA-256 of every file read (specs, profiles, referenced configs), for reports.
    var inputHashes: [ReportModel.Input]

    static func load(paths: [String], catalog: CatalogOptions, limits: YAMLLimits) async throws -> ValidationSession {
        let profileDirs = try InputFiles.profileDirectories(catalog.profiles)
        let profileFiles = profileDirs.flatMap(InputFiles.yamlFiles(under:))
        let expanded = try InputFiles.expand(paths)
        let named = expanded.map(\.path)
        let profileSet = Set(profileFiles.map(InputFiles.canonical))
        let extra = named.filter { !profileSet.contains(InputFiles.canonical($0)) }
        let all = profileFiles + extra
        var trees: [String: String] = [:]
        for (path, tree) in expanded { trees[path] = catalog.root ?? tree }

        let loaded = try await withThrowingTaskGroup(of: (Int, LoadedFile, [UInt8]).self) { group in
            for (index, path) in all.enumerated() {
                group.addTask {
                    let bytes = try InputFiles.read(path, limit: limits.maxFileBytes)
                    return (index, DocumentLoader.load(bytes, file: path, limits: limits), bytes)
                }
            }
            var results = [(LoadedFile, [UInt8])?](repeating: nil, count: all.count)
            for try await (i, file, bytes) in group { results[i] = (file, bytes) }
            return results.compactMap { $0 }
        }
        let files = loaded.map(\.0)
        let references = InputFiles.references(for: files, trees: trees, limit: limits.maxFileBytes)
        let workspace = Linker.link(files, references: references)
        let withFindings = Set(workspace.diagnostics.map(\.file) + workspace.diagnostics.flatMap { $0.related.map(\.location.file) })
        var sources: [String: String] = [:]
        for (file, bytes) in loaded where withFindings.contains(file.file) {
            sources[file.file] = String(decoding: bytes, as: UTF8.self)
        }
        var hashes = loaded.map { ReportModel.Input(path: $0.0.file, sha256: SHA256.hex($0.1)) }
        for (key, value) in references {
            guard case .success(let bytes) = value else { continue }
            let parts = key.split(separator: "\u{0}", maxSplits: 1).map(String.init)
            let base = URL(fileURLWithPath: parts[0]).deletingLastPathComponent()
            let path = parts[1].hasPrefix("/") ? parts[1] : base.appendingPathComponent(parts[1]).standardized.relativePath
            hashes.append(ReportModel.Input(path: path, sha256: SHA256.hex(bytes)))
        }
        return ValidationSession(workspace: workspace, checkedFiles: paths.isEmpty ? profileFiles : named,
                                 profileFiles: profileFiles, sources: sources, inputHashes: hashes)
    }

    var summary: String {
        let d = workspace.diagnostics
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
