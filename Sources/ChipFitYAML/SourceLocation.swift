
/// A position in a source file. Line and column are 1-based; the column counts Unicode
/// scalars (characters as libyaml counts them), not bytes. Lines and columns past 4,294,967,295
/// (a file of several gigabytes) are clamped there.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    private var storedLine: UInt32
    private var storedColumn: UInt32

    public init(file: String, line: Int, column: Int) {
        self.file = file
        storedLine = UInt32(clamping: line)
        storedColumn = UInt32(clamping: column)
    }

    /// For readers that make many locations in one file.
    public init(in file: SourceFile, line: Int, column: Int) {
        self.init(file: file.name, line: line, column: column)
    }

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(clamping: newValue) }
    }

    /// Equal when the file names are equal as bytes (two names that differ only in Unicode
    /// normalisation are two files on disk), and the line and column are.
    public static func == (a: SourceLocation, b: SourceLocation) -> Bool {
        a.storedLine == b.storedLine && a.storedColumn == b.storedColumn && ExactName(a.file) == ExactName(b.file)
    }

    public func hash(into h: inout Hasher) {
        h.combine(ExactName(file))
        h.combine(storedLine)
        h.combine(storedColumn)
    }

    /// By file name (its UTF-8 bytes, as files are told apart), then line, then column.
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if ExactName(a.file) != ExactName(b.file) {
            return a.file.utf8.lexicographicallyPrecedes(b.file.utf8)
        }
        return (a.storedLine, a.storedColumn) < (b.storedLine, b.storedColumn)
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// The file a reader makes locations in.
public struct SourceFile: Sendable, Hashable {
    public let name: String
    public init(_ name: String) { self.name = name }
}

/// A string compared and hashed as its UTF-8 bytes. `String`'s own `==` takes canonically
/// equivalent spellings for one string, but file systems keep two names that differ only in
/// Unicode normalisation apart, and so must tables of file names.
public struct ExactName: Hashable, Sendable {
    public var name: String
    public init(_ name: String) { self.name = name }

    public static func == (a: ExactName, b: ExactName) -> Bool {
        a.name.utf8.elementsEqual(b.name.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        for byte in name.utf8 { hasher.combine(byte) }
    }
}
