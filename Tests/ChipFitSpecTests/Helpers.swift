@testable import ChipFitSpec
@testable import ChipFitPlanner
import ChipFitYAML
import Foundation
import Testing
import TestSupport

/// The shipped catalogue, loaded once.
let shippedProfiles: [LoadedFile] = Repo.yamlFiles("profiles").map {
    DocumentLoader.load(Repo.read($0), file: $0)
}

/// An evaluator for the one deployment of `spec` on the chip `chip`, linked with `profiles`
/// (the shipped catalogue, unless a test edits a profile).
func evaluator(spec: String, chip: String, precision: PrecisionChoice,
               profiles: [LoadedFile] = shippedProfiles) throws -> Evaluator {
    let ws = Linker.link(profiles + [DocumentLoader.load(Array(spec.utf8), file: "inline.yaml")])
    let d = try #require(ws.deployments.first, "\(ws.diagnostics)")
    let profile = try #require(ws.catalogue.chips[chip])
    return Evaluator(deployment: d.deployment, shape: ModelShape(d.architecture), chip: profile,
                     stack: ws.catalogue.stacks[profile.stack], precision: precision)
}

func load(_ m: Marked, file: String = "test.yaml") -> LoadedFile {
    DocumentLoader.load(m.bytes, file: file)
}

/// Links `files` with the shipped catalogue and returns the findings about `file`.
func linkedDiagnostics(_ files: [LoadedFile], about file: String = "test.yaml",
                       references: Linker.References = [:]) -> [Diagnostic] {
    Linker.link(shippedProfiles + files, references: references).diagnostics.filter { $0.file == file }
}

/// `CODE line:col` of each diagnostic, for compact exact comparisons.
func summary(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.sorted(by: Diagnostic.ordered).map {
        "\($0.code.rawValue) \($0.location.map { "\($0.line):\($0.column)" } ?? "-")"
    }
}

func summary(_ m: Marked, _ marks: [(DiagnosticCode, String)]) -> [String] {
    marks.map { code, mark in
        let l = m.location(mark)
        return "\(code.rawValue) \(l.line):\(l.column)"
    }.sorted { a, b in
        let pa = a.split(separator: " ")[1].split(separator: ":").map { Int($0)! }
        let pb = b.split(separator: " ")[1].split(separator: ":").map { Int($0)! }
        return pa != pb ? pa.lexicographicallyPrecedes(pb) : a < b
    }
}
