@testable import ChipFitRender
import Testing

@Suite struct SourceTextLines {
    @Test func lfCrLfAndCrEndLines() {
        let t = SourceText("a\nb\r\nc\rd")
        #expect(t.lineCount == 4)
        #expect((1...4).map { t.line($0).map(String.init) } == ["a", "b", "c", "d"])
        #expect(t.line(0) == nil && t.line(5) == nil)
    }

    @Test func emptyLinesAndATrailingTerminator() {
        let t = SourceText("x\n\n\r\n")
        #expect(t.lineCount == 4)
        #expect(t.line(2) == "" && t.line(3) == "" && t.line(4) == "")
        #expect(SourceText("").line(1) == "")
    }

    @Test func unicodeLineBreaksCountAsLibyamlCountsThem() {
        let t = SourceText("a\u{2028}b\u{2029}c\u{85}d\ne → f")
        #expect((1...5).map { t.line($0).map(String.init) } == ["a", "b", "c", "d", "e → f"])
    }

    @Test func multiByteTextKeepsWholeCharacters() {
        let t = SourceText("名前: 值\n- é\u{301}")
        #expect(t.line(1) == "名前: 值")
        #expect(t.line(2) == "- é\u{301}")
    }
}
