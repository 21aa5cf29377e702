import Testing

@testable import TrellisCore

@Suite("Trust statistics")
struct TrustStatisticsTests {
    /// Three benevolence items (B3 reverse-keyed), two integrity items, one predictability item and
    /// no competence item; the sixth response skipped B2.
    static func sample() -> TrustResponseMatrix {
        var matrix = TrustResponseMatrix(
            scale: 7,
            items: [
                TrustItemKey(id: "B1", facet: .benevolence, reverse: false),
                TrustItemKey(id: "B2", facet: .benevolence, reverse: false),
                TrustItemKey(id: "B3", facet: .benevolence, reverse: true),
                TrustItemKey(id: "I1", facet: .integrity, reverse: false),
                TrustItemKey(id: "I2", facet: .integrity, reverse: false),
                TrustItemKey(id: "P1", facet: .predictability, reverse: false),
            ])
        for row: [UInt8] in [
            [5, 6, 2, 4, 5, 3], [6, 7, 1, 5, 5, 4], [4, 4, 4, 3, 4, 2], [7, 6, 2, 6, 7, 5], [3, 4, 5, 2, 3, 3],
            [5, 0, 3, 4, 4, 4],
        ] {
            matrix.append(values: row, community: nil)
        }
        return matrix
    }

    static func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-12) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }

    // Expected values from NumPy/SciPy (script in the comment of each test):
    //   B = raw[:5, 0:3]; B[:, 2] = 8 - B[:, 2]
    //   alpha = k/(k-1) * (1 - B.var(0, ddof=1).sum() / B.sum(1).var(ddof=1))
    //   stats.t.interval(0.95, n-1, loc=s.mean(), scale=s.std(ddof=1)/sqrt(n)), s = B.mean(1)

    @Test("benevolence: reversed item, skipped response left out")
    func benevolence() {
        let figures = TrustAnalysis.statistics(ofAll: Self.sample())[.benevolence]
        #expect(figures.n == 5)
        #expect(figures.itemCount == 3)
        #expect(Self.close(figures.mean, 5.2))
        #expect(Self.close(figures.variance, 2.144444444444445))
        #expect(Self.close(figures.alpha, 0.955958549222798))
        #expect(Self.close(figures.ci95?.lower, 3.381716956100179))
        #expect(Self.close(figures.ci95?.upper, 7.018283043899821))
    }

    @Test("integrity: all six responses; group n counts every response")
    func integrity() {
        let group = TrustAnalysis.statistics(ofAll: Self.sample())
        #expect(group.n == 6)
        let figures = group[.integrity]
        #expect(figures.n == 6)
        #expect(Self.close(figures.mean, 4.333333333333333))
        #expect(Self.close(figures.alpha, 0.9642857142857142))
        #expect(Self.close(figures.ci95?.lower, 2.8995312887923386))
        #expect(Self.close(figures.ci95?.upper, 5.767135377874327))
    }

    @Test("a one-item facet has a mean and interval but no α; a facet without items has nothing")
    func degenerateFacets() {
        let group = TrustAnalysis.statistics(ofAll: Self.sample())
        let predictability = group[.predictability]
        #expect(Self.close(predictability.mean, 3.5))
        #expect(predictability.alpha == nil)
        #expect(Self.close(predictability.ci95?.lower, 2.3993426152919866))
        #expect(Self.close(predictability.ci95?.upper, 4.600657384708013))
        let competence = group[.competence]
        #expect(competence.n == 0)
        #expect(competence.mean == nil && competence.alpha == nil && competence.ci95 == nil)
    }

    @Test("one response: a mean, no variance, α or interval")
    func single() {
        var matrix = TrustResponseMatrix(instrument: .current)
        matrix.append(values: Array(repeating: 5, count: 16), community: nil)
        let figures = TrustAnalysis.statistics(ofAll: matrix)[.integrity]
        // I4 is reverse-keyed: (5 + 5 + 5 + (8 − 5)) / 4 = 4.5.
        #expect(figures.mean == 4.5)
        #expect(figures.variance == nil && figures.alpha == nil && figures.ci95 == nil)
    }

    @Test("identical answers: zero variance, no α, an interval of one point")
    func noVariance() {
        var matrix = TrustResponseMatrix(instrument: .current)
        for _ in 0..<4 { matrix.append(values: Array(repeating: 4, count: 16), community: "A") }
        let figures = TrustAnalysis.statistics(ofAll: matrix)[.competence]
        #expect(figures.mean == 4)
        #expect(figures.variance == 0)
        #expect(figures.alpha == nil)
        #expect(figures.ci95 == TrustInterval(lower: 4, upper: 4))
    }

    @Test("items that disagree give a negative α, reported as is")
    func negativeAlpha() {
        var matrix = TrustResponseMatrix(
            scale: 5,
            items: [
                TrustItemKey(id: "a", facet: .integrity, reverse: false),
                TrustItemKey(id: "b", facet: .integrity, reverse: false),
            ])
        // By hand: a = 1,2,3,3 (variance 11/12), b = 3,2,1,2 (variance 2/3), sums 4,4,4,5
        // (variance 0.25), so α = 2 · (1 − (11/12 + 2/3) / 0.25) = −10.67.
        for (a, b): (UInt8, UInt8) in [(1, 3), (2, 2), (3, 1), (3, 2)] {
            matrix.append(values: [a, b], community: nil)
        }
        let alpha = TrustAnalysis.statistics(ofAll: matrix)[.integrity].alpha
        let itemVariances: Double = 11.0 / 12 + 2.0 / 3
        #expect(Self.close(alpha, 2 * (1 - itemVariances / 0.25)))
    }

    @Test("communities, the cohort and responses outside any community come from one pass")
    func groups() {
        var matrix = TrustResponseMatrix(instrument: .current, communities: ["Empty"])
        matrix.append(values: Array(repeating: 6, count: 16), community: "A")
        matrix.append(values: Array(repeating: 2, count: 16), community: "A")
        matrix.append(values: Array(repeating: 4, count: 16), community: "B")
        matrix.append(values: Array(repeating: 7, count: 16), community: nil)
        let round = TrustAnalysis.statistics(of: matrix)
        #expect(matrix.communities == ["Empty", "A", "B"])
        #expect(round.communities.map(\.n) == [0, 2, 1])
        #expect(round.noCommunity.n == 1)
        #expect(round.cohort.n == 4)
        // Benevolence with B4 reversed: 6,6,6,2 → 5; 2,2,2,6 → 3; 4 → 4; 7,7,7,1 → 5.5.
        #expect(round.communities[1][.benevolence].mean == 4)
        let expected: Double = (5 + 3 + 4 + 5.5) / 4
        #expect(round.cohort[.benevolence].mean == expected)
    }

    @Test("answers by item id: skipped items are missing, unknown items and values out of range refused")
    func answers() throws {
        var matrix = TrustResponseMatrix(instrument: .current)
        try matrix.append(answers: ["B1": 7, "P2": 1], community: "A")
        #expect(matrix.value(response: 0, column: 0) == 7)
        #expect(matrix.value(response: 0, column: 6) == 1)
        #expect(matrix.value(response: 0, column: 1) == nil)
        #expect(matrix.community(ofResponse: 0) == "A")
        #expect(throws: TrustAnswerProblem.unknownItem("Z9")) {
            try matrix.append(answers: ["Z9": 3], community: nil)
        }
        #expect(throws: TrustAnswerProblem.outOfRange(item: "B1", value: 8, scale: 7)) {
            try matrix.append(answers: ["B1": 8], community: nil)
        }
        #expect(matrix.count == 1)
    }

    @Test(
        "the weakest facet is the lowest mean; ties go to the earlier facet",
        arguments: [
            (
                [TrustFacet.benevolence: 5.0, .integrity: 4.0, .predictability: 3.0, .competence: 4.5],
                TrustFacet.predictability
            ),
            ([.benevolence: 3.0, .integrity: 4.0, .predictability: 3.0, .competence: 4.5], .benevolence),
            ([.integrity: 4.0, .competence: 4.0], .integrity),
            ([.competence: 2.0], .competence),
            ([:], nil),
        ])
    func weakest(means: [TrustFacet: Double], expected: TrustFacet?) {
        #expect(TrustAnalysis.weakestFacet(means) == expected)
    }

    /// Expected values from SciPy 1.17: for facet scores
    /// a = [3.25, 4.0, 2.5, 3.75, 4.5, 3.0] (mean 3.5, variance 0.525) and
    /// b = [4.5, 5.25, 4.0, 5.5, 4.75, 6.0, 5.0, 3.75] (mean 4.84375, variance 0.5703125),
    /// `stats.ttest_ind(b, a, equal_var=False)`: confidence_interval(0.95) and df.
    @Test("change between rounds: difference of means with Welch's interval")
    func change() throws {
        let earlier = TrustFacetStatistics(n: 6, itemCount: 4, mean: 3.5, variance: 0.525, alpha: nil, ci95: nil)
        let later = TrustFacetStatistics(n: 8, itemCount: 4, mean: 4.84375, variance: 0.5703125, alpha: nil, ci95: nil)
        let change = try #require(TrustChange.between(earlier, and: later))
        #expect(change.difference == 1.34375)
        #expect(Self.close(change.degreesOfFreedom, 11.170122155251459, tolerance: 1e-9))
        #expect(Self.close(change.ci95.lower, 0.4683207997068589, tolerance: 1e-9))
        #expect(Self.close(change.ci95.upper, 2.219179200293141, tolerance: 1e-9))
    }

    @Test("no change without two scores on each side; a point interval when nothing varies")
    func changeEdges() throws {
        let one = TrustFacetStatistics(n: 1, itemCount: 4, mean: 3, variance: nil, alpha: nil, ci95: nil)
        let flat = TrustFacetStatistics(n: 4, itemCount: 4, mean: 3, variance: 0, alpha: nil, ci95: nil)
        let flatLater = TrustFacetStatistics(n: 5, itemCount: 4, mean: 3.5, variance: 0, alpha: nil, ci95: nil)
        #expect(TrustChange.between(one, and: flat) == nil)
        #expect(TrustChange.between(flat, and: one) == nil)
        let change = try #require(TrustChange.between(flat, and: flatLater))
        #expect(change.ci95 == TrustInterval(lower: 0.5, upper: 0.5))
    }
}
