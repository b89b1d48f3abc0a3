import ChipFitYAML
import Testing

/// libyaml's syntax messages come with the fix people usually need.
@Suite struct SyntaxHints {
    private func suggestion(_ text: String) -> String? {
        YAMLParser.parse(Array(text.utf8), file: "f.yaml").diagnostics.first { $0.code == .syntaxError }?.suggestion
    }

    @Test func aTabInTheIndentation() {
        #expect(suggestion("a:\n\tb: 1\n") == "indent with spaces: YAML does not allow tabs in indentation")
    }

    @Test func aKeyIndentedUnlikeItsSiblings() {
        #expect(suggestion("name: x\n model:\n  preset: a\n")?.hasPrefix("check the indentation") == true)
        #expect(suggestion("model:\n  preset: a\n   kv: 1\n")?.hasPrefix("check the indentation") == true)
    }

    @Test func otherSyntaxErrorsGetNoGuess() {
        #expect(suggestion("a: [1, 2\n") == nil)
    }
}
