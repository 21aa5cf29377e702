import Foundation
import Testing

@testable import TrellisCore

@Suite("Intervals: Wilson, Newcombe's hybrid score, difference in differences")
struct WilsonNewcombeTests {
    /// Newcombe (1998a), Table I, the score method without continuity correction.
    static let wilson: [(met: Int, tested: Int, low: Double, high: Double)] = [
        (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0, 0.1611), (1, 29, 0.0061, 0.1718),
    ]

    @Test("Wilson's interval reproduces Newcombe's Table I to four decimals")
    func wilsonTable() throws {
        for row in Self.wilson {
            let estimate = try #require(ProportionIntervals.wilson(met: row.met, tested: row.tested))
            #expect(abs(estimate.low - row.low) < 5e-5, "\(row.met)/\(row.tested) low \(estimate.low)")
            #expect(abs(estimate.high - row.high) < 5e-5, "\(row.met)/\(row.tested) high \(estimate.high)")
        }
    }

    /// Newcombe (1998b), Table II, method 10: first − second.
    static let newcombe: [(a: (Int, Int), b: (Int, Int), low: Double, high: Double)] = [
        ((56, 70), (48, 80), 0.0524, 0.3339), ((9, 10), (3, 10), 0.1705, 0.8090), ((6, 7), (2, 7), 0.0582, 0.8062),
        ((5, 56), (0, 29), -0.0381, 0.1926), ((0, 10), (0, 20), -0.1611, 0.2775), ((0, 10), (0, 10), -0.2775, 0.2775),
        ((10, 10), (0, 20), 0.6791, 1.0000), ((10, 10), (0, 10), 0.6075, 1.0000),
    ]

    @Test("Newcombe's hybrid score interval reproduces his Table II (method 10) to four decimals")
    func newcombeTable() throws {
        for row in Self.newcombe {
            let after = try #require(ProportionIntervals.wilson(met: row.a.0, tested: row.a.1))
            let before = try #require(ProportionIntervals.wilson(met: row.b.0, tested: row.b.1))
            let difference = ProportionIntervals.newcombe(before: before, after: after)
            #expect(abs(difference.low - row.low) < 5e-5, "\(row.a) − \(row.b): low \(difference.low)")
            #expect(abs(difference.high - row.high) < 5e-5, "\(row.a) − \(row.b): high \(difference.high)")
        }
    }

    /// statsmodels 0.14: `proportion_confint(x, n, method="wilson")` and
    /// `confint_proportions_2indep(a, n, b, m, method="newcomb", compare="diff")`, rounded to 4 decimals.
    static let statsmodelsWilson: [(met: Int, tested: Int, low: Double, high: Double)] = [
        (2, 180, 0.0031, 0.0396), (11, 180, 0.0345, 0.1061), (48, 120, 0.3168, 0.4894), (29, 29, 0.8830, 1.0),
    ]
    static let statsmodelsNewcombe: [(a: (Int, Int), b: (Int, Int), low: Double, high: Double)] = [
        ((11, 180), (2, 180), 0.0110, 0.0957), ((60, 120), (48, 120), -0.0255, 0.2212),
        ((46, 90), (45, 90), -0.1323, 0.1538), ((7, 25), (3, 25), -0.0660, 0.3709),
    ]

    @Test("Wilson and Newcombe agree with statsmodels to four decimals")
    func statsmodels() throws {
        for row in Self.statsmodelsWilson {
            let estimate = try #require(ProportionIntervals.wilson(met: row.met, tested: row.tested))
            #expect(abs(estimate.low - row.low) < 5e-5 && abs(estimate.high - row.high) < 5e-5, "\(row)")
        }
        for row in Self.statsmodelsNewcombe {
            let after = try #require(ProportionIntervals.wilson(met: row.a.0, tested: row.a.1))
            let before = try #require(ProportionIntervals.wilson(met: row.b.0, tested: row.b.1))
            let difference = ProportionIntervals.newcombe(before: before, after: after)
            #expect(abs(difference.low - row.low) < 5e-5 && abs(difference.high - row.high) < 5e-5, "\(row)")
        }
    }

    @Test("difference in differences: the pooled changes' difference with a normal interval")
    func differenceInDifferences() throws {
        let rates = try [(60, 100), (70, 100), (50, 100), (52, 100)].map {
            try #require(ProportionIntervals.wilson(met: $0.0, tested: $0.1))
        }
        let did = ProportionIntervals.differenceInDifferences(
            groupBefore: rates[0], groupAfter: rates[1], otherBefore: rates[2], otherAfter: rates[3])
        let half = ProportionIntervals.z95 * ((0.24 + 0.21 + 0.25 + 0.2496) / 100).squareRoot()
        #expect(abs(did.difference - 0.08) < 1e-12)
        #expect(abs(did.low - (0.08 - half)) < 1e-12 && abs(did.high - (0.08 + half)) < 1e-12)
    }

    @Test("nobody tested, or more met than tested, has no rate")
    func edges() {
        #expect(ProportionIntervals.wilson(met: 0, tested: 0) == nil)
        #expect(ProportionIntervals.wilson(met: 5, tested: 4) == nil)
        #expect(ProportionIntervals.wilson(met: 4, tested: 4)?.high == 1)
    }
}
