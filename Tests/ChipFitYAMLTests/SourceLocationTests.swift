import ChipFitYAML
import Dispatch
import Testing

/// Locations keep their file as an interned id; these check that nothing a `String` field
/// gave is lost: the name, exact-byte identity, ordering and value semantics.
@Suite struct SourceLocations {
    @Test func theFileNameComesBackAsWritten() {
        let l = SourceLocation(file: "deploy/ünïcode spec.yaml", line: 3, column: 7)
        #expect(l.file == "deploy/ünïcode spec.yaml")
        #expect(l.description == "deploy/ünïcode spec.yaml:3:7")
    }

    @Test func namesDifferingOnlyInNormalisationAreDifferentFiles() {
        // "é" precomposed and decomposed: equal as Swift strings, different paths on disk.
        let nfc = SourceLocation(file: "caf\u{E9}.yaml", line: 1, column: 1)
        let nfd = SourceLocation(file: "cafe\u{301}.yaml", line: 1, column: 1)
        #expect(nfc != nfd)
        #expect(Array(nfc.file.utf8) == Array("caf\u{E9}.yaml".utf8))
        #expect(Array(nfd.file.utf8) == Array("cafe\u{301}.yaml".utf8))
    }

    @Test func equalFilesAndPositionsAreEqualAndHashAlike() {
        let a = SourceLocation(file: "same.yaml", line: 2, column: 5)
        let b = SourceLocation(file: "same.yaml", line: 2, column: 5)
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        #expect(a != SourceLocation(file: "same.yaml", line: 2, column: 6))
    }

    @Test func orderIsByFileNameThenLineThenColumn() {
        // "b" is interned before "a", so ids alone would order them the wrong way round.
        let b1 = SourceLocation(file: "order-b.yaml", line: 1, column: 1)
        let a9 = SourceLocation(file: "order-a.yaml", line: 9, column: 9)
        let a2 = SourceLocation(file: "order-a.yaml", line: 2, column: 1)
        let a2c3 = SourceLocation(file: "order-a.yaml", line: 2, column: 3)
        #expect([b1, a9, a2c3, a2].sorted() == [a2, a2c3, a9, b1])
    }

    @Test func fieldsAreSettableValues() {
        var l = SourceLocation(file: "x.yaml", line: 1, column: 1)
        let copy = l
        l.line = 40
        l.column = 2
        #expect(l.description == "x.yaml:40:2")
        #expect(copy.description == "x.yaml:1:1")
    }

    @Test func absurdPositionsAreClampedNotTrapped() {
        let l = SourceLocation(file: "huge.yaml", line: Int.max, column: -5)
        #expect(l.line == Int(UInt32.max))
        #expect(l.column == 0)
    }

    @Test func namesThatOnlyLookEqualAreDifferentFiles() {
        let nfc = SourceLocation(file: "caf\u{E9}.yaml", line: 1, column: 1)
        let nfd = SourceLocation(file: "cafe\u{301}.yaml", line: 1, column: 1)
        #expect(nfc != nfd)
        #expect(Set([nfc, nfd]).count == 2)
    }

    @Test func orderIsByBytesForNamesThatOnlyLookEqual() {
        let nfc = SourceLocation(file: "z/caf\u{E9}.yaml", line: 9, column: 9)
        let nfd = SourceLocation(file: "z/cafe\u{301}.yaml", line: 1, column: 1)
        // "e" (0x65) sorts before "é" (0xC3 0xA9): exactly one of the two orders holds.
        #expect(nfd < nfc)
        #expect(!(nfc < nfd))
    }
}
