import Testing

@testable import TrellisCore

@Suite("Student t distribution")
struct StudentTTests {
    /// t(0.975, df) as printed in published t tables (three decimals).
    @Test(
        "two-sided 95 % critical values match published tables",
        arguments: [(1.0, 12.706), (2, 4.303), (5, 2.571), (10, 2.228), (30, 2.042), (1000, 1.962)])
    func tableValues(df: Double, expected: Double) {
        let t = StudentT.quantile(0.975, degreesOfFreedom: df)
        #expect(abs(t - expected) < 0.0005, "df \(df): \(t)")
    }

    /// Expected values from SciPy 1.17: `scipy.stats.t.ppf(p, df)`.
    @Test(
        "quantiles match SciPy to 1e-9, including fractional df and both tails",
        arguments: [
            (0.975, 1.0, 12.706204736174694),
            (0.975, 30, 2.0422724563012378),
            (0.975, 1000, 1.9623390808264083),
            (0.9, 3, 1.637744353696209),
            (0.995, 7, 3.4994832973504924),
            (0.025, 4, -2.7764451051977943),
            (0.6, 2.5, 0.2814595127485477),
            (0.999, 1, 318.30883898555015),
            (0.975, 100_000, 1.9599877075346095),
            (0.975, 12.345, 2.1720786542260293),
        ])
    func quantiles(p: Double, df: Double, expected: Double) {
        let t = StudentT.quantile(p, degreesOfFreedom: df)
        #expect(abs(t - expected) < 1e-9 * max(1, abs(expected)), "p \(p), df \(df): \(t)")
    }

    /// Expected values from SciPy 1.17: `scipy.stats.t.cdf(t, df)`.
    @Test(
        "the distribution function matches SciPy to 1e-12",
        arguments: [
            (0.0, 5.0, 0.5),
            (1.5, 3, 0.8847080673775886),
            (-2.0, 8, 0.04025811897863131),
            (3.0, 1, 0.8975836176504333),
            (2.2, 40.5, 0.9832142033873361),
        ])
    func distribution(t: Double, df: Double, expected: Double) {
        #expect(abs(StudentT.cdf(t, degreesOfFreedom: df) - expected) < 1e-12)
    }

    @Test("edges: the median, the ends and invalid arguments")
    func edges() {
        #expect(StudentT.quantile(0.5, degreesOfFreedom: 3) == 0)
        #expect(StudentT.quantile(1, degreesOfFreedom: 3) == .infinity)
        #expect(StudentT.quantile(0, degreesOfFreedom: 3) == -.infinity)
        #expect(StudentT.quantile(1.2, degreesOfFreedom: 3).isNaN)
        #expect(StudentT.quantile(0.975, degreesOfFreedom: 0).isNaN)
        #expect(StudentT.cdf(.infinity, degreesOfFreedom: 2) == 1)
        #expect(StudentT.cdf(3, degreesOfFreedom: -1).isNaN)
    }

    @Test("the quantile inverts the distribution function", arguments: [1.0, 2, 3.5, 9, 60, 500])
    func roundTrip(df: Double) {
        for p in [0.01, 0.1, 0.3, 0.7, 0.95, 0.999] {
            let t = StudentT.quantile(p, degreesOfFreedom: df)
            #expect(abs(StudentT.cdf(t, degreesOfFreedom: df) - p) < 1e-12)
        }
    }
}
