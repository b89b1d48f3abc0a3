/// Converts byte offsets to 1-based line and column the way libyaml counts them:
/// line breaks are LF, CR, CR LF, NEL, LS and PS; columns count Unicode scalars.
enum TextPosition {
    static func location(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>, file: String) -> SourceLocation {
        var line = 1, column = 1
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let end = min(offset, bytes.count)
        while i < end {
            let b = bytes[i]
            if b == 0x0A || b == 0x0D {
                if b == 0x0D, i + 1 < end, bytes[i + 1] == 0x0A { i += 1 }
                line += 1; column = 1; i += 1
                continue
            }
            if b == 0xC2, i + 1 < end, bytes[i + 1] == 0x85 {
                line += 1; column = 1; i += 2
                continue
            }
            if b == 0xE2, i + 2 < end, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                line += 1; column = 1; i += 3
                continue
            }
            if b & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        // The loop counted the lead byte of every scalar before the offset, starting at 1.
        return SourceLocation(file: file, line: line, column: column)
    }
}
