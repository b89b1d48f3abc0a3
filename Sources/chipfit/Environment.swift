#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's environment and executable, read through libc.
enum Environment {
    /// The variable's value, or nil when it is not set.
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The variable's value, or nil when it is not set or empty.
    static func nonEmpty(_ name: String) -> String? {
        value(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The running executable, links resolved. `/proc/self/exe` where the system has it:
    /// `argv[0]` is only the name typed when chipfit is found through `PATH`, which sent the
    /// profile search to the working directory instead of the installation.
    static var executable: String? {
        if let exe = InputFiles.realPath("/proc/self/exe") { return exe }
        guard let first = CommandLine.arguments.first else { return nil }
        // A bare name not in the working directory (a system without /proc): searched from the
        // working directory.
        return InputFiles.realPath(first) ?? PathText.absolute(first, cwd: FileManager.default.currentDirectoryPath)
    }
}
