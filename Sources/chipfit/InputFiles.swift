import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML
import ChipFitShippedCatalogue
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Finding and reading input files. Errors here are I/O errors: exit code 2.
enum InputFiles {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// What walking some of the named paths found, and the warnings to print for them: the
    /// walk runs in parts on several threads, and the parts are printed and joined in order.
    struct Walk {
        var found: [Found] = []
        /// Whether a directory's files were reached through a symbolic link.
        var linked = false
        var warnings: [String] = []
        /// Named directories that hold no YAML file, as named.
        var empty: [String] = []
        /// Why the walk stopped, after `warnings`.
        var failure: Failure?
    }

    /// Files named on the command line (a run of consecutive ones: `merge` joins the runs in
    /// order), with directories expanded to their `*.yaml` and `*.yml` files (recursively,
    /// hidden entries skipped). In a directory, a symbolic link is read only when it resolves
    /// to a regular file inside that directory: a pull request must not make chipfit print
    /// `/proc/self/environ` or block on a FIFO. A named file must be a regular file. Each file
    /// comes with its tree: the directory named on the command line that holds it, or a named
    /// file's own directory; referenced files must stay inside that tree. Paths are normalised
    /// (`./a//b.yaml` → `a/b.yaml`) so baselines and SARIF do not depend on how a path was typed.
    static func walk(_ paths: ArraySlice<String>, cwd: String) -> Walk {
        var walk = Walk()
        // The last named file's directory, resolved: named files usually come a directory at a time.
        var lastDirectory: (full: String, real: String)?
        do {
            for raw in paths {
                let full = PathText.absolute(raw, cwd: cwd)
                let path = PathText.shown(full, cwd: cwd)
                var st = stat()
                guard lstat(path, &st) == 0 else { throw Failure(description: "\(raw): no such file or directory") }
                let isLink = (st.st_mode & S_IFMT) == S_IFLNK
                guard !isLink || stat(path, &st) == 0 else { throw Failure(description: "\(raw): no such file or directory") }
                if (st.st_mode & S_IFMT) != S_IFDIR {
                    guard (st.st_mode & S_IFMT) == S_IFREG else { throw Failure(description: "\(raw): not a regular file") }
                    let directory = PathText.parent(full)
                    let real: String
                    if isLink {
                        real = canonical(path)
                    } else {
                        // Not a link itself, so only its directory needs resolving. Compared as
                        // bytes, since `String` equality would take an NFD name for its NFC twin.
                        let realDirectory: String
                        if let last = lastDirectory, PathText.sameBytes(last.full, directory) {
                            realDirectory = last.real
                        } else {
                            realDirectory = canonical(directory)
                            lastDirectory = (directory, realDirectory)
                        }
                        real = PathText.child(PathText.name(full), of: realDirectory)
                    }
                    walk.found.append(Found(path: path, canonical: real, tree: directory))
                    continue
                }
                let files = try yamlFiles(under: path) { walk.warnings.append($0) }
                if files.isEmpty { walk.empty.append(raw) }
                walk.found += files.map { Found(path: $0.path, canonical: $0.canonical, tree: path) }
                walk.linked = walk.linked || files.contains { $0.linked }
            }
        } catch let failure as Failure {
            walk.failure = failure
        } catch {
            walk.failure = Failure(description: "\(error)")
        }
        return walk
    }

    /// The parts of a walk of `named` paths joined in order: their warnings printed, the
    /// first failure thrown, a file named twice kept once, and the files sorted by path. A
    /// named directory with no YAML file is a failure unless `allowEmpty` (then a warning): a
    /// CI gate whose path moved would otherwise check nothing and pass.
    static func merge(_ parts: [Walk], named: Int, allowEmpty: Bool) throws -> [Found] {
        var result: [Found] = []
        result.reserveCapacity(parts.reduce(0) { $0 + $1.found.count })
        var linked = false
        for part in parts {
            for warning in part.warnings { StandardStreams.error(warning) }
            if let failure = part.failure { throw failure }
            for path in part.empty {
                guard allowEmpty else {
                    throw Failure(description: "no *.yaml or *.yml files under \(path); nothing to check there (pass --allow-empty if that is expected)")
                }
                StandardStreams.error("chipfit: warning: no *.yaml or *.yml files under \(path)\n")
            }
            result += part.found
            linked = linked || part.linked
        }
        // One directory's walk lists each regular file once, sorted; only links and several
        // arguments can name a file twice or out of order.
        guard named > 1 || linked else { return result }
        // Keyed by bytes: `String` equality would merge two files whose names differ only in
        // Unicode normalisation, and drop one of them unchecked.
        var seen = Set<ExactName>(minimumCapacity: result.count)
        result = result.filter { seen.insert(ExactName($0.canonical)).inserted }
        // Sorted, so the order of arguments never changes the output. Named files usually
        // come sorted already (a shell glob sorts them), and checking that is linear.
        if zip(result, result.dropFirst()).contains(where: { $1.path < $0.path }) {
            result.sort { $0.path < $1.path }
        }
        return result
    }

    /// Fails when two paths are equal as Swift strings but not as bytes (names that differ
    /// only in Unicode normalisation, which Linux file systems keep apart): reports, baselines
    /// and excerpts key files by path and could not tell the two apart.
    static func requireDistinguishable(_ paths: [String]) throws {
        var first: [String: String] = [:]
        for path in paths {
            if let earlier = first.updateValue(path, forKey: path), !earlier.utf8.elementsEqual(path.utf8) {
                throw Failure(description: "\(escaped(earlier)) and \(escaped(path)) differ only in Unicode normalisation, which chipfit's reports cannot tell apart; rename one of them")
            }
        }
    }

    /// The path with every non-ASCII character written as its code points (`caf\u{E9}`),
    /// so two names that look alike can be told apart in a message.
    static func escaped(_ path: String) -> String {
        path.unicodeScalars.map { $0.isASCII ? String($0) : "\\u{" + String($0.value, radix: 16, uppercase: true) + "}" }.joined()
    }

    /// A file to read: the path as shown, the same file with links resolved (for
    /// de-duplication), and the tree its references must stay inside.
    struct Found {
        var path: String
        var canonical: String
        var tree: String
    }

    /// A path as chipfit shows it: normalised, and relative to the working directory when below it.
    static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        return PathText.shown(PathText.absolute(path, cwd: cwd), cwd: cwd)
    }

    static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// `*.yaml` and `*.yml` files below `directory`, sorted, each with its canonical path.
    /// An unreadable directory is an I/O error (exit 2), never a silent "no problems".
    /// A regular file's canonical path is its directory's plus its name, so only links pay for
    /// `realpath`.
    static func yamlFiles(under directory: String,
                          warn: (String) -> Void = StandardStreams.error) throws -> [FoundFile] {
        var found: [FoundFile] = []
        var directories = 0
        let root = canonical(directory)
        var pending = [(shown: directory, real: root)]
        while let dir = pending.popLast() {
            guard let listing = DirectoryListing.entries(of: dir.shown) else {
                throw Failure(description: "\(dir.shown): cannot read the directory")
            }
            directories += 1
            var entries: [DirectoryEntry] = []
            for entry in listing {
                // Names are tested as bytes, as the file system keeps them (a name whose `.`
                // carries a combining mark counts as hidden, and one whose `.yaml` follows a
                // prepended character as YAML, unlike `Character` tests). Only YAML files and
                // directories are kept.
                let yaml = isYAMLName(entry.name)
                guard yaml || entry.kind == .directory else { continue }
                guard let name = String(validating: entry.name, as: UTF8.self) else {
                    // The name cannot be shown or reopened faithfully; say so rather than fail later.
                    warn("chipfit: warning: skipping \(dir.shown)/\(String(decoding: entry.name, as: UTF8.self)): the name is not valid UTF-8\n")
                    continue
                }
                guard entry.name.first != UInt8(ascii: ".") else { continue }
                entries.append(DirectoryEntry(name: name, kind: entry.kind, yaml: yaml))
            }
            entries.sort { $0.name < $1.name }
            let here = dir.shown == "."
            for e in entries {
                let path = here ? e.name : PathText.child(e.name, of: dir.shown)
                let real = PathText.child(e.name, of: dir.real)
                if e.kind == .directory {
                    pending.append((path, real))
                } else if e.yaml, e.kind == .regular {
                    found.append(FoundFile(path: path, canonical: real, linked: false))
                } else if e.yaml, e.kind == .link {
                    let target = canonical(path)
                    guard target.hasPrefix(root + "/"), isRegularFile(target) else {
                        warn("chipfit: warning: skipping \(path): a link to something outside \(directory) or not a regular file\n")
                        continue
                    }
                    found.append(FoundFile(path: path, canonical: target, linked: true))
                }
            }
        }
        // One directory's files are already in name order; a tree's are merged here.
        return directories == 1 ? found : found.sorted { $0.path < $1.path }
    }

    /// A file found in a directory walk; `linked` when reached through a symbolic link.
    struct FoundFile {
        var path: String
        var canonical: String
        var linked: Bool
    }

    private struct DirectoryEntry {
        var name: String
        var kind: DirectoryListing.Kind
        /// Named `*.yaml` or `*.yml`.
        var yaml: Bool
    }

    /// Whether a file name ends in `.yaml` or `.yml`, as bytes (as the file system sees it).
    static func isYAMLName(_ name: some BidirectionalCollection<UInt8>) -> Bool {
        name.reversed().starts(with: "lmay.".utf8) || name.reversed().starts(with: "lmy.".utf8)
    }

    /// The path with symbolic links, `.` and `..` resolved (libc `realpath`, one call rather
    /// than Foundation's per-component walk); a path that does not exist is only normalised.
    static func canonical(_ path: String) -> String {
        realPath(path) ?? URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// libc `realpath`: `path` with links, `.` and `..` resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Reads a regular file, at most `limit + 1` bytes, so an oversized file costs bounded
    /// memory and the parser still sees that it is over the limit. Anything else (a FIFO, a
    /// device, a directory) is refused: opened without blocking, so a FIFO with no writer
    /// cannot hang the run, and checked on the descriptor, so it cannot be swapped in between.
    ///
    /// - Parameter pipes: also read a pipe or FIFO (a file the user names on the command line,
    ///   such as `diff <(git show main:plan.json) plan.json`): one with no writer reads as
    ///   empty at once, and one with a writer is waited on only while the writer is there.
    static func read(_ path: String, limit requested: Int, pipes: Bool = false) throws -> [UInt8] {
        let limit = min(requested, Int.max - 1) // limit + 1 must not overflow
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw Failure(description: "\(path): cannot be opened for reading") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(description: "\(path): cannot be opened for reading") }
        let type = st.st_mode & S_IFMT
        guard type == S_IFREG || (pipes && type == S_IFIFO) else {
            throw Failure(description: "\(path): not a regular file")
        }
        let size = Int(st.st_size)
        var bytes: [UInt8] = []
        var failure: Int32 = 0
        if size > 0 {
            // A regular file: its size (at most limit + 1) read into uninitialized memory, with
            // no zero-filling. A file growing meanwhile is read as it was.
            let want = min(size, limit + 1)
            bytes = [UInt8](unsafeUninitializedCapacity: want) { buffer, initialized in
                var count = 0
                while count < want {
                    let n = systemRead(fd, buffer.baseAddress! + count, want - count)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        break
                    }
                    if n == 0 { break }
                    count += n
                }
                initialized = count
            }
        } else {
            // Size unknown (empty, a pipe, a special file): chunks until end of file or past the limit.
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while bytes.count <= limit {
                let room = limit + 1 - bytes.count
                let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, min($0.count, room)) }
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN { // a pipe whose writer has not written yet: wait for data or its end
                        var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                        _ = poll(&ready, 1, -1)
                        continue
                    }
                    failure = errno
                    break
                }
                if n == 0 { break }
                bytes += chunk[0..<n]
            }
        }
        if failure != 0 { throw Failure(description: "\(path): read failed (\(String(cString: strerror(failure))))") }
        return bytes
    }

    /// The profile directories: `--profiles`, else `$CHIPFIT_PROFILES`, else the `profiles/`
    /// found by walking up from the executable (a checkout or `share/chipfit/profiles` in an
    /// install), else `./profiles`; none of them: empty, for the catalogue built into the
    /// executable.
    static func isDirectory(_ p: String) -> Bool {
        var st = stat()
        return stat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// The team's profile directories, each checked to be one, each once (a directory named
    /// twice, however spelt, is read once).
    /// - Parameter source: where they were named, for the message.
    static func teamDirectories(_ given: [String], source: String) throws -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for dir in given {
            guard isDirectory(dir) else { throw Failure(description: "profiles directory \(dir) (from \(source)): not a directory") }
            if seen.insert(canonical(dir)).inserted { result.append(dir) }
        }
        return result
    }

    /// The shipped catalogue on disk: the `profiles/` of the chipfit checkout the executable
    /// was built in (under its `.build/`), so edits to it take effect without a rebuild. Nil
    /// elsewhere: the catalogue built into the executable is the shipped one. A checkout is
    /// recognised by the catalogue's embedding target beside `profiles/`, so a team's own
    /// `profiles/` above a copied binary is never mistaken for the shipped catalogue.
    static func shippedDirectory() -> String? {
        guard let executable = Environment.executable else { return nil }
        var dir = PathText.parent(executable)
        for _ in 0..<6 {
            let profiles = PathText.child("profiles", of: dir)
            if isDirectory(PathText.child("chips", of: profiles)),
               isDirectory(PathText.child("Sources/ChipFitShippedCatalogue", of: dir)) {
                return relativeIfPossible(profiles)
            }
            guard dir != "/" else { break }
            dir = PathText.parent(dir)
        }
        return nil
    }

    /// The shipped catalogue as built into the executable, under paths that say so: a copied
    /// binary plans with it when no profiles directory is found.
    static let builtInPrefix = "(built in)/"
    static let builtInProfiles: [String: [UInt8]] = Dictionary(
        ShippedCatalogue.files.map { (builtInPrefix + $0.path, Array($0.text.utf8)) }, uniquingKeysWith: { a, _ in a })

    /// Whether a canonical path is `root` or lies below it (both canonical): the check every
    /// file or directory a spec references must pass.
    static func lies(_ resolved: String, within root: String) -> Bool {
        resolved == root || resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// Paths in output are shown relative to the working directory when they lie below it.
    static func relativeIfPossible(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let full = canonical(path)
        if full.hasPrefix(cwd + "/") { return String(full.dropFirst(cwd.count + 1)) }
        return path
    }

    /// Reads the files specs reference (`model.hf_config`), resolved against the spec's
    /// directory and refused when they resolve (symlinks included) outside the spec's tree.
    static func references(for files: [LoadedFile], limit: Int, tree: (String) -> String)
        -> (byKey: Linker.References, read: [(path: String, bytes: [UInt8])]) {
        var result: Linker.References = [:]
        var read: [(path: String, bytes: [UInt8])] = []
        for file in files {
            guard case .deployment(let d)? = file.document else { continue }
            if let scan = d.toolchain.scan {
                // The scan runs here, so `validate` reports one that fails; planning reuses it.
                result[Linker.referenceKey(spec: d.file, reference: scan)] =
                    SpecScans.scan(scan, spec: d.file, tree: tree(d.file)).map { _ in [] }
            }
            guard case .hfConfig(let ref, _) = d.model else { continue }
            let root = tree(d.file)
            let rootPath = canonical(root)
            let key = Linker.referenceKey(spec: d.file, reference: ref)
            let base = URL(fileURLWithPath: d.file).deletingLastPathComponent()
            let target = ref.hasPrefix("/") ? URL(fileURLWithPath: ref) : base.appendingPathComponent(ref)
            let resolved = canonical(target.path)
            guard lies(resolved, within: rootPath) else {
                result[key] = .failure(.init("`\(ref)` resolves outside \(root), the tree being validated; chipfit reads referenced files only inside it (widen it with --root)"))
                continue
            }
            guard FileManager.default.fileExists(atPath: resolved) else {
                result[key] = .failure(.init("`\(ref)` does not exist (looked for \(relativeIfPossible(resolved)))"))
                continue
            }
            do {
                let bytes = try Self.read(resolved, limit: limit)
                if bytes.count > limit {
                    result[key] = .failure(.init("`\(ref)` is larger than \(limit) bytes"))
                } else {
                    result[key] = .success(bytes)
                    read.append((ref.hasPrefix("/") ? ref : target.standardized.relativePath, bytes))
                }
            } catch let failure as Failure {
                // The failure names the resolved path; the finding names the reference as written.
                let reason = failure.description.hasSuffix("not a regular file") ? "not a regular file" : "cannot be opened for reading"
                result[key] = .failure(.init("`\(ref)` cannot be read: \(reason)"))
            } catch {
                result[key] = .failure(.init("`\(ref)` cannot be read"))
            }
        }
        return (result, read)
    }
}

/// `read(2)`, named apart from the `read` methods in scope.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(fd, buffer, count)
    #else
    Darwin.read(fd, buffer, count)
    #endif
}
