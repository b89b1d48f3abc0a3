import ArgumentParser

/// The commands whose only positional argument is a list of files or directories.
protocol TakesPaths: ParsableCommand {
    var paths: [String] { get set }
}

/// Long lists of file names are kept away from the argument parser.
///
/// swift-argument-parser (1.8.2, `Sources/ArgumentParser/Parsing/ParsedValues.swift`,
/// `update(forKey:inputOrigin:initial:closure:)`) stores each value of a repeated argument by
/// copying the array of values and their origins parsed so far, so parsing is quadratic in
/// their number: 2,000 file names, which is what `pre-commit run --all-files` can pass, took
/// about 100 ms before chipfit read a byte. (apple/swift-argument-parser#234 made other
/// parsing steps constant-time; no upstream issue about this one was found.) The names are therefore taken off the end of
/// the command line before parsing and appended to the command's paths after it.
///
/// Only words that cannot be anything but paths are taken, and the first path stays for the
/// parser to see (the commands that need one would otherwise fail to parse). Every chipfit
/// option takes at most one value, so after the last word that starts with `-`, the first word
/// may be that option's value, the next may be the first path, and every later word is a path.
/// Taking a suffix keeps the paths in the order they were given.
enum TrailingPaths {
    static let commands = Set([Validate.configuration, PlanCommand.configuration, CheckCommand.configuration,
                               ReportCommand.configuration].compactMap(\.commandName))

    /// `arguments` without the program name: what to parse, and the paths taken off its end.
    static func split(_ arguments: [String]) -> (parse: [String], paths: [String]) {
        guard let command = arguments.first, commands.contains(command) else { return (arguments, []) }
        // The command name, or the last dash-led word and the word that may be its value; then
        // a word that may be the first path.
        let firstTaken = arguments.lastIndex { $0.hasPrefix("-") }.map { $0 + 3 } ?? 2
        guard firstTaken < arguments.count else { return (arguments, []) }
        return (Array(arguments[..<firstTaken]), Array(arguments[firstTaken...]))
    }
}

extension Validate: TakesPaths {}
extension PlanCommand: TakesPaths {}
extension CheckCommand: TakesPaths {}
extension ReportCommand: TakesPaths {}
