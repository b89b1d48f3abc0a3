import Foundation

/// Writes a file so that readers see the old contents or the new, never a mixture: a temp
/// file in the same directory, fsync, rename over the target, fsync of the directory. An
/// existing file's permission bits are kept; on any failure the target is untouched.
enum AtomicFile {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func write(_ text: String, to path: String) throws {
        try write(bytes: Array(text.utf8), to: path)
    }

    static func write(bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var mode: mode_t = 0o644
        var st = stat()
        if stat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFREG else { throw Failure(description: "\(path) exists and is not a regular file") }
            mode = st.st_mode & 0o7777
        }
        var template = Array((dir + "/.\(url.lastPathComponent).chipfit-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(description: "cannot create a temporary file in \(dir): \(String(cString: strerror(errno)))") }
        let tmp = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                close(fd)
                throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            written += n
        }
        guard fchmod(fd, mode) == 0, fsync(fd) == 0, close(fd) == 0 else {
            throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        guard rename(tmp, path) == 0 else {
            throw Failure(description: "cannot replace \(path): \(String(cString: strerror(errno)))")
        }
        ok = true
        let dfd = open(dir, O_RDONLY | O_DIRECTORY)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }
}
