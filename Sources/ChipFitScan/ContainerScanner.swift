/// Dockerfiles (`Dockerfile`, `*.Dockerfile`, `Containerfile`): the base images of `FROM`
/// lines, packages a `RUN … pip install` installs, and `ENV` settings that name CUDA or NCCL.
public enum ContainerScanner {
    /// Images that bring CUDA, or a CUDA build of a component: repository → (component, how
    /// the tag gives its version).
    static func imageSites(_ image: String) -> [(component: String, version: String?)] {
        // The tag follows the last `:` after the last `/` (a registry's port has a `:` too).
        let lastSlash = image.lastIndex(of: "/") ?? image.startIndex
        let colon = image[lastSlash...].lastIndex(of: ":")
        let repository = colon.map { String(image[..<$0]) } ?? image
        let tag = colon.map { String(image[image.index(after: $0)...]) } ?? ""
        let name = repository.split(separator: "/").suffix(2).joined(separator: "/")
        /// `cuda12.1`, `cuda12.1.0` or a PyTorch-style label `cu121` in a tag.
        func cudaIn(_ tag: String) -> String? {
            if let r = tag.range(of: "cuda") {
                let parts = tag[r.upperBound...].prefix { $0.isNumber || $0 == "." }.split(separator: ".")
                if parts.count >= 2 { return "\(parts[0]).\(parts[1])" }
            }
            return tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).lazy.compactMap(Requirement.cudaLabel).first
        }
        /// `v0.3.0-cu121` → `0.3.0`.
        func leadingVersion(_ tag: String) -> String? {
            let v = tag.split(separator: "-").first.map { $0.hasPrefix("v") ? String($0.dropFirst()) : String($0) }
            return v.flatMap { $0.first?.isNumber == true ? $0 : nil }
        }
        switch name {
        case "nvidia/cuda":
            // `12.1.0-devel-ubuntu22.04` → 12.1; `latest` names no version.
            return [("cuda", DetectedToolchain.release(String(tag.prefix { $0 != "-" })).map(DetectedToolchain.majorMinor))]
        case "pytorch/pytorch":
            let v = tag.split(separator: "-").first.map(String.init)
            return [("pytorch", v.flatMap { $0.first?.isNumber == true ? $0 : nil }), ("cuda", cudaIn(tag))]
        case "nvidia/pytorch": return [("pytorch", nil), ("cuda", nil)]
        case "nvidia/tritonserver", "nvidia/tensorrt": return [("cuda", nil), ("tensorrt", nil)]
        case "vllm/vllm-openai": return [("vllm", leadingVersion(tag)), ("cuda", cudaIn(tag))]
        case "lmsysorg/sglang": return [("sglang", leadingVersion(tag)), ("cuda", cudaIn(tag))]
        default:
            let version = cudaIn(tag)
            return image.contains("cuda") || version != nil ? [("cuda", version)] : []
        }
    }

    public static func scan(_ bytes: [UInt8], file: String) -> [ScanSite] {
        var sites: [ScanSite] = []
        let lines = RequirementsScanner.lines(bytes)
        var n = 0
        while n < lines.count {
            // A logical line: continued with a trailing `\`; its words keep their own lines.
            let first = n
            var logical = lines[n]
            var positioned = ShellScanner.words(ShellScanner.uncommented(lines[n]), line: n + 1)
            while logical.hasSuffix("\\"), n + 1 < lines.count {
                logical.removeLast()
                n += 1
                // Docker drops comment lines inside a continued instruction.
                if lines[n].trimming(" \t").hasPrefix("#") { logical += "\\"; continue }
                logical += " " + lines[n]
                positioned += ShellScanner.words(ShellScanner.uncommented(lines[n]), line: n + 1)
            }
            n += 1
            let body = logical.trimming(" \t")
            guard !body.hasPrefix("#") else { continue }
            let words = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let instruction = words.first?.uppercased() else { continue }
            let column = (lines[first].unicodeScalars.count - lines[first].trimming(" \t").unicodeScalars.count) + 1
            switch instruction {
            case "FROM":
                guard let image = words.dropFirst().first(where: { !$0.hasPrefix("--") }) else { continue }
                for (component, version) in imageSites(image) {
                    sites.append(ScanSite(file: file, line: first + 1, column: column, component: component, kind: .baseImage,
                                          text: image, version: version))
                }
            case "RUN":
                sites += ShellScanner.sitesIn(words: Array(positioned.dropFirst()), file: file)
            case "ENV", "ARG":
                sites += ShellScanner.variableSites(ShellScanner.uncommented(lines[first]), file: file, line: first + 1, lineText: lines[first])
            default: continue
            }
        }
        return sites
    }
}
