/// Which groups of a round may show their figures: the privacy rule of the trust survey.
public enum TrustSuppression {
    /// No district setting can go below this.
    public static let floor = 3
    public static let defaultMinimum = 4

    /// The minimum actually applied: the district's setting, never below `floor`.
    public static func effectiveMinimum(_ minimum: Int) -> Int {
        max(minimum, floor)
    }

    /// The communities whose figures must not be shown.
    ///
    /// A community with fewer than `minimum` responses is hidden. Then complementary suppression:
    /// the cohort's figures minus the visible communities' would give the hidden ones away when
    /// those hold together more than 0 but fewer than `minimum` responses, so the smallest visible
    /// community (ties broken by name) is hidden too, repeatedly, until the hidden total is 0 or
    /// at least `minimum`, or nothing visible is left.
    ///
    /// `unassigned` counts responses in the cohort that belong to no community. They are never
    /// shown on their own, so they are a hidden cell like any other: without them, the cohort minus
    /// every community would be their answers.
    ///
    /// `minimum` is clamped to `floor`.
    public static func hiddenCommunities(counts: [String: Int], minimum: Int, unassigned: Int = 0) -> Set<String> {
        hiddenCommunities(counts: counts, minimum: minimum, unassigned: unassigned, alreadyHidden: [])
    }

    /// The same rule, starting from communities that are hidden for another reason (a facet's
    /// figures start from the communities whose whole row is hidden).
    static func hiddenCommunities(
        counts: [String: Int], minimum: Int, unassigned: Int, alreadyHidden: Set<String>
    ) -> Set<String> {
        let minimum = effectiveMinimum(minimum)
        var hidden = alreadyHidden.intersection(counts.keys)
        for (community, count) in counts where count < minimum {
            hidden.insert(community)
        }
        var hiddenTotal = unassigned + hidden.reduce(0) { $0 + counts[$1]! }
        while hiddenTotal > 0 && hiddenTotal < minimum {
            let smallest = counts.filter { !hidden.contains($0.key) }
                .min { ($0.value, $0.key) < ($1.value, $1.key) }
            guard let (community, count) = smallest else { break }
            hidden.insert(community)
            hiddenTotal += count
        }
        return hidden
    }
}
