import ChipFitScan
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The files `chipfit scan` reads below a directory: those a scanner knows by name, outside
/// version control, virtual environments, vendored dependencies and what `.gitignore` files
/// exclude, never through a symbolic link, at most `maxFiles` of them.
struct RepositoryWalk {
    /// Directories never entered: version control, caches, virtual environments, installed and
    /// vendored packages.
    static let skippedDirectories: Set<String> = [
        ".git", ".hg", ".svn", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".nox",
        "node_modules", "site-packages", "dist-packages", ".venv", "venv", ".eggs", "vendor", "_vendor",
        "third_party", "third-party", "thirdparty", ".build",
    ]

    struct File {
        /// As shown: the root's path joined with the path below it.
        var path: String
        var kind: RepositoryScanner.FileKind
    }

    var files: [File] = []
    var skipped: [SkippedFile] = []
    /// The walk stopped at `maxFiles`.
    var truncated = false

    init(root: String, maxFiles: Int) throws {
        var ignore = GitIgnore()
        var pending = [""] // directories below the root, relative to it
        func shown(_ relative: String) -> String {
            relative.isEmpty ? root : (root == "." ? relative : PathText.child(relative, of: root))
        }
        while let dir = pending.popLast() {
            let here = shown(dir)
            guard let listing = DirectoryListing.entries(of: here) else {
                if dir.isEmpty { throw InputFiles.Failure(description: "\(root): cannot read the directory") }
                skipped.append(SkippedFile(file: here, reason: "cannot read the directory"))
                continue
            }
            let entries = listing.compactMap { entry in
                String(validating: entry.name, as: UTF8.self).map { (name: $0, kind: entry.kind) }
            }
            // A directory's own .gitignore applies to its entries.
            if let text = try? String(contentsOfFile: PathText.child(".gitignore", of: here), encoding: .utf8) {
                ignore.add(text, base: dir)
            }
            // A virtual environment by its marker, whatever it is called.
            if !dir.isEmpty, entries.contains(where: { $0.name == "pyvenv.cfg" }) { continue }
            for (name, listed) in entries.sorted(by: { $0.name < $1.name }) {
                let relative = dir.isEmpty ? name : dir + "/" + name
                if listed == .directory {
                    guard !Self.skippedDirectories.contains(name), !ignore.ignores(relative, isDirectory: true) else { continue }
                    pending.append(relative)
                } else if listed == .regular {
                    guard let kind = RepositoryScanner.kind(ofFileNamed: name, inDirectoryNamed: dir.split(separator: "/").last.map(String.init) ?? ""),
                          !ignore.ignores(relative, isDirectory: false) else { continue }
                    guard files.count < maxFiles else { truncated = true; return }
                    files.append(File(path: shown(relative), kind: kind))
                }
            }
        }
        files.sort { $0.path < $1.path }
    }
}
