import Foundation

/// One table of the end-of-year report: shown on the page, written as one CSV in the ZIP, and given in
/// the API's JSON.
public struct ReportTable: Sendable, Hashable, Encodable {
    /// The CSV's name in the ZIP, without `.csv`.
    public let file: String
    public let title: String
    public let columns: [String]
    public let rows: [[String]]

    public init(file: String, title: String, columns: [String], rows: [[String]]) {
        self.file = file
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    public var csv: String { CSVText.document(header: columns, rows: rows) }
}

/// A section of the report: a title, a few sentences, its tables.
public struct ReportSection: Sendable, Hashable, Encodable {
    public let id: String
    public let title: String
    public let paragraphs: [String]
    public let tables: [ReportTable]
}

/// What the report is assembled from: plain values gathered from Trellis's own data, already cut to
/// what the reader may see (shared stories only, trust figures already suppressed, outcome cells
/// already hidden under the minimum).
public struct ReportFacts: Sendable {
    public struct Community: Sendable {
        public var name: String
        public var question: String?
        /// The board's buckets and how many notes each holds.
        public var buckets: [(name: String, notes: Int)]
        /// The last closed vote: each question and its dots, most first.
        public var vote: [(question: String, dots: Int)]
        public var cycles: [CycleFacts]
        public var stages: [StageEntry]

        public init(
            name: String, question: String?, buckets: [(name: String, notes: Int)] = [],
            vote: [(question: String, dots: Int)] = [], cycles: [CycleFacts] = [], stages: [StageEntry] = []
        ) {
            self.name = name
            self.question = question
            self.buckets = buckets
            self.vote = vote
            self.cycles = cycles
            self.stages = stages
        }
    }

    public struct TrustRow: Sendable {
        public var round: String
        public var group: String
        public var n: Int
        /// nil when the group's figures are hidden.
        public var facets: [TrustFacet: Double]?

        public init(round: String, group: String, n: Int, facets: [TrustFacet: Double]?) {
            self.round = round
            self.group = group
            self.n = n
            self.facets = facets
        }
    }

    public struct Series: Sendable {
        public var name: String
        public var held: Int
        public var asScheduled: Int
        public var attended: Int
        public var expected: Int

        public init(name: String, held: Int, asScheduled: Int, attended: Int, expected: Int) {
            self.name = name
            self.held = held
            self.asScheduled = asScheduled
            self.attended = attended
            self.expected = expected
        }
    }

    public struct Resource: Sendable {
        public var title: String
        public var community: String
        public var finished: Int

        public init(title: String, community: String, finished: Int) {
            self.title = title
            self.community = community
            self.finished = finished
        }
    }

    public struct Activity: Sendable {
        public var title: String
        public var community: String
        public var traits: [String]
        public var adopted: Bool
        /// Insights' decisions about it: adopt, adapt, abandon.
        public var decisions: [InsightDecision: Int]

        public init(
            title: String, community: String, traits: [String], adopted: Bool, decisions: [InsightDecision: Int]
        ) {
            self.title = title
            self.community = community
            self.traits = traits
            self.adopted = adopted
            self.decisions = decisions
        }
    }

    /// The outcome tables as the outcomes page writes them (formatted, hidden cells with their reason).
    public struct Outcomes: Sendable {
        public var before: String
        public var after: String
        public var minimum: Int
        /// Group, measure, subgroup, tested before, rate before, tested after, rate after, change, relative, note.
        public var groups: [[String]]
        /// School, measure, subgroup, then as `groups`.
        public var schools: [[String]]
        /// The difference in differences in words, one per measure and subgroup.
        public var readings: [String]
        /// The schools' cells shown (not hidden, with a change), and those whose change's interval leaves out 0.
        public var shownChanges: Int
        public var changesBeyondChance: Int

        public init(
            before: String, after: String, minimum: Int, groups: [[String]], schools: [[String]], readings: [String],
            shownChanges: Int = 0, changesBeyondChance: Int = 0
        ) {
            self.shownChanges = shownChanges
            self.changesBeyondChance = changesBeyondChance
            self.before = before
            self.after = after
            self.minimum = minimum
            self.groups = groups
            self.schools = schools
            self.readings = readings
        }
    }

    public var title: String
    public var year: String
    /// True for the cohort's report: a row per community, only stories included in the report.
    public var isCohort: Bool
    public var communities: [Community]
    public var trust: [TrustRow]
    public var series: [Series]
    public var resources: [Resource]
    public var activities: [Activity]
    public var stories: [StoryText]
    public var outcomes: Outcomes?

    public init(
        title: String, year: String, isCohort: Bool, communities: [Community], trust: [TrustRow] = [],
        series: [Series] = [], resources: [Resource] = [], activities: [Activity] = [], stories: [StoryText] = [],
        outcomes: Outcomes? = nil
    ) {
        self.title = title
        self.year = year
        self.isCohort = isCohort
        self.communities = communities
        self.trust = trust
        self.series = series
        self.resources = resources
        self.activities = activities
        self.stories = stories
        self.outcomes = outcomes
    }
}

/// The end-of-year report of a community or a cohort, assembled from `ReportFacts`.
public struct YearReport: Sendable, Encodable {
    public let title: String
    public let year: String
    public let sections: [ReportSection]

    public static let mostUsedLimit = 10

    /// Every table, in the order of the sections.
    public var tables: [ReportTable] { sections.flatMap(\.tables) }

    public static func assemble(_ facts: ReportFacts) -> YearReport {
        let many = facts.isCohort
        func lead(_ community: ReportFacts.Community) -> [String] { many ? [community.name] : [] }
        let communityColumn = many ? ["Community"] : []
        var sections: [ReportSection] = []

        sections.append(
            ReportSection(
                id: "question", title: "The inquiry question and how it was reached",
                paragraphs: facts.communities.map { community in
                    let question = community.question.map { "“\($0)”" } ?? "no question adopted yet."
                    return many ? "\(community.name): \(question)" : "The community's question: \(question)"
                },
                tables: [
                    ReportTable(
                        file: "board-buckets", title: "The board's buckets",
                        columns: communityColumn + ["Bucket", "Notes"],
                        rows: facts.communities.flatMap { community in
                            community.buckets.map { lead(community) + [$0.name, String($0.notes)] }
                        }),
                    ReportTable(
                        file: "vote", title: "The vote", columns: communityColumn + ["Question", "Dots"],
                        rows: facts.communities.flatMap { community in
                            community.vote.map { lead(community) + [$0.question, String($0.dots)] }
                        }),
                ]))

        let facets = TrustFacet.allCases
        sections.append(
            ReportSection(
                id: "trust", title: "Trust across the rounds",
                paragraphs: [
                    "Mean facet scores of each closed round, on the survey's own scale. A group with too few answers is hidden, and so is any figure that would let a hidden one be worked out; no one's answers are shown."
                ],
                tables: [
                    ReportTable(
                        file: "trust", title: "Trust facets by round",
                        columns: ["Round", "Group", "Responses"] + facets.map(\.label),
                        rows: facts.trust.map { row in
                            [row.round, row.group, String(row.n)]
                                + facets.map { facet in
                                    guard let means = row.facets else { return "hidden" }
                                    return means[facet].map { FixedDecimal.text($0, places: 2) } ?? "hidden"
                                }
                        })
                ]))

        sections.append(
            ReportSection(
                id: "rhythm", title: "The rhythm of meetings",
                paragraphs: ["Meetings held so far, how many took place when first scheduled, and attendance."],
                tables: [
                    ReportTable(
                        file: "meetings", title: "Meetings",
                        columns: ["Meetings", "Held", "Held as scheduled", "Attendance"],
                        rows: facts.series.map { series in
                            [
                                series.name, String(series.held), String(series.asScheduled),
                                ValueMatrix.percent(series.attended, of: series.expected),
                            ]
                        })
                ]))

        let decisionColumns = InsightDecision.allCases.map {
            $0.rawValue.prefix(1).uppercased() + $0.rawValue.dropFirst()
        }
        sections.append(
            ReportSection(
                id: "cycles", title: "Learning between meetings",
                paragraphs: [
                    "Each cycle runs from one community meeting to the next: members commit to something to try, capture an insight and debrief with a peer. Counts only, never who."
                ],
                tables: [
                    ReportTable(
                        file: "cycles", title: "Cycles",
                        columns: communityColumn + [
                            "Cycle", "Members", "Committed", "Tried", "Insights captured", "Debriefed",
                        ],
                        rows: facts.communities.flatMap { community in
                            community.cycles.map { cycle in
                                lead(community) + [
                                    cycle.label, String(cycle.members), String(cycle.committed), String(cycle.tried),
                                    String(cycle.captured), String(cycle.debriefed),
                                ]
                            }
                        }),
                    ReportTable(
                        file: "activities", title: "Activities and their traits",
                        columns: (many ? ["Community"] : []) + ["Activity", "Traits", "Adopted"] + decisionColumns,
                        rows: facts.activities.map { activity in
                            (many ? [activity.community] : []) + [
                                activity.title, activity.traits.joined(separator: "; "),
                                activity.adopted ? "yes" : "no",
                            ] + InsightDecision.allCases.map { String(activity.decisions[$0] ?? 0) }
                        }),
                ]))

        let used = facts.resources.filter { $0.finished > 0 }.sorted {
            ($1.finished, $0.title) < ($0.finished, $1.title)
        }.prefix(mostUsedLimit)
        sections.append(
            ReportSection(
                id: "resources", title: "The resources most used",
                paragraphs: ["Playlist resources by how many members marked them done."],
                tables: [
                    ReportTable(
                        file: "resources", title: "Resources most used",
                        columns: ["Resource"] + (many ? ["Community"] : []) + ["Members who finished it"],
                        rows: used.map { [$0.title] + (many ? [$0.community] : []) + [String($0.finished)] })
                ]))

        sections.append(
            ReportSection(
                id: "stages", title: "The community's stage of development",
                paragraphs: [
                    "Wenger's stages (potential, coalescing, maturing, stewardship, transformation), as the facilitators judged them each term."
                ],
                tables: [
                    ReportTable(
                        file: "stages", title: "Stage by term", columns: communityColumn + ["Term", "Stage", "Why"],
                        rows: facts.communities.flatMap { community in
                            StageHistory.line(community.stages).map {
                                lead(community) + [$0.term, $0.stage.title, $0.why]
                            }
                        })
                ]))

        let hoped = facts.stories.filter(\.draft.isAspirational).count
        sections.append(
            ReportSection(
                id: "stories", title: "Value-creation stories",
                paragraphs: [
                    facts.stories.isEmpty
                        ? "No story has been shared\(many ? " for this report" : " with the community") yet."
                        : "\(facts.stories.count) \(facts.stories.count == 1 ? "story" : "stories") shared by \(many ? "members for this report" : "members with the community")\(hoped > 0 ? ", \(hoped) with steps still hoped for" : ""). Each step is one cycle of value: immediate, potential, applied, realized, reframing."
                ],
                tables: []))

        if let outcomes = facts.outcomes {
            let columns = [
                "Measure", "Subgroup", "Tested before", "Rate before", "Tested after", "Rate after", "Change in points",
                "Relative change", "Note",
            ]
            sections.append(
                ReportSection(
                    id: "outcomes", title: "Student outcomes of the community schools",
                    paragraphs: [
                        "From \(outcomes.before) to \(outcomes.after). Counts of students who met each measure: rates with their 95 % intervals, the change in points and as a relative change side by side. Cells with fewer than \(outcomes.minimum) students tested are hidden, and so is any cell that could be worked out from the totals."
                    ] + outcomes.readings,
                    tables: [
                        ReportTable(
                            file: "outcome-groups", title: "Community schools and the others",
                            columns: ["Group"] + columns, rows: outcomes.groups),
                        ReportTable(
                            file: "outcome-schools", title: "The community schools",
                            columns: ["School"] + columns, rows: outcomes.schools),
                    ]))
        } else {
            sections.append(
                ReportSection(
                    id: "outcomes", title: "Student outcomes of the community schools",
                    paragraphs: ["Outcomes need two school years of data; a district admin imports them as CSV."],
                    tables: []))
        }
        return YearReport(title: facts.title, year: facts.year, sections: sections)
    }

    /// Every table as `name.csv`, for the ZIP.
    public var csvFiles: [(name: String, text: String)] { tables.map { ("\($0.file).csv", $0.csv) } }
}
