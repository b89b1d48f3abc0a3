#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to standard output and standard error with `write(2)`: all of the text, retried
/// after interruptions and short writes. (Foundation's `FileHandle` would pull the whole of
/// Foundation, and its locale data, into the binary for this alone.)
enum StandardStreams {
    static func output(_ text: String) { write(text, to: 1) }
    static func error(_ text: String) { write(text, to: 2) }

    static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { write($0, to: fd) }
    }

    static func write(_ bytes: UnsafeBufferPointer<UInt8>, to fd: Int32) {
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            #if canImport(Glibc)
            let n = Glibc.write(fd, next, left)
            #else
            let n = Darwin.write(fd, next, left)
            #endif
            if n < 0 {
                if errno == EINTR { continue }
                return // a closed or failing stream: nothing better to do with the text
            }
            next += n
            left -= n
        }
    }
}
