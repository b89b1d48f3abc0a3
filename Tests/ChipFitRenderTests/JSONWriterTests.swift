@testable import ChipFitRender
import Foundation
import Testing

/// The JSON writer against independent references: Foundation's parser and the escaping rule
/// written out one byte at a time.
@Suite struct JSONWriterBytes {
    /// The eight-bytes-at-a-time test against the rule, for each byte value at each position
    /// of strings from 1 to 19 bytes (so every word and tail position is covered).
    @Test func escapeScanAgreesWithTheRuleAtEveryPosition() {
        func rule(_ b: UInt8) -> Bool { b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F }
        var disagreements: [String] = []
        for length in 1...19 {
            for position in 0..<length {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = UInt8(value)
                    let scanned = bytes.withUnsafeBufferPointer { JSONWriter.needsEscaping($0) }
                    if scanned != rule(UInt8(value)) { disagreements.append("\(length)/\(position)/\(value)") }
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        // Bytes above 0x7F (UTF-8) next to ones that need escaping, and a long plain run.
        let mixed = Array("\u{E9}\u{4E2D}\u{1F600}".utf8) + [0x1F] + Array("\u{E9}".utf8)
        #expect(mixed.withUnsafeBufferPointer { JSONWriter.needsEscaping($0) })
        let plain = Array(String(repeating: "\u{E9}xyz\u{4E2D}", count: 50).utf8)
        #expect(!plain.withUnsafeBufferPointer { JSONWriter.needsEscaping($0) })
    }

    /// Every string written reads back as itself, and numbers as the same values.
    @Test func writtenValuesReadBackThroughFoundation() throws {
        var strings = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        strings += ["", "plain", "quote \" and \\ back", "tab\there", "\u{7F}del", "caf\u{E9} \u{4E2D}\u{1F600}",
                    String(repeating: "long-", count: 40) + "\n"]
        let ints = [0, 7, -7, 10, 99, 100, -1_000_000, Int.max, Int.min]
        let numbers = [0.5, -0.25, 1e15, 1e-7, 123456.789, 3.0, -0.0]
        let value = JSON.object(["ints": .array(ints.map(JSON.int)), "numbers": .array(numbers.map(JSON.number)),
                                 "strings": .array(strings.map(JSON.string))])
        for pretty in [true, false] {
            let text = value.rendered(pretty: pretty)
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(parsed["strings"] as? [String] == strings)
            #expect((parsed["ints"] as? [NSNumber])?.map(\.int64Value) == ints.map(Int64.init))
            #expect((parsed["numbers"] as? [NSNumber])?.map(\.doubleValue) == numbers)
        }
        // Digits exactly as `String(Int)` writes them, and integral doubles as integers.
        #expect(JSON.array(ints.map(JSON.int)).rendered(pretty: false) == "[" + ints.map(String.init).joined(separator: ",") + "]")
        #expect(JSON.array([.number(3.0), .number(-0.0), .number(1e15), .number(.nan)]).rendered(pretty: false)
                == "[3,0,1000000000000000.0,null]")
    }
}
