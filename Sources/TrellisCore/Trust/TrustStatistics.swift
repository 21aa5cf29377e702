import Foundation

/// A 95 % interval, `lower` ≤ `upper`.
public struct TrustInterval: Sendable, Hashable, Codable {
    public let lower: Double
    public let upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// One facet's figures for one group of responses.
///
/// A response's facet score is the mean of the facet's items after reversing reverse-keyed ones
/// (scale + 1 − value). A response that skipped any item of a facet has no score for that facet:
/// it is left out of that facet's figures (and of its α) but still counts in the group's `n`
/// and in the other facets. So `n` here can be smaller than the group's.
public struct TrustFacetStatistics: Sendable, Hashable, Codable {
    /// Responses that answered every item of the facet.
    public let n: Int
    /// The facet's items in the instrument (or the CSV) the responses were given on.
    public let itemCount: Int
    /// The mean facet score; nil when no response has one.
    public let mean: Double?
    /// The sample variance (n − 1) of the facet scores; nil when n < 2.
    public let variance: Double?
    /// Cronbach's α = k/(k−1) · (1 − Σ item variances / variance of the item sum), with sample
    /// variances over the same responses; nil when n < 2, k < 2 or the item sum does not vary.
    /// It can be negative when items disagree; that is reported, not clamped.
    public let alpha: Double?
    /// mean ± t(0.975, n − 1) · s/√n; nil when n < 2.
    public let ci95: TrustInterval?

    public init(
        n: Int, itemCount: Int, mean: Double?, variance: Double?, alpha: Double?, ci95: TrustInterval?
    ) {
        self.n = n
        self.itemCount = itemCount
        self.mean = mean
        self.variance = variance
        self.alpha = alpha
        self.ci95 = ci95
    }

    public var standardDeviation: Double? { variance.map { $0.squareRoot() } }
}

/// The figures of one group of responses (a community, the cohort, or the responses outside any
/// community), before any suppression.
public struct TrustGroupStatistics: Sendable, Hashable {
    /// Every response in the group, complete or not.
    public let n: Int
    /// All four facets, always; a facet no response scored has n = 0 and no mean.
    public let facets: [TrustFacet: TrustFacetStatistics]

    public subscript(facet: TrustFacet) -> TrustFacetStatistics { facets[facet]! }

    /// The facet with the lowest mean, ties going to the earlier facet in `TrustFacet.allCases`.
    public var weakestFacet: TrustFacet? {
        TrustAnalysis.weakestFacet(facets.compactMapValues(\.mean))
    }
}

/// A round's figures for every group at once, from one pass over its responses.
public struct TrustRoundStatistics: Sendable {
    /// All of the round's responses.
    public let cohort: TrustGroupStatistics
    /// In the order of `TrustResponseMatrix.communities`.
    public let communities: [TrustGroupStatistics]
    /// Responses that belong to no community: counted in the cohort, never shown on their own, so
    /// suppression treats them as a hidden cell.
    public let noCommunity: TrustGroupStatistics
}

/// The change in one facet's mean from an earlier round to a later one. Responses are anonymous,
/// so the two rounds cannot be paired and are compared as independent samples (Welch).
public struct TrustChange: Sendable, Hashable {
    /// later mean − earlier mean.
    public let difference: Double
    /// difference ± t(0.975, ν) · √(s₁²/n₁ + s₂²/n₂), ν by Welch–Satterthwaite. When neither round
    /// varies at all the interval is the single point `difference`.
    public let ci95: TrustInterval
    public let degreesOfFreedom: Double

    /// nil when either round has fewer than two scores for the facet.
    public static func between(_ earlier: TrustFacetStatistics, and later: TrustFacetStatistics) -> TrustChange? {
        guard earlier.n >= 2, later.n >= 2,
            let mean1 = earlier.mean, let mean2 = later.mean,
            let variance1 = earlier.variance, let variance2 = later.variance
        else { return nil }
        let difference = mean2 - mean1
        let share1 = variance1 / Double(earlier.n)
        let share2 = variance2 / Double(later.n)
        let squaredError = share1 + share2
        guard squaredError > 0 else {
            return TrustChange(
                difference: difference, ci95: TrustInterval(lower: difference, upper: difference),
                degreesOfFreedom: Double(earlier.n + later.n - 2))
        }
        let df =
            squaredError * squaredError
            / (share1 * share1 / Double(earlier.n - 1) + share2 * share2 / Double(later.n - 1))
        let halfWidth = StudentT.quantile(0.975, degreesOfFreedom: df) * squaredError.squareRoot()
        return TrustChange(
            difference: difference,
            ci95: TrustInterval(lower: difference - halfWidth, upper: difference + halfWidth),
            degreesOfFreedom: df)
    }
}

public enum TrustAnalysis {
    /// The facet with the lowest mean, ties going to the earlier facet in `TrustFacet.allCases`;
    /// nil when no facet has a mean.
    public static func weakestFacet(_ means: [TrustFacet: Double]) -> TrustFacet? {
        var weakest: (facet: TrustFacet, mean: Double)?
        for facet in TrustFacet.allCases {
            guard let mean = means[facet] else { continue }
            if weakest == nil || mean < weakest!.mean {
                weakest = (facet, mean)
            }
        }
        return weakest?.facet
    }

    /// Every group's figures in one pass over the matrix. Items are summed as integers, so sums and
    /// sums of squares are exact and the variances do not lose precision to cancellation.
    public static func statistics(of matrix: TrustResponseMatrix) -> TrustRoundStatistics {
        let layout = FacetLayout(items: matrix.items, scale: matrix.scale)
        let groupCount = matrix.communities.count + 1
        var sums = Accumulators(groups: groupCount, items: matrix.items.count)
        let itemCount = matrix.items.count
        let facetCount = TrustFacet.allCases.count
        matrix.values.withUnsafeBufferPointer { values in
            layout.scored.withUnsafeBufferPointer { scored in
                layout.columns.withUnsafeBufferPointer { columns in
                    for response in 0..<matrix.count {
                        let community = matrix.communityOfResponse[response]
                        let group = community == TrustResponseMatrix.noCommunity ? groupCount - 1 : Int(community)
                        sums.responses[group] += 1
                        let row = response * itemCount
                        for facet in 0..<facetCount {
                            let facetColumns = columns[layout.columnStart[facet]..<layout.columnStart[facet + 1]]
                            var total = 0
                            var complete = !facetColumns.isEmpty
                            for column in facetColumns {
                                let value = Int(values[row + column])
                                if value == 0 {
                                    complete = false
                                    break
                                }
                                total += Int(scored[column * layout.width + value])
                            }
                            guard complete else { continue }
                            let slot = group * facetCount + facet
                            sums.facetResponses[slot] += 1
                            sums.facetSum[slot] += total
                            sums.facetSquares[slot] += total * total
                            for column in facetColumns {
                                let score = Int(scored[column * layout.width + Int(values[row + column])])
                                let itemSlot = group * itemCount + column
                                sums.itemSum[itemSlot] += score
                                sums.itemSquares[itemSlot] += score * score
                            }
                        }
                    }
                }
            }
        }
        let cohort = sums.cohort()
        return TrustRoundStatistics(
            cohort: cohort.statistics(group: 0, layout: layout),
            communities: (0..<(groupCount - 1)).map { sums.statistics(group: $0, layout: layout) },
            noCommunity: sums.statistics(group: groupCount - 1, layout: layout)
        )
    }

    /// The figures of a single group: all of the matrix's responses.
    public static func statistics(ofAll matrix: TrustResponseMatrix) -> TrustGroupStatistics {
        statistics(of: matrix).cohort
    }
}

/// Which columns belong to which facet, and each column's scored value for every raw answer
/// (reversed where the item is reverse-keyed), precomputed so the pass only indexes arrays.
private struct FacetLayout {
    /// Columns grouped by facet: facet f owns `columns[columnStart[f]..<columnStart[f + 1]]`.
    let columns: [Int]
    let columnStart: [Int]
    /// `scored[column * width + value]`, with `width` = scale + 1 so the raw value indexes directly.
    let scored: [UInt8]
    let width: Int

    init(items: [TrustItemKey], scale: Int) {
        var columns: [Int] = []
        var columnStart: [Int] = []
        for facet in TrustFacet.allCases {
            columnStart.append(columns.count)
            columns += items.indices.filter { items[$0].facet == facet }
        }
        columnStart.append(columns.count)
        self.columns = columns
        self.columnStart = columnStart
        width = scale + 1
        var scored = [UInt8](repeating: 0, count: items.count * width)
        for (column, item) in items.enumerated() {
            for value in 1...scale {
                scored[column * width + value] = UInt8(item.reverse ? scale + 1 - value : value)
            }
        }
        self.scored = scored
    }

    func itemColumns(of facetIndex: Int) -> ArraySlice<Int> {
        columns[columnStart[facetIndex]..<columnStart[facetIndex + 1]]
    }
}

/// Integer sums per group: responses; per facet, scored responses, Σ item-sum and Σ item-sum²;
/// per item, Σ score and Σ score² over the responses that scored its facet.
private struct Accumulators {
    let groups: Int
    let items: Int
    var responses: [Int]
    var facetResponses: [Int]
    var facetSum: [Int]
    var facetSquares: [Int]
    var itemSum: [Int]
    var itemSquares: [Int]

    init(groups: Int, items: Int) {
        self.groups = groups
        self.items = items
        let facets = TrustFacet.allCases.count
        responses = Array(repeating: 0, count: groups)
        facetResponses = Array(repeating: 0, count: groups * facets)
        facetSum = facetResponses
        facetSquares = facetResponses
        itemSum = Array(repeating: 0, count: groups * items)
        itemSquares = itemSum
    }

    /// A single group holding the totals of every group: the cohort.
    func cohort() -> Accumulators {
        var total = Accumulators(groups: 1, items: items)
        let facets = TrustFacet.allCases.count
        for group in 0..<groups {
            total.responses[0] += responses[group]
            for facet in 0..<facets {
                total.facetResponses[facet] += facetResponses[group * facets + facet]
                total.facetSum[facet] += facetSum[group * facets + facet]
                total.facetSquares[facet] += facetSquares[group * facets + facet]
            }
            for item in 0..<items {
                total.itemSum[item] += itemSum[group * items + item]
                total.itemSquares[item] += itemSquares[group * items + item]
            }
        }
        return total
    }

    func statistics(group: Int, layout: FacetLayout) -> TrustGroupStatistics {
        let facetCount = TrustFacet.allCases.count
        var facets: [TrustFacet: TrustFacetStatistics] = [:]
        for (index, facet) in TrustFacet.allCases.enumerated() {
            let slot = group * facetCount + index
            let columns = layout.itemColumns(of: index)
            facets[facet] = Self.facetStatistics(
                n: facetResponses[slot], k: columns.count, sum: facetSum[slot], squares: facetSquares[slot],
                items: columns.map { (itemSum[group * items + $0], itemSquares[group * items + $0]) })
        }
        return TrustGroupStatistics(n: responses[group], facets: facets)
    }

    /// From exact integer sums: with S = Σx and Q = Σx² over n values, the sample variance is
    /// (nQ − S²) / (n(n − 1)); the numerator is an integer, so a zero variance is exactly zero.
    private static func facetStatistics(
        n: Int, k: Int, sum: Int, squares: Int, items: [(sum: Int, squares: Int)]
    ) -> TrustFacetStatistics {
        guard n > 0, k > 0 else {
            return TrustFacetStatistics(n: n, itemCount: k, mean: nil, variance: nil, alpha: nil, ci95: nil)
        }
        let count = Double(n)
        let mean = Double(sum) / (count * Double(k))
        guard n >= 2 else {
            return TrustFacetStatistics(n: n, itemCount: k, mean: mean, variance: nil, alpha: nil, ci95: nil)
        }
        func spread(_ sum: Int, _ squares: Int) -> Double {
            max(0, count * Double(squares) - Double(sum) * Double(sum))
        }
        let totalSpread = spread(sum, squares)
        let sumVariance = totalSpread / (count * (count - 1))
        let variance = sumVariance / Double(k * k)
        let halfWidth = StudentT.quantile(0.975, degreesOfFreedom: count - 1) * (variance / count).squareRoot()
        var alpha: Double?
        if k >= 2 && totalSpread > 0 {
            let itemSpread = items.reduce(0) { $0 + spread($1.sum, $1.squares) }
            alpha = Double(k) / Double(k - 1) * (1 - itemSpread / totalSpread)
        }
        return TrustFacetStatistics(
            n: n, itemCount: k, mean: mean, variance: variance, alpha: alpha,
            ci95: TrustInterval(lower: mean - halfWidth, upper: mean + halfWidth))
    }
}
