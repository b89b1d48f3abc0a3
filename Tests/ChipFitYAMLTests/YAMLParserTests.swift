import ChipFitYAML
import Testing
import TestSupport

private func parse(_ text: String, limits: YAMLLimits = .default) -> YAMLParseResult {
    YAMLParser.parse(Array(text.utf8), file: "test.yaml", limits: limits)
}

private func mapping(_ node: Node?) -> [Node.Entry] {
    guard case .mapping(let e)? = node?.content else { Issue.record("not a mapping"); return [] }
    return e
}

@Suite struct Locations {
    @Test func nodesCarryOneBasedLineAndColumn() {
        let m = Marked("⟦a⟧name: x\nmodel:\n  ⟦k⟧preset: ⟦v⟧llama\nlist:\n  - ⟦i⟧one\n")
        let r = parse(m.text)
        #expect(r.diagnostics.isEmpty)
        let entries = mapping(r.root)
        #expect(entries[0].keyLocation == m.location("a"))
        let model = mapping(entries[1].value)
        #expect(model[0].keyLocation == m.location("k"))
        #expect(model[0].value.location == m.location("v"))
        guard case .sequence(let items) = entries[2].value.content else { Issue.record("no list"); return }
        #expect(items[0].location == m.location("i"))
    }

    @Test func columnsCountCharactersNotBytes() {
        let m = Marked("éé: ⟦v⟧x\n")
        let r = parse(m.text)
        #expect(mapping(r.root)[0].value.location == m.location("v"))
        #expect(m.location("v").column == 5)
    }

    @Test func crlfLineEndingsCountOnce() {
        let r = parse("a: 1\r\nb: 2\r\nc: 3\r\n")
        #expect(mapping(r.root)[2].keyLocation.line == 3)
    }

    @Test func tabsInIndentationAreASyntaxErrorWithPosition() {
        let r = parse("a:\n\tb: 1\n")
        #expect(r.root == nil)
        #expect(r.diagnostics.map(\.code) == [.syntaxError])
        #expect(r.diagnostics[0].location?.line == 2)
    }

    @Test func syntaxErrorsAreLocated() {
        // libyaml stops at the `:` that cannot belong to the unclosed flow sequence.
        let m = Marked("a: 1\nb: [1, 2\nc⟦e⟧: 3\n")
        let r = parse(m.text)
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics[0].code == .syntaxError)
        #expect(r.diagnostics[0].location == m.location("e"))
        #expect(r.diagnostics[0].related.first?.location.line == 2)
    }

    @Test func unsupportedYAMLVersionIsASyntaxError() {
        let r = parse("%YAML 1.3\n---\na: 1\n")
        #expect(r.diagnostics.map(\.code) == [.syntaxError])
        #expect(r.diagnostics[0].message.contains("incompatible"))
    }
}

@Suite struct Policy {
    @Test func duplicateKeyIsReportedAtTheSecondWithTheFirstRelated() {
        let m = Marked("⟦1⟧a: 1\nb: 2\n⟦2⟧a: 3\n")
        let r = parse(m.text)
        #expect(r.diagnostics.count == 1)
        let d = r.diagnostics[0]
        #expect(d.code == .duplicateKey)
        #expect(d.location == m.location("2"))
        #expect(d.related.map(\.location) == [m.location("1")])
        // The first value wins; the duplicate is dropped.
        #expect(mapping(r.root).count == 2)
    }

    /// Keys compare as Swift strings do (canonical equivalence) in small and large mappings alike.
    @Test func canonicallyEquivalentKeysAreDuplicatesAtAnySize() {
        for filler in [0, 20] {
            let extra = (0..<filler).map { "k\($0): 1\n" }.joined()
            let r = parse(extra + "caf\u{E9}: 1\ncafe\u{301}: 2\n")
            #expect(r.diagnostics.map(\.code) == [.duplicateKey], "\(filler) other keys")
        }
        #expect(parse("alpha: 1\nbeta: 2\nalphabet: 3\n").diagnostics.isEmpty)
    }

    @Test func keyComparisonMatchesStringEquality() {
        let keys = ["a", "b", "ab", "K", "\u{212A}", "caf\u{E9}", "cafe\u{301}", "", "<<", "\u{E9}", "e\u{301}", "x\u{301}\u{323}", "x\u{323}\u{301}"]
        for a in keys {
            for b in keys { #expect(a.isSameKey(b) == (a == b), "\(a.unicodeScalars.map(\.value)) vs \(b.unicodeScalars.map(\.value))") }
        }
    }

    @Test func duplicateKeysInLargeMappings() {
        // Past 16 keys the builder switches from a linear scan to a hash table.
        for count in [15, 16, 17, 40] {
            let keys = (0..<count).map { "k\($0): 1\n" }.joined()
            let r = parse(keys + "k3: 2\n" + "k\(count - 1): 3\n")
            #expect(r.diagnostics.map(\.code) == [.duplicateKey, .duplicateKey], "\(count) keys")
            #expect(r.diagnostics.first?.related.first?.location.line == 4)
            #expect(r.diagnostics.last?.related.first?.location.line == count)
        }
    }

    @Test func duplicateKeysInNestedAndFlowMappings() {
        let m = Marked("x:\n  {p: 1, ⟦d⟧p: 2}\n")
        let r = parse(m.text)
        #expect(r.diagnostics.map(\.code) == [.duplicateKey])
        #expect(r.diagnostics[0].location == m.location("d"))
    }

    @Test func anchorsAliasesAndMergeKeysAreRefused() {
        let m = Marked("base: ⟦a⟧&b {x: 1}\nuse: ⟦u⟧*b\nmerged:\n  ⟦m⟧<<: {y: 2}\n")
        let r = parse(m.text)
        #expect(r.diagnostics.map(\.code) == [.anchorOrAlias, .anchorOrAlias, .mergeKey])
        #expect(r.diagnostics.map(\.location) == [m.location("a"), m.location("u"), m.location("m")])
    }

    @Test func billionLaughsEndsWithErrorsAndNoExpansion() {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = "bcdefghi".map(String.init)
        var previous = "a"
        for name in names {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = name
        }
        let r = parse(text)
        // One error per anchor and alias: 9 anchors + 72 aliases, never 9^9 nodes.
        #expect(r.diagnostics.allSatisfy { $0.code == .anchorOrAlias })
        #expect(r.diagnostics.count == 9 + 8 * 9)
    }

    @Test func explicitTagsAreRefused() {
        let m = Marked("cmd: ⟦t⟧!!python/object/apply:os.system [\"rm -rf /\"]\nx: ⟦c⟧!custom 1\n")
        let r = parse(m.text)
        #expect(r.diagnostics.map(\.code) == [.explicitTag, .explicitTag])
        #expect(r.diagnostics.map(\.location) == [m.location("t"), m.location("c")])
        #expect(r.diagnostics[0].message.contains("tag:yaml.org,2002:python/object/apply:os.system"))
    }

    @Test func nonScalarKeysAreRefused() {
        let r = parse("? [a, b]\n: 1\n")
        #expect(r.diagnostics.map(\.code) == [.nonScalarKey])
    }

    @Test func exactlyOneDocument() {
        let m = Marked("a: 1\n⟦d⟧---\nb: 2\n")
        let r = parse(m.text)
        #expect(r.root == nil)
        #expect(r.diagnostics.map(\.code) == [.multipleDocuments])
        #expect(r.diagnostics[0].location == m.location("d"))
    }

    @Test func emptyAndCommentOnlyFilesAreEmptyDocuments() {
        #expect(parse("").diagnostics.map(\.code) == [.emptyDocument])
        #expect(parse("# only a comment\n\n").diagnostics.map(\.code) == [.emptyDocument])
    }
}

@Suite struct Encoding {
    @Test func utf8ByteOrderMarkIsAccepted() {
        let r = YAMLParser.parse([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8), file: "t")
        #expect(r.diagnostics.isEmpty)
        #expect(mapping(r.root)[0].keyLocation.column == 1)
    }

    @Test func utf16IsRefused() {
        let le = YAMLParser.parse([0xFF, 0xFE, 0x61, 0x00, 0x3A, 0x00], file: "t")
        let be = YAMLParser.parse([0xFE, 0xFF, 0x00, 0x61, 0x00, 0x3A], file: "t")
        #expect(le.diagnostics.map(\.code) == [.invalidEncoding])
        #expect(le.diagnostics[0].message.contains("UTF-16 (little-endian)"))
        #expect(be.diagnostics.map(\.code) == [.invalidEncoding])
    }

    @Test func invalidUTF8IsLocatedFromTheByteOffset() {
        // Reader errors carry only a byte offset; line 2, after "é" (2 bytes, 1 column).
        let bytes = Array("a: 1\nb: é".utf8) + [0xFF] + Array("\n".utf8)
        let r = YAMLParser.parse(bytes, file: "t")
        #expect(r.diagnostics.map(\.code) == [.invalidEncoding])
        #expect(r.diagnostics[0].location == SourceLocation(file: "t", line: 2, column: 5))
        #expect(r.diagnostics[0].message.contains("0xFF"))
    }

    @Test func rawNULIsRefusedButEscapedNULIsKept() {
        let raw = YAMLParser.parse(Array("a: x".utf8) + [0] + Array("y\n".utf8), file: "t")
        #expect(raw.diagnostics.map(\.code) == [.invalidEncoding])
        #expect(raw.diagnostics[0].location == SourceLocation(file: "t", line: 1, column: 5))

        let escaped = parse("a: \"x\\0y\"\n")
        #expect(escaped.diagnostics.isEmpty)
        #expect(mapping(escaped.root)[0].value.scalar?.text == "x\u{0}y")
    }
}

@Suite struct Limits {
    @Test func deepFlowNestingStopsAtTheCap() {
        // 100,000 levels would take minutes in libyaml 0.2.5 (quadratic); the cap stops it at 64.
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let r = parse(text)
        #expect(r.root == nil)
        #expect(r.diagnostics.map(\.code) == [.nestingTooDeep])
        #expect(r.diagnostics[0].location?.column == 65)
    }

    @Test func deepBlockNestingStopsAtTheCap() {
        var text = ""
        for depth in 0..<200 { text += String(repeating: " ", count: depth) + "k:\n" }
        let r = parse(text, limits: YAMLLimits(maxDepth: 10))
        #expect(r.diagnostics.map(\.code) == [.nestingTooDeep])
        // Line 1 opens level 1, so line 11 opens the eleventh level.
        #expect(r.diagnostics[0].location?.line == 11)
    }

    @Test func nodeCountIsCapped() {
        let text = "[" + Array(repeating: "1", count: 1000).joined(separator: ",") + "]"
        let r = parse(text, limits: YAMLLimits(maxNodes: 100))
        #expect(r.diagnostics.map(\.code) == [.tooManyNodes])
    }

    @Test func scalarLengthIsCapped() {
        let r = parse("a: " + String(repeating: "x", count: 2000) + "\n", limits: YAMLLimits(maxScalarBytes: 1000))
        #expect(r.diagnostics.map(\.code) == [.scalarTooLong])
    }

    @Test func fileSizeIsCheckedBeforeParsing() {
        let r = parse(String(repeating: "#", count: 2000), limits: YAMLLimits(maxFileBytes: 1000))
        #expect(r.diagnostics.map(\.code) == [.fileTooLarge])
        #expect(r.diagnostics[0].message.contains("2000 bytes"))
    }
}

@Suite struct Scalars {
    @Test func scalarsKeepTheirTextAndStyle() {
        let r = parse("a: 1.10\nb: 'no'\nc: no\nd: ~\ne:\n")
        let e = mapping(r.root)
        #expect(e[0].value.scalar == Node.Scalar(text: "1.10", style: .plain))
        #expect(e[1].value.scalar == Node.Scalar(text: "no", style: .singleQuoted))
        #expect(e[2].value.scalar == Node.Scalar(text: "no", style: .plain))
        #expect(e[3].value.scalar?.isNull == true)
        #expect(e[4].value.scalar?.isNull == true)
        #expect(e[1].value.scalar?.isNull == false)
    }

    @Test func editDistanceAndSuggestions() {
        #expect(Suggestion.editDistance("kv_head", "kv_heads") == 1)
        #expect(Suggestion.editDistance("", "abc") == 3)
        #expect(Suggestion.closest(to: "kv_head", among: ["kv_heads", "head_dim"]) == "kv_heads")
        #expect(Suggestion.closest(to: "zzz", among: ["kv_heads", "head_dim"]) == nil)
        #expect(Suggestion.closest(to: "PHASE", among: ["phase"]) == "phase")
    }
}
