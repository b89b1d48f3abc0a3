extension Unicode.Scalar {
    /// Horizontal blank space as Foundation's `CharacterSet.whitespaces` has it on Linux:
    /// the space separators (general category Zs), tab, and the zero-width space U+200B.
    public var isHorizontalBlank: Bool {
        self == " " || self == "\t" || self == "\u{200B}" || properties.generalCategory == .spaceSeparator
    }
}

extension StringProtocol {
    /// The text without horizontal blanks at either end.
    public var trimmingBlanks: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.isHorizontalBlank }),
              let end = scalars.lastIndex(where: { !$0.isHorizontalBlank }) else { return "" }
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}
