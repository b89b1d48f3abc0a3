import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Writes a file so that readers see the old contents or the new, never a mixture: a temp
/// file in the same directory, fsync, rename over the target, fsync of the directory. An
/// existing file's permission bits are kept; on any failure the target is untouched and the
/// temp file removed.
enum AtomicFile {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// The temp file being written, for the signal handler: an interrupted run removes it and
    /// leaves the target as it was. One output is written at a time.
    nonisolated(unsafe) static var pendingTemp: UnsafeMutablePointer<CChar>?

    private static let handlersInstalled: Bool = {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { s in
                if let p = AtomicFile.pendingTemp { unlink(p) }
                signal(s, SIG_DFL)
                raise(s)
            }
        }
        return true
    }()

    /// Streams a file's new contents in chunks; nothing replaces the target until `commit`.
    final class Writer {
        let path: String
        private let tmp: String
        private let dir: String
        private let mode: mode_t
        private var fd: Int32
        private var done = false

        init(path: String) throws {
            self.path = path
            let url = URL(fileURLWithPath: path)
            dir = url.deletingLastPathComponent().path
            var st = stat()
            // A new file gets the usual permissions under the user's umask; an existing one keeps its own.
            let mask = umask(0o022)
            umask(mask)
            var mode: mode_t = 0o666 & ~mask
            if stat(path, &st) == 0 {
                guard (st.st_mode & S_IFMT) == S_IFREG else { throw Failure(description: "\(path) exists and is not a regular file") }
                mode = st.st_mode & 0o7777
            }
            self.mode = mode
            var template = Array((dir + "/.\(url.lastPathComponent).chipfit-XXXXXX").utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw Failure(description: "cannot create a temporary file in \(dir): \(String(cString: strerror(errno)))") }
            tmp = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
            _ = AtomicFile.handlersInstalled
            AtomicFile.pendingTemp = strdup(tmp)
        }

        private func forgetTemp() {
            if let p = AtomicFile.pendingTemp {
                AtomicFile.pendingTemp = nil
                free(p)
            }
        }

        func write(_ bytes: [UInt8]) throws {
            if let failure = bytes.withUnsafeBufferPointer({ writeAll($0, to: fd) }) {
                throw Failure(description: "cannot write \(path): \(String(cString: strerror(failure)))")
            }
        }

        /// - Parameter replacing: false to fail, leaving the target alone, when it exists by now
        ///   (a hard link to the finished file cannot replace one; a rename would).
        func commit(replacing: Bool = true) throws {
            guard fchmod(fd, mode) == 0, fsync(fd) == 0 else {
                throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            close(fd)
            fd = -1
            if replacing {
                guard rename(tmp, path) == 0 else {
                    throw Failure(description: "cannot replace \(path): \(String(cString: strerror(errno)))")
                }
            } else {
                guard link(tmp, path) == 0 else {
                    let reason = errno == EEXIST ? "it exists; chipfit does not overwrite it" : String(cString: strerror(errno))
                    throw Failure(description: "cannot write \(path): \(reason)")
                }
                unlink(tmp)
            }
            done = true
            forgetTemp()
            let dfd = open(dir, O_RDONLY | O_DIRECTORY)
            if dfd >= 0 {
                fsync(dfd)
                close(dfd)
            }
        }

        func abort() {
            if fd >= 0 { close(fd); fd = -1 }
            if !done { unlink(tmp) }
            forgetTemp()
        }

        deinit { abort() }
    }
}

extension AtomicFile {
    /// Throws when `output` names one of `inputs`: the same device and inode, so another
    /// spelling of the path, a hard link or a symbolic link to it is caught too. An output that
    /// does not exist yet cannot be an input.
    static func refuseOverwriting(_ output: String, inputs: [String]) throws {
        var target = stat()
        guard stat(output, &target) == 0 else { return }
        for input in inputs {
            var st = stat()
            if stat(input, &st) == 0, st.st_dev == target.st_dev, st.st_ino == target.st_ino {
                throw Failure(description: "refusing to write \(output): it is the input \(input); choose another output file")
            }
        }
    }
}

/// Where a command's output goes: standard output, or a file replaced atomically at the end.
/// Small writes are gathered into one (a streamed plan writes a separator, then a deployment,
/// thousands of times); `finish` writes what is left.
final class OutputSink {
    private let file: AtomicFile.Writer?
    private var pending: [UInt8] = []
    /// Writes smaller than this are gathered; larger ones go straight through.
    private static let gather = 1 << 16

    /// - Parameter inputs: the files the command read; an output that is one of them is refused
    ///   before anything is written (`chipfit plan --output spec.yaml spec.yaml`).
    init(path: String?, inputs: [String] = []) throws {
        do {
            if let path { try AtomicFile.refuseOverwriting(path, inputs: inputs) }
            file = try path.map { try AtomicFile.Writer(path: $0) }
        } catch let failure as AtomicFile.Failure {
            StandardStreams.error("chipfit: \(failure.description)\n")
            throw ExitCode(2)
        }
    }

    func write(_ bytes: [UInt8]) throws {
        if pending.count + bytes.count <= Self.gather {
            pending += bytes
            return
        }
        try flush()
        if bytes.count < Self.gather { pending = bytes } else { try put(bytes) }
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        try put(pending)
        pending.removeAll(keepingCapacity: true)
    }

    private func put(_ bytes: [UInt8]) throws {
        do {
            if let file { try file.write(bytes); return }
            if StandardStreams.outputWasClosed, !bytes.isEmpty {
                throw AtomicFile.Failure(description: "cannot write to standard output: it is closed")
            }
            if let failure = bytes.withUnsafeBufferPointer({ writeAll($0, to: STDOUT_FILENO) }) {
                throw AtomicFile.Failure(description: "cannot write to standard output: \(String(cString: strerror(failure)))")
            }
        } catch let failure as AtomicFile.Failure {
            StandardStreams.error("chipfit: \(failure.description)\n")
            throw ExitCode(2)
        }
    }

    func finish() throws {
        try flush()
        do { try file?.commit() } catch let failure as AtomicFile.Failure {
            file?.abort()
            StandardStreams.error("chipfit: \(failure.description)\n")
            throw ExitCode(2)
        }
    }
}
