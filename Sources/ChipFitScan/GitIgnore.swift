#if canImport(Glibc)
import Glibc
#endif

/// The rules of the `.gitignore` files met on a walk, as git reads them: blank lines and `#`
/// comments skipped, `!` re-includes, a trailing `/` matches directories only, a pattern with a
/// `/` before its end is anchored to its file's directory, otherwise it matches a name at any
/// depth; `*`, `?` and `[…]` are shell patterns and `**` matches across directories. The last
/// rule that matches decides.
public struct GitIgnore {
    private struct Rule {
        var pattern: String
        var negated: Bool
        var directoryOnly: Bool
        var anchored: Bool
        /// The directory of the `.gitignore`, relative to the walk's root ("" at the root).
        var base: String
    }

    private var rules: [Rule] = []

    public init() {}

    /// Adds the rules of a `.gitignore` in `base` (relative to the root).
    public mutating func add(_ text: String, base: String) {
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var line = String(raw)
            while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line.removeLast() }
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            var negated = false
            if line.hasPrefix("!") { negated = true; line.removeFirst() }
            if line.hasPrefix("\\") { line.removeFirst() }
            var directoryOnly = false
            if line.hasSuffix("/") { directoryOnly = true; line.removeLast() }
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line.removeFirst() }
            guard !line.isEmpty else { continue }
            rules.append(Rule(pattern: line, negated: negated, directoryOnly: directoryOnly, anchored: anchored, base: base))
        }
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// Whether `path` (relative to the root, `/`-separated) is ignored.
    public func ignores(_ path: String, isDirectory: Bool) -> Bool {
        var ignored = false
        let name = path.split(separator: "/").last.map(String.init) ?? path
        for rule in rules {
            if rule.directoryOnly && !isDirectory { continue }
            let relative: String
            if rule.base.isEmpty {
                relative = path
            } else if path.hasPrefix(rule.base + "/") {
                relative = String(path.dropFirst(rule.base.count + 1))
            } else {
                continue
            }
            let matched = rule.anchored ? Self.matches(rule.pattern, relative) : Self.matches(rule.pattern, name)
            if matched { ignored = !rule.negated }
        }
        return ignored
    }

    /// A git wildmatch of `pattern` against `path`, name by name: `*`, `?` and `[…]` stay
    /// within one name; a `**` name matches any number of names (at the end of a pattern, at
    /// least one, as git has it: `src/**` is what is inside `src`, not `src` itself). Runs of
    /// `**` count as one. Linear in names × pattern names, whatever the pattern (a table of
    /// which prefixes match, not a search that backtracks).
    static func matches(_ pattern: String, _ path: String) -> Bool {
        var p: [Substring] = []
        for part in pattern.split(separator: "/") where !(part == "**" && p.last == "**") { p.append(part) }
        let names = path.split(separator: "/")
        guard p.count <= 256 else { return false } // no real pattern is this deep; refuse rather than work
        // reach[j]: the first i pattern names can match the first j path names.
        var reach = [Bool](repeating: false, count: names.count + 1)
        reach[0] = true
        for (i, part) in p.enumerated() {
            var next = [Bool](repeating: false, count: names.count + 1)
            if part == "**" {
                let atEnd = i == p.count - 1
                var any = false
                for j in 0...names.count {
                    // Zero names, or any number after a matched prefix; at the end, at least one.
                    if atEnd { next[j] = any; any = any || reach[j] } else { any = any || reach[j]; next[j] = any }
                }
            } else {
                let text = String(part)
                for j in 1...max(1, names.count) where j <= names.count && reach[j - 1] {
                    next[j] = fnmatch(text, String(names[j - 1]), 0) == 0
                }
            }
            reach = next
        }
        return reach[names.count]
    }
}
