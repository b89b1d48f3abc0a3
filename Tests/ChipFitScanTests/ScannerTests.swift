@testable import ChipFitScan
import Testing

/// Patterns on small sources, each with where the site must be.
@Suite struct Scanners {
    private func sites(_ source: String, _ kind: RepositoryScanner.FileKind) -> [String] {
        RepositoryScanner.scan(Array(source.utf8), file: "f", kind: kind).sites.sorted(by: ScanSite.ordered)
            .map { "\($0.line):\($0.column) \($0.component)" }
    }

    @Test func pythonDevicesOnlyWhereCodeChoosesThem() {
        let source = """
            import torch as t
            t.cuda.empty_cache()
            x = y.to("cuda")
            print("cuda")
            if d.type == "cuda": pass
            cfg = {"device": "cuda:1", "name": "cuda"}
            """
        #expect(sites(source, .python) == ["2:1 cuda", "3:10 cuda", "5:14 cuda", "6:18 cuda"])
    }

    @Test func pythonKernelsAndImports() {
        let source = """
            from torch.utils.cpp_extension import load_inline
            import flash_attn.flash_attn_interface as fa, os
            from . import cuda
            @triton.autotune(configs=[])
            def k(): pass
            mod = load_inline(name="m", cpp_sources="", cuda_sources="")
            """
        #expect(sites(source, .python) == ["1:6 custom-cuda-kernels", "2:8 flash-attn", "4:1 triton", "6:7 custom-cuda-kernels"])
    }

    @Test func requirementsCommentsAndIndexes() {
        let source = "# flash-attn\n--index-url https://download.pytorch.org/whl/cu118\nbitsandbytes==0.43.1 # quant\nrequests\n"
        #expect(sites(source, .requirements) == ["2:1 cuda", "3:1 bitsandbytes"])
    }

    @Test func setupCfg() {
        let source = "[metadata]\nname = x\n[options]\ninstall_requires =\n    xformers>=0.0.26\n    numpy\n[options.extras_require]\nquant = bitsandbytes\n"
        #expect(sites(source, .setupCfg) == ["5:5 xformers", "8:9 bitsandbytes"])
    }

    @Test func poetry() {
        let source = "[tool.poetry.dependencies]\npython = \"^3.10\"\nvllm = \"^0.5\"\n\n[tool.poetry.group.dev.dependencies]\n\"flash-attn\" = {version = \"2.5.8\"}\n"
        #expect(sites(source, .pyproject) == ["3:1 vllm", "6:2 flash-attn"])
    }

    @Test func invalidTomlIsSkippedWithAReason() {
        #expect(RepositoryScanner.scan(Array("[project\n".utf8), file: "f", kind: .pyproject).skipped == "not valid TOML")
    }

    @Test func dockerfileImagesAndInstalls() {
        let source = "FROM pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime AS base\nRUN python -m pip install \"xformers==0.0.23\" && nvidia-smi\n"
        let found = RepositoryScanner.scan(Array(source.utf8), file: "f", kind: .container).sites
        #expect(found.map(\.component).sorted() == ["cuda", "cuda", "pytorch", "xformers"])
        #expect(found.first { $0.component == "pytorch" }?.version == "2.1.0")
        #expect(found.first { $0.kind == .baseImage && $0.component == "cuda" }?.version == "12.1")
        #expect(found.first { $0.component == "xformers" }.map { "\($0.line):\($0.column)" } == "2:28")
    }

    @Test func imageTagsNameCUDAEitherWay() {
        let found = RepositoryScanner.scan(Array("FROM lmsysorg/sglang:v0.3.0-cu121\nFROM python:3.11-slim\n".utf8), file: "f", kind: .container).sites
        #expect(found.map { "\($0.line) \($0.component) \($0.version ?? "-")" } == ["1 sglang 0.3.0", "1 cuda 12.1"])
        let tags = RepositoryScanner.scan(Array("FROM nvidia/cuda:latest\nFROM localhost:5000/pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime\n".utf8),
                                          file: "f", kind: .container).sites
        #expect(tags.map { "\($0.line) \($0.component) \($0.version ?? "-")" } == ["1 cuda -", "2 pytorch 2.1.0", "2 cuda 12.1"])
        #expect(DetectedToolchain.release("0.0.27.post2") == "0.0.27" && DetectedToolchain.release("2.5.8rc1") == "2.5.8"
                && DetectedToolchain.release("post1") == nil)
    }

    @Test func shellQuotesSubstitutionsAndContinuations() {
        let source = "echo \"use nvidia-smi\"\ngpus=$(nvidia-smi -L)\npip install \\\n    vllm==0.5.4\n"
        #expect(sites(source, .shell) == ["2:8 cuda", "4:5 vllm"])
        let docker = "RUN pip install \\\n# a comment line\n    flash-attn==2.5.8\n"
        #expect(sites(docker, .container) == ["3:5 flash-attn"])
        #expect(sites("if \"cuda\" == d.type: pass\n", .python) == ["1:4 cuda"])
        #expect(sites("from setuptools import setup\nsetup(install_requires=[\"\"\"vllm\"\"\", r\"triton\"])\n", .setupPy) == ["2:28 vllm", "2:39 triton"])
        #expect(sites("dependencies:\n  - \"pytorch=2.1\"\n", .conda) == ["2:6 pytorch"])
    }

    @Test func shellCommentsAreNotCommands() {
        #expect(sites("# nvidia-smi\necho 'x # y' && nvidia-smi  # NCCL_DEBUG\nNCCL_P2P_DISABLE=1 python t.py\n", .shell)
                == ["2:17 cuda", "3:1 nccl"])
    }

    @Test func fileKindsByName() {
        #expect(RepositoryScanner.kind(ofFileNamed: "requirements-dev.txt") == .requirements)
        #expect(RepositoryScanner.kind(ofFileNamed: "base.txt", inDirectoryNamed: "requirements") == .requirements)
        #expect(RepositoryScanner.kind(ofFileNamed: "notes.txt") == nil)
        #expect(RepositoryScanner.kind(ofFileNamed: "Dockerfile.gpu") == .container)
        #expect(RepositoryScanner.kind(ofFileNamed: "environment.yaml") == .conda)
        #expect(RepositoryScanner.kind(ofFileNamed: "kernel.cuh") == .cuda)
        #expect(RepositoryScanner.kind(ofFileNamed: "job.sbatch") == .shell)
    }
}

import ChipFitPlanner

@Suite struct SiteEffort {
    /// 1 + ⌊log₂ sites⌋, by hand.
    @Test func doublingTheSitesAddsOneUnit() {
        #expect([1, 2, 3, 4, 7, 8, 15, 16, 1000].map { SiteCount(sites: $0, files: [:]).effortFactor } == [1, 2, 2, 3, 3, 4, 4, 5, 10])
        #expect(SiteCount(sites: 0, files: [:]).effortFactor == 1)
    }
}

@Suite struct TOML {
    @Test func readsWhatDependencyListsUse() {
        let source = """
            # comment
            [project]
            name = "x"  # trailing
            dependencies = [
              "vllm==0.5.4",  # pinned
              'flash-attn>=2.5',
              \"\"\"triton\"\"\",
            ]
            [project.optional-dependencies]
            quant = ["bitsandbytes"]
            [tool."poetry".dependencies]
            xformers = { version = "^0.0.26", optional = true }
            [[tool.other]]
            a.b = 1979-05-27
            """
        let toml = TOMLReader(Array(source.utf8))
        #expect(!toml.damaged)
        #expect(toml.entries.map { $0.path.joined(separator: ".") }
                == ["project.name", "project.dependencies", "project.optional-dependencies.quant", "tool.poetry.dependencies.xformers", "tool.other.a.b"])
        let found = PyprojectScanner.sites(toml, file: "f").map { "\($0.line):\($0.column) \($0.component) \($0.version ?? "-")" }
        #expect(found == ["5:4 vllm 0.5.4", "6:4 flash-attn 2.5", "7:6 triton -", "10:11 bitsandbytes -", "12:1 xformers 0.0.26"])
    }

    @Test func damageIsNotedNotFatal() {
        for source in ["[project\n", "a = [\"x\"", "= 1\n", "a = \"open\n", "k = {a = 1\n", "[[\n", "a = ]\n"] {
            #expect(TOMLReader(Array(source.utf8)).damaged, "\(source.debugDescription)")
        }
    }
}
