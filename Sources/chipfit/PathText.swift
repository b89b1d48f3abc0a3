#if canImport(Glibc)
import Glibc
#endif

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
            var text = text
            text.withUTF8 { bytes in
                var i = 0
                while i < bytes.count {
                    while i < bytes.count && bytes[i] == slash { i += 1 }
                    let start = i
                    while i < bytes.count && bytes[i] != slash { i += 1 }
                    switch i - start {
                    case 0: continue
                    case 1 where bytes[start] == dot: continue
                    case 2 where bytes[start] == dot && bytes[start + 1] == dot:
                        if let last = starts.popLast() { out.removeSubrange(last...) }
                        continue
                    default:
                        starts.append(out.count)
                        out.append(slash)
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    }
                }
            }
        }
        if path.utf8.first != slash { append(cwd) }
        append(path)
        return out.isEmpty ? "/" : String(decoding: out, as: UTF8.self)
    }

    /// Whether `path` is what `absolute` would make of it, apart from the working directory:
    /// not empty, no empty, `.` or `..` components, and no trailing `/` (but the root).
    static func isNormal(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            guard !bytes.isEmpty else { return false }
            if bytes.count == 1 { return bytes[0] != dot }
            guard bytes[bytes.count - 1] != slash else { return false }
            var start = bytes[0] == slash ? 1 : 0 // the current component's first byte
            for i in start...bytes.count where i == bytes.count || bytes[i] == slash {
                switch i - start {
                case 0: return false
                case 1 where bytes[start] == dot: return false
                case 2 where bytes[start] == dot && bytes[start + 1] == dot: return false
                default: start = i + 1
                }
            }
            return true
        }
    }

    /// `directory/name` in one allocation (`/name` under the root, no doubled `/` after a
    /// directory written with a trailing one): built for every file in a directory walk.
    static func child(_ name: String, of directory: String) -> String {
        var directory = directory, name = name
        return directory.withUTF8 { d in
            name.withUTF8 { n in
                let separator = d.last == slash ? 0 : 1
                return String(unsafeUninitializedCapacity: d.count + separator + n.count) { out in
                    if let base = d.baseAddress { UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: base, byteCount: d.count) }
                    if separator == 1 { out[d.count] = slash }
                    if let base = n.baseAddress {
                        UnsafeMutableRawPointer(out.baseAddress! + d.count + separator).copyMemory(from: base, byteCount: n.count)
                    }
                    return d.count + separator + n.count
                }
            }
        }
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
        var text = text
        return text.withUTF8 { $0.lastIndex(of: slash) }
    }

    /// The bytes of `text` in `range` as a string. The ranges used here start and end at a `/`
    /// or the text's ends, so they are whole UTF-8 characters and come out unchanged.
    private static func bytes(of text: String, _ range: Range<Int>) -> String {
        var text = text
        return text.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// `absolute` as shown: relative to `cwd` when below it, `.` when it is `cwd`.
    static func shown(_ absolute: String, cwd: String) -> String {
        let below = sharedPrefix(absolute, cwd)
        if below == 0 { return "." }
        guard below > 1 else { return absolute }
        return bytes(of: absolute, (cwd.utf8.count + 1)..<absolute.utf8.count)
    }

    /// Whether `a` and `b` are the same bytes.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && sharedPrefix(a, b) == 0
    }

    /// Compares `path` with `directory` as bytes: 0 when they are equal, when `path` lies below
    /// `directory` the number of bytes from the `/` that follows it, else -1.
    private static func sharedPrefix(_ path: String, _ directory: String) -> Int {
        var path = path, directory = directory
        return path.withUTF8 { p in
            directory.withUTF8 { d in
                guard p.count >= d.count, d.isEmpty || memcmp(p.baseAddress!, d.baseAddress!, d.count) == 0 else { return -1 }
                if p.count == d.count { return 0 }
                return p[d.count] == slash ? p.count - d.count : -1
            }
        }
    }
}
