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
/// sorted so it diffs well in review. Paths in it are relative to the baseline's own directory,
/// so one baseline serves every working directory (CI at the top, a developer in `deploy/`).
enum BaselineFile {
    /// - Parameter file: where the baseline is written; findings' paths are made relative to it.
    static func render(_ b: Baseline, file: String) -> String {
        let (cwd, directory) = directories(of: file)
        return JSON.object([
            "schema": .string("chipfit/baseline/v1"),
            "entries": .array(b.entries.map {
                .object(["path": .string(stored($0.key.path, cwd: cwd, directory: directory)), "code": .string($0.key.code), "line": .string($0.key.lineText),
                         "count": .int($0.count)])
            }),
        ]).rendered()
    }

    private struct File: Decodable {
        struct Entry: Decodable { var path: String; var code: String; var line: String; var count: Int }
        var schema: String
        var entries: [Entry]
    }

    /// - Parameter file: where the baseline was read from; its paths are shown as findings' are.
    static func parse(_ bytes: [UInt8], file: String) -> Baseline? {
        guard let f = try? JSONDecoder().decode(File.self, from: Data(bytes)), f.schema == "chipfit/baseline/v1" else { return nil }
        let (cwd, directory) = directories(of: file)
        var counts: [Baseline.Key: Int] = [:]
        for e in f.entries where e.count > 0 {
            var path = e.path.hasPrefix(InputFiles.builtInPrefix) ? e.path
                : PathText.shown(PathText.absolute(e.path, cwd: directory), cwd: cwd)
            // A baseline written before paths were relative to it names files from the working
            // directory it was written in: kept as written when only that reading finds the file.
            if directory != cwd, !InputFiles.isRegularFile(PathText.absolute(path, cwd: cwd)), InputFiles.isRegularFile(e.path) {
                path = e.path
            }
            counts[Baseline.Key(path: path, code: e.code, lineText: e.line), default: 0] += e.count
        }
        return Baseline(counts: counts)
    }

    /// A baseline read from a pipe (`<(git show main:baseline.json)`) has no directory of its
    /// own: its paths are taken from the working directory.
    private static func directories(of file: String) -> (cwd: String, directory: String) {
        let cwd = FileManager.default.currentDirectoryPath
        var st = stat()
        let regular = stat(file, &st) != 0 || (st.st_mode & S_IFMT) == S_IFREG
        return (cwd, regular ? PathText.parent(PathText.absolute(file, cwd: cwd)) : cwd)
    }

    private static func stored(_ path: String, cwd: String, directory: String) -> String {
        path.hasPrefix(InputFiles.builtInPrefix) ? path : PathText.relative(PathText.absolute(path, cwd: cwd), from: directory)
    }
}
