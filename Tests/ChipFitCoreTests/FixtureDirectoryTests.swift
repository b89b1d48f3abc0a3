import ChipFitCore
import Foundation
import Testing
import TestSupport

/// Every file in Tests/Fixtures/invalid states its expected findings in `# expect: CODE line:col`
/// lines; linked with the shipped catalogue it must yield exactly those, no more, no fewer.
@Suite struct BrokenFixtures {
    static let files = Repo.yamlFiles("Tests/Fixtures/invalid")

    @Test(arguments: files)
    func yieldsExactlyTheExpectedDiagnostics(path: String) {
        let bytes = Repo.read(path)
        let expected = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix("# expect: ") }.map { String($0.dropFirst("# expect: ".count)) }
        #expect(!expected.isEmpty, "fixture states no expectation")
        let file = DocumentLoader.load(bytes, file: path)
        let found = Linker.link(shippedProfiles + [file]).diagnostics.filter { $0.file == path }
        #expect(summary(found).sorted() == expected.sorted(),
                "\(found.map { "\($0.code.rawValue) \($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)" })")
    }

    @Test func thereAreFixturesForEveryLayer() {
        #expect(Self.files.count >= 20)
    }
}
