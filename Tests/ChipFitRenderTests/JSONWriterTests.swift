@testable import ChipFitRender
import Foundation
import Testing

/// The JSON writer against independent references: Foundation's parser and RFC 8259's rule.
@Suite struct JSONWriterBytes {
    /// Exactly `"`, `\`, control characters and DEL are escaped, each as RFC 8259 spells it.
    @Test func escapesExactlyWhatJSONRequires() {
        for value in UInt8(0)...0x7F {
            let written = JSON.string(String(UnicodeScalar(value))).rendered(pretty: false)
            let escaped = value < 0x20 || value == 0x22 || value == 0x5C || value == 0x7F
            #expect((written.count > 3) == escaped, "byte \(value): \(written)")
        }
        #expect(JSON.string("a\u{1}\n\"").rendered(pretty: false) == "\"a\\u0001\\n\\\"\"")
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
