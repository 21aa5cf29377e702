import Foundation

/// What Trellis knows of one cycle of a community, in plain numbers: the basis of its indicators.
public struct CycleFacts: Sendable, Hashable, Codable {
    public var number: Int
    public var label: String
    public var members: Int
    /// Present at the cycle's opening meeting, of those expected; nil when attendance was not taken.
    public var attended: Int?
    public var expected: Int
    public var committed: Int
    public var tried: Int
    public var captured: Int
    public var debriefed: Int
    public var resourcesAdded: Int
    public var resourcesUsed: Int
    public var adopted: Int
    /// The community's facet means in trust rounds closed during the cycle (absent when hidden).
    public var trust: [TrustFacet: Double]

    public init(
        number: Int, label: String, members: Int, attended: Int? = nil, expected: Int = 0, committed: Int = 0,
        tried: Int = 0, captured: Int = 0, debriefed: Int = 0, resourcesAdded: Int = 0, resourcesUsed: Int = 0,
        adopted: Int = 0, trust: [TrustFacet: Double] = [:]
    ) {
        self.number = number
        self.label = label
        self.members = members
        self.attended = attended
        self.expected = expected
        self.committed = committed
        self.tried = tried
        self.captured = captured
        self.debriefed = debriefed
        self.resourcesAdded = resourcesAdded
        self.resourcesUsed = resourcesUsed
        self.adopted = adopted
        self.trust = trust
    }
}

/// One indicator of the value-creation matrix: a figure per cycle and one for the year, and where in
/// Trellis it comes from.
public struct Indicator: Sendable, Hashable, Codable {
    /// Where the figure comes from, for the page to link.
    public enum Source: String, Sendable, Hashable, Codable {
        case meetings, cycles, playlist, trust, activities, outcomes, stories
    }

    public let kind: ValueKind
    public let name: String
    public let cells: [String]
    public let year: String
    public let source: Source
}

/// The value-creation matrix of a community: indicators per cycle above its shared stories.
public enum ValueMatrix {
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "" }
        return "\(part) of \(whole) (\(Int((Double(part) * 100 / Double(whole)).rounded())) %)"
    }

    static func count(_ value: Int) -> String { String(value) }

    static func lowestFacet(_ means: [TrustFacet: Double]) -> String {
        guard
            let facet = TrustFacet.allCases.filter({ means[$0] != nil }).min(by: { means[$0]! < means[$1]! })
        else { return "" }
        return "\(facet.label) \(FixedDecimal.text(means[facet]!, places: 1))"
    }

    /// The indicators of `cycles` in order. `realized` is the year's outcome reading (the community
    /// schools' cells that changed), `reframing` the number of shared stories with each cycle's reframing step.
    /// `later` more columns follow the cycles for stories' steps in cycles not begun: their figures stay empty.
    public static func indicators(_ cycles: [CycleFacts], later: Int = 0, realized: String, reframing: [Int: Int])
        -> [Indicator]
    {
        let blanks = Array(repeating: "", count: max(later, 0))
        func row(
            _ kind: ValueKind, _ name: String, _ source: Indicator.Source, year: String,
            _ cell: (CycleFacts) -> String
        ) -> Indicator {
            Indicator(kind: kind, name: name, cells: cycles.map(cell) + blanks, year: year, source: source)
        }
        let held = cycles.filter { $0.attended != nil }
        let sum = { (value: (CycleFacts) -> Int) in cycles.map(value).reduce(0, +) }
        return [
            row(
                .immediate, "Attendance at the opening meeting", .meetings,
                year: percent(held.compactMap(\.attended).reduce(0, +), of: held.map(\.expected).reduce(0, +))
            ) { cycle in cycle.attended.map { percent($0, of: cycle.expected) } ?? "not taken" },
            row(
                .immediate, "Members who made a commitment", .cycles,
                year: percent(sum(\.committed), of: sum(\.members))
            ) { percent($0.committed, of: $0.members) },
            row(.potential, "Resources added to the playlist", .playlist, year: count(sum(\.resourcesAdded))) {
                count($0.resourcesAdded)
            },
            row(.potential, "Resources members finished", .playlist, year: count(sum(\.resourcesUsed))) {
                count($0.resourcesUsed)
            },
            row(.potential, "Insights captured", .cycles, year: count(sum(\.captured))) { count($0.captured) },
            row(
                .potential, "Trust: the lowest facet", .trust,
                year: lowestFacet(cycles.last(where: { !$0.trust.isEmpty })?.trust ?? [:])
            ) { lowestFacet($0.trust) },
            row(.applied, "Commitments tried", .cycles, year: percent(sum(\.tried), of: sum(\.committed))) {
                percent($0.tried, of: $0.committed)
            },
            row(.applied, "Debriefs held (members)", .cycles, year: count(sum(\.debriefed))) { count($0.debriefed) },
            row(.applied, "Activities adopted", .activities, year: count(sum(\.adopted))) { count($0.adopted) },
            Indicator(
                kind: .realized, name: "Outcomes of the community's schools",
                cells: cycles.map { _ in "" } + blanks, year: realized, source: .outcomes),
            // counted in the later columns too: a story may already tell of a cycle not begun
            Indicator(
                kind: .reframing, name: "Shared stories with a reframing step",
                cells: cycles.map { count(reframing[$0.number] ?? 0) }
                    + (cycles.count..<(cycles.count + blanks.count)).map { count(reframing[$0] ?? 0) },
                year: count(reframing.values.reduce(0, +)), source: .stories),
        ]
    }

    /// One story's row: the step told in each cycle, by cycle number.
    public struct StoryRow: Sendable, Hashable {
        public let title: String
        public let author: String
        public let steps: [Int: StoryStep]
    }

    public static func storyRows(_ stories: [StoryText]) -> [StoryRow] {
        stories.map { story in
            StoryRow(
                title: story.title, author: story.author,
                steps: Dictionary(
                    story.draft.toldSteps.map { (story.draft.cycle(of: $0.kind), $0) }, uniquingKeysWith: { a, _ in a })
            )
        }
    }

    /// How many stories have their reframing step in each cycle.
    public static func reframing(_ stories: [StoryText]) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for story in stories where !story.draft.step(.reframing).isEmpty {
            counts[story.draft.cycle(of: .reframing), default: 0] += 1
        }
        return counts
    }
}
