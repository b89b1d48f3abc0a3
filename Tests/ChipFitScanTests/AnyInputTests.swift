@testable import ChipFitScan
import PropertyBased
import Testing

/// Whatever a repository holds, every reader ends, never traps, and every site points inside
/// its file: random texts built from the characters the readers treat specially.
@Suite struct AnyInput {
    static let pieces = ["\"", "'", "\"\"\"", "#", "\\", "\n", " ", "\t", "(", ")", "[", "]", "{", "}", "=", ":", ",", ".",
                         "@", "/*", "*/", "//", "import ", "from ", "torch", "cuda", "nccl", ".cuda(", "triton", "jit",
                         "__global__", "#include <cuda.h>", "pip install ", "flash-attn==2.5", "FROM nvidia/cuda:12.1 ",
                         "RUN ", "install_requires=[", "[project]\ndependencies = [", "dependencies:\n  - ", "é", "\u{0}", "+cu121"]

    @Test func everyReaderEndsAndPointsInsideTheFile() async {
        let kinds: [RepositoryScanner.FileKind] = [.requirements, .setupCfg, .setupPy, .pyproject, .conda, .container, .python, .cuda, .cpp, .shell]
        await propertyCheck(count: 300, input: Gen.int(in: 0..<Self.pieces.count).array(of: 0...60)) { picks in
            let text = picks.map { Self.pieces[$0] }.joined()
            let bytes = Array(text.utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            for kind in kinds {
                for site in RepositoryScanner.scan(bytes, file: "f", kind: kind).sites {
                    #expect(site.line >= 1 && site.line <= lines && site.column >= 1, "\(kind) \(site) in \(text.debugDescription)")
                }
            }
        }
    }
}
