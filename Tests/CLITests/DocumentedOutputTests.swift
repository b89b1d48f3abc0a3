import Foundation
import Testing
import TestSupport

/// Every command output shown in README.md and docs/ is what today's chipfit prints. A shown
/// output is marked in the Markdown source by the comment before its code block:
///
///     <!-- chipfit-output: chipfit plan --as-of 2026-11-29 examples/support-chat.yaml; first 9 lines -->
///
/// with optional `in DIR;` before the command (run from DIR, relative to the repository) and
/// `; first N lines` after it (the block then ends with a line `…`). The block holds the command
/// line after `$ ` and then its standard output. `RECORD_GOLDEN=1 swift test --filter
/// DocumentedOutput` rewrites the blocks from today's output.
@Suite struct DocumentedOutput {
    struct Shown {
        var file: String
        var directory: String?
        var arguments: [String]
        var lines: Int?
        /// Line indices of the block's content in the file (between the fences).
        var content: Range<Int>
    }

    static let documents = ["README.md"] + ((try? FileManager.default.contentsOfDirectory(atPath: Repo.path("docs"))) ?? [])
        .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }

    static func shown(in file: String, _ lines: [Substring]) -> [Shown] {
        var result: [Shown] = []
        let marker = "<!-- chipfit-output: "
        for (i, line) in lines.enumerated() where line.hasPrefix(marker) && line.hasSuffix(" -->") {
            var spec = line.dropFirst(marker.count).dropLast(4).split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            var directory: String?
            if let first = spec.first, first.hasPrefix("in ") { directory = String(first.dropFirst(3)); spec.removeFirst() }
            var count: Int?
            if let last = spec.last, last.hasPrefix("first "), last.hasSuffix(" lines") {
                count = Int(last.dropFirst(6).dropLast(6)); spec.removeLast()
            }
            guard spec.count == 1, spec[0].hasPrefix("chipfit "), i + 1 < lines.count, lines[i + 1].hasPrefix("```"),
                  let close = lines[(i + 2)...].firstIndex(where: { $0.hasPrefix("```") }) else { continue }
            result.append(Shown(file: file, directory: directory, arguments: spec[0].split(separator: " ").dropFirst().map(String.init),
                                lines: count, content: (i + 2)..<close))
        }
        return result
    }

    static func expected(_ s: Shown) throws -> [String] {
        let run = try Run(s.arguments, cwd: s.directory.map(Repo.path) ?? Repo.root.path)
        var out = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if out.last == "" { out.removeLast() }
        if let n = s.lines, out.count > n { out = Array(out.prefix(n)) + ["…"] }
        return ["$ chipfit " + s.arguments.joined(separator: " ")] + out
    }

    @Test func theDocumentsShowOutputs() {
        let all = Self.documents.flatMap { file in
            Self.shown(in: file, String(decoding: Repo.read(file), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false))
        }
        #expect(all.count >= 4, "the marked outputs were not found: \(all.map(\.file))")
        #expect(all.contains { $0.file == "README.md" && $0.arguments.first == "plan" })
    }

    @Test(arguments: documents)
    func everyShownOutputIsTodays(file: String) throws {
        let text = String(decoding: Repo.read(file), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let shown = Self.shown(in: file, lines.map { Substring($0) })
        let record = ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"
        // From the end, so replacing a block keeps the earlier blocks' line numbers.
        for s in shown.reversed() {
            let expected = try Self.expected(s)
            if record {
                lines.replaceSubrange(s.content, with: expected)
            } else {
                #expect(Array(lines[s.content]) == expected,
                        "\(file):\(s.content.lowerBound): shown output of `chipfit \(s.arguments.joined(separator: " "))` is stale; RECORD_GOLDEN=1 swift test --filter DocumentedOutput")
            }
        }
        if record { try lines.joined(separator: "\n").write(toFile: Repo.path(file), atomically: true, encoding: .utf8) }
    }
}
