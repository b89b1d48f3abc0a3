@testable import chipfit
import Foundation
import Testing
import TestSupport

/// Long path lists bypass swift-argument-parser's quadratic handling of repeated arguments.
@Suite struct TrailingPathArguments {
    @Test func pathsAfterTheLastOptionAndItsPossibleValueAreTakenOff() {
        let cases: [([String], [String], [String])] = [
            (["validate", "a", "b", "c"], ["validate", "a"], ["b", "c"]),
            (["validate", "a"], ["validate", "a"], []),
            (["validate"], ["validate"], []),
            // The word after an option may be its value, and the next may be the first path.
            (["plan", "--format", "json", "a", "b", "c"], ["plan", "--format", "json", "a"], ["b", "c"]),
            (["validate", "--strict", "a", "b", "c"], ["validate", "--strict", "a", "b"], ["c"]),
            (["report", "a", "--format", "html", "b", "c", "d"], ["report", "a", "--format", "html", "b"], ["c", "d"]),
            (["check", "--", "a", "-b", "c", "d", "e"], ["check", "--", "a", "-b", "c", "d"], ["e"]),
            (["validate", "a", "b", "--help"], ["validate", "a", "b", "--help"], []),
            // Other commands have fixed positional arguments: nothing is taken.
            (["diff", "old.json", "new.json", "x"], ["diff", "old.json", "new.json", "x"], []),
            (["profiles", "list", "a", "b", "c"], ["profiles", "list", "a", "b", "c"], []),
        ]
        for (arguments, parse, paths) in cases {
            let split = TrailingPaths.split(arguments)
            #expect(split.parse == parse, "\(arguments)")
            #expect(split.paths == paths, "\(arguments)")
        }
    }

    /// The split relies on every option of these commands taking exactly one word as its value,
    /// and on the paths being their only positional argument.
    @Test func everyOptionOfThePathCommandsTakesOneWord() throws {
        #expect(TrailingPaths.commands == ["validate", "plan", "check", "report"])
        for command in TrailingPaths.commands.sorted() {
            let run = try Run([command, "--experimental-dump-help"])
            let info = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            let arguments = try #require((info?["command"] as? [String: Any])?["arguments"] as? [[String: Any]])
            let positional = arguments.filter { $0["kind"] as? String == "positional" }
            #expect(positional.count == 1 && positional[0]["isRepeating"] as? Bool == true, "\(command)")
            for argument in arguments where argument["kind"] as? String == "option" {
                #expect(argument["parsingStrategy"] as? String == "default", "\(command): \(argument)")
            }
        }
    }

    @Test func manyNamedFilesGiveTheSameOutputInAnyArrangement() throws {
        let dir = "Tests/Fixtures/invalid"
        let files = try FileManager.default.contentsOfDirectory(atPath: Repo.path(dir))
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "\(dir)/\($0)" }
        #expect(files.count > 50)
        let reference = try Run(["validate", "--format", "json", dir])
        #expect(reference.status == 1)
        let arrangements: [[String]] = [
            ["validate", "--format", "json"] + files,
            ["validate"] + files.reversed() + ["--format", "json"],
            ["validate", files[0], "--format", "json"] + files.dropFirst(),
            ["validate", "--format", "json", "--"] + files.map { "./" + $0 },
        ]
        for arguments in arrangements {
            let run = try Run(arguments)
            #expect(run.status == reference.status, "\(arguments.prefix(5))")
            #expect(run.stdout == reference.stdout, "\(arguments.prefix(5))")
        }
    }

    @Test func aMissingFileAmongManyIsStillAnError() throws {
        let run = try Run(["plan", "--format", "json", "examples/support-chat.yaml", "examples/glm4-lora.yaml", "examples/nope.yaml"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("examples/nope.yaml: no such file or directory"), "\(run.stderr)")
    }
}

/// Paths are normalised as text, as `URL(fileURLWithPath:).standardized` did before.
@Suite struct PathNormalisation {
    @Test func matchesFoundationsStandardisedFileURLs() {
        let cwd = FileManager.default.currentDirectoryPath
        let paths = ["a.yaml", "./a//b.yaml", "a/../b.yaml", "../x.yaml", "../../..", "/", "/..", "/../x", ".", "./",
                     "a/", "a/./b/./", "//a", "a/b/..", "a/b/../..", cwd, cwd + "/x.yaml", cwd + "/../x",
                     "caf\u{E9}/x.yaml", "cafe\u{301}/x.yaml", "a/.hidden/..x", "...", "a/.../b",
                     "a/.", "a/..", "./a", "../a", "a//", "/a/", "/a/.", "/a/b", "..", "", "/a/b/../c", "x/y.yml"]
        for path in paths {
            let expected = URL(fileURLWithPath: path).standardizedFileURL.path
            #expect(PathText.absolute(path, cwd: cwd) == expected, "\(path)")
        }
        // The shortcut for paths already in that form, against the general walk.
        for (path, normal) in [("a", true), ("/", true), ("/a/b.yaml", true), ("a/.../b", true), (".", false),
                               ("", false), ("a/", false), ("a//b", false), ("./a", false), ("a/..", false), ("/..", false)] {
            #expect(PathText.isNormal(path) == normal, "\(path)")
        }
    }

    @Test func showsPathsBelowTheWorkingDirectoryRelativeToIt() {
        #expect(PathText.shown("/w/d/a.yaml", cwd: "/w/d") == "a.yaml")
        #expect(PathText.shown("/w/d", cwd: "/w/d") == ".")
        #expect(PathText.shown("/w/dx/a.yaml", cwd: "/w/d") == "/w/dx/a.yaml")
        #expect(PathText.shown("/a", cwd: "/") == "/a")
        // Bytes, not canonical equivalence: an NFD directory is not the NFC one.
        #expect(PathText.shown("/w/cafe\u{301}/a.yaml", cwd: "/w/caf\u{E9}") == "/w/cafe\u{301}/a.yaml")
        #expect(!PathText.sameBytes("caf\u{E9}", "cafe\u{301}"))
        #expect(PathText.sameBytes("caf\u{E9}", "caf\u{E9}"))
        #expect(PathText.parent("/a/b.yaml") == "/a" && PathText.parent("/b.yaml") == "/")
        #expect(PathText.name("/a/b.yaml") == "b.yaml")
    }

    @Test func joinsADirectoryAndANameWithOneSlash() {
        #expect(PathText.child("a.yaml", of: "dir") == "dir/a.yaml")
        #expect(PathText.child("a.yaml", of: "dir/") == "dir/a.yaml")
        #expect(PathText.child("a.yaml", of: "/") == "/a.yaml")
        #expect(PathText.child("caf\u{E9}.yaml", of: "/w/d") == "/w/d/caf\u{E9}.yaml")
        #expect(PathText.child("", of: "d") == "d/")
    }
}
