/// Integers written as decimal digits straight into a byte buffer, as `String(n)` writes them:
/// the JSON writer and the text findings write thousands of numbers, and making a `String` for
/// each costs more than the digits.
enum DecimalDigits {
    /// The most bytes `write` takes: a sign and 19 digits.
    static let maxCount = 20

    /// Writes `n` at `target`, which has room for `maxCount` bytes; returns how many it wrote.
    @inline(__always)
    static func write(_ n: Int, to target: UnsafeMutablePointer<UInt8>) -> Int {
        var at = 0
        if n < 0 {
            target[0] = UInt8(ascii: "-")
            at = 1
        }
        var v = n.magnitude
        var digits = 1
        var rest = v / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let end = at + digits
        at = end
        repeat {
            at -= 1
            target[at] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
            v /= 10
        } while v > 0
        return end
    }
}
