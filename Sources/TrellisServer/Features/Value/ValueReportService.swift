import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// Gathers what the value-creation matrix and the end-of-year report show, from Trellis's own data, cut
/// to what the reader may see: counts never names, shared stories only, trust and outcome figures as
/// their pages suppress them.
enum ValueReportService {
    /// One community's part of a report, with what its page needs beside.
    struct CommunityPart: Sendable {
        let community: ReportFacts.Community
        let cycles: [PracticeService.Cycle]
        let series: [ReportFacts.Series]
        let resources: [ReportFacts.Resource]
        let activities: [ReportFacts.Activity]
        let trust: [ReportFacts.TrustRow]
        /// Shared stories (or, for the cohort's report, those included in it), oldest first.
        let stories: [ValueStoryService.Record]
        let schools: Set<String>
    }

    /// What every community of a cohort shares, read once per report: the closed trust rounds' group sizes
    /// and means and the district's trait names (the cohort's meeting series are kept for the request by
    /// `DistrictScope.meetingSeries(of:in:)`).
    struct CohortData: Sendable {
        let trust: [(round: TrustRound, groups: [TrustService.GroupMeans])]
        let traitNames: [String: String]
    }

    /// With `community`, the trust results hold the cohort's group and that community's alone: what one
    /// community's part reads of them.
    static func cohortData(_ cohort: Cohort, community: String? = nil, scope: DistrictScope, now: Date) async throws
        -> CohortData
    {
        let db = scope.database
        let today = CalendarDay(now)
        let trust = try await TrustService.means(
            ofClosed: try await TrustService.closedRounds(of: try cohort.requireID(), today: today, on: db),
            community: community, today: today, on: db)
        let traitNames = Dictionary(
            try await LibraryService.traits(scope: scope).compactMap { trait in
                trait.id.map { (PracticeService.key($0), trait.name) }
            }, uniquingKeysWith: { a, _ in a })
        return CohortData(trust: trust, traitNames: traitNames)
    }

    static func part(
        _ access: PracticeAccess, forCohort: Bool, cohortData: CohortData? = nil, scope: DistrictScope, now: Date
    ) async throws -> CommunityPart {
        let shared: CohortData
        if let cohortData {
            shared = cohortData
        } else {
            shared = try await Self.cohortData(
                access.cohort, community: forCohort ? nil : access.community.name, scope: scope, now: now)
        }
        let db = scope.database
        let sql = try db.sql()
        let communityID = access.communityID
        let memberIDs = access.members.map(\.id)
        let question = try await Self.questions.one(communityID, scope: scope)
        let noteCounts = try await Self.noteCounts.one(communityID, scope: scope)
        let buckets = RootCauseBucket.fourBuckets.map { ($0.title, noteCounts[$0] ?? 0) }
        let vote = try await Self.votes.one(communityID, scope: scope)

        // Cycles and their counts.
        let cycles = try await PracticeService.cycles(of: access, scope: scope).filter { $0.cycle.hasBegun(now: now) }
        let counts = try await PracticeService.counts(of: cycles.map(\.id), access: access, on: db)
        var attendance: [String: (present: Int, total: Int)] = [:]
        for (_, meetings) in try await Self.attendance(
            of: Set(cycles.compactMap { UUIDText.parse($0.cycle.opening.seriesID) }), scope: scope)
        {
            attendance.merge(meetings, uniquingKeysWith: { first, _ in first })
        }
        var items: [PlaylistService.Item] = []
        if let playlistID = try await Self.playlists.one(communityID, scope: scope) {
            items = try await PlaylistService.items(of: playlistID, on: db)
        }
        let itemCounts = try await PlaylistService.counts(of: items.map(\.id), among: memberIDs, on: db)
        let activities = try await PracticeService.activities(of: access, on: db)
        let trustByRound = shared.trust
        func means(_ group: TrustService.GroupMeans?) -> [TrustFacet: Double]? {
            guard let group, !group.suppressed else { return nil }
            return group.means
        }
        let itemMeetings = items.map { item in item.meeting.map { "\(PracticeService.key($0.seriesID))/\($0.day)" } }
        // The models' fields read once, not once per cycle: each read of a Fluent field looks its type up.
        let communityName = access.community.name
        let roundClosings = trustByRound.map(\.round.closesOn)
        let adoptions = activities.compactMap(\.adoptedAt)
        let facts = cycles.map { cycle -> CycleFacts in
            let count = counts[cycle.id] ?? .init(members: memberIDs.count)
            let opening = ValueStoryService.meetingReference(cycle.cycle.opening)
            let held = attendance[opening]
            let setFor = zip(items, itemMeetings).filter { $0.1 == opening }.map(\.0)
            let adopted = adoptions.filter { $0 >= cycle.cycle.start && $0 < cycle.cycle.end }.count
            // the round that closed within the cycle, days compared as their yyyy-mm-dd text
            let (opened, closing) = (
                CalendarDay(cycle.cycle.start).description, CalendarDay(cycle.cycle.end).description
            )
            let trust = roundClosings.lastIndex { $0 >= opened && $0 < closing }.map { trustByRound[$0] }
            return CycleFacts(
                number: cycle.number, label: "Cycle \(cycle.number + 1): \(cycle.cycle.readable)",
                members: count.members, attended: held?.present, expected: held?.total ?? 0,
                committed: count.committed, tried: count.tried, captured: count.captured, debriefed: count.debriefed,
                resourcesAdded: setFor.count, resourcesUsed: setFor.map { itemCounts[$0.id]?.done ?? 0 }.reduce(0, +),
                adopted: adopted,
                trust: means(trust?.groups.first { $0.community == communityName }) ?? [:])
        }

        // The rhythm of the community's own meetings (or its cohort's, when it has none).
        let records = try await scope.meetingSeries(of: communityID, in: access.cohort)
        let measures = try await Self.measures(now: now, of: records, scope: scope).many(
            records.compactMap(\.id), scope: scope
        )
        .compactMapValues { $0 }
        let series = try records.map { record -> ReportFacts.Series in
            let measure = measures[try record.requireID()]
            return ReportFacts.Series(
                name: forCohort ? "\(access.community.name): \(record.title)" : record.title,
                held: measure?.heldAsScheduled.total ?? 0,
                asScheduled: measure?.heldAsScheduled.count ?? 0, attended: measure?.attendance.count ?? 0,
                expected: measure?.attendance.total ?? 0)
        }

        let traitNames = shared.traitNames
        let decisions = try await PracticeService.decisions(about: activities.compactMap(\.id), on: db)
        let trustRows = trustByRound.flatMap { entry -> [ReportFacts.TrustRow] in
            let shown =
                forCohort
                ? entry.groups : entry.groups.filter { $0.community == nil || $0.community == access.community.name }
            return shown.map { group in
                ReportFacts.TrustRow(
                    round: entry.round.title, group: group.community ?? "The cohort", n: group.n, facets: means(group))
            }
        }
        let stories = try await ValueStoryService.stories(in: access, on: db).filter {
            forCohort ? $0.sharing == .report : $0.sharing.isShared
        }
        let schools = Set(access.members.compactMap { $0.schoolID.map(PracticeService.key) })
        return CommunityPart(
            community: ReportFacts.Community(
                name: access.community.name, question: question, buckets: buckets, vote: vote, cycles: facts,
                stages: try await Self.stages.one(communityID, scope: scope)),
            cycles: cycles, series: series,
            resources: items.map {
                ReportFacts.Resource(
                    title: $0.title, community: access.community.name, finished: itemCounts[$0.id]?.done ?? 0)
            },
            activities: activities.map { activity in
                ReportFacts.Activity(
                    title: activity.title, community: access.community.name,
                    traits: activity.draft.traitIDs.compactMap { traitNames[$0] }, adopted: activity.adoptedAt != nil,
                    decisions: activity.id.flatMap { decisions[$0] } ?? [:])
            },
            trust: trustRows, stories: stories, schools: schools)
    }

    /// The schools whose cells the viewer sees of these: all of them, and for a leader only their own
    /// school, as on the outcomes page.
    static func shownSchools(_ schools: Set<String>, scope: DistrictScope) -> Set<String> {
        guard scope.viewer.role == .leader else { return schools }
        return schools.intersection(scope.viewer.user.$school.id.map { [PracticeService.key($0)] } ?? [])
    }

    /// The changes of the shown cells of these schools (those not suppressed), for "2 of 9 shown cells
    /// changed beyond chance".
    static func shownChanges(
        _ cells: [OutcomeAnalysis.Cell], schools: Set<String>, scope: DistrictScope
    ) -> [OutcomeAnalysis.Change] {
        let shown = shownSchools(schools, scope: scope)
        return cells.filter { shown.contains($0.school) && $0.suppressed == nil }.compactMap(\.change)
    }

    /// What the matrix's "realized value" row says of the outcomes: the figures of `outcomes(…)`'s reading,
    /// without writing out its tables.
    static func realized(schools: Set<String>, scope: DistrictScope) async throws -> String {
        guard let found = try await ValueStoryService.outcomeCells(scope: scope) else { return "no outcomes imported" }
        let changes = shownChanges(found.cells, schools: schools, scope: scope)
        return realizedReading(
            before: found.before.description, after: found.after.description, shown: changes.count,
            beyondChance: changes.filter(\.beyondChance).count)
    }

    /// "2 of 9 shown cells changed beyond chance (2024-25 to 2025-26)": how many of the community schools'
    /// shown cells moved with an interval that leaves out 0.
    static func realizedReading(before: String, after: String, shown: Int, beyondChance: Int) -> String {
        "\(beyondChance) of \(shown) shown cells changed beyond chance (\(before) to \(after))"
    }

    /// The outcome tables of these schools as the outcomes page writes them. A leader sees the groups and
    /// only their own school's cells, as on the outcomes page.
    static func outcomes(schools: Set<String>, scope: DistrictScope) async throws -> ReportFacts.Outcomes? {
        guard let found = try await ValueStoryService.outcomeCells(scope: scope) else { return nil }
        let names = try await ValueStoryService.schoolNames(scope: scope)
        let shown = shownSchools(schools, scope: scope)
        func figures(
            _ before: OutcomeAnalysis.Year?, _ after: OutcomeAnalysis.Year?, _ change: OutcomeAnalysis.Change?,
            hidden: String?
        )
            -> [String]
        {
            [
                OutcomeFormat.tested(before), OutcomeFormat.rate(before), OutcomeFormat.tested(after),
                OutcomeFormat.rate(after), OutcomeFormat.change(change), OutcomeFormat.relative(change),
                OutcomeFormat.note(change, hidden: hidden) ?? "",
            ]
        }
        let order = { (a: (String, Subgroup), b: (String, Subgroup)) in (a.0, a.1.name) < (b.0, b.1.name) }
        let groups = found.analysis.groups.sorted {
            order(($0.measure, $0.subgroup), ($1.measure, $1.subgroup))
                || (($0.measure, $0.subgroup.name) == ($1.measure, $1.subgroup.name)
                    && OutcomeAnalysis.GroupName.allCases.firstIndex(of: $0.group)!
                        < OutcomeAnalysis.GroupName.allCases.firstIndex(of: $1.group)!)
        }.map { group in
            [OutcomeController.groupLabels[group.group] ?? group.group.rawValue, group.measure, group.subgroup.name]
                + figures(group.before, group.after, group.change, hidden: nil)
        }
        let changes = shownChanges(found.cells, schools: schools, scope: scope)
        // The shown cells' places sorted, not the cells: each name is looked up once, and the sort moves
        // numbers instead of copying cells.
        let shownCells = found.cells.filter { shown.contains($0.school) }
        let schoolNames = shownCells.map { names[$0.school] }
        let cells = shownCells.indices.sorted { a, b in
            (schoolNames[a] ?? "", shownCells[a].measure, shownCells[a].subgroup.name) < (
                schoolNames[b] ?? "", shownCells[b].measure, shownCells[b].subgroup.name
            )
        }.map { index in
            let cell = shownCells[index]
            return [schoolNames[index] ?? cell.school, cell.measure, cell.subgroup.name]
                + figures(
                    cell.before, cell.after, cell.change,
                    hidden: OutcomeFormat.hidden(cell.suppressed, minimum: found.minimum))
        }
        let readings = found.analysis.did.sorted { order(($0.measure, $0.subgroup), ($1.measure, $1.subgroup)) }.map {
            "\($0.measure), \($0.subgroup.name): \(OutcomeFormat.reading($0))"
        }
        return ReportFacts.Outcomes(
            before: found.before.description, after: found.after.description, minimum: found.minimum, groups: groups,
            schools: cells, readings: readings, shownChanges: changes.count,
            changesBeyondChance: changes.filter(\.beyondChance).count)
    }

    /// The stories of the parts as the report shows them, with their evidence in words.
    static func storyTexts(
        _ parts: [(name: String, part: CommunityPart)], readerID: UUID, scope: DistrictScope
    ) async throws -> [StoryText] {
        let stories = parts.flatMap(\.part.stories)
        let cycles = Dictionary(
            parts.compactMap { entry in entry.part.stories.first.map { ($0.communityID, entry.part.cycles) } },
            uniquingKeysWith: { a, _ in a })
        let labels = try await ValueStoryService.labels(for: stories, readerID: readerID, cycles: cycles, scope: scope)
        let names = try await PracticeService.names(of: Set(stories.map(\.authorID)), scope: scope)
        let communityNames = Dictionary(
            parts.flatMap { entry in entry.part.stories.map { ($0.communityID, entry.name) } },
            uniquingKeysWith: { a, _ in a })
        return stories.map { story in
            StoryText(
                title: story.draft.title, author: names[story.authorID] ?? "A former member",
                community: communityNames[story.communityID] ?? "", draft: story.draft,
                evidence: (labels[story.id] ?? [:]).mapValues(\.text))
        }
    }

    /// A community's report.
    static func communityReport(_ access: PracticeAccess, scope: DistrictScope, now: Date) async throws
        -> (YearReport, [StoryText], CommunityPart)
    {
        let part = try await part(access, forCohort: false, scope: scope, now: now)
        let texts = try await storyTexts([(access.community.name, part)], readerID: access.viewerID, scope: scope)
        let facts = ReportFacts(
            title: "\(access.community.name): the year's report", year: access.cohort.name, isCohort: false,
            communities: [part.community], trust: part.trust, series: part.series, resources: part.resources,
            activities: part.activities, stories: texts,
            outcomes: try await outcomes(schools: part.schools, scope: scope))
        return (YearReport.assemble(facts), texts, part)
    }

    /// Reads for all of a report's communities at once what each community's part would read alone (their
    /// members, stories and activities), for the parts to find in this request's reads.
    static func readAhead(_ ids: [UUID], of cohort: Cohort, scope: DistrictScope, now: Date) async throws {
        guard ids.count > 1 else { return }
        let db = scope.database
        _ = try await scope.communityMembers(of: ids)
        let stories = Dictionary(grouping: try await ValueStoryService.stories(of: ids, on: db), by: \.communityID)
        let activities = try await PracticeService.activities(of: ids, on: db)
        for id in ids {
            scope.memo.remember(ValueStoryService.storiesKey(id), stories[id] ?? [])
            scope.memo.remember(PracticeService.activitiesKey(id), activities[id] ?? [])
        }
        _ = try await questions.many(ids, scope: scope)
        _ = try await noteCounts.many(ids, scope: scope)
        _ = try await votes.many(ids, scope: scope)
        _ = try await playlists.many(ids, scope: scope)
        _ = try await stages.many(ids, scope: scope)
        _ = try await PracticeService.storedCycles.many(ids, scope: scope)
        let series = try await scope.visibleSeries(of: cohort)
        _ = try await RhythmService.attendance.many(series.compactMap(\.id), scope: scope)
        _ = try await measures(now: now, of: series, scope: scope).many(series.compactMap(\.id), scope: scope)
    }

    static let questions = BatchRead<String?>(name: "adopted question", empty: nil) { ids, db in
        try await QuestionService.adoptedTexts(of: ids, on: db)
    }

    /// How many notes each bucket of the community's board holds (a community without a board has none).
    static let noteCounts = BatchRead<[RootCauseBucket: Int]>(name: "board notes", empty: [:]) { ids, db in
        try await BoardRecord.noteCounts(ofCommunities: ids, on: db)
    }

    /// The dots of the community's latest closed vote, by question, most first.
    static let votes = BatchRead<[(question: String, dots: Int)]>(name: "latest vote", empty: []) { ids, db in
        var votes: [UUID: [(question: String, dots: Int)]] = [:]
        for row in try await db.sql().raw(
            """
            SELECT v.community_id AS community_id, q.text AS text, SUM(d.dots) AS dots
            FROM inquiry_votes v JOIN inquiry_ballot_dots d ON d.vote_id = v.id
            JOIN inquiry_questions q ON q.id = d.question_id
            WHERE v.community_id IN (\(SQLList(ids.map { SQLBind($0) })))
              AND v.id = (SELECT w.id FROM inquiry_votes w WHERE w.community_id = v.community_id
                          AND w.closed_at IS NOT NULL ORDER BY w.closed_at DESC LIMIT 1)
            GROUP BY v.community_id, q.text ORDER BY SUM(d.dots) DESC, q.text
            """
        ).all() {
            votes[try row.decodeUUID(column: "community_id"), default: []].append(
                (try row.decode(column: "text", as: String.self), try row.decode(column: "dots", as: Int.self)))
        }
        return votes
    }

    /// The community's own playlist, if it has one.
    static let playlists = BatchRead<UUID?>(name: "playlist", empty: nil) { ids, db in
        try await PlaylistService.playlists(ofCommunities: ids, on: db)
    }

    static let stages = BatchRead<[StageEntry]>(name: "stages", empty: []) { ids, db in
        try await ValueService.stages(of: ids, on: db)
    }

    /// Each meeting's attendance, present and recorded, by `series/day`, for each series: counted from the
    /// rows the rhythm measures read too (`RhythmService.attendance`), read once per page.
    static func attendance(of ids: some Collection<UUID>, scope: DistrictScope) async throws
        -> [UUID: [String: (present: Int, total: Int)]]
    {
        try await RhythmService.attendance.many(ids, scope: scope).mapValues { rows in
            var meetings: [String: (present: Int, total: Int)] = [:]
            for row in rows {
                let name = "\(PracticeService.key(row.seriesID))/\(row.meetingDay)"
                meetings[name, default: (0, 0)].present += row.status == "present" ? 1 : 0
                meetings[name, default: (0, 0)].total += 1
            }
            return meetings
        }
    }

    /// The rhythm measures of these series (of `records`), as of `now`.
    static func measures(now: Date, of records: [MeetingSeriesRecord], scope: DistrictScope)
        -> BatchRead<PredictabilityMeasures?>
    {
        BatchRead(name: "measures", empty: nil) { ids, db in
            let wanted = Set(ids)
            return try await RhythmService.measures(
                of: records.filter { $0.id.map(wanted.contains) ?? false },
                attendance: try await RhythmService.attendance.many(ids, scope: scope), now: now, on: db)
        }
    }

    /// A cohort's report: each community's part, the trust rounds once, stories included in the report.
    static func cohortReport(_ cohort: Cohort, scope: DistrictScope, now: Date) async throws
        -> (YearReport, [StoryText], [ReportFacts.Community])
    {
        var parts: [(name: String, part: CommunityPart)] = []
        let shared = try await cohortData(cohort, scope: scope, now: now)
        let communities = try await scope.publishedCommunities(of: cohort)
        try await readAhead(try communities.map { try $0.requireID() }, of: cohort, scope: scope, now: now)
        var accesses: [PracticeAccess] = []
        var begun: [[UUID]] = []
        for community in communities {
            let access = try await scope.practice(of: try community.requireID())
            accesses.append(access)
            begun.append(
                try await PracticeService.cycles(of: access, scope: scope).filter { $0.cycle.hasBegun(now: now) }.map(
                    \.id))
        }
        if communities.count > 1 {
            try await PracticeService.readAhead(commitmentsOf: begun, memo: scope.memo, on: scope.database)
            _ = try await PracticeService.debriefed.many(begun.flatMap { $0 }, scope: scope)
        }
        for (community, access) in zip(communities, accesses) {
            parts.append(
                (community.name, try await part(access, forCohort: true, cohortData: shared, scope: scope, now: now)))
        }
        let texts = try await storyTexts(parts, readerID: scope.viewer.userID, scope: scope)
        let facts = ReportFacts(
            title: "\(cohort.name): the year's report", year: cohort.name, isCohort: true,
            communities: parts.map(\.part.community), trust: parts.first?.part.trust ?? [],
            series: parts.flatMap(\.part.series).reduce(into: [ReportFacts.Series]()) { unique, series in
                if !unique.contains(where: { $0.name == series.name }) { unique.append(series) }
            },
            resources: parts.flatMap(\.part.resources), activities: parts.flatMap(\.part.activities), stories: texts,
            outcomes: try await outcomes(
                schools: parts.reduce(into: Set<String>()) { $0.formUnion($1.part.schools) }, scope: scope))
        return (YearReport.assemble(facts), texts, facts.communities)
    }
}

extension OutcomeAnalysis.Change {
    /// Whether the interval leaves out 0: a change beyond chance.
    var beyondChance: Bool { low > 0 || high < 0 }
}
