import Foundation

/// A position in a source file. Line and column are 1-based; the column counts
/// Unicode scalars (characters as libyaml counts them), not bytes.
///
/// Every node, key and value carries one, and they are copied at every step from parser to
/// report, so a location is three 32-bit integers: the file is an interned id (see
/// `FileNames`), not a `String` whose storage would be retained and released on every copy.
/// Lines and columns past 4,294,967,295 (a file of several gigabytes) are clamped there.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    let fileID: FileNames.ID
    private var storedLine: UInt32
    private var storedColumn: UInt32

    public init(file: String, line: Int, column: Int) {
        self.init(fileID: FileNames.id(for: file), line: line, column: column)
    }

    /// For readers that make many locations in one file: the name is interned once.
    public init(in file: SourceFile, line: Int, column: Int) {
        self.init(fileID: file.id, line: line, column: column)
    }

    init(fileID: FileNames.ID, line: Int, column: Int) {
        self.fileID = fileID
        storedLine = UInt32(clamping: line)
        storedColumn = UInt32(clamping: column)
    }

    public var file: String { FileNames.name(fileID) }
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(clamping: newValue) }
    }

    /// By file name (its UTF-8 bytes, as files are told apart), then line, then column.
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.fileID != b.fileID {
            var (x, y) = (a.file, b.file)
            return x.withUTF8 { p in y.withUTF8 { q in p.lexicographicallyPrecedes(q) } }
        }
        return (a.storedLine, a.storedColumn) < (b.storedLine, b.storedColumn)
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A file name interned for making locations (see `SourceLocation.init(in:line:column:)`).
public struct SourceFile: Sendable, Hashable {
    let id: FileNames.ID
    public init(_ name: String) { id = FileNames.id(for: name) }
    public var name: String { FileNames.name(id) }
}

/// A string compared and hashed as its UTF-8 bytes. `String`'s own `==` takes canonically
/// equivalent spellings for one string, but file systems keep two names that differ only in
/// Unicode normalisation apart, and so must tables of file names.
public struct ExactName: Hashable, Sendable {
    public var name: String
    public init(_ name: String) { self.name = name }

    public static func == (a: ExactName, b: ExactName) -> Bool {
        var (x, y) = (a.name, b.name)
        // Lengths first, then the bytes: paths in one run share long prefixes.
        return x.withUTF8 { p in
            y.withUTF8 { q in p.count == q.count && (p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) }
        }
    }

    public func hash(into hasher: inout Hasher) {
        var name = name
        name.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// File names seen by this process, each with a small id. Append-only: a name keeps its id
/// for the life of the process (a long-lived process keeps every distinct name it was given,
/// a few dozen bytes each). Names are compared as bytes, so two spellings of a path that
/// differ only in Unicode normalisation stay two files, as they are on disk.
enum FileNames {
    typealias ID = UInt32

    private struct Table {
        var ids: [ExactName: ID] = [:]
        var names: [String] = []
    }

    /// The table behind an `NSLock`, which ThreadSanitizer understands (it does not see the
    /// futex inside `Synchronization.Mutex` and reports every access as a race).
    private final class LockedTable: @unchecked Sendable {
        private let lock = NSLock()
        private var table = Table()

        func withLock<R>(_ body: (inout Table) -> R) -> R {
            lock.withLock { body(&table) }
        }
    }

    private static let table = LockedTable()

    static func id(for name: String) -> ID {
        let key = ExactName(name)
        return table.withLock { t in
            // Past four billion distinct names the last id is shared; no run comes close.
            let next = ID(clamping: t.names.count)
            // One probe finds the name or adds it with the next id (an inout access to the
            // defaulted subscript stores the default when the key is missing).
            func read(_ id: inout ID) -> ID { id }
            let id = read(&t.ids[key, default: next])
            if id == next, Int(next) == t.names.count { t.names.append(name) }
            return id
        }
    }

    static func name(_ id: ID) -> String {
        table.withLock { t in
            precondition(Int(id) < t.names.count, "file id \(id) was never interned")
            return t.names[Int(id)]
        }
    }
}
