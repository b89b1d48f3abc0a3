import ChipFitYAML
import Foundation

/// YAML with position markers: `⟦name⟧` is removed from the text and remembered as the
/// 1-based line and column (in Unicode scalars) of the character that follows it, so a
/// test states "the error is here" in the fixture itself instead of in numbers.
public struct Marked {
    public let text: String
    public let marks: [String: (line: Int, column: Int)]

    public init(_ source: String) {
        var text = ""
        var marks: [String: (Int, Int)] = [:]
        var line = 1, column = 1
        var rest = Substring(source)
        while !rest.isEmpty {
            if rest.hasPrefix("⟦"), let close = rest.firstIndex(of: "⟧") {
                marks[String(rest[rest.index(after: rest.startIndex)..<close])] = (line, column)
                rest = rest[rest.index(after: close)...]
                continue
            }
            let c = rest.removeFirst()
            text.append(c)
            if c == "\n" { line += 1; column = 1 } else { column += c.unicodeScalars.count }
        }
        self.text = text
        self.marks = marks
    }

    public var bytes: [UInt8] { Array(text.utf8) }

    public func location(_ name: String, file: String = "test.yaml") -> SourceLocation {
        guard let m = marks[name] else { fatalError("no marker ⟦\(name)⟧ in fixture") }
        return SourceLocation(file: file, line: m.line, column: m.column)
    }
}

/// Paths into the repository, for fixtures and shipped profiles.
public enum Repo {
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    public static func read(_ relative: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(relative)) else { fatalError("missing \(relative)") }
        return [UInt8](data)
    }

    /// `*.yaml` files below a repository directory, sorted.
    public static func yamlFiles(_ relative: String) -> [String] {
        let base = path(relative)
        let names = (FileManager.default.enumerator(atPath: base)?.allObjects as? [String]) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { "\(relative)/\($0)" }
    }
}
