#if canImport(Glibc)
import Glibc
#endif

/// One directory's entries as the file system lists them, for the two walks of the CLI (the
/// YAML files `validate`, `check` and `plan` read, and the repository `scan` reads). Names are
/// the file system's bytes, not strings: a walk tests them (a YAML suffix, a leading dot)
/// before it makes strings of the few it keeps, and decides itself what a name that is not
/// UTF-8 means.
enum DirectoryListing {
    enum Kind { case directory, regular, link, other }

    struct Entry {
        var name: [UInt8]
        var kind: Kind
    }

    /// The entries of the directory at `path`, `.` and `..` left out, in the order the file
    /// system gives; nil when it cannot be read. `readdir`'s entry type spares a `stat` per
    /// entry; where a file system leaves it unknown, `lstat` tells.
    static func entries(of path: String) -> [Entry]? {
        guard let stream = opendir(path) else { return nil }
        defer { closedir(stream) }
        var entries: [Entry] = []
        while let entry = readdir(stream) {
            let start = UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!
            let name = Array(UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self),
                                                 count: strlen(start.assumingMemoryBound(to: CChar.self))))
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            let kind: Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_REG): kind = .regular
            case Int32(DT_LNK): kind = .link
            case Int32(DT_UNKNOWN): kind = lstatKind(directory: path, name: name)
            default: kind = .other
            }
            entries.append(Entry(name: name, kind: kind))
        }
        return entries
    }

    /// The kind `lstat` gives the entry `name` of `directory`, joined as bytes so that a name
    /// that is not UTF-8 is still found.
    private static func lstatKind(directory: String, name: [UInt8]) -> Kind {
        let joined = Array(directory.utf8) + [UInt8(ascii: "/")] + name + [0]
        var st = stat()
        let found = joined.withUnsafeBufferPointer { bytes in
            bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { lstat($0, &st) }
        }
        guard found == 0 else { return .other }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regular
        case S_IFLNK: return .link
        default: return .other
        }
    }
}
