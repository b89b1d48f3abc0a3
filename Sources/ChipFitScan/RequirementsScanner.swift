/// requirements and constraints files (`requirements*.txt`, `constraints*.txt`, `*.in`) and
/// setup.cfg's `install_requires` / `extras_require`: one PEP 508 requirement a line.
public enum RequirementsScanner {
    public static func scan(_ bytes: [UInt8], file: String) -> [ScanSite] {
        var sites: [ScanSite] = []
        for (n, line) in lines(bytes).enumerated() {
            sites += sitesOnLine(uncommented(line), file: file, line: n + 1)
        }
        return sites
    }

    /// setup.cfg: the lines of `install_requires` in `[options]` and every value of
    /// `[options.extras_require]`.
    public static func scanSetupCfg(_ bytes: [UInt8], file: String) -> [ScanSite] {
        var sites: [ScanSite] = []
        var section = "", inRequires = false
        for (n, raw) in lines(bytes).enumerated() {
            let line = uncommented(raw)
            let trimmed = line.trimming(" \t")
            if trimmed.hasPrefix("[") { section = trimmed; inRequires = false; continue }
            let indented = line.first == " " || line.first == "\t"
            if !indented, let eq = line.firstIndex(of: "=") {
                let key = String(line[..<eq]).trimming(" \t")
                inRequires = section == "[options]" && (key == "install_requires" || key == "setup_requires")
                    || section == "[options.extras_require]"
                guard inRequires else { continue }
                let value = String(line[line.index(after: eq)...])
                let pad = line.unicodeScalars.count - value.unicodeScalars.count
                sites += sitesOnLine(value, file: file, line: n + 1, shift: pad)
            } else if indented, inRequires {
                sites += sitesOnLine(line, file: file, line: n + 1)
            } else if !trimmed.isEmpty {
                inRequires = false
            }
        }
        return sites
    }

    /// The sites one requirement line holds: the package, and the CUDA build its version or an
    /// index URL names (`torch==2.1.0+cu121`, `--extra-index-url …/whl/cu121`).
    static func sitesOnLine(_ line: String, file: String, line n: Int, shift: Int = 0) -> [ScanSite] {
        let trimmed = line.trimming(" \t")
        if trimmed.hasPrefix("-") {
            guard trimmed.hasPrefix("--index-url") || trimmed.hasPrefix("--extra-index-url") || trimmed.hasPrefix("-f")
                    || trimmed.hasPrefix("--find-links"), let cuda = IndexURL.cudaVersion(trimmed) else { return [] }
            let lead = line.unicodeScalars.count - line.trimming(" \t").unicodeScalars.count
            return [ScanSite(file: file, line: n, column: shift + lead + 1, component: "cuda", kind: .dependency, text: trimmed, version: cuda)]
        }
        guard let r = Requirement.parse(line), let component = ComponentNames.forPackage(r.name) else { return [] }
        var sites = [ScanSite(file: file, line: n, column: shift + r.offset + 1, component: component, kind: .dependency,
                              text: trimmed, version: r.version)]
        if let cuda = r.cuda {
            sites.append(ScanSite(file: file, line: n, column: shift + r.offset + 1, component: "cuda", kind: .dependency, text: trimmed, version: cuda))
        }
        return sites
    }

    /// The file's lines without their line breaks.
    static func lines(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0.last == 0x0D ? $0.dropLast() : $0, as: UTF8.self)
        }
    }

    /// A line without its comment: `#` at the start or after a space or tab (pip's rule).
    static func uncommented(_ line: String) -> String {
        var previous: Character = " "
        for i in line.indices {
            if line[i] == "#", previous == " " || previous == "\t" { return String(line[..<i]) }
            previous = line[i]
        }
        return line
    }
}

/// PyTorch's wheel indexes name the CUDA build: `https://download.pytorch.org/whl/cu121`.
enum IndexURL {
    static func cudaVersion(_ text: String) -> String? {
        guard let range = text.range(of: "/whl/") else { return nil }
        return Requirement.cudaLabel(text[range.upperBound...].prefix { $0 != "/" && $0 != " " })
    }
}
