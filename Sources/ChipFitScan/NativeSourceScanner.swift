/// CUDA and C++ sources: every `__global__` kernel in `*.cu`/`*.cuh` (a CUDA file without one is
/// reported once, at its first line), and includes of CUDA headers in any C/C++ file
/// (`cuda_runtime.h`, `cublas*`, `cudnn*`, `nccl.h`, `ATen/cuda/…`, `c10/cuda/…`, `cutlass/…`).
/// Comments and string literals are not code.
public enum NativeSourceScanner {
    public static func scan(_ bytes: [UInt8], file: String, isCUDA: Bool) -> [ScanSite] {
        let code = blanked(bytes)
        var sites: [ScanSite] = []
        var line = 1, lineStart = 0
        func column(_ at: Int) -> Int {
            var c = 1
            for k in lineStart..<at where bytes[k] & 0xC0 != 0x80 { c += 1 }
            return c
        }
        let global = Array("__global__".utf8), include = Array("include".utf8)
        var i = 0
        var atLineStart = true
        while i < code.count {
            let b = code[i]
            if b == 0x0A { line += 1; lineStart = i + 1; atLineStart = true; i += 1; continue }
            if b == 0x20 || b == 0x09 { i += 1; continue }
            if atLineStart, b == 0x23 { // a preprocessor line: `#include <…>` or `#include "…"`
                var k = i + 1
                while k < code.count, code[k] == 0x20 || code[k] == 0x09 { k += 1 }
                if code[k..<min(k + include.count, code.count)].elementsEqual(include) {
                    let end = bytes[k...].firstIndex(of: 0x0A) ?? bytes.count
                    let header = String(decoding: bytes[(k + include.count)..<end], as: UTF8.self).trimming(" \t\r<>\"")
                    if let component = headerComponent(header) {
                        sites.append(ScanSite(file: file, line: line, column: column(i), component: component, kind: .import,
                                              text: "#include <\(header)>"))
                    }
                }
            } else if isCUDA, b == 0x5F, code[i..<min(i + global.count, code.count)].elementsEqual(global),
                      i == 0 || !PythonTokenizer.isNameByte(code[i - 1]),
                      i + global.count >= code.count || !PythonTokenizer.isNameByte(code[i + global.count]) {
                sites.append(ScanSite(file: file, line: line, column: column(i), component: "custom-cuda-kernels", kind: .kernel,
                                      text: "__global__"))
            }
            atLineStart = false
            i += 1
        }
        if isCUDA, !sites.contains(where: { $0.kind == .kernel }) {
            sites.insert(ScanSite(file: file, line: 1, column: 1, component: "custom-cuda-kernels", kind: .kernel, text: "CUDA source"), at: 0)
        }
        return sites
    }

    static func headerComponent(_ header: String) -> String? {
        let h = header.lowercased()
        if h.hasPrefix("nccl") { return "nccl" }
        if h.hasPrefix("cutlass/") || h.hasPrefix("cute/") { return "cutlass" }
        if h.hasPrefix("cuda") || h.hasPrefix("cublas") || h.hasPrefix("cudnn") || h.hasPrefix("cufft") || h.hasPrefix("curand")
            || h.hasPrefix("cusparse") || h.hasPrefix("cusolver") || h.hasPrefix("thrust/") || h.hasPrefix("cub/")
            || h.hasPrefix("aten/cuda/") || h.hasPrefix("c10/cuda/") || h.hasPrefix("nvtx") || h.hasPrefix("mma.h") {
            return h.hasPrefix("aten/cuda/") || h.hasPrefix("c10/cuda/") ? "custom-cuda-kernels" : "cuda"
        }
        return nil
    }

    /// The source with comments and the insides of string and character literals turned into
    /// spaces, line breaks kept, so positions stay where they were.
    static func blanked(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var i = 0
        while i < out.count {
            let b = out[i]
            if b == 0x2F, i + 1 < out.count, out[i + 1] == 0x2F { // // comment
                while i < out.count, out[i] != 0x0A { out[i] = 0x20; i += 1 }
            } else if b == 0x2F, i + 1 < out.count, out[i + 1] == 0x2A { // /* comment */
                out[i] = 0x20; out[i + 1] = 0x20; i += 2
                while i < out.count, !(out[i] == 0x2A && i + 1 < out.count && out[i + 1] == 0x2F) {
                    if out[i] != 0x0A { out[i] = 0x20 }
                    i += 1
                }
                if i + 1 < out.count { out[i] = 0x20; out[i + 1] = 0x20; i += 2 } else { i = out.count }
            } else if b == 0x22 || b == 0x27 { // "string" or 'c'
                let quote = b
                i += 1
                while i < out.count, out[i] != quote, out[i] != 0x0A {
                    if out[i] == 0x5C, i + 1 < out.count, out[i + 1] != 0x0A { out[i] = 0x20; i += 1 }
                    out[i] = 0x20
                    i += 1
                }
                i += 1
            } else {
                i += 1
            }
        }
        return out
    }
}
