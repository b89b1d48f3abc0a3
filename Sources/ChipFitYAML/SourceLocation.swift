import Synchronization

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

    /// For the parser, which interns its file name once and makes many locations.
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

    /// By file name, then line, then column.
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.fileID != b.fileID {
            let (x, y) = (a.file, b.file)
            if x != y { return x < y }
        }
        return (a.storedLine, a.storedColumn) < (b.storedLine, b.storedColumn)
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// File names seen by this process, each with a small id. Append-only: a name keeps its id
/// for the life of the process. Names are compared as bytes, so two spellings of a path that
/// differ only in Unicode normalisation stay two files, as they are on disk.
enum FileNames {
    typealias ID = UInt32

    private struct Table {
        var ids: [[UInt8]: ID] = [:]
        var names: [String] = []
    }

    private static let table = Mutex(Table())

    static func id(for name: String) -> ID {
        let key = Array(name.utf8)
        return table.withLock { t in
            if let id = t.ids[key] { return id }
            // Past four billion distinct names the last id is shared; no run comes close.
            let id = ID(clamping: t.names.count)
            if Int(id) == t.names.count {
                t.names.append(name)
                t.ids[key] = id
            }
            return id
        }
    }

    static func name(_ id: ID) -> String {
        table.withLock { t in t.names[min(Int(id), t.names.count - 1)] }
    }
}
