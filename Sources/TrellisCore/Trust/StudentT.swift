import Foundation

/// Student's t distribution, written here so the core has no numerical dependency: the
/// distribution function through the regularized incomplete beta function (evaluated by its
/// continued fraction, after Numerical Recipes §6.4), and the quantile by safeguarded Newton
/// steps on it.
public enum StudentT {
    /// P(T ≤ t) for `degreesOfFreedom` > 0 (not necessarily whole: Welch's interval uses fractional
    /// degrees of freedom). NaN when the degrees of freedom are not positive.
    public static func cdf(_ t: Double, degreesOfFreedom df: Double) -> Double {
        guard df > 0, !t.isNaN else { return .nan }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), a: df / 2, b: 0.5)
        return t > 0 ? 1 - tail : tail
    }

    /// The t with P(T ≤ t) = `p`; ±infinity at p = 0 or 1, NaN outside [0, 1] or when the degrees
    /// of freedom are not positive.
    public static func quantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
        guard df > 0, (0...1).contains(p) else { return .nan }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: df) }
        if p == 1 { return .infinity }

        // Bracket the root in [low, high], then take Newton steps, bisecting whenever a step would
        // leave the bracket, so the iteration cannot diverge in the heavy tails of small df.
        var low = 0.0
        var high = 2.0
        while cdf(high, degreesOfFreedom: df) < p {
            low = high
            high *= 2
        }
        var t = (low + high) / 2
        for _ in 0..<200 {
            let error = cdf(t, degreesOfFreedom: df) - p
            if error == 0 { return t }
            if error < 0 { low = t } else { high = t }
            let step = error / density(t, degreesOfFreedom: df)
            var next = t - step
            if !(next > low && next < high) || !step.isFinite {
                next = (low + high) / 2
            }
            if abs(next - t) <= 1e-14 * max(1, abs(t)) || high - low <= 1e-14 * max(1, abs(t)) {
                return next
            }
            t = next
        }
        return t
    }

    /// The density of the t distribution at `t`.
    static func density(_ t: Double, degreesOfFreedom df: Double) -> Double {
        let logNormalizer = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * Double.pi)
        return exp(logNormalizer - (df + 1) / 2 * log1p(t * t / df))
    }

    /// I_x(a, b), the regularized incomplete beta function, for a, b > 0 and x in [0, 1].
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        let front = exp(logFront)
        // The continued fraction converges quickly only below the mean of the beta distribution;
        // above it, use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - front * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction of I_x(a, b) by the modified Lentz method.
    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        // The number of terms needed grows like √max(a, b); 100 000 covers df far beyond any cohort.
        for m in 1...100_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return result
    }
}
