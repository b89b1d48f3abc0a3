import ArgumentParser
import ChipFitRender
import ChipFitSpec
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

    @Argument(help: ArgumentHelp("With `diagnostics`: only this code, e.g. CF101.", valueName: "code"))
    var code: String?

    func validate() throws {
        guard let code else { return }
        guard topic == .diagnostics else { throw ValidationError("a code goes with `chipfit docs diagnostics CODE`") }
        guard DiagnosticCode.named(code.uppercased()) != nil else {
            let guess = Suggestion.closest(to: code.uppercased(), among: DiagnosticCode.all.map(\.rawValue))
            throw ValidationError("unknown diagnostic code '\(code)'" + (guess.map { "; did you mean \($0)?" } ?? ""))
        }
    }

    func run() throws {
        let r = FieldReferenceRenderer()
        let text = switch topic {
        case .reference: r.render()
        case .diagnostics: code.flatMap { DiagnosticCode.named($0.uppercased()) }.map(r.renderDiagnostic) ?? r.renderDiagnostics()
        case .rejections: r.renderRejectionCodes()
        }
        try emit(text, to: nil)
    }
}
