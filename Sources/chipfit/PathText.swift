/// Paths as text, without touching the file system: what `URL(fileURLWithPath:)` and
/// `standardized` compute, without the `getcwd` and `stat` calls Foundation makes for each path.
///
/// Everything here works on UTF-8 bytes, as the file system does: a `/` followed by a
/// combining mark is one `Character` but still a separator, and two names that differ only in
/// Unicode normalisation are different directories.
enum PathText {
    private static let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")

    /// `path` made absolute against `cwd` (an absolute path), with empty and `.` components
    /// dropped and each `..` removing the component before it (RFC 3986 §5.2.4, as Foundation
    /// standardises file URLs: `..` at the root stays at the root).
    static func absolute(_ path: String, cwd: String) -> String {
        // Most paths are already in that form (pre-commit passes 2,000 of them): kept, or put
        // under `cwd`, without taking them apart.
        if isNormal(path) {
            if path.utf8.first == slash { return path }
            if cwd.utf8.first == slash, isNormal(cwd) { return child(path, of: cwd) }
        }
        var out: [UInt8] = []
        out.reserveCapacity(cwd.utf8.count + path.utf8.count + 1)
        // Where each kept component's leading `/` sits in `out`, so `..` can drop it.
        var starts: [Int] = []
        func append(_ text: String) {
            for component in text.utf8.split(separator: slash, omittingEmptySubsequences: true) {
                if component.elementsEqual([dot]) { continue }
                if component.elementsEqual([dot, dot]) {
                    if let last = starts.popLast() { out.removeSubrange(last...) }
                    continue
                }
                starts.append(out.count)
                out.append(slash)
                out.append(contentsOf: component)
            }
        }
        if path.utf8.first != slash { append(cwd) }
        append(path)
        return out.isEmpty ? "/" : String(decoding: out, as: UTF8.self)
    }

    /// Whether `path` is what `absolute` would make of it, apart from the working directory:
    /// not empty, no empty, `.` or `..` components, and no trailing `/` (but the root).
    static func isNormal(_ path: String) -> Bool {
        let bytes = path.utf8
        guard let first = bytes.first else { return false }
        if bytes.count == 1 { return first != dot }
        guard bytes.last != slash else { return false }
        // Every component after a leading `/` is neither empty, `.` nor `..`.
        return bytes.dropFirst(first == slash ? 1 : 0).split(separator: slash, omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && !$0.elementsEqual([dot]) && !$0.elementsEqual([dot, dot])
        }
    }

    /// `directory/name` (`/name` under the root, no doubled `/` after a directory written with
    /// a trailing one).
    static func child(_ name: String, of directory: String) -> String {
        directory.utf8.last == slash ? directory + name : directory + "/" + name
    }

    /// The directory holding `absolute` (an output of `absolute`): `/a/b.yaml` → `/a`, `/b` → `/`.
    static func parent(_ absolute: String) -> String {
        guard let slash = lastSlash(absolute), slash != 0 else { return "/" }
        return bytes(of: absolute, 0..<slash)
    }

    /// The last component of `absolute`: `/a/b.yaml` → `b.yaml`.
    static func name(_ absolute: String) -> String {
        guard let slash = lastSlash(absolute) else { return absolute }
        return bytes(of: absolute, (slash + 1)..<absolute.utf8.count)
    }

    /// The byte offset of the last `/`.
    private static func lastSlash(_ text: String) -> Int? {
        text.utf8.lastIndex(of: slash).map { text.utf8.distance(from: text.utf8.startIndex, to: $0) }
    }

    /// The bytes of `text` in `range` as a string. The ranges used here start and end at a `/`
    /// or the text's ends, so they are whole UTF-8 characters and come out unchanged.
    private static func bytes(of text: String, _ range: Range<Int>) -> String {
        String(decoding: text.utf8.dropFirst(range.lowerBound).prefix(range.count), as: UTF8.self)
    }

    /// `absolute` as shown: relative to `cwd` when below it, `.` when it is `cwd`.
    static func shown(_ absolute: String, cwd: String) -> String {
        let below = sharedPrefix(absolute, cwd)
        if below == 0 { return "." }
        guard below > 1 else { return absolute }
        return bytes(of: absolute, (cwd.utf8.count + 1)..<absolute.utf8.count)
    }

    /// `absolute` relative to `cwd` (both outputs of `absolute`), with `..` where it lies
    /// beside `cwd` rather than below it: `/r/profiles` from `/r/deploy` is `../profiles`.
    /// Paths that share only the root stay absolute.
    static func relative(_ absolute: String, from cwd: String) -> String {
        let a = absolute.utf8.split(separator: slash).map(Array.init), c = cwd.utf8.split(separator: slash).map(Array.init)
        var shared = 0
        while shared < a.count, shared < c.count, a[shared] == c[shared] { shared += 1 }
        if shared == 0, !c.isEmpty { return absolute }
        let up = Array(repeating: "..", count: c.count - shared)
        let down = a[shared...].map { String(decoding: $0, as: UTF8.self) }
        let parts = up + down
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// Whether `a` and `b` are the same bytes.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && sharedPrefix(a, b) == 0
    }

    /// Compares `path` with `directory` as bytes: 0 when they are equal, when `path` lies below
    /// `directory` the number of bytes from the `/` that follows it, else -1.
    private static func sharedPrefix(_ path: String, _ directory: String) -> Int {
        let p = path.utf8, d = directory.utf8
        guard p.starts(with: d) else { return -1 }
        if p.count == d.count { return 0 }
        return p.dropFirst(d.count).first == slash ? p.count - d.count : -1
    }
}
