@testable import ChipFitScan
import Testing

@Suite struct GitIgnoreRules {
    @Test func wildmatchAsGitHasIt() {
        #expect(GitIgnore.matches("**/build", "a/b/build") && GitIgnore.matches("**/build", "build"))
        #expect(GitIgnore.matches("src/**", "src/a/b.py") && !GitIgnore.matches("src/**", "src"))
        #expect(GitIgnore.matches("a/**/b", "a/b") && GitIgnore.matches("a/**/b", "a/x/y/b") && !GitIgnore.matches("a/**/b", "a/x/c"))
        #expect(GitIgnore.matches("*.py", "x.py") && !GitIgnore.matches("*.py", "d/x.py"), "a `*` stays in one name")
    }

    /// Patterns that made a backtracking matcher exponential, or recurse once per name, end at once.
    @Test func hostilePatternsEndAtOnce() {
        let deep = Array(repeating: "d", count: 40).joined(separator: "/") + "/x"
        #expect(!GitIgnore.matches(Array(repeating: "**", count: 30).joined(separator: "/") + "/zzz", deep))
        #expect(!GitIgnore.matches(Array(repeating: "*", count: 30).joined(separator: "/**/") + "/zzz", deep))
        #expect(!GitIgnore.matches(String(repeating: "**/", count: 300_000) + "zzz", deep))
    }

    @Test func lastRuleWinsAndDirectoriesOnly() {
        var g = GitIgnore()
        g.add("src/**\n!src/keep.py\nbuild/\n# comment\n", base: "")
        #expect(g.ignores("src/x.py", isDirectory: false) && !g.ignores("src/keep.py", isDirectory: false))
        #expect(g.ignores("build", isDirectory: true) && !g.ignores("build", isDirectory: false))
        var nested = GitIgnore()
        nested.add("/gen.py\n", base: "pkg")
        #expect(nested.ignores("pkg/gen.py", isDirectory: false) && !nested.ignores("pkg/sub/gen.py", isDirectory: false))
    }
}
