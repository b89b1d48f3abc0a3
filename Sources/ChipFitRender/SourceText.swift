#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A file's text with the start of every line found once (LF, CR LF or CR end a line), so
/// each excerpt is one lookup rather than a split of the whole file into `Character`s.
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
            if memchr(base, 0x0D, bytes.count) == nil {
                // No CR (the usual case): memchr from one LF to the next.
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
                if b == 0x0A || b == 0x0D {
                    ends.append(i)
                    i += b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
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
