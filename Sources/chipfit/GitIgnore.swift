#if canImport(Glibc)
import Glibc
#endif

/// The rules of the `.gitignore` files met on a walk, as git reads them: blank lines and `#`
/// comments skipped, `!` re-includes, a trailing `/` matches directories only, a pattern with a
/// `/` before its end is anchored to its file's directory, otherwise it matches a name at any
/// depth; `*`, `?` and `[…]` are shell patterns and `**` matches across directories. The last
/// rule that matches decides.
struct GitIgnore {
    private struct Rule {
        var pattern: String
        var negated: Bool
        var directoryOnly: Bool
        var anchored: Bool
        /// The directory of the `.gitignore`, relative to the walk's root ("" at the root).
        var base: String
    }

    private var rules: [Rule] = []

    /// Adds the rules of a `.gitignore` in `base` (relative to the root).
    mutating func add(_ text: String, base: String) {
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

    var isEmpty: Bool { rules.isEmpty }

    /// Whether `path` (relative to the root, `/`-separated) is ignored.
    func ignores(_ path: String, isDirectory: Bool) -> Bool {
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
    /// within one name, and a `**` name matches any number of names, none included.
    static func matches(_ pattern: String, _ path: String) -> Bool {
        matches(pattern.split(separator: "/")[...], path.split(separator: "/")[...])
    }

    private static func matches(_ pattern: ArraySlice<Substring>, _ names: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return names.isEmpty }
        if first == "**" {
            return (0...names.count).contains { matches(pattern.dropFirst(), names.dropFirst($0)) }
        }
        guard let name = names.first, fnmatch(String(first), String(name), 0) == 0 else { return false }
        return matches(pattern.dropFirst(), names.dropFirst())
    }
}
