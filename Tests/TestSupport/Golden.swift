import Foundation
import Testing

/// Compares `actual` with a checked-in golden file next to the test. Run with
/// `RECORD_GOLDEN=1` to rewrite the file after an intended change, then review the diff.
public func assertGolden(_ actual: String, _ name: String, filePath: String = #filePath,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("missing golden file \(name); run with RECORD_GOLDEN=1", sourceLocation: sourceLocation)
        return
    }
    #expect(actual == expected, "output differs from Golden/\(name)", sourceLocation: sourceLocation)
}
