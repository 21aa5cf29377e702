import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// Value-creation stories. A story is its author's alone until they share it with their community (its
/// members, the cohort's facilitators and the district's admins read it) or include it in the cohort's
/// report. A facilitator can ask for a story to be included, never include it. Everyone else is told it
/// does not exist.
enum ValueStoryService {
    struct Record: Sendable {
        let id: UUID
        let communityID: UUID
        let authorID: UUID
        let draft: ValueStoryDraft
        let sharing: StorySharing
        let requestedBy: UUID?
        let updatedAt: Date
    }

    static func record(_ row: any SQLRow) throws -> Record? {
        guard
            let draft = try? JSONDecoder().decode(
                [StoryStep].self, from: Data(try row.decode(column: "steps", as: String.self).utf8)),
            let sharing = StorySharing(rawValue: try row.decode(column: "sharing", as: String.self))
        else { return nil }
        return Record(
            id: try row.decodeUUID(column: "id"), communityID: try row.decodeUUID(column: "community_id"),
            authorID: try row.decodeUUID(column: "author_id"),
            draft: ValueStoryDraft(
                title: try row.decode(column: "title", as: String.self),
                startCycle: try row.decode(column: "start_cycle", as: Int.self), steps: draft),
            sharing: sharing, requestedBy: try row.decodeUUIDIfPresent(column: "requested_by"),
            updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    static let columns: SQLQueryString =
        "id, community_id, author_id, title, start_cycle, steps, sharing, requested_by, updated_at"

    /// Whether the viewer reads the story: its author, or, once shared, the community's members and runners.
    static func mayRead(_ story: Record, access: PracticeAccess) -> Bool {
        story.authorID == access.viewerID || (story.sharing.isShared && (access.isMember || access.runs))
    }

    /// The stories of these communities the viewer may read, oldest first. `access` decides for one
    /// community; for a cohort's report, `sharing` picks the stories included in it.
    static func stories(of communityIDs: [UUID], on db: any Database) async throws -> [Record] {
        guard !communityIDs.isEmpty else { return [] }
        return try await db.sql().raw(
            """
            SELECT \(columns) FROM value_stories
            WHERE community_id IN (\(SQLList(communityIDs.map { SQLBind($0) }))) ORDER BY created_at, id
            """
        ).all().compactMap(record)
    }

    static func storiesKey(_ communityID: UUID) -> String { "stories of \(communityID)" }

    /// Every story of the viewer's community, read once per page (see `ScopeMemo`).
    static func stories(in access: PracticeAccess, on db: any Database) async throws -> [Record] {
        try await access.memo.read(storiesKey(access.communityID)) {
            try await stories(of: [access.communityID], on: db)
        }
    }

    static func readable(in access: PracticeAccess, on db: any Database) async throws -> [Record] {
        try await stories(in: access, on: db).filter { mayRead($0, access: access) }
    }

    /// One story the viewer may read, with the viewer's standing in its community; 404 otherwise.
    static func story(_ id: UUID, scope: DistrictScope) async throws -> (Record, PracticeAccess) {
        guard
            let row = try await scope.database.sql().raw(
                "SELECT \(columns) FROM value_stories WHERE id = \(bind: id) AND \(scope.districtCondition("district_id"))"
            ).first(), let story = try record(row)
        else { throw Abort(.notFound) }
        let access = try await scope.practice(of: story.communityID)
        guard mayRead(story, access: access) else { throw Abort(.notFound) }
        return (story, access)
    }

    /// Writes a new story (a member of the community) or the author's changes to theirs.
    static func save(
        _ draft: ValueStoryDraft, sharing: StorySharing?, story: Record?, access: PracticeAccess, cycleCount: Int,
        now: Date, on db: any Database
    ) async throws -> UUID {
        if let story, story.authorID != access.viewerID {
            throw Abort(.forbidden, reason: "Only its author changes a story.")
        }
        if story == nil, !access.isMember {
            throw Abort(.forbidden, reason: "The community's members write its value-creation stories.")
        }
        let problems = draft.problems(cycleCount: cycleCount).map { FieldProblem(field: $0.field, message: $0.message) }
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        let steps = String(decoding: try JSONEncoder().encode(draft.steps), as: UTF8.self)
        let sql = try db.sql()
        if let story {
            try await sql.raw(
                """
                UPDATE value_stories SET title = \(bind: draft.title), start_cycle = \(bind: draft.startCycle),
                  steps = \(bind: steps), sharing = \(bind: (sharing ?? story.sharing).rawValue), updated_at = \(bind: now)
                WHERE id = \(bind: story.id)
                """
            ).run()
            return story.id
        }
        let id = UUID()
        try await sql.raw(
            """
            INSERT INTO value_stories (id, district_id, community_id, author_id, title, start_cycle, steps, sharing,
              created_at, updated_at)
            VALUES (\(bind: id), \(bind: access.community.$district.id), \(bind: access.communityID),
              \(bind: access.viewerID), \(bind: draft.title), \(bind: draft.startCycle), \(bind: steps),
              \(bind: (sharing ?? .onlyMe).rawValue), \(bind: now), \(bind: now))
            """
        ).run()
        return id
    }

    static func setSharing(_ sharing: StorySharing, of story: Record, access: PracticeAccess, on db: any Database)
        async throws
    {
        guard story.authorID == access.viewerID else {
            throw Abort(.forbidden, reason: "Only its author decides who reads a story.")
        }
        try await db.sql().raw(
            """
            UPDATE value_stories SET sharing = \(bind: sharing.rawValue),
              requested_by = CASE WHEN \(bind: sharing.rawValue) = 'report' THEN NULL ELSE requested_by END
            WHERE id = \(bind: story.id)
            """
        ).run()
    }

    /// A facilitator asks the author to include a story shared with the community in the cohort's report.
    static func ask(_ story: Record, access: PracticeAccess, now: Date, on db: any Database) async throws {
        guard access.runs else {
            throw Abort(.forbidden, reason: "The cohort's facilitators ask for stories for the report.")
        }
        guard story.sharing == .community else {
            throw ValidationProblem(
                field: "sharing", "Sharing: only a story shared with the community can be asked for the report.")
        }
        try await db.sql().raw(
            """
            UPDATE value_stories SET requested_by = \(bind: access.viewerID), requested_at = \(bind: now)
            WHERE id = \(bind: story.id)
            """
        ).run()
    }

    // MARK: - Evidence

    /// A piece of evidence as a reader sees it: its words and, where the reader may follow it, a link.
    struct EvidenceLabel: Sendable {
        let text: String
        let url: String?
    }

    /// What the author may cite, as form options (token, words): their community's meetings, its playlist's
    /// resources, their own commitments and insights, the community's activities, their school's outcome cells.
    static func options(access: PracticeAccess, cycles: [PracticeService.Cycle], scope: DistrictScope) async throws
        -> [(group: String, options: [(token: String, label: String)])]
    {
        let db = scope.database
        let links = try await PracticeService.links(for: access, scope: scope)
        let commitments = try await PracticeService.commitments(
            in: cycles.map(\.id), groups: [:], access: access, on: db
        ).filter { $0.authorID == access.viewerID }
        let numbers = Dictionary(cycles.map { ($0.id, $0.number) }, uniquingKeysWith: { a, _ in a })
        let activities = try await PracticeService.activities(of: access, on: db)
        var groups: [(String, [(String, String)])] = [
            (
                "Meetings",
                cycles.map { cycle in
                    (
                        Evidence(kind: .meeting, reference: meetingReference(cycle.cycle.opening)).token,
                        "Meeting of \(cycle.cycle.opening.occurrence.key.readable) (opens cycle \(cycle.number + 1))"
                    )
                }
            ),
            ("Resources", links.resources.map { (Evidence(kind: .resource, reference: key($0.id)).token, $0.title) }),
            (
                "Your commitments",
                commitments.map {
                    (
                        Evidence(kind: .commitment, reference: key($0.id)).token,
                        "Cycle \((numbers[$0.cycleID] ?? 0) + 1): \(excerpt($0.text))"
                    )
                }
            ),
            (
                "Your insights",
                commitments.compactMap { commitment in
                    commitment.insight.map {
                        (
                            Evidence(kind: .insight, reference: key($0.id)).token,
                            "Cycle \((numbers[commitment.cycleID] ?? 0) + 1): \(excerpt($0.learned))"
                        )
                    }
                }
            ),
            (
                "Activities",
                activities.compactMap { activity in
                    activity.id.map { (Evidence(kind: .activity, reference: key($0)).token, activity.title) }
                }
            ),
        ]
        if let school = scope.viewer.user.$school.id, let outcomes = try await outcomeCells(scope: scope) {
            groups.append(
                (
                    "Your school's outcomes (\(outcomes.before) to \(outcomes.after))",
                    outcomes.cells.filter { $0.school == key(school) }.sorted {
                        ($0.measure, $0.subgroup.name) < ($1.measure, $1.subgroup.name)
                    }.map { cell in
                        (
                            Evidence(kind: .outcome, reference: outcomeReference(cell)).token,
                            "\(cell.measure), \(cell.subgroup.name)"
                        )
                    }
                ))
        }
        return groups.filter { !$0.1.isEmpty }.map { (group: $0.0, options: $0.1.map { (token: $0.0, label: $0.1) }) }
    }

    static func key(_ id: UUID) -> String { PracticeService.key(id) }

    static func meetingReference(_ meeting: PracticeCycle.Meeting) -> String {
        "\(meeting.seriesID)/\(meeting.occurrence.key)"
    }

    static func outcomeReference(_ cell: OutcomeAnalysis.Cell) -> String {
        "\(cell.school)|\(cell.measure)|\(cell.subgroup.name)"
    }

    static func excerpt(_ text: String, limit: Int = 70) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > limit ? String(line.prefix(limit - 1)) + "…" : line
    }

    /// The district's outcomes for its latest two years, analysed as the outcomes page does.
    static func outcomeCells(scope: DistrictScope) async throws
        -> (
            before: SchoolYear, after: SchoolYear, minimum: Int, cells: [OutcomeAnalysis.Cell],
            analysis: OutcomeAnalysis
        )?
    {
        guard let districtID = scope.viewer.districtID else { return nil }
        // The analysis of the district's outcomes, worked out once per page (a report cites it from its
        // outcome tables, its stories and its readings).
        return try await scope.memo.read("outcome cells") {
            try await analyzeOutcomes(districtID: districtID, on: scope.database)
        }
    }

    private static func analyzeOutcomes(districtID: UUID, on db: any Database) async throws
        -> (
            before: SchoolYear, after: SchoolYear, minimum: Int, cells: [OutcomeAnalysis.Cell],
            analysis: OutcomeAnalysis
        )?
    {
        let counts = try await OutcomeService.counts(districtID: districtID, on: db)
        // only the years: the measures and subgroups the outcomes page offers are not needed here
        let years = Set(counts.map(\.year)).sorted()
        guard years.count >= 2 else { return nil }
        let (before, after) = (years[years.count - 2], years[years.count - 1])
        let analysis = try await OutcomeService.analysis(
            districtID: districtID, counts: counts, before: before, after: after, on: db)
        return (before, after, analysis.minN, analysis.cells, analysis)
    }

    /// The words (and links) of every piece of evidence the stories cite, as `reader` may see them. A
    /// commitment or an insight is named by its cycle only: citing it shares nothing of its text, and only
    /// its author gets a link to it.
    static func labels(
        for stories: [Record], readerID: UUID, cycles: [UUID: [PracticeService.Cycle]], scope: DistrictScope
    ) async throws -> [UUID: [String: EvidenceLabel]] {
        let db = scope.database
        let cited = stories.flatMap { story in story.draft.steps.flatMap(\.evidence) }
        guard !cited.isEmpty else { return [:] }
        func ids(_ kind: Evidence.Kind) -> [UUID] {
            Array(Set(cited.filter { $0.kind == kind }.compactMap { UUIDText.parse($0.reference) }))
        }
        func titles(_ table: SQLQueryString, _ column: SQLQueryString, _ list: [UUID]) async throws -> [String: String]
        {
            guard !list.isEmpty else { return [:] }
            var found: [String: String] = [:]
            for row in try await db.sql().raw(
                """
                SELECT id, \(column) AS label FROM \(table)
                WHERE id IN (\(SQLList(list.map { SQLBind($0) }))) AND \(scope.districtCondition("district_id"))
                """
            ).all() {
                found[key(try row.decodeUUID(column: "id"))] = try row.decode(column: "label", as: String.self)
            }
            return found
        }
        let resources = try await titles("resources", "title", ids(.resource))
        let activities = try await titles("leadership_activities", "title", ids(.activity))
        var cycleOfCommitment: [String: (cycleID: UUID, author: UUID)] = [:]
        let commitmentIDs = ids(.commitment)
        let insightIDs = ids(.insight)
        if !commitmentIDs.isEmpty || !insightIDs.isEmpty {
            for row in try await db.sql().raw(
                """
                SELECT c.id AS commitment_id, i.id AS insight_id, c.cycle_id, c.author_id
                FROM commitments c LEFT JOIN insights i ON i.commitment_id = c.id
                WHERE c.id IN (\(SQLList((commitmentIDs + [UUID()]).map { SQLBind($0) })))
                  OR i.id IN (\(SQLList((insightIDs + [UUID()]).map { SQLBind($0) })))
                """
            ).all() {
                let value = (try row.decodeUUID(column: "cycle_id"), try row.decodeUUID(column: "author_id"))
                cycleOfCommitment["commitment:" + key(try row.decodeUUID(column: "commitment_id"))] = value
                if let insight = try row.decodeUUIDIfPresent(column: "insight_id") {
                    cycleOfCommitment["insight:" + key(insight)] = value
                }
            }
        }
        let outcomes = cited.contains { $0.kind == .outcome } ? try await outcomeCells(scope: scope) : nil
        let schoolNames = outcomes == nil ? [:] : try await schoolNames(scope: scope)
        var labels: [UUID: [String: EvidenceLabel]] = [:]
        for story in stories {
            let numbers = Dictionary(
                (cycles[story.communityID] ?? []).map { ($0.id, $0.number) }, uniquingKeysWith: { a, _ in a })
            for evidence in story.draft.steps.flatMap(\.evidence) {
                let label: EvidenceLabel
                switch evidence.kind {
                case .meeting:
                    let parts = evidence.reference.split(separator: "/").map(String.init)
                    if parts.count == 2, let series = UUIDText.parse(parts[0]), let day = CalendarDay(parts[1]) {
                        label = EvidenceLabel(
                            text: "Meeting of \(day.readable)",
                            url: SiteURL.meeting(.value(series), day: .value(day.description)).relativeURL)
                    } else {
                        label = EvidenceLabel(text: "A meeting", url: nil)
                    }
                case .resource:
                    label = EvidenceLabel(
                        text: "Resource: \(resources[evidence.reference] ?? "no longer in the library")",
                        url: resources[evidence.reference] == nil
                            ? nil : UUIDText.parse(evidence.reference).map { SiteURL.resource(.value($0)).relativeURL })
                case .activity:
                    label = EvidenceLabel(
                        text: "Activity: \(activities[evidence.reference] ?? "no longer there")",
                        url: activities[evidence.reference] == nil
                            ? nil : UUIDText.parse(evidence.reference).map { SiteURL.activity(.value($0)).relativeURL })
                case .commitment, .insight:
                    let found = cycleOfCommitment[evidence.token]
                    let cycle = found.flatMap { numbers[$0.cycleID] }.map { " in cycle \($0 + 1)" } ?? ""
                    let noun = evidence.kind == .commitment ? "A commitment" : "An insight"
                    let mine = found?.author == readerID && found?.author == story.authorID
                    label = EvidenceLabel(
                        text: "\(noun) of the author's\(cycle)",
                        url: mine && evidence.kind == .commitment
                            ? UUIDText.parse(evidence.reference).map { SiteURL.commitment(.value($0)).relativeURL }
                            : nil)
                case .outcome:
                    label = outcomeLabel(evidence.reference, outcomes: outcomes, names: schoolNames)
                }
                labels[story.id, default: [:]][evidence.token] = label
            }
        }
        return labels
    }

    static func schoolNames(scope: DistrictScope) async throws -> [String: String] {
        try await scope.memo.read("school names") {
            var names: [String: String] = [:]
            for row in try await scope.database.sql().raw(
                "SELECT id, name FROM schools WHERE \(scope.districtCondition("district_id"))"
            ).all() {
                names[key(try row.decodeUUID(column: "id"))] = try row.decode(column: "name", as: String.self)
            }
            return names
        }
    }

    /// An outcome cell as the outcomes page writes it, hidden cells with their reason.
    static func outcomeLabel(
        _ reference: String,
        outcomes: (
            before: SchoolYear, after: SchoolYear, minimum: Int, cells: [OutcomeAnalysis.Cell],
            analysis: OutcomeAnalysis
        )?,
        names: [String: String]
    ) -> EvidenceLabel {
        let parts = reference.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return EvidenceLabel(text: "An outcome", url: nil) }
        let school = names[parts[0]] ?? "a school"
        let heading = "Outcome: \(school), \(parts[1]), \(parts[2])"
        guard let outcomes,
            let cell = outcomes.cells.first(where: {
                $0.school == parts[0] && $0.measure == parts[1] && $0.subgroup.name == parts[2]
            })
        else { return EvidenceLabel(text: "\(heading): no figures for the latest two years", url: nil) }
        let url =
            SiteURL.outcomes.relativeURL
            + "?measure=\(OutcomesPage.query(parts[1]))&subgroup=\(OutcomesPage.query(parts[2]))"
        if let hidden = OutcomeFormat.hidden(cell.suppressed, minimum: outcomes.minimum) {
            return EvidenceLabel(text: "\(heading), \(outcomes.before) to \(outcomes.after): \(hidden)", url: url)
        }
        return EvidenceLabel(
            text:
                "\(heading), \(outcomes.before) to \(outcomes.after): \(OutcomeFormat.rate(cell.before)) → \(OutcomeFormat.rate(cell.after)), \(OutcomeFormat.change(cell.change)) points",
            url: url)
    }
}
