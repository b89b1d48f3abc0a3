/// State that lives until the process exits. Freeing thousands of parsed files node by node
/// took a quarter of `validate`'s main-thread time; the kernel reclaims it all at exit.
enum ProcessLifetime {
    nonisolated(unsafe) private static var kept: [Any] = []

    /// Called from the command's task only, before it returns.
    static func keep(_ value: Any) { kept.append(value) }
}
