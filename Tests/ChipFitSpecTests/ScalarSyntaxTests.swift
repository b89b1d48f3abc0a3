@testable import ChipFitSpec
@testable import ChipFitPlanner
import ChipFitYAML
import Foundation
import TestSupport
import Testing

/// The byte-level readers of versions, integers, numbers and ids (rewritten for speed) keep
/// the accepted language exactly: these cases pin it.
@Suite struct ScalarSyntax {
    @Test(arguments: [("2", [2]), ("2.3", [2, 3]), ("12.1.1", [12, 1, 1]), ("01.2", [1, 2]), ("1.2.3.4", [1, 2, 3, 4]),
                      ("999999", [999_999])])
    func versionsParse(text: String, parts: [Int]) {
        #expect(Version(text)?.parts == parts)
    }

    @Test(arguments: ["", ".", "1.", ".1", "1..2", "1.2.3.4.5", "1234567", "1.a", "v1", "1 ", "１.２", "-1"])
    func malformedVersionsAreRejected(text: String) {
        #expect(Version(text) == nil)
    }

    @Test func versionedSplitsAtTheFirstAt() {
        #expect(Versioned("vLLM@0.6.3")?.name == "vllm")
        #expect(Versioned("vllm@0.6.3")?.version == Version("0.6.3"))
        #expect(Versioned("nccl")?.version == nil)
        #expect(Versioned("a@b@c") == nil)
        #expect(Versioned("@1.0") == nil)
        #expect(Versioned("flash attn") == nil)
    }

    /// The byte-level reader against the rule written plainly (split at the first `@`, a name
    /// of ASCII letters, digits, `-`, `_` and `.` normalised as PEP 503 says, lower case with
    /// each run of `-`, `_` and `.` one `-`, then a version) over
    /// every string of up to four characters from an alphabet that exercises each branch.
    @Test func versionedMatchesItsRuleWrittenPlainly() {
        func reference(_ text: String) -> (String, Version?)? {
            let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0]
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic
                    || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }) else { return nil }
            let normalised = String(name).lowercased().replacing(/[-_.]+/, with: "-")
            guard parts.count == 2 else { return (normalised, nil) }
            guard let version = Version(String(parts[1])) else { return nil }
            return (normalised, version)
        }
        let alphabet = ["a", "Z", "1", ".", "-", "_", "@", " ", "é"]
        var strings = [""]
        for _ in 1...4 { strings += strings.filter { $0.count == strings.last!.count }.flatMap { s in alphabet.map { s + $0 } } }
        #expect(strings.count > 7_000)
        for text in strings {
            let got = Versioned(text), want = reference(text)
            #expect(got?.name == want?.0 && got?.version == want?.1, "\(text)")
        }
    }

    @Test func integersAreDecimalOnly() {
        #expect(SchemaValidator.integer("0") == 0)
        #expect(SchemaValidator.integer("-12") == -12)
        #expect(SchemaValidator.integer("-0") == 0)
        #expect(SchemaValidator.integer("9223372036854775807") == Int.max)
        #expect(SchemaValidator.integer("-9223372036854775808") == Int.min)
        #expect(SchemaValidator.integer("9223372036854775808") == nil)
        for bad in ["", "-", "012", "0x1F", "1_000", "1:30", "+5", "١٢", "99999999999999999999"] {
            #expect(SchemaValidator.integer(bad) == nil, "\(bad)")
        }
    }

    @Test func numbersAreDecimalOnly() {
        #expect(SchemaValidator.number("0.5") == 0.5)
        #expect(SchemaValidator.number("-1.5e3") == -1500)
        #expect(SchemaValidator.number("7") == 7)
        for bad in ["", ".5", "+1", "01", "00.5", ".inf", "nan", "1e999", "1_0", "0x10", "٣"] {
            #expect(SchemaValidator.number(bad) == nil, "\(bad)")
        }
    }

    @Test func identifiers() {
        for good in ["llama-3-8b", "9b", "a.b_c", String(repeating: "a", count: 128)] {
            #expect(SchemaValidator.isIdentifier(good), "\(good)")
        }
        for bad in ["", "-a", "_a", ".a", "Llama", "a b", "ä", String(repeating: "a", count: 129)] {
            #expect(!SchemaValidator.isIdentifier(bad), "\(bad)")
        }
    }

    @Test func trimmingSpacesTrimsOnlySpacesAndTabs() {
        #expect(" \ta b\t ".trimmingSpaces == "a b")
        #expect("ab".trimmingSpaces == "ab")
        #expect("\nab\n".trimmingSpaces == "\nab\n")
        #expect("   ".trimmingSpaces == "")
    }
}

/// The fields every stack profile needs, for tests about its free-form maps and lists.
private let stackHeader = """
    apiVersion: chipfit/v1
    kind: Stack
    id: s
    vendor: V
    name: S
    device: d
    collectives: {library: L, backend: b}
    precisions: [bf16]

    """

/// A deployment whose workload has a refused value (`output_tokens: -3`) and an unknown key.
private var badWorkload: Marked { Marked("""
    apiVersion: chipfit/v1
    kind: Deployment
    name: d
    model: {preset: p}
    ⟦workload⟧workload: {phase: inference, precision: bf16, input_tokens: ⟦512⟧512, ⟦outKey⟧output_tokens: -3, concurrency: 1, colour: red}
    """) }

@Suite struct ObjectMembers {
    private let at = SourceLocation(file: "f.yaml", line: 1, column: 1)

    @Test func keepsDocumentOrderAndFindsByName() {
        var o = Object(location: at, path: "p")
        o.set("b", at: at, Located(value: .integer(2), location: at, path: "p.b"))
        o.set("a", at: at, nil) // written, but its value failed validation
        o.set("c", at: at, Located(value: .string("x"), location: at, path: "p.c"))
        #expect(o.fields.map(\.name) == ["b", "c"])
        #expect(o.int("b") == 2 && o.string("c") == "x" && o.int("c") == nil)
        #expect(o.has("a") && o["a"] == nil && !o.has("d"))
        o.set("b", at: at, Located(value: .integer(3), location: at, path: "p.b"))
        #expect(o.int("b") == 3 && o.keys == ["b", "a", "c"])
    }

    /// A validated mapping reads through the parser's entries: unknown keys are not members,
    /// refused values are members without a value, and locations come from the parsed nodes.
    @Test func readsThroughTheParsedMapping() throws {
        let m = badWorkload
        let file = DocumentLoader.load(m.bytes, file: "test.yaml")
        let w = try #require(file.root?.object("workload"))
        #expect(w.keys == ["phase", "precision", "input_tokens", "output_tokens", "concurrency"])
        #expect(w.hasRefusedValues)
        #expect(w.has("output_tokens") && w["output_tokens"] == nil && w.int("output_tokens") == nil)
        #expect(w.keyLocation(of: "output_tokens") == m.location("outKey"))
        #expect(w.location(of: "output_tokens") == w.location) // refused: the mapping's place
        #expect(w.location(of: "input_tokens") == m.location("512"))
        #expect(w.int("input_tokens") == 512 && w["input_tokens"]?.path == "workload.input_tokens")
        #expect(!w.has("colour") && w.keyLocation(of: "colour") == nil && w.string("colour") == nil)
        // A member set after an unknown key of the same name is found.
        var o = w
        o.set("colour", at: m.location("workload"), Located(value: .string("blue"), location: m.location("512"), path: "x"))
        #expect(o.string("colour") == "blue" && o.keys.last == "colour" && o["colour"]?.path == "x")
        #expect(o.location(of: "colour") == m.location("512"))
    }

    /// `set` replaces a member in its place: a refused one becomes readable, a validated one
    /// set to nil reads as refused; the mapping it was copied from does not change.
    @Test func setReplacesInPlaceAndLeavesTheOriginal() throws {
        let m = badWorkload
        let w = try #require(DocumentLoader.load(m.bytes, file: "test.yaml").root?.object("workload"))
        var o = w
        o.set("output_tokens", at: m.location("workload"), Located(value: .integer(7), location: m.location("512"), path: "y"))
        #expect(o.keys == w.keys && o.int("output_tokens") == 7 && !o.hasRefusedValues)
        o.set("input_tokens", at: m.location("workload"), nil)
        #expect(o.has("input_tokens") && o.int("input_tokens") == nil && o.hasRefusedValues)
        #expect(o.location(of: "input_tokens") == o.location && o.keys == w.keys)
        // The original still reads as parsed.
        #expect(w.int("input_tokens") == 512 && w.int("output_tokens") == nil && w.location(of: "input_tokens") == m.location("512"))
    }

    /// A free-form map keeps every key as a member, refused values included, with paths under the map.
    @Test func freeFormMapsKeepRefusedMembers() throws {
        let stack = stackHeader + """
            sources: [a]
            components:
              vllm: {action: keep, effort: none, source: s}
              nccl: 3
            """
        let root = try #require(DocumentLoader.load(Array(stack.utf8), file: "s.yaml").root)
        let components = try #require(root.object("components"))
        #expect(components.keys == ["vllm", "nccl"] && components.hasRefusedValues)
        #expect(components.fields.map(\.value.path) == ["components.vllm"])
    }

    /// An imported config sets `head_dim` twice for MLA models: the second replaces the first in place.
    @Test func importedFieldsSetTwiceAreReplacedInPlace() throws {
        let at = SourceLocation(file: "spec.yaml", line: 4, column: 14)
        // DeepSeek-V3's config with a `head_dim` of its own: set from it first, then from MLA.
        let json = String(decoding: Repo.read("Tests/Fixtures/hf_configs/deepseek-v3.json"), as: UTF8.self)
            .replacingOccurrences(of: "\"qk_nope_head_dim\"", with: "\"head_dim\": 56, \"qk_nope_head_dim\"")
        let o = try HFConfigImporter.importConfig(Array(json.utf8), at: at, path: "model.hf_config").get()
        #expect(o.keys.filter { $0 == "head_dim" }.count == 1)
        #expect(o["head_dim"]?.path == "model.hf_config (qk_nope_head_dim)" && o.int("head_dim") == 192)
    }

    @Test func importedValuesMeetTheRangesWrittenOnesDo() throws {
        let at = SourceLocation(file: "spec.yaml", line: 4, column: 14)
        let llama = String(decoding: Repo.read("Tests/Fixtures/hf_configs/deepseek-v3.json"), as: UTF8.self)
        for (key, huge) in [("\"num_hidden_layers\"", "100000000000000"), ("\"n_routed_experts\"", "99999999999"),
                            ("\"kv_lora_rank\"", "999999999999")] {
            // The key's first occurrence gets the huge value; the rest of the config is unchanged.
            let range = try #require(llama.range(of: key))
            let end = try #require(llama[range.upperBound...].firstIndex { $0 == "," || $0 == "}" })
            let json = String(llama[..<range.upperBound]) + ": " + huge + String(llama[end...])
            let result = HFConfigImporter.importConfig(Array(json.utf8), at: at, path: "model.hf_config")
            #expect(result.failure?.message.contains("beyond what chipfit accepts") == true, "\(key): \(result)")
        }
    }
}

@Suite struct ParallelMapping {
    @Test(arguments: [0, 1, 63, 64, 1000])
    func resultsComeBackInIndexOrder(count: Int) {
        #expect(parallelMap(count) { $0 * $0 } == (0..<count).map { $0 * $0 })
    }
}

@Suite struct PrecisionTables {
    @Test func indexIsThePositionInAllCases() {
        #expect(Precision.allCases.map(\.index) == Array(0..<Precision.allCases.count))
    }
}

@Suite struct LocatedPaths {
    @Test func mapKeysAndListItemsKeepTheirPaths() throws {
        let stack = stackHeader + """
            sources: [a, b]
            components:
              '[x]': {action: keep, effort: none, source: s}
              '': {action: keep, effort: none, source: s}
              nccl: {action: keep, effort: none, source: s}
            """
        let file = DocumentLoader.load(Array(stack.utf8), file: "s.yaml")
        let root = try #require(file.root)
        let components = try #require(root.object("components"))
        #expect(components.fields.map(\.value.path) == ["components.[x]", "components.", "components.nccl"])
        #expect(root.list("sources")?.map(\.path) == ["sources[0]", "sources[1]"])
        var located = try #require(components["nccl"])
        located.path = "elsewhere"
        #expect(located.path == "elsewhere")
    }
}

@Suite struct PathJoining {
    @Test func joinsWithADot() {
        #expect(SchemaValidator.join("", "model") == "model")
        #expect(SchemaValidator.join("workload", "slo") == "workload.slo")
        #expect(SchemaValidator.join("a.b.c.d.e.f.g.h", "parallelism_expert") == "a.b.c.d.e.f.g.h.parallelism_expert")
        #expect(SchemaValidator.join("模型", "层") == "模型.层")
    }
}
