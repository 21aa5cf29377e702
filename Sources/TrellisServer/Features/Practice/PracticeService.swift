import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// Who is looking at a community's learning between meetings, and what they may do: its members take
/// part; the cohort's facilitators and the district's admins see counts and what members shared. Anyone
/// else is told it does not exist.
struct PracticeAccess: Sendable {
    let community: Community
    let cohort: Cohort
    let communityID: UUID
    /// The community's members now, by name.
    let members: [MemberPerson]
    let isMember: Bool
    let runs: Bool
    let viewerID: UUID
    /// The request's reads, which the community's schedule and commitments join (see `ScopeMemo`).
    let memo: ScopeMemo

    /// The viewer's id as the pair schedule names people.
    var viewerKey: String { PracticeService.key(viewerID) }

    /// How the viewer stands to a leader's work in a cycle whose groups are `groups`.
    func reader(of authorID: UUID, groups: [PeerGroup]) -> PracticeReader {
        var reader: PracticeReader = []
        if authorID == viewerID { reader.insert(.author) }
        if isMember { reader.insert(.member) }
        if runs { reader.insert(.runner) }
        let author = PracticeService.key(authorID)
        if groups.contains(where: { $0.contains(author) && $0.contains(viewerKey) }), authorID != viewerID {
            reader.insert(.partner)
        }
        return reader
    }
}

extension DistrictScope {
    /// Not kept in the request's reads itself (it holds them: that would keep them past the request); its
    /// parts are, so asking again reads nothing.
    func practice(of communityID: UUID) async throws -> PracticeAccess {
        let (community, cohort) = try await visibleCommunity(communityID)
        let members = (try await communityMembers(of: [communityID])[communityID] ?? []).map(\.person)
        let isMember = viewer.role == .leader && members.contains { $0.id == viewer.userID }
        let runs = try await canRun(cohort)
        guard isMember || runs else { throw Abort(.notFound) }
        return PracticeAccess(
            community: community, cohort: cohort, communityID: communityID, members: members, isMember: isMember,
            runs: runs, viewerID: viewer.userID, memo: memo)
    }

    /// A stored cycle the viewer may see, with its community's other cycles; 404 otherwise, and for a cycle
    /// whose opening meeting no longer takes place.
    func practiceCycle(_ id: UUID) async throws -> (PracticeService.Cycle, [PracticeService.Cycle], PracticeAccess) {
        let record = try await find(PracticeCycleRecord.self, id)
        let access = try await practice(of: record.$community.id)
        let cycles = try await PracticeService.cycles(of: access, scope: self)
        guard let cycle = cycles.first(where: { $0.id == id }) else { throw Abort(.notFound) }
        return (cycle, cycles, access)
    }
}

enum PracticeService {
    /// A cycle with its stored id.
    struct Cycle: Sendable {
        let id: UUID
        let cycle: PracticeCycle
        var number: Int { cycle.number }
    }

    static func key(_ id: UUID) -> String { UUIDText.lowercased(id) }

    // MARK: - Cycles

    /// The community's cycles, between the meetings of its own series (or, when it has none, of its
    /// cohort's), each stored on first sight so that it has an id; reading them again stores nothing.
    static func cycles(of access: PracticeAccess, scope: DistrictScope) async throws -> [Cycle] {
        try await scope.memo.read("cycles of \(access.communityID)") { try await readCycles(of: access, scope: scope) }
    }

    private static func readCycles(of access: PracticeAccess, scope: DistrictScope) async throws -> [Cycle] {
        let records = try await scope.meetingSeries(of: access.communityID, in: access.cohort)
        var meetings: [PracticeCycle.Meeting] = []
        for record in records {
            let series = try record.series()
            meetings += series.occurrences(from: series.pattern.startDay, through: series.pattern.endDay).map {
                PracticeCycle.Meeting(seriesID: series.id, occurrence: $0)
            }
        }
        let computed = PracticeCycles.cycles(meetings)
        guard !computed.isEmpty else { return [] }
        let sql = try scope.database.sql()
        func name(_ cycle: PracticeCycle) -> String { "\(cycle.opening.seriesID)|\(cycle.opening.occurrence.key)" }
        var ids = try await storedCycles.one(access.communityID, scope: scope)
        let missing = computed.filter { ids[name($0)] == nil }
        if !missing.isEmpty {
            // Another instance may store the same cycles meanwhile: the unique index keeps one of each.
            let rows = missing.compactMap { cycle -> SQLQueryString? in
                guard let seriesID = UUIDText.parse(cycle.opening.seriesID) else { return nil }
                return
                    "(\(bind: UUID()), \(bind: access.community.$district.id), \(bind: access.communityID), \(bind: seriesID), \(bind: cycle.opening.occurrence.key.description))"
            }
            try await sql.raw(
                """
                INSERT INTO practice_cycles (id, district_id, community_id, series_id, opening_day)
                VALUES \(rows.joined(separator: ", ")) ON CONFLICT DO NOTHING
                """
            ).run()
            ids = try await storedCycles.load([access.communityID], scope.database)[access.communityID] ?? [:]
        }
        return computed.compactMap { cycle in ids[name(cycle)].map { Cycle(id: $0, cycle: cycle) } }
    }

    /// The ids of the cycles stored for these communities, by `series|opening day`.
    static let storedCycles = BatchRead<[String: UUID]>(name: "stored cycles", empty: [:]) { ids, db in
        var stored: [UUID: [String: UUID]] = [:]
        for row in try await db.sql().raw(
            """
            SELECT id, community_id, series_id, opening_day FROM practice_cycles
            WHERE community_id IN (\(SQLList(ids.map { SQLBind($0) })))
            """
        ).all() {
            let name =
                "\(key(try row.decodeUUID(column: "series_id")))|\(try row.decode(column: "opening_day", as: String.self))"
            stored[try row.decodeUUID(column: "community_id"), default: [:]][name] = try row.decodeUUID(column: "id")
        }
        return stored
    }

    // MARK: - Who debriefs with whom

    struct SwapView: Sendable {
        let personA: UUID
        let personB: UUID
        let madeBy: UUID
        let madeAt: Date
    }

    /// The debrief groups by cycle number, a facilitator's swaps applied, with the swaps themselves.
    struct Schedule: Sendable {
        let groups: [Int: [PeerGroup]]
        let swaps: [Int: [SwapView]]

        func groups(of number: Int) -> [PeerGroup] { groups[number] ?? [] }

        /// The viewer's group in a cycle, if they have one.
        func group(of person: UUID, in number: Int) -> PeerGroup? {
            groups(of: number).first { $0.contains(PracticeService.key(person)) }
        }
    }

    /// The groups of every cycle up to `last` (beyond the stored cycles when asked: the rotation goes on).
    /// The groups of a cycle that has begun are frozen on first sight, as they were then, so that someone
    /// joining or leaving later changes only the cycles to come.
    static func schedule(_ cycles: [Cycle], access: PracticeAccess, now: Date, through last: Int, on db: any Database)
        async throws -> Schedule
    {
        let roster = access.members.map { key($0.id) }.sorted()
        let sql = try db.sql()
        let ids = SQLList(cycles.map { SQLBind($0.id) })
        // Read once per page (a page may ask for the schedule through different cycles). Groups frozen by
        // this request after the read are planned again the same way, and their insert does nothing.
        let cycleKey = cycles.map { UUIDText.uppercased($0.id) }.joined(separator: " ")
        let frozen: [UUID: [PeerGroup]] = try await access.memo.read("peer groups \(cycleKey)") {
            var frozen: [UUID: [PeerGroup]] = [:]
            guard !cycles.isEmpty else { return frozen }
            for row in try await sql.raw(
                "SELECT cycle_id, members FROM peer_groups WHERE cycle_id IN (\(ids)) ORDER BY position"
            ).all() {
                frozen[try row.decodeUUID(column: "cycle_id"), default: []].append(
                    PeerGroup(try row.decode(column: "members", as: String.self).split(separator: ",").map(String.init))
                )
            }
            return frozen
        }
        var history: [[PeerGroup]] = []
        for cycle in cycles where cycle.cycle.hasBegun(now: now) {
            if let groups = frozen[cycle.id] {
                history.append(groups)
                continue
            }
            let groups = PeerSchedule.plan(history: history, roster: roster, count: 1).first ?? []
            if !groups.isEmpty {
                let rows = groups.enumerated().map { position, group -> SQLQueryString in
                    "(\(bind: UUID()), \(bind: cycle.id), \(bind: position), \(bind: group.members.joined(separator: ",")))"
                }
                try await sql.raw(
                    """
                    INSERT INTO peer_groups (id, cycle_id, position, members)
                    VALUES \(rows.joined(separator: ", ")) ON CONFLICT DO NOTHING
                    """
                ).run()
            }
            history.append(groups)
        }
        var byNumber: [Int: [PeerGroup]] = [:]
        for (number, groups) in history.enumerated() { byNumber[number] = groups }
        let planned = PeerSchedule.plan(history: history, roster: roster, count: max(0, last + 1 - history.count))
        for (offset, groups) in planned.enumerated() { byNumber[history.count + offset] = groups }
        var swaps: [Int: [SwapView]] = [:]
        let stored: [(cycleID: UUID, swap: SwapView)] = try await access.memo.read("peer swaps \(cycleKey)") {
            guard !cycles.isEmpty else { return [] }
            return try await sql.raw(
                """
                SELECT cycle_id, person_a, person_b, made_by, made_at FROM peer_swaps
                WHERE cycle_id IN (\(ids)) ORDER BY made_at, id
                """
            ).all().map { row in
                (
                    try row.decodeUUID(column: "cycle_id"),
                    SwapView(
                        personA: try row.decodeUUID(column: "person_a"),
                        personB: try row.decodeUUID(column: "person_b"), madeBy: try row.decodeUUID(column: "made_by"),
                        madeAt: try row.decode(column: "made_at", as: Date.self))
                )
            }
        }
        let numbers = Dictionary(cycles.map { ($0.id, $0.number) }, uniquingKeysWith: { a, _ in a })
        for (cycleID, swap) in stored {
            guard let number = numbers[cycleID] else { continue }
            byNumber[number] = PeerSchedule.swapping(key(swap.personA), key(swap.personB), in: byNumber[number] ?? [])
            swaps[number, default: []].append(swap)
        }
        return Schedule(groups: byNumber, swaps: swaps)
    }

    /// A facilitator exchanges two members' places in a cycle that has not begun.
    static func swap(
        _ a: UUID, _ b: UUID, in cycle: Cycle, schedule: Schedule, access: PracticeAccess, now: Date,
        on db: any Database
    ) async throws {
        guard access.runs else {
            throw Abort(.forbidden, reason: "The cohort's facilitators and the district's admins change the pairs.")
        }
        guard !cycle.cycle.hasBegun(now: now) else {
            throw ValidationProblem(
                field: "personA", "This cycle has begun: change the pairs of a cycle still to come.")
        }
        let groups = schedule.groups(of: cycle.number)
        guard a != b, let first = groups.first(where: { $0.contains(key(a)) }),
            let second = groups.first(where: { $0.contains(key(b)) })
        else {
            throw ValidationProblem(field: "personB", "Choose two different members of the community.")
        }
        guard first != second else {
            throw ValidationProblem(field: "personB", "These two are in the same group already.")
        }
        try await PeerSwap(cycleID: cycle.id, personA: a, personB: b, madeBy: access.viewerID, madeAt: now).create(
            on: db)
    }

    // MARK: - Commitments and insights

    struct InsightView: Sendable {
        let id: UUID
        let commitmentID: UUID
        let authorID: UUID
        let happened: String
        let learned: String
        let decision: InsightDecision
        let sharing: InsightSharing
    }

    struct CommitmentView: Sendable {
        let id: UUID
        let cycleID: UUID
        let authorID: UUID
        let text: String
        let prediction: String
        let questionID: UUID?
        let resourceID: UUID?
        let activityID: UUID?
        let traitIDs: [String]
        let shared: Bool
        let status: CommitmentStatus
        let triedOn: String?
        let reason: String
        /// Its insight, when there is one and the viewer may read it.
        let insight: InsightView?
        /// There is an insight, whether or not the viewer may read it (for the counts and the steps).
        let hasInsight: Bool
    }

    /// The commitments of these cycles the viewer may read, each with its insight when they may read
    /// that too. `groups` are each cycle's groups (for who is whose partner).
    static func commitments(
        in cycles: [UUID], groups: [UUID: [PeerGroup]], access: PracticeAccess, on db: any Database
    ) async throws -> [CommitmentView] {
        try await readCommitments(in: cycles, access: access, on: db).compactMap { row in
            let reader = access.reader(of: row.authorID, groups: groups[row.cycleID] ?? [])
            guard PracticePrivacy.mayRead(commitmentShared: row.shared, as: reader) else { return nil }
            return row.visible(
                insight: row.insight.flatMap { PracticePrivacy.mayRead(insight: $0.sharing, as: reader) ? $0 : nil })
        }
    }

    /// The insights of these cycles the viewer may read, whether or not they may read the commitments.
    static func insights(
        in cycles: [UUID], groups: [UUID: [PeerGroup]], access: PracticeAccess, on db: any Database
    ) async throws -> [InsightView] {
        try await readCommitments(in: cycles, access: access, on: db).compactMap { row in
            guard let insight = row.insight else { return nil }
            let reader = access.reader(of: row.authorID, groups: groups[row.cycleID] ?? [])
            return PracticePrivacy.mayRead(insight: insight.sharing, as: reader) ? insight : nil
        }
    }

    /// Everything stored about these cycles' commitments: callers filter by what the viewer may read.
    private static func readCommitments(in cycles: [UUID], access: PracticeAccess, on db: any Database)
        async throws -> [CommitmentView]
    {
        guard !cycles.isEmpty else { return [] }
        return try await access.memo.read(commitmentsKey(cycles)) { try await readCommitments(in: cycles, on: db) }
    }

    private static func commitmentsKey(_ cycles: [UUID]) -> String {
        "commitments " + cycles.map(UUIDText.uppercased).sorted().joined(separator: " ")
    }

    /// Reads the commitments of several communities' cycles (each list one community's) in one statement,
    /// and keeps each list's for this request, in the order its own statement would give.
    static func readAhead(commitmentsOf lists: [[UUID]], memo: ScopeMemo, on db: any Database) async throws {
        let cycles = lists.flatMap { $0 }
        guard !cycles.isEmpty else { return }
        let all = try await readCommitments(in: cycles, on: db)
        for list in lists where !list.isEmpty {
            let wanted = Set(list)
            memo.remember(commitmentsKey(list), all.filter { wanted.contains($0.cycleID) })
        }
    }

    private static func readCommitments(in cycles: [UUID], on db: any Database) async throws -> [CommitmentView] {
        return try await db.sql().raw(
            """
            SELECT c.id, c.cycle_id, c.author_id, c.text, c.prediction, c.question_id, c.resource_id, c.activity_id,
              c.trait_ids, c.shared, c.status, c.tried_on, c.reason,
              i.id AS insight_id, i.happened, i.learned, i.decision, i.sharing
            FROM commitments c LEFT JOIN insights i ON i.commitment_id = c.id
            WHERE c.cycle_id IN (\(SQLList(cycles.map { SQLBind($0) })))
            ORDER BY c.created_at, c.id
            """
        ).all().map { row in
            let id = try row.decodeUUID(column: "id")
            let authorID = try row.decodeUUID(column: "author_id")
            let insight: InsightView? =
                try row.decodeNil(column: "insight_id")
                ? nil
                : InsightView(
                    id: try row.decodeUUID(column: "insight_id"), commitmentID: id, authorID: authorID,
                    happened: try row.decode(column: "happened", as: String.self),
                    learned: try row.decode(column: "learned", as: String.self),
                    decision: try row.decode(column: "decision", as: InsightDecision.self),
                    sharing: try row.decode(column: "sharing", as: InsightSharing.self))
            return CommitmentView(
                id: id, cycleID: try row.decodeUUID(column: "cycle_id"), authorID: authorID,
                text: try row.decode(column: "text", as: String.self),
                prediction: try row.decode(column: "prediction", as: String.self),
                questionID: try row.decodeUUIDIfPresent(column: "question_id"),
                resourceID: try row.decodeUUIDIfPresent(column: "resource_id"),
                activityID: try row.decodeUUIDIfPresent(column: "activity_id"),
                traitIDs: try row.decode(column: "trait_ids", as: String.self).split(separator: ",").map(String.init),
                shared: try row.decode(column: "shared", as: Bool.self),
                status: try row.decode(column: "status", as: CommitmentStatus.self),
                triedOn: try row.decode(column: "tried_on", as: String?.self),
                reason: try row.decode(column: "reason", as: String.self), insight: insight,
                hasInsight: insight != nil)
        }
    }

    /// What a leader commits to; the links are checked against what the community has.
    struct CommitmentInput: Sendable {
        var text: String
        var prediction: String
        var questionID: UUID?
        var resourceID: UUID?
        var activityID: UUID?
        var traitIDs: [UUID]
        var shared: Bool
    }

    /// What a commitment may link to: the community's question, its playlist's resources, its adopted
    /// activities and the district's traits.
    struct Links: Sendable {
        var question: (id: UUID, text: String)?
        var resources: [(id: UUID, title: String)]
        var activities: [(id: UUID, title: String)]
        var traits: [(id: UUID, name: String)]
    }

    static func links(for access: PracticeAccess, scope: DistrictScope) async throws -> Links {
        let db = scope.database
        var question: (UUID, String)?
        if let questionID = access.community.$inquiryQuestion.id,
            let row = try await db.sql().raw("SELECT text FROM inquiry_questions WHERE id = \(bind: questionID)")
                .first()
        {
            question = (questionID, try row.decode(column: "text", as: String.self))
        }
        var resources: [(UUID, String)] = []
        let owner = PlaylistService.Owner(
            districtID: access.community.$district.id, cohortID: try access.cohort.requireID(),
            communityID: access.communityID, name: access.community.name)
        if let playlist = try await PlaylistService.playlist(of: owner, on: db) {
            resources = try await PlaylistService.items(of: playlist.id, on: db).filter { !$0.isRetired }.map {
                ($0.resourceID, $0.title)
            }
        }
        let activities = try await self.activities(of: access, on: db).filter { $0.adoptedAt != nil }.map {
            (try $0.requireID(), $0.title)
        }
        let traits = try await LibraryService.traits(scope: scope).filter { $0.retiredAt == nil }.map {
            (try $0.requireID(), $0.name)
        }
        return Links(question: question, resources: resources, activities: activities, traits: traits)
    }

    static func commit(
        _ input: CommitmentInput, in cycle: Cycle, access: PracticeAccess, links: Links, now: Date, on db: any Database
    ) async throws -> Commitment {
        guard access.isMember else {
            throw Abort(.forbidden, reason: "Commitments are the community's members' own.")
        }
        guard cycle.cycle.hasBegun(now: now) else {
            throw ValidationProblem(
                field: "text",
                "This cycle opens at the meeting on \(cycle.cycle.opening.occurrence.day.readable): commit at or after it."
            )
        }
        guard !cycle.cycle.hasEnded(now: now) else {
            throw ValidationProblem(field: "text", "This cycle has ended: commit in the current one.")
        }
        var problems = PracticeRules.commitmentProblems(text: input.text, prediction: input.prediction).map {
            FieldProblem(field: $0.field, message: $0.message)
        }
        if let id = input.questionID, links.question?.id != id {
            problems.append(.init(field: "question", message: "Choose your community's adopted question, or none."))
        }
        if let id = input.resourceID, !links.resources.contains(where: { $0.id == id }) {
            problems.append(
                .init(field: "resource", message: "Choose a resource on your community's playlist, or none."))
        }
        if let id = input.activityID, !links.activities.contains(where: { $0.id == id }) {
            problems.append(
                .init(field: "activity", message: "Choose one of your community's adopted activities, or none."))
        }
        if input.traitIDs.contains(where: { id in !links.traits.contains { $0.id == id } }) {
            problems.append(.init(field: "traits", message: "Choose among the district's deeper-learning traits."))
        }
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        let existing = try await Commitment.query(on: db).filter(\.$cycle.$id == cycle.id)
            .filter(\.$authorID == access.viewerID).first()
        guard existing == nil else {
            throw ValidationProblem(
                field: "text", "You have committed in this cycle already: one commitment per cycle.")
        }
        let commitment = Commitment()
        commitment.$district.id = access.community.$district.id
        commitment.$cycle.id = cycle.id
        commitment.authorID = access.viewerID
        commitment.text = input.text.trimmingCharacters(in: .whitespacesAndNewlines)
        commitment.prediction = input.prediction.trimmingCharacters(in: .whitespacesAndNewlines)
        commitment.questionID = input.questionID
        commitment.resourceID = input.resourceID
        commitment.activityID = input.activityID
        commitment.traitIDs = input.traitIDs.map(key).sorted().joined(separator: ",")
        commitment.shared = input.shared
        commitment.status = .planned
        commitment.triedOn = nil
        commitment.reason = ""
        commitment.createdAt = now
        do {
            try await commitment.create(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw ValidationProblem(
                field: "text", "You have committed in this cycle already: one commitment per cycle.")
        }
        return commitment
    }

    /// A commitment of the viewer's district, with its cycle, for someone who may read it; 404 otherwise.
    static func commitment(_ id: UUID, scope: DistrictScope) async throws
        -> (Commitment, Cycle, [Cycle], PracticeAccess)
    {
        let commitment = try await scope.find(Commitment.self, id)
        let (cycle, cycles, access) = try await scope.practiceCycle(commitment.$cycle.id)
        let schedule = try await schedule(
            cycles, access: access, now: scope.clock.now(), through: cycle.number, on: scope.database)
        let reader = access.reader(of: commitment.authorID, groups: schedule.groups(of: cycle.number))
        guard PracticePrivacy.mayRead(commitmentShared: commitment.shared, as: reader) else {
            throw Abort(.notFound)
        }
        return (commitment, cycle, cycles, access)
    }

    /// The author marks how it went.
    static func mark(
        _ commitment: Commitment, status: CommitmentStatus, triedOn: String, reason: String, today: CalendarDay,
        access: PracticeAccess, on db: any Database
    ) async throws {
        try requireAuthor(commitment, access)
        let problems = PracticeRules.statusProblems(status, triedOn: triedOn, reason: reason, today: today)
        guard problems.isEmpty else {
            throw ValidationProblem(problems.map { FieldProblem(field: $0.field, message: $0.message) })
        }
        commitment.status = status
        commitment.triedOn =
            status.isApplied ? CalendarDay(triedOn.trimmingCharacters(in: .whitespaces))?.description : nil
        commitment.reason = status == .planned ? "" : reason.trimmingCharacters(in: .whitespacesAndNewlines)
        try await commitment.save(on: db)
    }

    /// The author shares the commitment with the whole community, facilitators included, or takes it back.
    static func share(_ commitment: Commitment, _ shared: Bool, access: PracticeAccess, on db: any Database)
        async throws
    {
        try requireAuthor(commitment, access)
        commitment.shared = shared
        try await commitment.save(on: db)
    }

    private static func requireAuthor(_ commitment: Commitment, _ access: PracticeAccess) throws {
        guard commitment.authorID == access.viewerID, access.isMember else {
            throw Abort(.forbidden, reason: "Only the leader who made a commitment changes it.")
        }
    }

    /// The author writes or rewrites the commitment's insight; a new one is private.
    static func capture(
        _ commitment: Commitment, happened: String, learned: String, decision: String?, access: PracticeAccess,
        now: Date, on db: any Database
    ) async throws -> Insight {
        try requireAuthor(commitment, access)
        var problems = PracticeRules.insightProblems(happened: happened, learned: learned).map {
            FieldProblem(field: $0.field, message: $0.message)
        }
        let decision = decision.flatMap(InsightDecision.init(rawValue:))
        if decision == nil {
            problems.append(.init(field: "decision", message: "Choose adopt, adapt or abandon."))
        }
        guard problems.isEmpty, let decision else { throw ValidationProblem(problems) }
        let commitmentID = try commitment.requireID()
        let insight =
            try await Insight.query(on: db).filter(\.$commitment.$id == commitmentID).first()
            ?? {
                let insight = Insight()
                insight.$commitment.id = commitmentID
                insight.sharing = .private
                insight.createdAt = now
                return insight
            }()
        insight.happened = happened.trimmingCharacters(in: .whitespacesAndNewlines)
        insight.learned = learned.trimmingCharacters(in: .whitespacesAndNewlines)
        insight.decision = decision
        try await insight.save(on: db)
        return insight
    }

    /// An insight for someone who may read it; 404 for everyone else, as if it did not exist.
    static func insight(_ id: UUID, scope: DistrictScope) async throws -> (Insight, Commitment, Cycle, PracticeAccess) {
        guard let insight = try await Insight.find(id, on: scope.database) else { throw Abort(.notFound) }
        let commitment = try await scope.find(Commitment.self, insight.$commitment.id)
        let (cycle, cycles, access) = try await scope.practiceCycle(commitment.$cycle.id)
        let schedule = try await schedule(
            cycles, access: access, now: scope.clock.now(), through: cycle.number, on: scope.database)
        let reader = access.reader(of: commitment.authorID, groups: schedule.groups(of: cycle.number))
        guard PracticePrivacy.mayRead(insight: insight.sharing, as: reader) else { throw Abort(.notFound) }
        return (insight, commitment, cycle, access)
    }

    static func setSharing(
        _ insight: Insight, _ sharing: InsightSharing, of commitment: Commitment, access: PracticeAccess,
        on db: any Database
    ) async throws {
        try requireAuthor(commitment, access)
        insight.sharing = sharing
        try await insight.save(on: db)
    }

    // MARK: - Debriefs

    struct DebriefView: Sendable {
        let group: PeerGroup
        let heldOn: String?
        let markedBy: UUID?
        /// The notes, for the people in the group; nil for everyone else.
        let notes: String?
    }

    /// The debriefs recorded in a cycle; notes only for the group's own members.
    static func debriefs(in cycleID: UUID, access: PracticeAccess, on db: any Database) async throws -> [DebriefView] {
        try await db.sql().raw(
            "SELECT members, held_on, marked_by, notes FROM debriefs WHERE cycle_id = \(bind: cycleID)"
        ).all().map { row in
            let group = PeerGroup(
                try row.decode(column: "members", as: String.self).split(separator: ",").map(String.init))
            return DebriefView(
                group: group, heldOn: try row.decode(column: "held_on", as: String?.self),
                markedBy: try row.decodeUUIDIfPresent(column: "marked_by"),
                notes: PracticePrivacy.mayReadDebriefNotes(group: group, person: access.viewerKey)
                    ? try row.decode(column: "notes", as: String.self) : nil)
        }
    }

    /// Either member of a group marks its debrief held (or not yet), with notes for the group.
    static func recordDebrief(
        in cycle: Cycle, schedule: Schedule, heldOn: String?, notes: String, access: PracticeAccess,
        today: CalendarDay, now: Date, on db: any Database
    ) async throws {
        guard access.isMember, let group = schedule.group(of: access.viewerID, in: cycle.number) else {
            throw Abort(.forbidden, reason: "Only the people in a debrief group record their debrief.")
        }
        guard cycle.cycle.hasBegun(now: now) else {
            throw ValidationProblem(field: "heldOn", "This cycle has not begun yet.")
        }
        var day: CalendarDay?
        if let text = heldOn?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let parsed = CalendarDay(text) else {
                throw ValidationProblem(field: "heldOn", "Give the day you met as YYYY-MM-DD.")
            }
            guard parsed <= today else {
                throw ValidationProblem(field: "heldOn", "\(parsed) has not come yet: give a day up to today.")
            }
            day = parsed
        }
        if let problem = PracticeRules.optional(notes, field: "notes", name: "The notes") {
            throw ValidationProblem(field: problem.field, problem.message)
        }
        let members = group.members.joined(separator: ",")
        let notes = notes.trimmingCharacters(in: .whitespacesAndNewlines)
        let sql = try db.sql()
        try await sql.raw(
            """
            INSERT INTO debriefs (id, cycle_id, members, held_on, marked_by, notes)
            VALUES (\(bind: UUID()), \(bind: cycle.id), \(bind: members), \(bind: day?.description), \(bind: access.viewerID), \(bind: notes))
            ON CONFLICT (cycle_id, members) DO UPDATE SET held_on = EXCLUDED.held_on, marked_by = EXCLUDED.marked_by,
              notes = EXCLUDED.notes
            """
        ).run()
    }

    // MARK: - Counts

    struct Counts: Sendable, Equatable, Content {
        var members = 0
        var committed = 0
        var tried = 0
        var captured = 0
        var debriefed = 0
        var sharedInsights = 0
    }

    /// Each cycle's counts among the community's current members: numbers only, never who.
    static func counts(of cycles: [UUID], access: PracticeAccess, on db: any Database) async throws -> [UUID: Counts] {
        guard !cycles.isEmpty else { return [:] }
        let members = Set(access.members.map(\.id))
        var counts = Dictionary(uniqueKeysWithValues: cycles.map { ($0, Counts(members: members.count)) })
        for row in try await readCommitments(in: cycles, access: access, on: db) where members.contains(row.authorID) {
            counts[row.cycleID]?.committed += 1
            if row.status.isApplied { counts[row.cycleID]?.tried += 1 }
            if let insight = row.insight {
                counts[row.cycleID]?.captured += 1
                if insight.sharing == .community { counts[row.cycleID]?.sharedInsights += 1 }
            }
        }
        let keys = Set(members.map(key))
        for (cycle, people) in try await debriefed.many(cycles, memo: access.memo, database: db) {
            counts[cycle]?.debriefed = people.filter(keys.contains).count
        }
        return counts
    }

    /// Who took part in each cycle's held debriefs.
    static let debriefed = BatchRead<Set<String>>(name: "debriefed", empty: []) { ids, db in
        var debriefed: [UUID: Set<String>] = [:]
        for row in try await db.sql().raw(
            """
            SELECT cycle_id, members FROM debriefs
            WHERE cycle_id IN (\(SQLList(ids.map { SQLBind($0) }))) AND held_on IS NOT NULL
            """
        ).all() {
            let people = try row.decode(column: "members", as: String.self).split(separator: ",").map(String.init)
            debriefed[try row.decodeUUID(column: "cycle_id"), default: []].formUnion(people)
        }
        return debriefed
    }

    /// How many insights about each activity ended in each decision, across every cycle.
    static func decisions(about activities: [UUID], on db: any Database) async throws
        -> [UUID: [InsightDecision: Int]]
    {
        guard !activities.isEmpty else { return [:] }
        var decisions: [UUID: [InsightDecision: Int]] = [:]
        for row in try await db.sql().raw(
            """
            SELECT c.activity_id, i.decision, COUNT(*) AS n FROM insights i JOIN commitments c ON c.id = i.commitment_id
            WHERE c.activity_id IN (\(SQLList(activities.map { SQLBind($0) }))) GROUP BY c.activity_id, i.decision
            """
        ).all() {
            guard let decision = InsightDecision(rawValue: try row.decode(column: "decision", as: String.self)) else {
                continue
            }
            decisions[try row.decodeUUID(column: "activity_id"), default: [:]][decision] = try row.decode(
                column: "n", as: Int.self)
        }
        return decisions
    }

    // MARK: - Activities

    static func activities(of access: PracticeAccess, on db: any Database) async throws -> [LeadershipActivity] {
        try await access.memo.read(activitiesKey(access.communityID)) {
            try await activities(of: [access.communityID], on: db)[access.communityID] ?? []
        }
    }

    static func activitiesKey(_ communityID: UUID) -> String { "activities of \(communityID)" }

    /// The activities of these communities, oldest first: one statement for any number.
    static func activities(of communityIDs: [UUID], on db: any Database) async throws -> [UUID: [LeadershipActivity]] {
        guard !communityIDs.isEmpty else { return [:] }
        return Dictionary(
            grouping: try await db.sql().raw(
                """
                SELECT * FROM leadership_activities WHERE community_id IN (\(SQLList(communityIDs.map { SQLBind($0) })))
                ORDER BY created_at
                """
            ).all().map { try $0.decode(fluentModel: LeadershipActivity.self) }, by: \.$community.id)
    }

    /// An activity of a community the viewer takes part in or runs; 404 otherwise.
    static func activity(_ id: UUID, scope: DistrictScope) async throws -> (LeadershipActivity, PracticeAccess) {
        let activity = try await scope.find(LeadershipActivity.self, id)
        return (activity, try await scope.practice(of: activity.$community.id))
    }

    static func draftProblems(_ draft: ActivityDraft, traits: [UUID]) -> [FieldProblem] {
        var problems = draft.problems().map { FieldProblem(field: $0.field, message: $0.message) }
        let known = Set(traits.map(key))
        if draft.traitIDs.contains(where: { !known.contains($0) }) {
            problems.append(.init(field: "traits", message: "Choose among the district's deeper-learning traits."))
        }
        return problems
    }

    static func draftActivity(
        _ draft: ActivityDraft, access: PracticeAccess, traits: [UUID], now: Date, on db: any Database
    ) async throws -> LeadershipActivity {
        guard access.isMember else {
            throw Abort(.forbidden, reason: "The community's members draft its activities.")
        }
        let problems = draftProblems(draft, traits: traits)
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        let activity = LeadershipActivity(
            districtID: access.community.$district.id, communityID: access.communityID, draft: draft,
            createdBy: access.viewerID, createdAt: now)
        try await db.transaction { db in
            try await activity.create(on: db)
            try await ActivityChange(
                activityID: try activity.requireID(), version: 1, changedBy: access.viewerID, changedAt: now,
                fields: "drafted"
            ).create(on: db)
        }
        return activity
    }

    /// Refused when someone else saved since `version` was loaded: the current draft goes back with it.
    struct StaleEdit: Error, Sendable {
        let current: ActivityDraft
        let version: Int
    }

    /// Saves a member's edit made on `version`. The version is checked in the UPDATE itself, so two
    /// members saving at the same moment on two instances cannot both win.
    static func edit(
        _ activity: LeadershipActivity, to draft: ActivityDraft, madeOn version: Int, access: PracticeAccess,
        traits: [UUID], now: Date, on db: any Database
    ) async throws {
        guard access.isMember else {
            throw Abort(.forbidden, reason: "The community's members edit its draft activities.")
        }
        let problems = draftProblems(draft, traits: traits)
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        switch ActivityEdit.decide(
            editedVersion: version, currentVersion: activity.version, isAdopted: activity.adoptedAt != nil,
            edited: draft, current: activity.draft)
        {
        case .unchanged: return
        case .adopted:
            throw ValidationProblem(field: "title", "This activity has been adopted: it is no longer a draft.")
        case .stale(let current): throw StaleEdit(current: activity.draft, version: current)
        case .save: break
        }
        let id = try activity.requireID()
        let fields = draft.changedFields(from: activity.draft).joined(separator: ", ")
        try await db.transaction { db in
            let sql = try db.sql()
            let updated = try await sql.raw(
                """
                UPDATE leadership_activities SET title = \(bind: draft.title), purpose = \(bind: draft.purpose),
                  steps = \(bind: draft.steps), evidence = \(bind: draft.evidence),
                  trait_ids = \(bind: draft.traitIDs.joined(separator: ",")), version = \(bind: version + 1)
                WHERE id = \(bind: id) AND version = \(bind: version) AND adopted_at IS NULL
                RETURNING id
                """
            ).all()
            guard !updated.isEmpty else {
                let current = try await LeadershipActivity.find(id, on: db) ?? activity
                throw StaleEdit(current: current.draft, version: current.version)
            }
            try await ActivityChange(
                activityID: id, version: version + 1, changedBy: access.viewerID, changedAt: now, fields: fields
            ).create(on: db)
        }
    }

    /// The community adopts a draft: from then on its members can commit to it.
    static func adopt(_ activity: LeadershipActivity, access: PracticeAccess, now: Date, on db: any Database)
        async throws
    {
        guard access.isMember || access.runs else {
            throw Abort(.forbidden, reason: "The community adopts its activities.")
        }
        guard activity.adoptedAt == nil else { return }
        let id = try activity.requireID()
        try await db.transaction { db in
            activity.adoptedAt = now
            try await activity.save(on: db)
            try await ActivityChange(
                activityID: id, version: activity.version, changedBy: access.viewerID, changedAt: now,
                fields: "adopted"
            ).create(on: db)
        }
    }

    struct ChangeView: Sendable {
        let version: Int
        let changedBy: UUID
        let changedAt: Date
        let fields: String
    }

    static func changes(of activityID: UUID, on db: any Database) async throws -> [ChangeView] {
        try await ActivityChange.query(on: db).filter(\.$activity.$id == activityID).sort(\.$changedAt)
            .sort(\.$version).all().map {
                ChangeView(version: $0.version, changedBy: $0.changedBy, changedAt: $0.changedAt, fields: $0.fields)
            }
    }

    /// The insights about an activity the viewer may read, across every cycle of its community.
    static func insights(
        about activityID: UUID, cycles: [Cycle], access: PracticeAccess, now: Date, on db: any Database
    )
        async throws -> [(InsightView, Cycle)]
    {
        let schedule = try await schedule(
            cycles, access: access, now: now, through: cycles.last?.number ?? 0, on: db)
        let groups = Dictionary(
            cycles.map { ($0.id, schedule.groups(of: $0.number)) }, uniquingKeysWith: { a, _ in a })
        let byID = Dictionary(cycles.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return try await readCommitments(in: cycles.map(\.id), access: access, on: db).compactMap { row in
            guard row.activityID == activityID, let insight = row.insight, let cycle = byID[row.cycleID] else {
                return nil
            }
            let reader = access.reader(of: row.authorID, groups: groups[row.cycleID] ?? [])
            return PracticePrivacy.mayRead(insight: insight.sharing, as: reader) ? (insight, cycle) : nil
        }
    }

    // MARK: - Where a leader stands

    /// Where a member is in the current cycle: the next step, their peers, and what is due when the
    /// closing meeting is a week away or less.
    struct Standing: Sendable {
        let cycle: Cycle
        let step: PracticeStep
        let partners: [String]
        let dueSoon: Bool

        /// "Debrief with Ana Ortiz", "Capture what you learned": what the nudges name.
        var due: [String] {
            var due: [String] = []
            if step <= .apply { due.append(step.label) }
            if step <= .capture { due.append(PracticeStep.capture.label) }
            if step <= .debrief, !partners.isEmpty {
                due.append("Debrief with \(partners.joined(separator: " and "))")
            }
            return due
        }
    }

    static func standing(of access: PracticeAccess, scope: DistrictScope, now: Date) async throws -> Standing? {
        guard access.isMember else { return nil }
        let cycles = try await cycles(of: access, scope: scope)
        guard let current = PracticeCycles.current(cycles.map(\.cycle), now: now),
            let cycle = cycles.first(where: { $0.number == current.number })
        else { return nil }
        let db = scope.database
        let schedule = try await schedule(cycles, access: access, now: now, through: cycle.number, on: db)
        let own = try await readCommitments(in: [cycle.id], access: access, on: db).first {
            $0.authorID == access.viewerID
        }
        let group = schedule.group(of: access.viewerID, in: cycle.number)
        let debriefed =
            if let group {
                try await debriefs(in: cycle.id, access: access, on: db).contains {
                    $0.group == group && $0.heldOn != nil
                }
            } else { true }
        let partnerIDs = (group?.members ?? []).filter { $0 != access.viewerKey }.compactMap(UUIDText.parse)
        let names = try await names(of: Set(partnerIDs), scope: scope)
        return Standing(
            cycle: cycle,
            step: PracticeStep.next(
                committed: own != nil, applied: own.map { $0.status != .planned } ?? false,
                captured: own?.hasInsight ?? false, debriefed: debriefed),
            partners: partnerIDs.map { names[$0] ?? "a former member" }, dueSoon: cycle.cycle.isDueSoon(now: now))
    }

    // MARK: - On the next meeting's agenda

    /// For a community's meeting: the cycle it closes and the insights its members shared with the
    /// community in it, for the community's members and runners; nil for anyone else and other meetings.
    static func insightsShared(before record: MeetingSeriesRecord, day: CalendarDay, scope: DistrictScope, now: Date)
        async throws -> (cycleID: UUID, insights: [(author: String, insight: InsightView)])?
    {
        guard let communityID = record.$community.id else { return nil }
        let access: PracticeAccess
        do { access = try await scope.practice(of: communityID) } catch let error as Abort
            where error.status == .notFound
        {
            return nil
        }
        let seriesID = key(try record.requireID())
        let cycles = try await cycles(of: access, scope: scope)
        guard
            let cycle = cycles.first(where: {
                $0.cycle.closing.seriesID == seriesID && $0.cycle.closing.occurrence.key == day
            })
        else { return nil }
        let schedule = try await schedule(cycles, access: access, now: now, through: cycle.number, on: scope.database)
        let insights = try await insights(
            in: [cycle.id], groups: [cycle.id: schedule.groups(of: cycle.number)], access: access, on: scope.database
        ).filter { $0.sharing == .community }
        let names = try await names(of: Set(insights.map(\.authorID)), scope: scope)
        return (cycle.id, insights.map { (names[$0.authorID] ?? "A former member", $0) })
    }

    // MARK: - Names

    /// People's names by id, for the authors, partners and editors a page mentions (members who left
    /// included): one statement, limited to the district.
    static func names(of ids: Set<UUID>, scope: DistrictScope) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [UUID: String] = [:]
        for row in try await scope.database.sql().raw(
            """
            SELECT id, given_name, family_name FROM users
            WHERE id IN (\(SQLList(ids.map { SQLBind($0) }))) AND \(scope.districtCondition("district_id", people: true))
            """
        ).all() {
            names[try row.decodeUUID(column: "id")] = MemberPerson.fullName(
                given: try row.decode(column: "given_name", as: String.self),
                family: try row.decode(column: "family_name", as: String.self))
        }
        return names
    }
}

extension PracticeService.CommitmentView {
    fileprivate func visible(insight: PracticeService.InsightView?) -> PracticeService.CommitmentView {
        PracticeService.CommitmentView(
            id: id, cycleID: cycleID, authorID: authorID, text: text, prediction: prediction, questionID: questionID,
            resourceID: resourceID, activityID: activityID, traitIDs: traitIDs, shared: shared, status: status,
            triedOn: triedOn, reason: reason, insight: insight, hasInsight: hasInsight)
    }
}
