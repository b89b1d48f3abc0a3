import ArgumentParser
import ChipFitSpec
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

/// What one run reads and how, after the command line, the environment and `.chipfit.yaml`
/// are combined. Precedence, highest first: an option on the command line; `$CHIPFIT_PROFILES`
/// (profile directories only); the repository's `.chipfit.yaml`; chipfit's defaults.
struct RunSettings {
    /// The configuration file in force, if any.
    var config: RepositoryConfig?
    /// The team's profile directories, added to the shipped catalogue (or alone, without it).
    var profiles: [String] = []
    /// Where `profiles` came from, for messages: `--profiles`, `$CHIPFIT_PROFILES`, the file.
    var profilesSource = "--profiles"
    /// Whether the shipped catalogue is under them.
    var shippedProfiles = true
    /// What to read when the command line names nothing.
    var defaultPaths: [String] = []
    /// Absolute patterns of files not to check.
    var exclude: [String] = []
    /// The configuration's baseline, as a path from the working directory.
    var baseline: String?

    /// The repository's top: the nearest directory from `cwd` upward that holds `.git`.
    static func repositoryTop(from cwd: String) -> String? {
        var dir = cwd
        while true {
            var st = stat()
            if stat(PathText.child(".git", of: dir), &st) == 0 { return dir }
            if dir == "/" { return nil }
            dir = PathText.parent(dir)
        }
    }

    /// The nearest `.chipfit.yaml` from `cwd` upward, not past the repository's top (the
    /// directory that holds `.git`; the file system's root outside a repository).
    static func findConfig(from cwd: String) -> String? {
        let top = repositoryTop(from: cwd) ?? "/"
        var dir = cwd
        while true {
            let candidate = PathText.child(RepositoryConfig.fileName, of: dir)
            if InputFiles.isRegularFile(candidate) { return candidate }
            if dir == top || dir == "/" { return nil }
            dir = PathText.parent(dir)
        }
    }

    /// Reads the configuration (`--config`, else the one found), then applies the command line.
    /// A configuration with errors stops the run (exit 2) with its findings: a CI gate must not
    /// pass on settings it could not read.
    static func resolve(_ options: CatalogueOptions) throws -> RunSettings {
        let cwd = FileManager.default.currentDirectoryPath
        var settings = RunSettings()
        let path: String? = options.noConfig ? nil : options.config ?? findConfig(from: cwd)
        if options.requireConfig, path == nil {
            StandardStreams.error("chipfit: no \(RepositoryConfig.fileName) found from \(cwd) up to the repository's top; write one (docs/configuration.md) or name it with --config\n")
            throw ExitCode(2)
        }
        if let path {
            let shownPath = path.hasPrefix("/") ? InputFiles.relativeIfPossible(path) : path
            let bytes: [UInt8]
            do { bytes = try InputFiles.read(path, limit: YAMLLimits.default.maxFileBytes) } catch let e as InputFiles.Failure {
                StandardStreams.error("chipfit: \(e.description)\n")
                throw ExitCode(2)
            }
            let (config, diagnostics) = RepositoryConfig.read(bytes, file: shownPath)
            if !diagnostics.isEmpty {
                let text = DiagnosticsTextRenderer(color: Terminal.stderrSupportsColor)
                    .render(diagnostics, sources: [shownPath: String(decoding: bytes, as: UTF8.self)],
                            summary: "\(shownPath): " + (config == nil ? "the configuration cannot be used" : "warnings"))
                StandardStreams.error(text)
            }
            guard let config else { throw ExitCode(2) }
            settings.config = config
            let base = PathText.parent(PathText.absolute(path, cwd: cwd))
            func shown(_ p: String) -> String { PathText.relative(PathText.absolute(p, cwd: base), from: cwd) }
            settings.profiles = config.profiles.map(shown)
            settings.profilesSource = "`profiles` in \(shownPath)"
            settings.shippedProfiles = config.shippedProfiles ?? true
            settings.defaultPaths = config.paths.map(shown)
            settings.exclude = config.exclude.map { PathText.absolute($0, cwd: base) }
            settings.baseline = config.baseline.map(shown)
        }
        if let env = Environment.value("CHIPFIT_PROFILES"), !env.isEmpty {
            settings.profiles = env.split(separator: ":").map(String.init)
            settings.profilesSource = "$CHIPFIT_PROFILES"
        }
        if !options.profiles.isEmpty {
            settings.profiles = options.profiles
            settings.profilesSource = "--profiles"
        }
        if options.noShippedProfiles { settings.shippedProfiles = false }
        if !settings.shippedProfiles && settings.profiles.isEmpty {
            StandardStreams.error("chipfit: without the shipped profiles the catalogue is empty; name a directory with --profiles DIR (or `profiles:` in .chipfit.yaml)\n")
            throw ExitCode(2)
        }
        return settings
    }

    /// The paths to read: those named, else the configuration's.
    func paths(_ named: [String]) -> [String] { named.isEmpty ? defaultPaths : named }

    /// Whether a file (by its absolute path) is excluded by the configuration.
    func excludes(_ absolute: String) -> Bool {
        exclude.contains { pattern in
            absolute == pattern || absolute.hasPrefix(pattern.hasSuffix("/") ? pattern : pattern + "/")
                || fnmatch(pattern, absolute, 0) == 0
        }
    }
}
