import ArgumentParser
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

/// Prints documentation generated from chipfit's own definitions.
struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Print the generated field reference or diagnostic code list (Markdown).",
        discussion: "Example: chipfit docs reference > docs/reference.md"
    )

    enum Topic: String, ExpressibleByArgument, CaseIterable {
        case reference, diagnostics
    }

    @Argument(help: "reference or diagnostics")
    var topic: Topic

    func run() throws {
        let r = FieldReferenceRenderer()
        let text = topic == .reference ? r.render() : r.renderDiagnostics()
        try emit(text, to: nil)
    }
}
