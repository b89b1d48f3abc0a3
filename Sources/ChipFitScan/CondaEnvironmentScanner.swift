import ChipFitYAML

/// A conda `environment.yml`: `dependencies:` entries (`pytorch=2.1`, `pytorch-cuda=12.1`,
/// `cudatoolkit=11.8`, `nvidia::cuda-toolkit`) and its `pip:` list, read with the same YAML
/// parser and limits as specs.
public enum CondaEnvironmentScanner {
    public static func scan(_ bytes: [UInt8], file: String) -> [ScanSite]? {
        let parsed = YAMLParser.parse(bytes, file: file)
        guard let root = parsed.root, case .mapping(let entries) = root.content else { return nil }
        guard let deps = entries.first(where: { $0.key == "dependencies" })?.value, case .sequence(let items) = deps.content else { return [] }
        var sites: [ScanSite] = []
        for item in items {
            switch item.content {
            case .scalar(let s):
                sites += conda(s.text, at: shifted(item.location, s), file: file)
            case .mapping(let m):
                for e in m where e.key == "pip" {
                    guard case .sequence(let pips) = e.value.content else { continue }
                    for p in pips {
                        guard let s = p.scalar else { continue }
                        let at = shifted(p.location, s)
                        sites += RequirementsScanner.sitesOnLine(s.text, file: file, line: at.line, shift: at.column - 1)
                    }
                }
            default: continue
            }
        }
        return sites
    }

    /// A quoted scalar's text starts one column after its quote.
    static func shifted(_ l: SourceLocation, _ s: Node.Scalar) -> SourceLocation {
        guard s.style != .plain else { return l }
        return SourceLocation(file: l.file, line: l.line, column: l.column + 1)
    }

    /// `channel::name=version=build` or `name>=version`.
    static func conda(_ spec: String, at location: SourceLocation, file: String) -> [ScanSite] {
        var text = Substring(spec)
        var shift = 0
        if let channel = text.range(of: "::") {
            shift = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: channel.upperBound)
            text = text[channel.upperBound...]
        }
        let name = text.prefix { !" =<>!~".contains($0) }
        guard let component = ComponentNames.forPackage(String(name)) else { return [] }
        let version = text.dropFirst(name.count).drop { " =<>!~".contains($0) }.prefix { $0 != "=" && $0 != " " && $0 != "," }
        return [ScanSite(file: file, line: location.line, column: location.column + shift, component: component, kind: .dependency,
                         text: spec, version: version.isEmpty ? nil : Requirement.plain(String(version)))]
    }
}
