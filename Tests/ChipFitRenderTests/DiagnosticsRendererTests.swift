import ChipFitSpec
import ChipFitPlanner
@testable import ChipFitRender
import ChipFitYAML
import Testing
import TestSupport

private let source = """
    apiVersion: chipfit/v1
    kind: Deployment
    name: chat
    model:
      architecture:
    \tkv_head: 8
      preset: llama-3-8b
    """

private let diagnostics: [Diagnostic] = [
    .error(.unknownKey, "unknown key `kv_head` in `model.architecture`",
           at: SourceLocation(file: "spec.yaml", line: 6, column: 2), path: "model.architecture.kv_head",
           suggestion: "did you mean `kv_heads`?"),
    .error(.duplicateKey, "duplicate key `name`; it is already defined at line 3",
           at: SourceLocation(file: "spec.yaml", line: 7, column: 3), suggestion: "remove one of the two",
           related: [.init(message: "first definition of `name`", location: SourceLocation(file: "spec.yaml", line: 3, column: 1))]),
    .warning(.certificationIgnored, "certification is ignored \"quoted\"\n",
             at: SourceLocation(file: "spec.yaml", line: 2, column: 7)),
    Diagnostic(.error, .fileUnreadable, "cannot be read", file: "gone.yaml"),
].sorted(by: Diagnostic.ordered)

@Suite struct DiagnosticsRenderers {
    @Test func text() {
        let out = DiagnosticsTextRenderer(color: false)
            .render(diagnostics, sources: ["spec.yaml": source], summary: "checked 2 files: 3 errors, 1 warning")
        assertGolden(out, "diagnostics.txt")
        #expect(!out.contains("\u{1B}["))
    }

    @Test func textWithColourOnlyWhenAsked() {
        let out = DiagnosticsTextRenderer(color: true).render(diagnostics, sources: [:], summary: "")
        #expect(out.contains("\u{1B}[1;31merror[CF101]\u{1B}[0m"))
    }

    @Test func json() {
        assertGolden(DiagnosticsJSONRenderer().render(diagnostics, files: 2), "diagnostics.json")
    }

    @Test func jsonEscapesAndSortsKeys() {
        #expect(JSON.object(["b": .int(1), "a": .string("x\"\u{1}\n")]).rendered(pretty: false)
                == #"{"a":"x\"\u0001\n","b":1}"#)
        #expect(JSON.array([.number(0.45), .number(2), .number(.nan), .null]).rendered(pretty: false) == "[0.45,2,null,null]")
    }

    @Test func jsonObjectsStaySortedWhenEdited() {
        var o: JSONObject = ["m": .int(1), "c": .int(2)]
        o["x"] = .int(3)
        o["a"] = .int(4)
        o["m"] = .string("é") // replaced in place
        o["c"] = nil          // removed
        o["zz"] = nil         // absent: nothing happens
        #expect(o.keys == ["a", "m", "x"])
        #expect(o["m"] == .string("é") && o["c"] == nil && o.count == 3)
        #expect(JSON.object(o).rendered(pretty: false) == #"{"a":4,"m":"é","x":3}"#)
        #expect(JSONObject(["b": .null, "a": .bool(true)]).keys == ["a", "b"])
    }

    @Test func manyFindingsRenderAsEachAloneInOrder() {
        // More than one run of 128, so the text is assembled from parts rendered in parallel.
        let many = (0..<300).map { i in
            Diagnostic.warning(.unknownKey, "finding \(i)", at: SourceLocation(file: "f\(i % 7).yaml", line: 1 + i % 3, column: 2),
                               path: nil, suggestion: i % 2 == 0 ? "help \(i)" : nil)
        }
        let sources = Dictionary(uniqueKeysWithValues: (0..<7).map { ("f\($0).yaml", "a: 1\n b: 2\n  c: 3\n") })
        let r = DiagnosticsTextRenderer(color: false)
        let whole = r.render(many, sources: sources, summary: "end")
        let alone = many.map { r.render([$0], sources: sources, summary: "").dropLast() }.joined() + "end\n"
        #expect(whole == alone)
    }

    @Test func caretFollowsTabsAndTokenLength() {
        #expect(DiagnosticsTextRenderer.underline("\tkv_head: 8", column: 2) == "\t^~~~~~~") // seven characters of `kv_head`
        #expect(DiagnosticsTextRenderer.underline("a: bc", column: 4) == "   ^~")
        // Columns count characters (libyaml's marks), not bytes: `é`, `中` and `😀` are one each.
        #expect(DiagnosticsTextRenderer.underline("é中😀: x\u{301}yz", column: 6) == "     ^~~~")
        #expect(DiagnosticsTextRenderer.underline("name: 中文模型, x", column: 7) == "      ^~~~")
    }

    /// The first line of a finding is `file:line:col:` as one line whatever the file is
    /// called: control characters become spaces and only the line's ends are trimmed, so a
    /// name's leading blanks go and its trailing ones (before `:`) stay.
    @Test func firstLineNamesAnyFileOnOneLine() {
        func first(_ file: String, line: Int? = 3) -> String {
            let at = line.map { SourceLocation(file: file, line: $0, column: 5) }
            let d = at.map { Diagnostic.error(.unknownKey, "m", at: $0, path: nil, suggestion: nil) }
                ?? Diagnostic(.error, .unknownKey, "m", file: file)
            let text = DiagnosticsTextRenderer(color: false).render([d], sources: [:], summary: "")
            return String(text.prefix { $0 != "\n" })
        }
        #expect(first("a/b.yaml") == "a/b.yaml:3:5: error[CF101]: m")
        #expect(first(" lead.yaml") == "lead.yaml:3:5: error[CF101]: m")
        #expect(first("trail.yaml ") == "trail.yaml :3:5: error[CF101]: m")
        #expect(first("ctl\u{1}.yaml") == "ctl .yaml:3:5: error[CF101]: m")
        #expect(first("caf\u{E9}/\u{4E2D}.yaml") == "caf\u{E9}/\u{4E2D}.yaml:3:5: error[CF101]: m")
        #expect(first("\u{E9}.yaml") == "\u{E9}.yaml:3:5: error[CF101]: m")
        #expect(first("big.yaml", line: 1_234_567) == "big.yaml:1234567:5: error[CF101]: m")
        #expect(first("whole.yaml", line: nil) == "whole.yaml: error[CF101]: m")
    }
}

@Suite struct GeneratedDocs {
    @Test func fieldReferenceIsCurrent() {
        let onDisk = String(decoding: Repo.read("docs/reference.md"), as: UTF8.self)
        #expect(onDisk == FieldReferenceRenderer().render(),
                "docs/reference.md is stale: run `chipfit docs reference > docs/reference.md`")
    }

    @Test func rejectionCodeTableIsCurrent() throws {
        let plan = String(decoding: Repo.read("docs/plan.md"), as: UTF8.self)
        let start = try #require(plan.range(of: "a test fails when it drifts -->\n"))
        let end = try #require(plan.range(of: "<!-- end of generated table -->"))
        #expect(String(plan[start.upperBound..<end.lowerBound]) == FieldReferenceRenderer().renderRejectionCodes(),
                "docs/plan.md's rejection codes are stale: replace the table with `chipfit docs rejections`")
        // Every code the planner can give is in it.
        for code in Rejection.Code.allCases { #expect(plan.contains("| `\(code.rawValue)` |")) }
    }

    @Test func phaseRequiredFieldsAreMarkedRequiredForTheirPhase() {
        let reference = FieldReferenceRenderer().render()
        for (field, phase) in [("input_tokens", "inference"), ("output_tokens", "inference"), ("tokens", "training"),
                               ("sequence_length", "training"), ("global_batch_size", "training")] {
            let row = reference.split(separator: "\n").first { $0.hasPrefix("| `workload.\(field)` |") }
            #expect(row?.contains("| for \(phase) |") == true, "\(field): \(row ?? "no row")")
        }
    }

    @Test func diagnosticCodeListIsCurrent() {
        let onDisk = String(decoding: Repo.read("docs/diagnostics.md"), as: UTF8.self)
        #expect(onDisk == FieldReferenceRenderer().renderDiagnostics(),
                "docs/diagnostics.md is stale: run `chipfit docs diagnostics > docs/diagnostics.md`")
    }
}

@Suite struct OneLineMessages {
    @Test func controlCharactersBecomeSpacesAndBlankEndsAreTrimmed() {
        #expect(DiagnosticsTextRenderer.oneLine("plain text") == "plain text")
        #expect(DiagnosticsTextRenderer.oneLine("\ttwo\nlines\r\n") == "two lines")
        // Space separators other than U+0020 count as blank at the ends, as before.
        #expect(DiagnosticsTextRenderer.oneLine("\u{3000}\u{A0}wide\u{2003}") == "wide")
        #expect(DiagnosticsTextRenderer.oneLine("a\u{7F}b") == "a b")
        #expect(DiagnosticsTextRenderer.oneLine("\n\t ") == "")
        #expect(DiagnosticsTextRenderer.oneLine("é\u{301} kept") == "é\u{301} kept")
        // Foundation's `.whitespaces` (which this replaced) also trims the zero-width space.
        #expect(DiagnosticsTextRenderer.oneLine("\u{200B}msg\u{200B}") == "msg")
    }

    @Test func trimmingBlanksKeepsInnerSpaceAndOtherCharacters() {
        #expect(" \t low \u{A0}".trimmingBlanks == "low")
        #expect("a b".trimmingBlanks == "a b")
        #expect("\u{3000}".trimmingBlanks == "")
        #expect("\nx\n".trimmingBlanks == "\nx\n", "line breaks are not horizontal blanks")
    }
}
