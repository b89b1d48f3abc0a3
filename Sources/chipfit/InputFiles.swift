import ChipFitCore
import Foundation

/// Finding and reading input files. Errors here are I/O errors: exit code 2.
enum InputFiles {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Files named on the command line, with directories expanded to their `*.yaml` and
    /// `*.yml` files (recursively, hidden entries skipped). In a directory, a symbolic link is
    /// read only when it resolves to a regular file inside that directory: a pull request must
    /// not make chipfit print `/proc/self/environ` or block on a FIFO. A named file must be a
    /// regular file. Each file comes with its tree: the directory named on the command line that
    /// holds it, or a named file's own directory; referenced files must stay inside that tree.
    /// Paths are normalised (`./a//b.yaml` → `a/b.yaml`) so baselines and SARIF do not depend
    /// on how a path was typed.
    static func expand(_ paths: [String]) throws -> [(path: String, tree: String)] {
        var result: [(path: String, tree: String)] = []
        let fm = FileManager.default
        for raw in paths {
            let path = display(raw)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Failure(description: "\(raw): no such file or directory")
            }
            if !isDirectory.boolValue {
                guard isRegularFile(path) else { throw Failure(description: "\(raw): not a regular file") }
                result.append((path, URL(fileURLWithPath: path).deletingLastPathComponent().path))
                continue
            }
            let files = try yamlFiles(under: path)
            if files.isEmpty {
                FileHandle.standardError.write(Data("chipfit: warning: no *.yaml or *.yml files under \(raw)\n".utf8))
            }
            result += files.map { ($0, path) }
        }
        var seen = Set<String>()
        // Sorted, so the order of arguments never changes the output.
        return result.filter { seen.insert(canonical($0.path)).inserted }.sorted { $0.path < $1.path }
    }

    /// A path as chipfit shows it: normalised, and relative to the working directory when below it.
    static func display(_ path: String) -> String {
        let full = URL(fileURLWithPath: path).standardizedFileURL.path
        let cwd = FileManager.default.currentDirectoryPath
        if full == cwd { return "." }
        if full.hasPrefix(cwd + "/") { return String(full.dropFirst(cwd.count + 1)) }
        return full
    }

    static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// `*.yaml` and `*.yml` files below `directory`, sorted. An unreadable directory is an
    /// I/O error (exit 2), never a silent "no problems".
    static func yamlFiles(under directory: String) throws -> [String] {
        var found: [String] = []
        var pending = [directory]
        let fm = FileManager.default
        let root = canonical(directory)
        while let dir = pending.popLast() {
            let names: [String]
            do { names = try fm.contentsOfDirectory(atPath: dir) } catch {
                throw Failure(description: "\(dir): cannot read the directory")
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = dir == "." ? name : dir.hasSuffix("/") ? dir + name : dir + "/" + name
                var st = stat()
                guard lstat(path, &st) == 0 else { continue }
                let type = st.st_mode & S_IFMT
                let yaml = name.hasSuffix(".yaml") || name.hasSuffix(".yml")
                if type == S_IFDIR {
                    pending.append(path)
                } else if yaml, type == S_IFREG {
                    found.append(path)
                } else if yaml, type == S_IFLNK {
                    let target = canonical(path)
                    guard target.hasPrefix(root + "/"), isRegularFile(target) else {
                        FileHandle.standardError.write(Data("chipfit: warning: skipping \(path): a link to something outside \(directory) or not a regular file\n".utf8))
                        continue
                    }
                    found.append(path)
                }
            }
        }
        return found.sorted()
    }

    /// The path with symbolic links, `.` and `..` resolved (libc `realpath`, one call rather
    /// than Foundation's per-component walk); a path that does not exist is only normalised.
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Reads at most `limit + 1` bytes, so an oversized file costs bounded memory and the
    /// parser still sees that it is over the limit.
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure(description: "\(path): cannot be opened for reading")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            return [UInt8](data)
        } catch {
            throw Failure(description: "\(path): read failed (\(error.localizedDescription))")
        }
    }

    /// The profile directories: `--profiles`, else `$CHIPFIT_PROFILES`, else the `profiles/`
    /// found by walking up from the executable (a checkout or `share/chipfit/profiles` in an
    /// install), else `./profiles`.
    static func profileDirectories(_ given: [String]) throws -> [String] {
        let fm = FileManager.default
        func isDirectory(_ p: String) -> Bool {
            var d: ObjCBool = false
            return fm.fileExists(atPath: p, isDirectory: &d) && d.boolValue
        }
        if !given.isEmpty {
            for dir in given where !isDirectory(dir) {
                throw Failure(description: "--profiles \(dir): not a directory")
            }
            return given
        }
        if let env = ProcessInfo.processInfo.environment["CHIPFIT_PROFILES"], !env.isEmpty {
            guard isDirectory(env) else { throw Failure(description: "CHIPFIT_PROFILES=\(env): not a directory") }
            return [env]
        }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in [dir.appendingPathComponent("profiles"), dir.appendingPathComponent("share/chipfit/profiles")]
            where isDirectory(candidate.appendingPathComponent("chips").path) {
                return [relativeIfPossible(candidate.path)]
            }
            dir.deleteLastPathComponent()
        }
        if isDirectory("profiles") { return ["profiles"] }
        throw Failure(description: "no profiles directory found; pass --profiles DIR or set CHIPFIT_PROFILES")
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
    static func references(for files: [LoadedFile], trees: [String: String], limit: Int) -> Linker.References {
        var result: Linker.References = [:]
        for file in files {
            guard case .deployment(let d)? = file.document, case .hfConfig(let ref, _) = d.model else { continue }
            let root = trees[d.file] ?? "."
            let rootPath = canonical(root)
            let key = Linker.referenceKey(spec: d.file, reference: ref)
            let base = URL(fileURLWithPath: d.file).deletingLastPathComponent()
            let target = ref.hasPrefix("/") ? URL(fileURLWithPath: ref) : base.appendingPathComponent(ref)
            let resolved = canonical(target.path)
            guard resolved == rootPath || resolved.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/") else {
                result[key] = .failure(.init("`\(ref)` resolves outside \(root), the tree being validated; chipfit reads referenced files only inside it (widen it with --root)"))
                continue
            }
            guard FileManager.default.fileExists(atPath: resolved) else {
                result[key] = .failure(.init("`\(ref)` does not exist (looked for \(relativeIfPossible(resolved)))"))
                continue
            }
            do {
                let bytes = try read(resolved, limit: limit)
                if bytes.count > limit {
                    result[key] = .failure(.init("`\(ref)` is larger than \(limit) bytes"))
                } else {
                    result[key] = .success(bytes)
                }
            } catch {
                result[key] = .failure(.init("`\(ref)` cannot be read"))
            }
        }
        return result
    }
}
