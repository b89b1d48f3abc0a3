@testable import ChipFitScan
import Testing

@Suite struct PythonTokens {
    private func names(_ source: String) -> [String] {
        PythonTokenizer.tokens(Array(source.utf8)).filter { $0.kind == .name }.map(\.text)
    }

    @Test func commentsAndStringsAreNotCode() {
        #expect(names("x = 1  # torch.cuda.synchronize()\n") == ["x"])
        #expect(names("s = 'torch.cuda' + \"cuda\"\n") == ["s"])
        #expect(names("d = '''\ntorch.cuda\n'''\ny = 2\n") == ["d", "y"])
        #expect(names("r = rb'\\x'  ; f = f\"{a}\"\n") == ["r", "f"])
        #expect(names("e = 'it\\'s torch.cuda'\nz\n") == ["e", "z"])
    }

    @Test func positionsAreLinesAndScalarColumns() {
        let source = "é = 1\n\"\"\"doc\nmore\"\"\"\nx.cuda()\n"
        let bytes = Array(source.utf8)
        let tokens = PythonTokenizer.tokens(bytes)
        let doc = tokens.first { $0.kind == .string }!
        #expect(doc.line == 2 && doc.column(in: bytes) == 1 && doc.text == "doc\nmore")
        let cuda = tokens.first { $0.text == "cuda" }!
        #expect(cuda.line == 4 && cuda.column(in: bytes) == 3)
        let one = tokens.first { $0.kind == .number }!
        #expect(one.column(in: bytes) == 5, "é is one column")
    }

    @Test func bracketsJoinLines() {
        let tokens = PythonTokenizer.tokens(Array("f(a,\n  b)\ng\n".utf8))
        #expect(tokens.filter { $0.kind == .newline }.count == 2)
    }

    /// Whatever the bytes, tokenising ends and positions stay inside the file.
    @Test func anyBytesTokenise() {
        for source in ["'unterminated", "\"\"\"open", "\\", "x = (\n", "\u{0}\u{1}\u{FF}", "@\n@", "'''a\\"] {
            let bytes = Array(source.utf8)
            for t in PythonTokenizer.tokens(bytes) { #expect(t.offset <= bytes.count && t.line >= 1) }
        }
    }
}

@Suite struct Requirements {
    @Test func pep508() {
        #expect(Requirement.parse("flash-attn>=2.5.8  ") == Requirement(name: "flash-attn", offset: 0, version: "2.5.8", cuda: nil))
        #expect(Requirement.parse("  torch==2.3.0+cu121") == Requirement(name: "torch", offset: 2, version: "2.3.0", cuda: "12.1"))
        #expect(Requirement.parse("vllm[all]~=0.5.4 ; python_version >= '3.9'")?.version == "0.5.4")
        #expect(Requirement.parse("deepspeed>=0.13,<0.15")?.version == "0.13")
        #expect(Requirement.parse("triton")?.version == nil)
        #expect(Requirement.parse("apex @ git+https://github.com/NVIDIA/apex")?.name == "apex")
        #expect(Requirement.parse("pytorch=2.1.0")?.version == "2.1.0")
        #expect(Requirement.parse("-r other.txt") == nil)
        #expect(Requirement.parse("./local/path") == nil)
        #expect(Requirement.parse("torch==2.1.*")?.version == "2.1")
        // pip-compile --generate-hashes output, and continued lines
        #expect(Requirement.parse("torch==2.1.0+cu121 \\") == Requirement(name: "torch", offset: 0, version: "2.1.0", cuda: "12.1"))
        #expect(Requirement.parse("flash-attn==2.5.8 --hash=sha256:00ff")?.version == "2.5.8")
        #expect(Requirement.parse("torch==2.1\\")?.version == "2.1")
    }

    @Test func packageNamesMapToComponents() {
        #expect(ComponentNames.forPackage("Flash_Attn") == "flash-attn")
        #expect(ComponentNames.forPackage("nvidia-cublas-cu12") == "cuda")
        #expect(ComponentNames.forPackage("nvidia-nccl-cu12") == "nccl")
        #expect(ComponentNames.forPackage("cupy-cuda12x") == "cupy")
        #expect(ComponentNames.forPackage("megatron_core") == "megatron-lm")
        #expect(ComponentNames.forPackage("numpy") == nil)
    }
}
