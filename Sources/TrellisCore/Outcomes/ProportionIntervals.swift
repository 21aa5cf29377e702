import Foundation

/// A rate with its 95 % interval, all as fractions 0...1.
public struct RateEstimate: Sendable, Hashable {
    public let tested: Int
    public let met: Int
    public let rate: Double
    public let low: Double
    public let high: Double
}

/// A difference of two rates (after − before) with its 95 % interval, as fractions (−1...1).
public struct DifferenceEstimate: Sendable, Hashable {
    public let difference: Double
    public let low: Double
    public let high: Double
}

/// The intervals Trellis puts beside every rate and change. Wilson's score interval behaves where the
/// usual one fails (small n, rates near 0 or 100 %), which is where school subgroups live; Newcombe's
/// hybrid score interval for a difference is built from two Wilson intervals.
public enum ProportionIntervals {
    public static let z95 = 1.959963984540054

    /// Wilson's score interval, without continuity correction; nil for no one tested or a count out of range.
    public static func wilson(met: Int, tested: Int, z: Double = z95) -> RateEstimate? {
        guard tested > 0, (0...tested).contains(met) else { return nil }
        let n = Double(tested)
        let p = Double(met) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return RateEstimate(
            tested: tested, met: met, rate: p, low: met == 0 ? 0 : max(0, center - half),
            high: met == tested ? 1 : min(1, center + half))
    }

    /// Newcombe's hybrid score interval for after − before (his method 10, 1998).
    public static func newcombe(before: RateEstimate, after: RateEstimate) -> DifferenceEstimate {
        let d = after.rate - before.rate
        let low =
            d
            - ((after.rate - after.low) * (after.rate - after.low) + (before.high - before.rate)
                * (before.high - before.rate))
            .squareRoot()
        let high =
            d
            + ((after.high - after.rate) * (after.high - after.rate) + (before.rate - before.low)
                * (before.rate - before.low))
            .squareRoot()
        return DifferenceEstimate(difference: d, low: low, high: high)
    }

    /// (groupAfter − groupBefore) − (otherAfter − otherBefore) on pooled rates, with a 95 % normal
    /// interval from the standard error √Σ p(1−p)/n over the four cells.
    public static func differenceInDifferences(
        groupBefore: RateEstimate, groupAfter: RateEstimate, otherBefore: RateEstimate, otherAfter: RateEstimate,
        z: Double = z95
    ) -> DifferenceEstimate {
        let d = (groupAfter.rate - groupBefore.rate) - (otherAfter.rate - otherBefore.rate)
        let variance = [groupBefore, groupAfter, otherBefore, otherAfter].reduce(0.0) {
            $0 + $1.rate * (1 - $1.rate) / Double($1.tested)
        }
        let half = z * variance.squareRoot()
        return DifferenceEstimate(difference: d, low: d - half, high: d + half)
    }
}
