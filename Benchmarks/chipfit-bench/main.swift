// Planner benchmark: plans a generated corpus of deployment specs against the shipped
// catalogue and reports layouts evaluated per second and wall time. Run it through
// scripts/bench (release build); figures are recorded in docs/benchmarks.md.
import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML
import Foundation

func readProfiles(_ dir: String) -> [LoadedFile] {
    let names = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()
    return names.map { name in
        let path = dir + "/" + name
        let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
        return DocumentLoader.load(bytes, file: path)
    }
}

/// A deterministic mix: inference and training, dense and MoE presets, inline architectures.
func corpus(_ n: Int) -> [String] {
    let presets = ["llama-3-8b", "llama-3-70b", "qwen2.5-7b", "qwen2.5-72b", "mixtral-8x7b", "glm-4-9b", "opt-13b", "deepseek-v3"]
    // Toolchains as teams write them: versions pinned or not, serving or training stacks.
    let toolchains = [
        "framework: pytorch@2.3, components: [vllm, flash-attn, nccl]",
        "framework: pytorch@2.1, components: [vllm@0.4.2, xformers, nccl, auto-gptq]",
        "framework: pytorch@2.5, components: [sglang, flash-attn, triton, nccl]",
        "framework: pytorch@2.4, runtime: cuda@12.4, components: [tensorrt-llm, cutlass, nccl]",
        "framework: pytorch@2.3, components: [deepspeed, apex, flash-attn, nccl]",
        "framework: pytorch@2.6, components: [megatron-lm, triton, nccl, custom-cuda-kernels]",
        "framework: pytorch, components: [vllm, bitsandbytes]",
    ]
    var specs: [String] = []
    for i in 0..<n {
        let model = i % 10 == 9
            ? "architecture: {layers: \(24 + i % 16), hidden_size: 4096, intermediate_size: 11008, attention_heads: 32, kv_heads: 8, vocab_size: 64000}"
            : "preset: \(presets[i % presets.count])"
        let workload: String
        if i % 3 == 2 {
            workload = "phase: training, precision: \(["bf16", "fp16"][i % 2]), sequence_length: 4096, global_batch_size: 256, tokens: \(10 + i % 90)B, deadline_days: \(7 + i % 30), zero_stage: \(i % 4)"
        } else {
            workload = "phase: inference, precision: \(["bf16", "fp8", "int8", "int4", "fp16"][i % 5]), input_tokens: \(512 * (1 + i % 8)), output_tokens: 256, concurrency: \(1 << (i % 7)), slo: {tpot_ms: \(40 + i % 60)}"
        }
        specs.append("""
            apiVersion: chipfit/v1
            kind: Deployment
            name: bench-\(i)
            model: {\(model)}
            workload: {\(workload)}
            toolchain: {\(toolchains[i % toolchains.count])}
            requirements: {certification: \(["required", "preferred", "ignore"][i % 3]), max_chips: 512}
            """)
    }
    return specs
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let args = CommandLine.arguments
// `chipfit-bench --write-corpus DIR N`: write the generated specs as files for the CLI
// and peer tools to read (scripts/bench).
if args.count == 4, args[1] == "--write-corpus", let count = Int(args[3]) {
    try? FileManager.default.createDirectory(atPath: args[2], withIntermediateDirectories: true)
    for (i, text) in corpus(count).enumerated() {
        let name = args[2] + "/spec-" + String(format: "%05d", i) + ".yaml"
        _ = FileManager.default.createFile(atPath: name, contents: Data((text + "\n").utf8))
    }
    exit(0)
}
let n = args.count > 1 ? Int(args[1]) ?? 200 : 200
let root = args.count > 2 ? args[2] : "."
let profiles = readProfiles(root + "/profiles")
let examples = readProfiles(root + "/examples").filter { $0.kind == .deployment }

var references: Linker.References = [:]
for f in examples {
    if case .deployment(let d)? = f.document, case .hfConfig(let path, _) = d.model {
        let url = URL(fileURLWithPath: d.file).deletingLastPathComponent().appendingPathComponent(path)
        references[Linker.referenceKey(spec: d.file, reference: path)] = .success([UInt8](FileManager.default.contents(atPath: url.path) ?? Data()))
    }
}

let day = Day("2026-11-29")!
var examplePlan: Plan!
let exampleWS = Linker.link(profiles + examples, references: references)
let exampleTime = seconds { examplePlan = Planner(catalogue: exampleWS.catalogue, asOf: day).plan(exampleWS.deployments) }

let texts = corpus(n)
var loaded: [LoadedFile] = []
let loadTime = seconds { loaded = texts.enumerated().map { DocumentLoader.load(Array($1.utf8), file: "bench-\($0).yaml") } }
var ws: Workspace!
let linkTime = seconds { ws = Linker.link(profiles + loaded) }
var plan: Plan!
let planTime = seconds { plan = Planner(catalogue: ws.catalogue, asOf: day).plan(ws.deployments) }

let evaluations = plan.deployments.reduce(0) { $0 + $1.candidates.reduce(0) { $0 + $1.evaluations } }
let pairs = plan.deployments.reduce(0) { $0 + $1.candidates.count }
print("chipfit-bench: \(n) generated specs × \(ws.catalogue.chips.count) chips (\(ws.deployments.count) valid specs)")
print(String(format: "  load+validate specs     %8.1f ms", loadTime * 1000))
print(String(format: "  link with catalogue     %8.1f ms", linkTime * 1000))
print(String(format: "  plan                    %8.1f ms  (%d spec×chip pairs, %d layouts evaluated)", planTime * 1000, pairs, evaluations))
print(String(format: "  layouts evaluated/s     %8.0f", Double(evaluations) / planTime))
print(String(format: "  plan the %d examples    %8.1f ms", examplePlan.deployments.count, exampleTime * 1000))
