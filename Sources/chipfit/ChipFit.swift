import ArgumentParser
import ChipFitSpec
import ChipFitPlanner
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// The `chipfit` command. Only this target reads files, writes output and sets the exit code.
@main
struct ChipFit: ParsableCommand {
    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "chipfit",
        abstract: "Plan which certified AI chips can run your models, and what must change to get there.",
        discussion: """
            Exit codes: 0 no errors (warnings allowed unless --strict), 1 findings, 2 usage or I/O error.
            """,
        version: version,
        subcommands: [InitCommand.self, Validate.self, ScanCommand.self, PlanCommand.self, ExplainCommand.self, CheckCommand.self, ReportCommand.self, DiffCommand.self, ProfilesCommand.self, CalibrateCommand.self, SchemaCommand.self, Docs.self]
    )

    /// ArgumentParser exits with 64 on usage errors; chipfit promises 2 (see FORMATS.md).
    static func main() {
        PhaseTimings.start()
        StandardStreams.guardDescriptors()
        do {
            let given = Array(CommandLine.arguments.dropFirst())
            let (arguments, paths) = TrailingPaths.split(given)
            var command = try parseAsRoot(arguments)
            if var takesPaths = command as? any TakesPaths {
                takesPaths.paths += paths
                command = takesPaths
            }
            try command.run()
        } catch let code as ExitCode {
            Glibc.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error) // --help, --version
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { StandardStreams.error(message + "\n") }
            Glibc.exit(2)
        }
    }
}
