/// One row of a round's results as anyone may see them: a community's, or the cohort's when
/// `community` is nil.
public struct TrustGroupResult: Sendable, Hashable, Codable {
    /// nil for the cohort: all of the round's responses, in a community or not.
    public let community: String?
    /// Always shown, even when suppressed: how many answered is not an answer.
    public let n: Int
    /// True when the group's figures are hidden by the minimum or by complementary suppression.
    public let suppressed: Bool
    /// The figures that may be shown: empty when `suppressed`. In a row that is not suppressed, a
    /// facet is absent when too few responses answered all of its items (the same minimum and
    /// complementary rule, applied to that facet's counts), so a skipped item cannot expose the
    /// few who answered it.
    public let facets: [TrustFacet: TrustFacetStatistics]

    public init(community: String?, n: Int, suppressed: Bool, facets: [TrustFacet: TrustFacetStatistics]) {
        self.community = community
        self.n = n
        self.suppressed = suppressed
        self.facets = facets
    }

    /// The lowest shown facet mean, ties going to the earlier facet.
    public var weakestFacet: TrustFacet? {
        TrustAnalysis.weakestFacet(facets.compactMapValues(\.mean))
    }
}

/// A round's results under a name: what the CSV analysis returns and the JSON carries.
public struct TrustRoundResults: Sendable, Hashable {
    public let round: String
    /// The cohort first, then communities by name.
    public let groups: [TrustGroupResult]

    public init(round: String, groups: [TrustGroupResult]) {
        self.round = round
        self.groups = groups
    }
}

public enum TrustReport {
    /// A round's shareable results: the cohort row first, then one row per community by name, with
    /// the minimum (clamped to `TrustSuppression.floor`) and complementary suppression applied to
    /// the rows and to each facet. Responses outside any community count only in the cohort.
    public static func results(
        for matrix: TrustResponseMatrix, minimum: Int = TrustSuppression.defaultMinimum
    ) -> [TrustGroupResult] {
        let minimum = TrustSuppression.effectiveMinimum(minimum)
        let statistics = TrustAnalysis.statistics(of: matrix)
        let names = matrix.communities
        let counts = Dictionary(uniqueKeysWithValues: zip(names, statistics.communities.map(\.n)))
        let hiddenRows = TrustSuppression.hiddenCommunities(
            counts: counts, minimum: minimum, unassigned: statistics.noCommunity.n)
        var hiddenFacets: [TrustFacet: Set<String>] = [:]
        for facet in TrustFacet.allCases {
            hiddenFacets[facet] = TrustSuppression.hiddenCommunities(
                counts: Dictionary(uniqueKeysWithValues: zip(names, statistics.communities.map { $0[facet].n })),
                minimum: minimum, unassigned: statistics.noCommunity[facet].n, alreadyHidden: hiddenRows)
        }

        func result(_ community: String?, _ group: TrustGroupStatistics, hidden: Bool) -> TrustGroupResult {
            let suppressed = hidden || group.n < minimum
            var facets: [TrustFacet: TrustFacetStatistics] = [:]
            if !suppressed {
                for (facet, figures) in group.facets where figures.n >= minimum {
                    if let community, hiddenFacets[facet]!.contains(community) { continue }
                    facets[facet] = figures
                }
            }
            return TrustGroupResult(community: community, n: group.n, suppressed: suppressed, facets: facets)
        }

        let communityRows = zip(names, statistics.communities)
            .sorted { $0.0 < $1.0 }
            .map { result($0.0, $0.1, hidden: hiddenRows.contains($0.0)) }
        return [result(nil, statistics.cohort, hidden: false)] + communityRows
    }

    /// The change of every facet shown in both rows, for the same group in two rounds.
    public static func changes(from earlier: TrustGroupResult, to later: TrustGroupResult) -> [TrustFacet: TrustChange]
    {
        var changes: [TrustFacet: TrustChange] = [:]
        for facet in TrustFacet.allCases {
            guard let before = earlier.facets[facet], let after = later.facets[facet] else { continue }
            changes[facet] = TrustChange.between(before, and: after)
        }
        return changes
    }
}
