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
        abstract: "Print the generated field reference, diagnostic code list or rejection-code table (Markdown).",
        discussion: "Example: chipfit docs reference > docs/reference.md"
    )

    enum Topic: String, ExpressibleByArgument, CaseIterable {
        case reference, diagnostics, rejections
    }

    @Argument(help: "reference, diagnostics or rejections")
    var topic: Topic

    func run() throws {
        let r = FieldReferenceRenderer()
        let text = switch topic {
        case .reference: r.render()
        case .diagnostics: r.renderDiagnostics()
        case .rejections: r.renderRejectionCodes()
        }
        try emit(text, to: nil)
    }
}
