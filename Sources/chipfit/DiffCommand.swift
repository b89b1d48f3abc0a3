import ArgumentParser
import ChipFitSpec
import ChipFitPlanner
import ChipFitRender
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two plans (JSON from `chipfit plan --format json`): what changed per deployment.",
        discussion: """
            Example: after a new certification announcement
              chipfit plan --format json --output before.json deploy/
              (add the new list to profiles/certifications/)
              chipfit plan --format json --output after.json deploy/
              chipfit diff before.json after.json --fail-on-change
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, markdown }

    @Argument(help: ArgumentHelp("The earlier plan.", valueName: "old.json"))
    var old: String
    @Argument(help: ArgumentHelp("The later plan.", valueName: "new.json"))
    var new: String

    @Option(help: "Output format: table, json or markdown (for a pull-request comment).")
    var format: Format = .table

    @Flag(help: "Exit 1 when anything changed.")
    var failOnChange = false

    func run() throws {
        let changes: [PlanDiff.Change]
        do {
            let a = try InputFiles.read(old, limit: 64 << 20, pipes: true), b = try InputFiles.read(new, limit: 64 << 20, pipes: true)
            changes = try PlanDiff.compare(old: a, new: b, oldName: old, newName: new)
        } catch let e as InputFiles.Failure {
            StandardStreams.error("chipfit: \(e.description)\n")
            throw ExitCode(2)
        } catch let e as PlanDiff.InputError {
            StandardStreams.error("chipfit: \(e.description)\n")
            throw ExitCode(2)
        }
        let r = PlanDiffRenderer()
        try emit(format == .json ? r.json(changes) : format == .markdown ? r.markdown(changes) : r.table(changes), to: nil)
        if failOnChange && !changes.isEmpty { throw ExitCode(1) }
    }
}
