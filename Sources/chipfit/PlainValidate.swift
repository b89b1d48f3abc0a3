/// `chipfit validate [PATH...]` with no option at all, which is what pre-commit hooks and most
/// CI scripts run, is recognised without swift-argument-parser.
///
/// Building the parser's view of the command tree (reflecting every option of the command,
/// checking for a completion-script request, and the Swift runtime's first lookups of the
/// protocol conformances it casts to) is about 14 M instructions: 1.3 ms on a fast machine,
/// 4 ms on a slow one, before chipfit reads a byte, for a command line whose meaning is fixed.
/// Any word that starts with `-` (an option, `--help`, `--`) sends the whole command line to
/// the parser; a test checks that both read such command lines the same way.
enum PlainValidate {
    /// The paths, when `arguments` (without the program name) are `validate` and words that
    /// cannot be options.
    static func paths(_ arguments: [String]) -> [String]? {
        guard arguments.first == Validate.configuration.commandName,
              !arguments.dropFirst().contains(where: { $0.hasPrefix("-") }) else { return nil }
        return Array(arguments.dropFirst())
    }
}
