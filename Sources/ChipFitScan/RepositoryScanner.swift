import ChipFitPlanner

/// What a scan found: every site, the toolchain they add up to, and the files it did not read.
public struct ScanReport: Sendable {
    public var sites: [ScanSite]
    public var skipped: [SkippedFile]
    /// The files read and scanned.
    public var files: [String]
    public var filesRead: Int { files.count }
    public var toolchain: DetectedToolchain
    /// SHA-256 over the files read, their names and bytes in path order: what reports list as
    /// the scanned tree's input hash. Set by whoever read the bytes.
    public var digest: String?

    public init(sites: [ScanSite], skipped: [SkippedFile], files: [String]) {
        self.sites = sites.sorted(by: ScanSite.ordered)
        self.skipped = skipped.sorted { $0.file < $1.file }
        self.files = files.sorted()
        toolchain = DetectedToolchain(self.sites)
    }

    /// Sites per component, for effort that scales with the sites found.
    public var siteCounts: [String: Int] { Dictionary(grouping: sites, by: \.component).mapValues(\.count) }
}

/// The toolchain block a spec would need, as sites show it.
public struct DetectedToolchain: Sendable, Equatable {
    /// `pytorch@2.1` or `pytorch`; nil when nothing names PyTorch.
    public var framework: String?
    /// `cuda@12.1` or `cuda`; nil when nothing names CUDA.
    public var runtime: String?
    /// `name@version` or `name`, sorted.
    public var components: [String]

    init(_ sites: [ScanSite]) {
        func versioned(_ component: String) -> String? {
            let found = sites.filter { $0.component == component }
            guard !found.isEmpty else { return nil }
            return found.compactMap { $0.version.flatMap(Self.release) }.first.map { "\(component)@\(Self.majorMinor($0))" } ?? component
        }
        framework = versioned("pytorch")
        runtime = versioned("cuda")
        let names = Set(sites.map(\.component)).subtracting(["pytorch", "cuda"]).sorted()
        components = names.map { name in
            sites.compactMap { $0.component == name ? $0.version.flatMap(Self.release) : nil }.first.map { "\(name)@\($0)" } ?? name
        }
    }

    /// The numeric release a spec accepts: `0.0.27.post2` → `0.0.27`, `2.5.8rc1` → `2.5.8`;
    /// nil when it starts with no number.
    static func release(_ v: String) -> String? {
        var parts: [Substring] = []
        for piece in v.split(separator: ".", omittingEmptySubsequences: false) {
            let digits = piece.prefix(while: \.isNumber)
            guard !digits.isEmpty else { break }
            parts.append(digits)
            if digits.count < piece.count { break }
        }
        return parts.isEmpty ? nil : parts.joined(separator: ".")
    }

    static func majorMinor(_ v: String) -> String {
        (release(v) ?? v).split(separator: ".").prefix(2).joined(separator: ".")
    }
}

/// The scan's entry point: which reader a file gets, by its name.
public enum RepositoryScanner {
    public enum FileKind: Sendable, Equatable {
        case requirements, setupCfg, setupPy, pyproject, conda, container, python, cuda, cpp, shell
    }

    /// The reader for a file name (its last path component); nil for files the scan does not read.
    public static func kind(ofFileNamed name: String, inDirectoryNamed directory: String = "") -> FileKind? {
        let lower = name.lowercased()
        let ext = lower.split(separator: ".").count > 1 ? String(lower.split(separator: ".").last!) : ""
        switch lower {
        case "setup.cfg": return .setupCfg
        case "setup.py": return .setupPy
        case "pyproject.toml": return .pyproject
        case "dockerfile", "containerfile": return .container
        default: break
        }
        if lower.hasPrefix("dockerfile.") || lower.hasSuffix(".dockerfile") || lower.hasPrefix("containerfile.") { return .container }
        if (lower.hasPrefix("requirements") || lower.hasPrefix("constraints") || lower.hasSuffix("-requirements.txt")
            || directory.lowercased() == "requirements") && (ext == "txt" || ext == "in") {
            return .requirements
        }
        if (lower.hasPrefix("environment") || lower.hasPrefix("conda")) && (ext == "yml" || ext == "yaml") { return .conda }
        switch ext {
        case "py", "pyi": return .python
        case "cu", "cuh": return .cuda
        case "c", "cc", "cpp", "cxx", "h", "hh", "hpp", "hxx": return .cpp
        case "sh", "bash", "zsh", "slurm", "sbatch", "pbs": return .shell
        default: return nil
        }
    }

    /// The sites in one file's bytes, or why it was not read (nil sites).
    public static func scan(_ bytes: [UInt8], file: String, kind: FileKind) -> (sites: [ScanSite], skipped: String?) {
        switch kind {
        case .requirements: return (RequirementsScanner.scan(bytes, file: file), nil)
        case .setupCfg: return (RequirementsScanner.scanSetupCfg(bytes, file: file), nil)
        case .setupPy: return (SetupPyScanner.scan(bytes, file: file) + PythonScanner.scan(bytes, file: file), nil)
        case .pyproject:
            guard let sites = PyprojectScanner.scan(bytes, file: file) else { return ([], "not valid TOML") }
            return (sites, nil)
        case .conda:
            guard let sites = CondaEnvironmentScanner.scan(bytes, file: file) else { return ([], "not a conda environment (no YAML mapping)") }
            return (sites, nil)
        case .container: return (ContainerScanner.scan(bytes, file: file), nil)
        case .python: return (PythonScanner.scan(bytes, file: file), nil)
        case .cuda: return (NativeSourceScanner.scan(bytes, file: file, isCUDA: true), nil)
        case .cpp: return (NativeSourceScanner.scan(bytes, file: file, isCUDA: false), nil)
        case .shell: return (ShellScanner.scan(bytes, file: file), nil)
        }
    }
}
