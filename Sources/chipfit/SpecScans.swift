import ChipFitPlanner
import ChipFitRender
import ChipFitScan
import ChipFitSpec
import ChipFitYAML
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// `toolchain.scan`: each deployment that names a directory of its code gets what a scan of it
/// finds. The directory must lie inside the spec's tree (`--root`), as referenced files must;
/// one that cannot be scanned is finding CF207 at `toolchain.scan` (in `validate` too: the scan
/// runs while references are read), and the spec is not planned. Each directory is scanned
/// once a run, however many specs name it.
enum SpecScans {
    /// One scanned directory: as shown, and what the scan found.
    struct Scanned {
        var directory: String
        var report: ScanReport
    }

    private static let cache = Mutex<[String: Result<Scanned, Linker.ReferenceError>]>([:])

    /// The scan `scan` (as written in `spec`) names, or why there is none.
    static func scan(_ scan: String, spec: String, tree: String) -> Result<Scanned, Linker.ReferenceError> {
        let cwd = FileManager.default.currentDirectoryPath
        let target = PathText.absolute(scan, cwd: PathText.parent(PathText.absolute(spec, cwd: cwd)))
        let root = InputFiles.canonical(PathText.absolute(tree, cwd: cwd))
        let resolved = InputFiles.canonical(target)
        guard InputFiles.lies(resolved, within: root) else {
            return .failure(.init("`\(scan)` resolves outside \(tree), the tree being validated; chipfit scans only inside it (widen it with --root)"))
        }
        guard InputFiles.isDirectory(target) else {
            return .failure(.init("`\(scan)` is not a directory (looked for \(InputFiles.relativeIfPossible(target)))"))
        }
        if let known = cache.withLock({ $0[resolved] }) { return known }
        let shown = PathText.shown(target, cwd: cwd)
        let result: Result<Scanned, Linker.ReferenceError>
        do {
            result = .success(Scanned(directory: shown, report: try ScanCommand.scanReport(shown, maxFiles: 100_000, maxFileBytes: 2 << 20)))
        } catch let failure as InputFiles.Failure {
            result = .failure(.init("`\(scan)` cannot be scanned: \(failure.description); name a smaller directory"))
        } catch {
            result = .failure(.init("`\(scan)` cannot be scanned: \(error)"))
        }
        cache.withLock { $0[resolved] = result }
        return result
    }

    /// The workspace with each scanning deployment's toolchain completed, and the directories
    /// scanned (their files are inputs: reports hash them, outputs never overwrite them).
    static func apply(to workspace: Workspace, tree: (String) -> String) -> (workspace: Workspace, scanned: [Scanned]) {
        guard workspace.deployments.contains(where: { $0.deployment.toolchain.scan != nil }) else { return (workspace, []) }
        var ws = workspace
        var kept: [ResolvedDeployment] = []
        var findings: [Diagnostic] = []
        var scanned: [String: Scanned] = [:]
        for var d in ws.deployments {
            guard let scan = d.deployment.toolchain.scan else { kept.append(d); continue }
            let file = d.deployment.file
            let at = d.deployment.toolchain.scanLocation ?? d.deployment.nameLocation
            switch Self.scan(scan, spec: file, tree: tree(file)) {
            case .success(let s):
                d.deployment.toolchain = ScannedToolchain.apply(s.report, to: d.deployment.toolchain)
                kept.append(d)
                scanned[s.directory] = s
                if !s.report.skipped.isEmpty {
                    let listed = s.report.skipped.prefix(3).map { "\($0.file) (\($0.reason))" }.joined(separator: ", ")
                    let more = s.report.skipped.count > 3 ? " and \(s.report.skipped.count - 3) more" : ""
                    findings.append(.warning(.scanIncomplete,
                                             "\(Format.count(Double(s.report.skipped.count), "file")) under `\(scan)` \(s.report.skipped.count == 1 ? "was" : "were") not read, so their sites are not counted: \(listed)\(more)",
                                             at: at, path: "toolchain.scan", suggestion: "`chipfit scan \(s.directory)` lists them"))
                }
            case .failure:
                // Reported once, by the linker: the references stage ran the same scan.
                ws.invalidFiles.insert(file)
            }
        }
        ws.deployments = kept
        if !findings.isEmpty { ws.diagnostics = (ws.diagnostics + findings).sorted(by: Diagnostic.ordered) }
        return (ws, scanned.keys.sorted().map { scanned[$0]! })
    }
}
