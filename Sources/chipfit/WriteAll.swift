#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes every byte to `fd` with `write(2)`, retrying after interruptions and short writes.
/// Nil when all were written, else the `errno` of the failed write. The one write loop for
/// standard output, standard error and atomically replaced files.
func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to fd: Int32) -> Int32? {
    guard var next = bytes.baseAddress else { return nil }
    var left = bytes.count
    while left > 0 {
        #if canImport(Glibc)
        let n = Glibc.write(fd, next, left)
        #else
        let n = Darwin.write(fd, next, left)
        #endif
        if n < 0 {
            if errno == EINTR { continue }
            return errno
        }
        next += n
        left -= n
    }
    return nil
}
