import Foundation

/// Synthetic, reproducible answers for the demo district's trust rounds: every item drawn around its
/// facet's target mean, so the demo shows predictability weakest in autumn and better by winter.
public enum DemoTrust {
    public struct Round: Sendable {
        /// Days relative to today: the demo always shows a year in progress. Rounds open at least 32
        /// days apart, so no two open in the same month and their names (`title(opening:)`) differ.
        public let opensInDays: Int
        public let closesInDays: Int
        public let closed: Bool
        public var responses: Int
        public let facetMeans: [TrustFacet: Double]
        /// Ran before the communities were published: its answers count for the cohort only.
        public var beforeCommunities = false
    }

    /// A round is named for the month it opens, as a district would name it: "November check-in".
    public static func title(opening day: CalendarDay) -> String {
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(months[day.month - 1]) check-in"
    }

    public static let rounds: [Round] = [
        Round(
            opensInDays: -80, closesInDays: -66, closed: true, responses: 21,
            facetMeans: [.benevolence: 5.3, .integrity: 5.1, .predictability: 3.4, .competence: 5.4],
            beforeCommunities: true),
        Round(
            opensInDays: -38, closesInDays: -24, closed: true, responses: 22,
            facetMeans: [.benevolence: 5.6, .integrity: 5.4, .predictability: 4.7, .competence: 5.6]),
        Round(
            opensInDays: -3, closesInDays: 11, closed: false, responses: 9,
            facetMeans: [.benevolence: 5.7, .integrity: 5.5, .predictability: 5.1, .competence: 5.7]),
    ]

    public static let openQuestion = "What would make our meetings more predictable for you?"
    public static let openAnswers = [
        "Knowing the agenda a week ahead so I can protect the time.",
        "Meeting on the same day every month; my calendar fills fast.",
        "Starting and ending on time, even when a conversation runs long.",
        "A short note after each meeting on what we agreed to try.",
        "Smaller groups, so the same people are there each time.",
    ]

    /// Answers keyed by item id, as a leader would give them (reverse-keyed items answered reversed).
    public static func responses(for round: Round, instrument: TrustInstrument = .current, seed: UInt64) -> [[String:
        Int]]
    {
        var generator = SeededGenerator(seed: seed)
        return (0..<round.responses).map { _ in
            // A person's general outlook, their view of each facet, and a little noise per statement:
            // enough shared variance that each facet's four statements hang together (α around 0.8).
            let lean = generator.nextGaussian() * 0.7
            var facetLean: [TrustFacet: Double] = [:]
            for facet in TrustFacet.allCases { facetLean[facet] = generator.nextGaussian() * 0.6 }
            var answers: [String: Int] = [:]
            for item in instrument.items {
                let target =
                    (round.facetMeans[item.facet] ?? 4) + lean + (facetLean[item.facet] ?? 0)
                    + generator.nextGaussian() * 0.45
                let agreement = min(max(Int(target.rounded()), 1), instrument.scale)
                answers[item.id] = item.reverse ? instrument.scale + 1 - agreement : agreement
            }
            return answers
        }
    }
}
