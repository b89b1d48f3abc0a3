#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A file's text with the start of every line found once, so each excerpt is one lookup
/// rather than a split of the whole file into `Character`s. Lines end where libyaml counts a
/// line break (its marks give the line numbers): LF, CR LF, CR, NEL (U+0085), and the line
/// and paragraph separators U+2028 and U+2029.
struct SourceText: Sendable {
    let text: String
    /// UTF-8 offsets of line starts; one more entry than lines, the last being the end.
    private let starts: [Int]
    /// UTF-8 offsets where each line's text ends (before its terminator).
    private let ends: [Int]

    init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
        var starts = [0], ends: [Int] = []
        text.utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                ends.append(0)
                return
            }
            if memchr(base, 0x0D, bytes.count) == nil, memchr(base, 0xC2, bytes.count) == nil,
               memchr(base, 0xE2, bytes.count) == nil {
                // Only LF can end a line (the usual case): memchr from one LF to the next.
                var i = 0
                while let hit = memchr(base + i, 0x0A, bytes.count - i) {
                    let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                    ends.append(at)
                    starts.append(at + 1)
                    i = at + 1
                }
                ends.append(bytes.count)
                return
            }
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                var length = 0 // of the line break starting at i, if any
                if b == 0x0A {
                    length = 1
                } else if b == 0x0D {
                    length = i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
                } else if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0x85 {
                    length = 2 // NEL
                } else if b == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                    length = 3 // LS, PS
                }
                if length > 0 {
                    ends.append(i)
                    i += length
                    starts.append(i)
                } else {
                    i += 1
                }
            }
            ends.append(bytes.count)
        }
        self.starts = starts
        self.ends = ends
    }

    var lineCount: Int { ends.count }

    /// Line `number` (1-based) without its terminator, or nil past the end.
    func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= ends.count else { return nil }
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: starts[number - 1])
        let to = utf8.index(utf8.startIndex, offsetBy: ends[number - 1])
        return text[from..<to]
    }
}
