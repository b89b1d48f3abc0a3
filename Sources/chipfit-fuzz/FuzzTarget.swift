import ChipFitSpec
import ChipFitPlanner
import ChipFitRender
import ChipFitYAML
import Foundation

/// One fuzz input through the whole untrusted-input path: YAML parsing, schema validation,
/// linking against the shipped catalogue, planning a valid deployment, and — for inputs that
/// look like JSON — the Hugging Face config importer; then every renderer on what came out:
/// the findings as text, JSON, SARIF, JUnit and GitHub annotations, the plan as a table,
/// JSON, explanations and both reports. Any crash, hang, leak or sanitizer report is a finding.
enum FuzzTarget {
    /// The shipped catalogue, loaded once from `CHIPFIT_PROFILES` (default `profiles`).
    static let catalogue: [LoadedFile] = {
        let dir = ProcessInfo.processInfo.environment["CHIPFIT_PROFILES"] ?? "profiles"
        let names = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return names.map { DocumentLoader.load([UInt8](FileManager.default.contents(atPath: dir + "/" + $0) ?? Data()), file: $0) }
    }()

    static let planner: Planner = Planner(catalogue: Linker.link(catalogue).catalogue, asOf: Day("2026-11-29")!)

    /// Small limits keep each run fast; the limits themselves are part of what is fuzzed.
    static let limits = YAMLLimits(maxFileBytes: 1 << 16, maxDepth: 64, maxNodes: 5000, maxScalarBytes: 4096)

    static func run(_ bytes: [UInt8]) {
        let file = DocumentLoader.load(bytes, file: "fuzz.yaml", limits: limits)
        var references: Linker.References = [:]
        if case .deployment(let d)? = file.document, case .hfConfig(let path, _) = d.model {
            references[Linker.referenceKey(spec: d.file, reference: path)] = .success(bytes)
        }
        let ws = Linker.link(catalogue + [file], references: references)
        let source = String(decoding: bytes, as: UTF8.self)
        let report = DiagnosticReport(diagnostics: ws.diagnostics, files: ["fuzz.yaml"], sources: ["fuzz.yaml": source],
                                      version: "fuzz")
        _ = DiagnosticsTextRenderer(color: true).render(report, summary: "fuzz")
        _ = DiagnosticsJSONRenderer().render(ws.diagnostics, files: 1)
        _ = SARIFRenderer().render(report)
        _ = JUnitRenderer().render(report)
        _ = GitHubAnnotationsRenderer().render(report)
        if !ws.deployments.isEmpty {
            let plan = planner.plan(ws.deployments)
            _ = PlanTableRenderer(color: true).render(plan)
            _ = PlanJSONRenderer().render(plan)
            let model = ReportModel(plan: plan, version: "fuzz", inputs: [])
            _ = MarkdownReportRenderer().render(model)
            _ = HTMLReportRenderer().render(model)
            for d in plan.deployments {
                for c in d.candidates { _ = ExplainRenderer().render(d, c, asOf: plan.asOf, lists: plan.certificationLists) }
            }
        }
        if case .chip? = file.document { _ = ProfilesRenderer().json(ws.catalogue, kinds: Kind.allCases) }
        if bytes.first == UInt8(ascii: "{") {
            _ = HFConfigImporter.importConfig(bytes, at: SourceLocation(file: "fuzz.json", line: 1, column: 1), path: "hf_config")
        }
    }
}

/// libFuzzer's entry point (also what the driver started from main calls through the shim).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
