import Foundation
import Testing

@testable import TrellisCore

@Suite("Numbers with fixed decimals")
struct FixedDecimalTests {
    /// Ties and near-ties at every scale, units in the last place either side, values of every size (a fixed
    /// SplitMix64 sequence) and the edges: what printf has to get right.
    static let values: [Double] = {
        var values: [Double] = [0, -0, 0.05, 0.15, 0.25, 0.35, -0.04, -0.05, -0.25, 99.95, 100, 12.345, -7.25, 1e6]
        for step in 0...2000 { values.append(Double(step) / 200 - 5) }
        for step in 0...4000 {
            let value = Double(step) / 100 * (step % 2 == 0 ? 1 : 1_234.5)
            let thousandth = Double(step) / 1000 + 0.0005
            values += [value, value.nextUp, value.nextDown, -value.nextUp, thousandth, -thousandth.nextDown]
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            mixed ^= mixed >> 31
            let scale = pow(10, Double(Int(mixed % 19)) - 4)
            values.append((Double(mixed >> 11) / Double(1 << 53) - 0.3) * scale)
        }
        values += [
            1e14, 1e14.nextDown, 1e15, 99_999_999_999_999.95, 4.35, 0.45, 2.675, 1.0005, 0.125, 0.375,
            .leastNonzeroMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude, .infinity, -.infinity, .nan,
        ]
        return values
    }()

    @Test(
        "every value is written with 0, 1, 2 and 4 decimals, with and without its sign, exactly as printf writes it"
    )
    func asPrintf() {
        for places in [0, 1, 2, 4] {
            var wrong: [String] = []
            for value in Self.values {
                for signed in [false, true] {
                    let expected = String(format: (signed ? "%+." : "%.") + "\(places)f", value)
                    let written = FixedDecimal.text(value, places: places, signed: signed)
                    if written != expected { wrong.append("\(value): \(written), printf \(expected)") }
                }
            }
            #expect(wrong.isEmpty, "\(places) decimals: \(wrong.prefix(5))")
        }
    }

    @Test("halves go to the even neighbour, what is under a half goes down, and a negative keeps its minus at 0")
    func ties() {
        #expect(FixedDecimal.text(0.25, places: 1) == "0.2" && FixedDecimal.text(0.35, places: 1) == "0.3")
        #expect(FixedDecimal.text(0.125, places: 2) == "0.12" && FixedDecimal.text(0.375, places: 2) == "0.38")
        #expect(FixedDecimal.text(2.5, places: 0) == "2" && FixedDecimal.text(3.5, places: 0) == "4")
        #expect(
            FixedDecimal.text(-0.004, places: 2) == "-0.00" && FixedDecimal.text(7, places: 2, signed: true) == "+7.00")
        #expect(FixedDecimal.text(0.00005, places: 4) == "0.0001" && FixedDecimal.text(1.05, places: 4) == "1.0500")
    }
}
