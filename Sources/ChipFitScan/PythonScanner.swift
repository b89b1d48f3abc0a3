/// Sites in Python source, found on tokens (so never in strings or comments):
/// - imports of CUDA-bound packages (`import flash_attn`, `from vllm import LLM`);
/// - `torch.cuda.*` and `torch.backends.cudnn.*`, through any alias of `torch`;
/// - `.cuda(…)` on any object;
/// - `"cuda"`, `"cuda:N"` and `"nccl"` where code chooses a device or backend with them: a
///   keyword or name about devices (`device="cuda"`, `device_type=`, `backend="nccl"`,
///   `map_location=`, `DEVICE = "cuda"`), the first argument of `.to(`, `torch.device(`,
///   `autocast(`, `GradScaler(`, `init_process_group(`, a comparison (`x.device.type == "cuda"`)
///   or a `"device": "cuda"` entry; never a docstring or text such as `print("cuda")`;
/// - kernels: `@triton.jit`/`@triton.autotune`, `@cuda.jit` (Numba), `CUDAExtension(`,
///   `load_inline(`, `numba.cuda.*`, `deepspeed.ops.*`.
public enum PythonScanner {
    public static func scan(_ bytes: [UInt8], file: String) -> [ScanSite] {
        let tokens = PythonTokenizer.tokens(bytes)
        var sites: [ScanSite] = []
        func site(_ t: PythonToken, _ component: String, _ kind: ScanSite.Kind, _ text: String) {
            sites.append(ScanSite(file: file, line: t.line, column: t.column(in: bytes), component: component, kind: kind, text: text))
        }
        var torchNames: Set<String> = ["torch"]
        var numbaCuda: Set<String> = [] // names bound to numba.cuda (`from numba import cuda`)
        var atLineStart = true
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            defer { atLineStart = t.kind == .newline || (t.kind == .op && t.text == ";") }
            switch t.kind {
            case .newline, .number:
                i += 1
            case .name where atLineStart && (t.text == "import" || t.text == "from"):
                i = imports(tokens, bytes, from: i, &torchNames, &numbaCuda) { token, module, text in
                    if module == "numba.cuda" || module.hasPrefix("numba.cuda.") {
                        site(token, "custom-cuda-kernels", .import, text)
                    } else if module == "torch.cuda" || module.hasPrefix("torch.cuda.") {
                        site(token, "cuda", .import, text)
                    } else if module == "torch.utils.cpp_extension", text.contains("CUDAExtension") || text.contains("load_inline") {
                        site(token, "custom-cuda-kernels", .import, text)
                    } else if let top = module.split(separator: ".").first, let c = ComponentNames.forModule(String(top)) {
                        site(token, c, .import, text)
                    }
                }
            case .name:
                let (chain, end) = dottedChain(tokens, from: i)
                let decorated = i > 0 && tokens[i - 1].kind == .op && tokens[i - 1].text == "@"
                let called = end < tokens.count && tokens[end].kind == .op && tokens[end].text == "("
                let afterDot = i > 0 && tokens[i - 1].kind == .op && tokens[i - 1].text == "."
                let head = chain.first!
                if !afterDot {
                    if torchNames.contains(head), chain.count >= 2, chain[1] == "cuda" {
                        site(t, "cuda", .call, (["torch"] + chain.dropFirst()).joined(separator: "."))
                    } else if torchNames.contains(head), chain.count >= 3, chain[1] == "backends", chain[2] == "cudnn" {
                        site(t, "cuda", .call, (["torch"] + chain.dropFirst()).joined(separator: "."))
                    } else if decorated, head == "triton", chain.count == 2, chain[1] == "jit" || chain[1] == "autotune" || chain[1] == "heuristics" {
                        site(tokens[i - 1], "triton", .kernel, "@" + chain.joined(separator: "."))
                    } else if head == "numba", chain.count >= 2, chain[1] == "cuda" {
                        site(decorated ? tokens[i - 1] : t, "custom-cuda-kernels", decorated ? .kernel : .call, (decorated ? "@" : "") + chain.joined(separator: "."))
                    } else if numbaCuda.contains(head), chain.count >= 2 {
                        site(decorated ? tokens[i - 1] : t, "custom-cuda-kernels", decorated ? .kernel : .call, (decorated ? "@" : "") + chain.joined(separator: "."))
                    } else if head == "deepspeed", chain.count >= 2, chain[1] == "ops" {
                        site(t, "deepspeed", .call, chain.joined(separator: "."))
                    } else if called, chain.count == 1, head == "CUDAExtension" || head == "load_inline" {
                        site(t, "custom-cuda-kernels", .kernel, head + "(")
                    } else if called, chain.last == "CUDAExtension" || chain.last == "load_inline" {
                        site(t, "custom-cuda-kernels", .kernel, chain.joined(separator: ".") + "(")
                    }
                }
                // `.cuda(` on anything but torch (torch.cuda is a module, reported above).
                if called, chain.count >= 2, chain.last == "cuda", !torchNames.contains(head) {
                    site(tokens[end - 1], "cuda", .call, ".cuda()")
                } else if called, afterDot, chain.count == 1, head == "cuda" {
                    site(t, "cuda", .call, ".cuda()")
                }
                i = end
            case .string:
                if let component = deviceComponent(t.text), choosesDevice(tokens, at: i) {
                    site(t, component, .device, "\"\(t.text)\"")
                }
                i += 1
            case .op:
                i += 1
            }
        }
        return sites
    }

    /// `"cuda"`, `"cuda:1"` → cuda; `"nccl"` → nccl.
    static func deviceComponent(_ text: String) -> String? {
        if text == "nccl" { return "nccl" }
        if text == "cuda" { return "cuda" }
        if text.hasPrefix("cuda:"), !text.dropFirst(5).isEmpty, text.dropFirst(5).allSatisfy(\.isNumber) { return "cuda" }
        return nil
    }

    static let deviceCalls: Set<String> = ["to", "device", "autocast", "GradScaler", "init_process_group", "new_group", "set_device"]

    /// Whether the string at `i` is where code chooses a device or a backend.
    static func choosesDevice(_ tokens: [PythonToken], at i: Int) -> Bool {
        // `"cuda" == x.device.type`
        if i + 1 < tokens.count, tokens[i + 1].kind == .op, tokens[i + 1].text == "==" || tokens[i + 1].text == "!=" { return true }
        guard i >= 2, tokens[i - 1].kind == .op else { return false }
        let before = tokens[i - 2]
        switch tokens[i - 1].text {
        case "==", "!=":
            return true
        case "=":
            guard before.kind == .name else { return false }
            let name = before.text.lowercased()
            return name.hasSuffix("device") || name.hasSuffix("device_type") || name.hasSuffix("backend")
                || name == "map_location" || name == "device_map" || name == "accelerator"
        case "(":
            return before.kind == .name && deviceCalls.contains(before.text)
        case ":":
            return before.kind == .string && ["device", "device_type", "backend"].contains(before.text)
        default:
            return false
        }
    }

    /// `a.b.c` starting at `start`: its names and the index after it.
    static func dottedChain(_ tokens: [PythonToken], from start: Int) -> ([String], Int) {
        var names = [tokens[start].text]
        var i = start + 1
        while i + 1 < tokens.count, tokens[i].kind == .op, tokens[i].text == ".", tokens[i + 1].kind == .name {
            names.append(tokens[i + 1].text)
            i += 2
        }
        return (names, i)
    }

    /// An import statement from `start` (`import` or `from`) to the end of its logical line.
    /// Calls `found` with the token, the full module and the statement's text for each module
    /// imported; records aliases of torch and of numba.cuda. Returns the index after it.
    static func imports(_ tokens: [PythonToken], _ bytes: [UInt8], from start: Int, _ torchNames: inout Set<String>,
                        _ numbaCuda: inout Set<String>, found: (PythonToken, String, String) -> Void) -> Int {
        var end = start
        while end < tokens.count, tokens[end].kind != .newline, !(tokens[end].kind == .op && tokens[end].text == ";") { end += 1 }
        // The statement as written, on one line: its first token to the end of its last.
        let last = tokens[max(start, end - 1)]
        let text = String(decoding: bytes[tokens[start].offset..<min(bytes.count, last.offset + last.text.utf8.count)], as: UTF8.self)
            .split(whereSeparator: { $0 == "\n" || $0 == "\\" }).map { $0.drop(while: { $0 == " " }) }.joined(separator: " ")
        if tokens[start].text == "from" {
            var i = start + 1
            guard i < end, tokens[i].kind == .name else { return end } // relative imports (`from . import x`) are the repository's own
            let (chain, after) = dottedChain(tokens, from: i)
            let module = chain.joined(separator: ".")
            i = after
            var importedNames: [String] = []
            var k = i
            while k < end {
                if tokens[k].kind == .name, tokens[k].text != "import", tokens[k].text != "as" { importedNames.append(tokens[k].text) }
                k += 1
            }
            if module == "numba", importedNames.contains("cuda") {
                numbaCuda.insert("cuda")
                found(tokens[start + 1], "numba.cuda", text)
            } else if module == "torch", importedNames.contains("cuda") {
                found(tokens[start + 1], "torch.cuda", text)
            } else {
                found(tokens[start + 1], module, text)
            }
            return end
        }
        var i = start + 1
        while i < end {
            guard tokens[i].kind == .name else { i += 1; continue }
            let (chain, after) = dottedChain(tokens, from: i)
            let module = chain.joined(separator: ".")
            var alias: String?
            var next = after
            if next + 1 < end, tokens[next].text == "as", tokens[next + 1].kind == .name {
                alias = tokens[next + 1].text
                next += 2
            }
            if module == "torch", let alias { torchNames.insert(alias) }
            if module == "numba.cuda" { numbaCuda.insert(alias ?? "numba.cuda") }
            found(tokens[i], module, text)
            i = next
        }
        return end
    }
}
