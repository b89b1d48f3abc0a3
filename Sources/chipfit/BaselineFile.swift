import ChipFitSpec
import ChipFitPlanner
import ChipFitRender
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// The baseline file: `{"schema": "chipfit/baseline/v1", "entries": [{path, code, line, count}]}`,
/// sorted so it diffs well in review.
enum BaselineFile {
    static func render(_ b: Baseline) -> String {
        JSON.object([
            "schema": .string("chipfit/baseline/v1"),
            "entries": .array(b.entries.map {
                .object(["path": .string($0.key.path), "code": .string($0.key.code), "line": .string($0.key.lineText),
                         "count": .int($0.count)])
            }),
        ]).rendered()
    }

    private struct File: Decodable {
        struct Entry: Decodable { var path: String; var code: String; var line: String; var count: Int }
        var schema: String
        var entries: [Entry]
    }

    static func parse(_ bytes: [UInt8]) -> Baseline? {
        guard let f = try? JSONDecoder().decode(File.self, from: Data(bytes)), f.schema == "chipfit/baseline/v1" else { return nil }
        var counts: [Baseline.Key: Int] = [:]
        for e in f.entries where e.count > 0 {
            counts[Baseline.Key(path: e.path, code: e.code, lineText: e.line), default: 0] += e.count
        }
        return Baseline(counts: counts)
    }
}
