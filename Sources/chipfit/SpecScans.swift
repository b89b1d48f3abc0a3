import ChipFitPlanner
import ChipFitScan
import ChipFitSpec
import ChipFitYAML
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `toolchain.scan`: each deployment that names a directory of its code gets what a scan of it
/// finds. The directory must lie inside the spec's tree (`--root`), as referenced files must;
/// one that cannot be scanned is finding CF207 at `toolchain.scan`, and the spec is not planned.
enum SpecScans {
    static func apply(to workspace: Workspace, tree: (String) -> String) -> Workspace {
        guard workspace.deployments.contains(where: { $0.deployment.toolchain.scan != nil }) else { return workspace }
        var ws = workspace
        var cache: [String: Result<ScanReport, Linker.ReferenceError>] = [:]
        var kept: [ResolvedDeployment] = []
        var findings: [Diagnostic] = []
        let cwd = FileManager.default.currentDirectoryPath
        for var d in ws.deployments {
            guard let scan = d.deployment.toolchain.scan else { kept.append(d); continue }
            let file = d.deployment.file
            let target = PathText.absolute(scan, cwd: PathText.parent(PathText.absolute(file, cwd: cwd)))
            let result: Result<ScanReport, Linker.ReferenceError>
            if let known = cache[target] {
                result = known
            } else {
                result = report(target, scan: scan, tree: tree(file), cwd: cwd)
                cache[target] = result
            }
            switch result {
            case .success(let report):
                d.deployment.toolchain = ScannedToolchain.apply(report, to: d.deployment.toolchain)
                kept.append(d)
            case .failure(let error):
                let at = d.deployment.toolchain.scanLocation ?? d.deployment.nameLocation
                findings.append(.error(.fileReference, error.message, at: at, path: "toolchain.scan"))
                ws.invalidFiles.insert(file)
            }
        }
        ws.deployments = kept
        ws.diagnostics = (ws.diagnostics + findings).sorted(by: Diagnostic.ordered)
        return ws
    }

    private static func report(_ target: String, scan: String, tree: String, cwd: String) -> Result<ScanReport, Linker.ReferenceError> {
        let root = InputFiles.canonical(PathText.absolute(tree, cwd: cwd))
        let resolved = InputFiles.canonical(target)
        guard resolved == root || resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            return .failure(.init("`\(scan)` resolves outside \(tree), the tree being validated; chipfit scans only inside it (widen it with --root)"))
        }
        guard InputFiles.isDirectory(target) else { return .failure(.init("`\(scan)` is not a directory (looked for \(target))")) }
        do {
            return .success(try ScanCommand.scanReport(PathText.shown(target, cwd: cwd), maxFiles: 100_000, maxFileBytes: 2 << 20))
        } catch let failure as InputFiles.Failure {
            return .failure(.init("`\(scan)` cannot be scanned: \(failure.description)"))
        } catch {
            return .failure(.init("`\(scan)` cannot be scanned: \(error)"))
        }
    }
}
