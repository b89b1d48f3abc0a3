/// State that lives until the process exits: the kernel reclaims it at exit, so thousands of
/// parsed files are not freed node by node on the main thread.
enum ProcessLifetime {
    nonisolated(unsafe) private static var kept: [Any] = []

    /// Called from the command's task only, before it returns.
    static func keep(_ value: Any) { kept.append(value) }
}
