import ChipFitSpec
import ChipFitPlanner
import Foundation
import Testing
import TestSupport

/// Every file in Tests/Fixtures/invalid states its expected findings in `# expect: CODE line:col`
/// lines (binary fixtures — UTF-16, invalid UTF-8, NUL — in a `NAME.yaml.expect` file beside
/// them); linked with the shipped catalogue it must yield exactly those, no more, no fewer.
/// Every one ends: limits stop the hostile ones (deep nesting, alias bombs) early.
@Suite struct BrokenFixtures {
    static let files = Repo.yamlFiles("Tests/Fixtures/invalid")

    @Test(arguments: files)
    func yieldsExactlyTheExpectedDiagnostics(path: String) {
        let bytes = Repo.read(path)
        let sidecar = FileManager.default.fileExists(atPath: Repo.path(path + ".expect")) ? Repo.read(path + ".expect") : bytes
        let expected = String(decoding: sidecar, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasPrefix("\u{FEFF}") ? $0.dropFirst() : $0 }
            .filter { $0.hasPrefix("# expect: ") }.map { String($0.dropFirst("# expect: ".count)) }
        #expect(!expected.isEmpty, "fixture states no expectation")
        let file = DocumentLoader.load(bytes, file: path)
        let found = Linker.link(shippedProfiles + [file]).diagnostics.filter { $0.file == path }
        #expect(summary(found).sorted() == expected.sorted(),
                "\(found.map { "\($0.code.rawValue) \($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)" })")
    }

    @Test func thereAreFixturesForEveryLayer() {
        #expect(Self.files.count >= 60)
    }
}
