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

/// Browse the catalogue: `chipfit profiles list` and `chipfit profiles show ID`.
struct ProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "Browse the profile catalogue (chips, stacks, models, certification lists).",
        subcommands: [List.self, Show.self]
    )

    enum KindOption: String, ExpressibleByArgument, CaseIterable {
        case chip, stack, model, certification, calibration

        init?(argument: String) { self.init(rawValue: KindName.canonical(argument)) }

        var kind: Kind {
            switch self {
            case .chip: .chip
            case .stack: .stack
            case .model: .model
            case .certification: .certificationList
            case .calibration: .calibration
            }
        }
    }

    static func catalogue(_ options: CatalogueOptions, _ limits: LimitOptions) throws -> ValidationSession {
        let session = try loadOrExit(paths: [], catalogue: options, limits: limits.limits, catalogueOnly: true)
        reportFindings(session)
        return session
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List profiles, one table per kind.",
            discussion: "Examples:\n  chipfit profiles list\n  chipfit profiles list --kind chip --format json")

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

        @Option(help: "Only this kind: chip, stack, model, certification or calibration.")
        var kind: KindOption?

        @Option(help: "Output format: table or json.")
        var format: Format = .table

        @OptionGroup var catalogueOptions: CatalogueOptions
        @OptionGroup var limits: LimitOptions

        func run() throws {
            let session = try ProfilesCommand.catalogue(catalogueOptions, limits)
            let catalogue = session.workspace.catalogue
            let kinds = kind.map { [$0.kind] } ?? [.chip, .stack, .model, .certificationList]
                + (catalogue.calibrations.isEmpty ? [] : [.calibration])
            let r = ProfilesRenderer()
            try emit(format == .json ? r.json(catalogue, kinds: kinds) : r.table(catalogue, kinds: kinds), to: nil)
            if session.workspace.diagnostics.hasErrors { throw ExitCode(1) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a profile as written, with its sources and comments.",
            discussion: "Example: chipfit profiles show ascend-910b")

        @Argument(help: ArgumentHelp("Profile id.", valueName: "id"))
        var id: String

        @Option(help: "Only this kind, when an id is used by more than one kind.")
        var kind: KindOption?

        @OptionGroup var catalogueOptions: CatalogueOptions
        @OptionGroup var limits: LimitOptions

        func run() throws {
            let session = try ProfilesCommand.catalogue(catalogueOptions, limits)
            let matches = session.workspace.files.filter {
                $0.identity?.name == id && $0.kind != .deployment && $0.kind != .measurement && (kind == nil || $0.kind == kind!.kind)
            }
            guard !matches.isEmpty else {
                let ids = session.workspace.files.compactMap(\.identity?.name)
                let guess = Suggestion.closest(to: id, among: ids)
                StandardStreams.error("chipfit: no profile `\(id)`\(guess.map { "; did you mean `\($0)`?" } ?? "")\n")
                throw ExitCode(2)
            }
            var out = ""
            for file in matches {
                let bytes = try session.contents[file.file] ?? InputFiles.read(file.file, limit: limits.maxFileBytes)
                out += "# \(file.file) (\(file.kind?.rawValue ?? "?"))\n" + String(decoding: bytes, as: UTF8.self)
                if !out.hasSuffix("\n") { out += "\n" }
            }
            try emit(out, to: nil)
        }
    }
}
