import ChipFitRender
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the CI formats (SARIF, JUnit, GitHub annotations) of `validate`, `check` and `scan`
/// share: paths from the repository's top, and the documentation rules link to.
enum CIOutput {
    /// `report` with every path relative to `--path-base`, else `$GITHUB_WORKSPACE`, else the
    /// repository's top, else the working directory; code scanning and annotations resolve
    /// paths from there, wherever chipfit ran. Built-in profiles keep their names.
    static func repositoryRelative(_ report: DiagnosticReport, pathBase: String?) -> DiagnosticReport {
        let cwd = FileManager.default.currentDirectoryPath
        let base = PathText.absolute(pathBase ?? Environment.nonEmpty("GITHUB_WORKSPACE") ?? RunSettings.repositoryTop(from: cwd) ?? cwd,
                                     cwd: cwd)
        return report.withPaths { path in
            path.hasPrefix(InputFiles.builtInPrefix) ? path : PathText.relative(PathText.absolute(path, cwd: cwd), from: base)
        }
    }

    /// docs/diagnostics.md as published (the action sets `$CHIPFIT_DOCS_URL`), for SARIF rules' `helpUri`.
    static var sarif: SARIFRenderer { SARIFRenderer(documentation: Environment.nonEmpty("CHIPFIT_DOCS_URL")) }
}
