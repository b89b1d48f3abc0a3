import ChipFitPlanner
import ChipFitScan

/// A spec's toolchain with what a scan of its code found (`toolchain.scan`): the framework and
/// runtime the spec writes win; components are the union; and every change gets the sites it
/// touches, for plans and reports to count and for effort to scale by (`SiteCount`).
public enum ScannedToolchain {
    public static func apply(_ report: ScanReport, to toolchain: Toolchain) -> Toolchain {
        var t = toolchain
        let found = report.toolchain
        // A version chipfit cannot read is dropped, never the framework or runtime itself.
        func versioned(_ text: String?) -> Versioned? { text.flatMap { Versioned($0) ?? Versioned(String($0.prefix { $0 != "@" })) } }
        if t.framework == nil { t.framework = versioned(found.framework) }
        if t.runtime == nil { t.runtime = versioned(found.runtime) }
        let written = Set(t.components.map(\.name))
        // A version chipfit cannot read is dropped, never the component.
        let scanned = found.components.compactMap { Versioned($0) ?? Versioned(String($0.prefix { $0 != "@" })) }
        t.components += scanned.filter { !written.contains($0.name) }
        var sites: [String: SiteCount] = [:]
        for (change, list) in Dictionary(grouping: report.sites, by: \.change) {
            sites[change] = SiteCount(sites: list.count, files: Dictionary(grouping: list, by: \.file).mapValues(\.count))
        }
        t.sites = sites
        return t
    }
}
