#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard streams, written with `writeAll` (Foundation's `FileHandle` would pull the
/// whole of Foundation, and its locale data, into the binary for this alone). Command output goes
/// through `OutputSink`, which turns a failed write into exit code 2; messages on standard
/// error are written here, where a failure has nowhere left to be reported.
enum StandardStreams {
    /// Whether standard output was closed when chipfit started (`chipfit … >&-`).
    nonisolated(unsafe) private(set) static var outputWasClosed = false

    /// Descriptors 0–2 closed at start-up are taken by `/dev/null`, so no file chipfit opens
    /// can land on them and receive its output. A closed standard output is remembered:
    /// writing command output to it is then an I/O error, not output thrown away. Runs first
    /// thing in `main`, before any other thread exists.
    static func guardDescriptors() {
        for fd in Int32(0)...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            if fd == 1 { outputWasClosed = true }
            let null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if null >= 0, null != fd {
                dup2(null, fd)
                close(null)
            }
        }
    }

    static func error(_ text: String) {
        var text = text
        _ = text.withUTF8 { writeAll($0, to: 2) }
    }
}
