#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to the standard streams with `write(2)`: all of the bytes, retried after
/// interruptions and short writes. (Foundation's `FileHandle` would pull the whole of
/// Foundation, and its locale data, into the binary for this alone.) Command output goes
/// through `OutputSink`, which turns a failed write into exit code 2; messages on standard
/// error are written here, where a failure has nowhere left to be reported.
enum StandardStreams {
    static func error(_ text: String) {
        var text = text
        _ = text.withUTF8 { write($0, to: 2) }
    }

    /// Nil when every byte was written, else the `errno` of the failed write.
    static func write(_ bytes: UnsafeBufferPointer<UInt8>, to fd: Int32) -> Int32? {
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
}
