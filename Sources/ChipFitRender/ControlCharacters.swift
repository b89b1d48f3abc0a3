/// Characters no text output may pass through as they are: C0 controls (U+0000–U+001F), DEL
/// and C1 controls (U+0080–U+009F). Terminals and CI logs act on them (ESC starts an ANSI
/// sequence, U+009B is a one-byte CSI), and they come from files and names a pull request
/// controls. Every text format replaces them with U+FFFD or escapes them.
enum ControlCharacters {
    static func contains(_ value: UInt32) -> Bool {
        value < 0x20 || (0x7F...0x9F).contains(value)
    }

    /// `text` with every control character but those in `kept` replaced by U+FFFD.
    static func replaced(in text: String, keeping kept: Set<Unicode.Scalar> = []) -> String {
        guard text.unicodeScalars.contains(where: { contains($0.value) && !kept.contains($0) }) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars { out.append(contains(s.value) && !kept.contains(s) ? "\u{FFFD}" : s) }
        return String(out)
    }
}
