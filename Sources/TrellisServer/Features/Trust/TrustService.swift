import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// Where a round stands on a given day.
enum TrustRoundStatus: String, Sendable {
    case scheduled, open, closed

    var label: String {
        switch self {
        case .scheduled: "Not open yet"
        case .open: "Open"
        case .closed: "Closed"
        }
    }
}

extension TrustRound {
    /// Closed once a facilitator closes it or its last day has passed (days are UTC calendar days).
    func status(on today: CalendarDay) -> TrustRoundStatus {
        if isClosed { return .closed }
        if let closes = CalendarDay(closesOn), today > closes { return .closed }
        if let opens = CalendarDay(opensOn), today < opens { return .scheduled }
        return .open
    }
}

/// The rules of the trust survey in one place: who may run a round, who may answer, and what results
/// anyone may see. Results exist only for closed rounds, so nobody can watch aggregates move as one
/// named person answers.
enum TrustService {
    static var instrument: TrustInstrument { .current }

    /// The round, if the viewer may see it at all: district admins, and members of its cohort.
    static func visibleRound(_ id: UUID, scope: DistrictScope) async throws -> TrustRound {
        try await visibleRoundAndCohort(id, scope: scope).round
    }

    static func visibleRoundAndCohort(_ id: UUID, scope: DistrictScope) async throws -> (
        round: TrustRound, cohort: Cohort
    ) {
        let round = try await scope.find(TrustRound.self, id)
        return (round, try await scope.visibleCohort(round.$cohort.id))
    }

    static func hasAnswered(_ round: TrustRound, userID: UUID, on db: any Database) async throws -> Bool {
        try await TrustParticipation.query(on: db)
            .filter(\.$roundID == round.requireID()).filter(\.$userID == userID).count() > 0
    }

    static func participation(_ round: TrustRound, on db: any Database) async throws -> (answered: Int, eligible: Int) {
        let counts = try await participation(round, answeredBy: nil, on: db)
        return (counts.answered, counts.eligible)
    }

    /// How many leaders answered the round and how many may, and whether the given person answered: one
    /// query.
    static func participation(_ round: TrustRound, answeredBy userID: UUID?, on db: any Database) async throws -> (
        answered: Int, eligible: Int, byUser: Bool
    ) {
        let roundID = try round.requireID()
        let row = try await db.sql().raw(
            """
            SELECT (SELECT COUNT(*) FROM trust_participation p WHERE p.round_id = \(bind: roundID)) AS answered,
            (SELECT COUNT(*) FROM cohort_memberships m WHERE m.cohort_id = \(bind: round.$cohort.id)
             AND m.role = \(bind: CohortRole.leader.rawValue)) AS eligible,
            (SELECT COUNT(*) FROM trust_participation p WHERE p.round_id = \(bind: roundID)
             AND p.user_id = \(bind: userID ?? UUID())) AS by_user
            """
        ).first()
        guard let row else { return (0, 0, false) }
        let byUser = try row.decode(column: "by_user", as: Int.self)
        return (
            try row.decode(column: "answered", as: Int.self), try row.decode(column: "eligible", as: Int.self),
            userID != nil && byUser > 0
        )
    }

    /// How many answered each of a cohort's rounds, by round id (a round nobody answered is left out), and
    /// how many leaders may answer: one query for all of them.
    static func participation(of roundIDs: [UUID], cohortID: UUID, on db: any Database) async throws -> (
        answered: [UUID: Int], eligible: Int
    ) {
        let answered = try await answeredCounts(of: roundIDs, on: db)
        let eligible = try await db.sql().raw(
            """
            SELECT COUNT(*) AS eligible FROM cohort_memberships
            WHERE cohort_id = \(bind: cohortID) AND role = \(bind: CohortRole.leader.rawValue)
            """
        ).first()?.decode(column: "eligible", as: Int.self)
        return (answered, eligible ?? 0)
    }

    /// How many answered each round, by round id (a round nobody answered is left out): one query.
    static func answeredCounts(of roundIDs: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !roundIDs.isEmpty else { return [:] }
        var answered: [UUID: Int] = [:]
        for row in try await db.sql().raw(
            """
            SELECT round_id, COUNT(*) AS answered FROM trust_participation
            WHERE round_id IN (\(SQLList(roundIDs.map { SQLBind($0) }))) GROUP BY round_id
            """
        ).all() {
            answered[try row.decodeUUID(column: "round_id")] = try row.decode(column: "answered", as: Int.self)
        }
        return answered
    }

    /// The latest round of each of these cohorts (the one that opens last), by cohort id: one query.
    static func latestRounds(of cohortIDs: [UUID], on db: any Database) async throws -> [UUID: TrustRound] {
        guard !cohortIDs.isEmpty else { return [:] }
        var latest: [UUID: TrustRound] = [:]
        for row in try await db.sql().raw(
            """
            SELECT * FROM trust_rounds WHERE cohort_id IN (\(SQLList(cohortIDs.map { SQLBind($0) })))
            ORDER BY opens_on DESC
            """
        ).all() {
            let round = try row.decode(fluentModel: TrustRound.self)
            if latest[round.$cohort.id] == nil { latest[round.$cohort.id] = round }
        }
        return latest
    }

    /// The cohort's rounds by the day they open: oldest first, or newest first.
    static func rounds(of cohortID: UUID, newestFirst: Bool = false, on db: any Database) async throws
        -> [TrustRound]
    {
        try await TrustRound.query(on: db).filter(\.$cohort.$id == cohortID)
            .sort(\.$opensOn, newestFirst ? DatabaseQuery.Sort.Direction.descending : .ascending).all()
    }

    /// The open-ended questions a round asks: its district's, in their order.
    static func openQuestions(of round: TrustRound, on db: any Database) async throws -> [TrustQuestion] {
        try await openQuestions(ofDistrict: round.$district.id, on: db)
    }

    /// A district's open-ended questions, which every one of its rounds asks, in their order.
    static func openQuestions(ofDistrict districtID: UUID, on db: any Database) async throws -> [TrustQuestion] {
        try await TrustQuestion.query(on: db).filter(\.$district.$id == districtID).sort(\.$position).all()
    }

    /// The open-ended questions of the viewer's district (every district's for a network admin), in their order.
    static func districtQuestions(scope: DistrictScope) async throws -> [TrustQuestion] {
        try await scope.query(TrustQuestion.self).sort(\.$position).all()
    }

    /// Adds an open-ended question (already checked) after the district's others.
    static func addQuestion(_ text: String, scope: DistrictScope) async throws {
        let district = try await scope.districtForNewObject(named: nil)
        let position = try await scope.query(TrustQuestion.self).count()
        try await TrustQuestion(districtID: try district.requireID(), text: text, position: position).create(
            on: scope.database)
    }

    static func minimumGroupSize(districtID: UUID, on db: any Database) async throws -> Int {
        let configured =
            try await District.find(districtID, on: db)?.minimumGroupSize ?? TrustSuppression.defaultMinimum
        return TrustSuppression.effectiveMinimum(configured)
    }

    // MARK: opening and closing

    struct RoundForm: Content, Sendable {
        var title: String?
        var opensOn: String?
        var closesOn: String?

        func validate() -> Result<(title: String, opens: CalendarDay, closes: CalendarDay), ValidationProblem> {
            var problems: [FieldProblem] = []
            let title = (self.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if title.isEmpty || title.count > 120 {
                problems.append(
                    .init(
                        field: "title", message: "Title: name the round, e.g. “Autumn check-in” (up to 120 characters)."
                    ))
            }
            let opens = CalendarDay(opensOn ?? "")
            let closes = CalendarDay(closesOn ?? "")
            if opens == nil {
                problems.append(.init(field: "opensOn", message: "Opens on: write a date as yyyy-mm-dd."))
            }
            if closes == nil {
                problems.append(.init(field: "closesOn", message: "Closes on: write a date as yyyy-mm-dd."))
            }
            if let opens, let closes, closes < opens {
                problems.append(.init(field: "closesOn", message: "Closes on: must be on or after the day it opens."))
            }
            guard problems.isEmpty, let opens, let closes else { return .failure(ValidationProblem(problems)) }
            return .success((title, opens, closes))
        }
    }

    static func open(_ form: RoundForm, cohort: Cohort, scope: DistrictScope) async throws -> TrustRound {
        try await scope.requireRunner(of: cohort)
        let values: (title: String, opens: CalendarDay, closes: CalendarDay)
        switch form.validate() {
        case .failure(let problem): throw problem
        case .success(let valid): values = valid
        }
        let round = TrustRound(
            districtID: cohort.$district.id, cohortID: try cohort.requireID(), title: values.title,
            opensOn: values.opens.description, closesOn: values.closes.description,
            instrumentVersion: instrument.version)
        try await round.create(on: scope.database)
        return round
    }

    static func close(_ round: TrustRound, scope: DistrictScope) async throws {
        let cohort = try await scope.find(Cohort.self, round.$cohort.id)
        try await scope.requireRunner(of: cohort)
        guard !round.isClosed else { return }
        round.closedAt = scope.clock.now()
        try await round.save(on: scope.database)
        // worked out now, so the first person to open them does not wait
        _ = try await results(round, today: scope.clock.today(), on: scope.database)
    }

    // MARK: answering

    /// One leader's answers: item id → 1…scale, and open question id → text.
    struct Submission: Sendable {
        var answers: [String: Int]
        var openAnswers: [UUID: String]
    }

    /// Stores the answers with a fresh random response id and the day, and "has answered" apart, in one
    /// transaction; answering twice is refused.
    static func record(
        _ submission: Submission, round: TrustRound, viewer: Viewer, today: CalendarDay, on db: any Database
    ) async throws {
        guard round.status(on: today) == .open else {
            throw Abort(.conflict, reason: "This round is not open for answers.")
        }
        guard try await DistrictScope.isMember(viewer.userID, of: round.$cohort.id, as: .leader, on: db) else {
            throw Abort(.forbidden, reason: "Only the cohort's leaders answer its trust survey.")
        }
        var problems: [FieldProblem] = []
        for item in instrument.items {
            guard let value = submission.answers[item.id] else {
                problems.append(.init(field: item.id, message: "“\(item.text)”: choose one of the seven answers."))
                continue
            }
            if !(1...instrument.scale).contains(value) {
                problems.append(
                    .init(field: item.id, message: "\(item.id): answers run from 1 to \(instrument.scale)."))
            }
        }
        let known = Set(instrument.items.map(\.id))
        for key in submission.answers.keys where !known.contains(key) {
            problems.append(.init(field: key, message: "\(key) is not an item of \(instrument.version)."))
        }
        for (_, text) in submission.openAnswers where text.count > 4000 {
            problems.append(.init(field: "open", message: "Keep each written answer under 4000 characters."))
        }
        guard problems.isEmpty else { throw ValidationProblem(problems) }

        let roundID = try round.requireID()
        let userID = viewer.userID
        let questions = Set(
            try await TrustQuestion.query(on: db).filter(\.$district.$id == round.$district.id).all().compactMap(\.id))
        try await db.transaction { db in
            guard
                try await TrustParticipation.query(on: db).filter(\.$roundID == roundID).filter(\.$userID == userID)
                    .count() == 0
            else {
                throw Abort(
                    .conflict,
                    reason: "You have already answered this round. Answers are anonymous, so they cannot be changed.")
            }
            try await TrustParticipation(roundID: roundID, userID: userID).create(on: db)
            let responseID = UUID()
            let day = today.description
            // The answer counts for the leader's published community, if they have one yet.
            let community = try await CommunityMembership.query(on: db)
                .filter(\.$user.$id == userID)
                .join(Community.self, on: \CommunityMembership.$community.$id == \Community.$id)
                .filter(Community.self, \.$cohort.$id == round.$cohort.id)
                .filter(Community.self, \.$published == true)
                .first()?.$community.id
            for (itemID, value) in submission.answers {
                try await TrustAnswer(
                    roundID: roundID, communityID: community, responseID: responseID, itemID: itemID, value: value,
                    answeredOn: day
                )
                .create(on: db)
            }
            for (questionID, text) in submission.openAnswers where questions.contains(questionID) {
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !trimmed.isEmpty else { continue }
                try await TrustOpenAnswer(
                    roundID: roundID, communityID: community, responseID: responseID, questionID: questionID,
                    text: trimmed, answeredOn: day
                )
                .create(on: db)
            }
        }
    }

    // MARK: results

    struct RoundResults: Sendable {
        let round: TrustRound
        let minimum: Int
        let groups: [TrustGroupResult]
        /// Open answers by question, shown only when the cohort row is shown; sorted, so their order says nothing.
        let openAnswers: [(question: String, answers: [String])]

        var cohort: TrustGroupResult { groups[0] }
    }

    /// What a round's page shows of its results: every figure of the cohort, and of each community its
    /// size and weakest facet (`RoundResults` has every community's figures, for the exports and the API).
    struct RoundSummary: Sendable {
        let round: TrustRound
        let minimum: Int
        let cohort: TrustGroupResult
        let communities: [CommunitySummary]
        let openAnswers: [(question: String, answers: [String])]
    }

    struct CommunitySummary: Sendable, Hashable {
        let community: String?
        let n: Int
        let suppressed: Bool
        let weakest: TrustFacet?

        init(community: String?, n: Int, suppressed: Bool, weakest: TrustFacet?) {
            self.community = community
            self.n = n
            self.suppressed = suppressed
            self.weakest = weakest
        }

        init(_ group: TrustGroupResult) {
            self.init(community: group.community, n: group.n, suppressed: group.suppressed, weakest: group.weakestFacet)
        }
    }

    /// One stored item answer, as the statistics read it.
    private struct AnswerRow: Decodable {
        let response_id: UUID
        let community_id: UUID?
        let item_id: String
        let value: Int
    }

    private struct CommunityName: Decodable {
        let id: UUID
        let name: String
    }

    /// The round's answers as a matrix, one row per response in the order of their random ids.
    static func matrix(for round: TrustRound, on db: any Database) async throws -> TrustResponseMatrix {
        try await matrix(for: round, communities: publishedCommunities(of: round.$cohort.id, on: db), on: db)
    }

    private static func publishedCommunities(of cohortID: UUID, on db: any Database) async throws -> [CommunityName] {
        try await db.sql().select().columns("id", "name").from(Community.schema)
            .where("cohort_id", .equal, cohortID).where("published", .equal, true)
            .all(decoding: CommunityName.self)
    }

    private static func matrix(for round: TrustRound, communities: [CommunityName], on db: any Database)
        async throws -> TrustResponseMatrix
    {
        let answers = try await db.sql().select().columns("response_id", "community_id", "item_id", "value")
            .from(TrustAnswer.schema).where("round_id", .equal, try round.requireID())
            .all(decoding: AnswerRow.self)
        let names = Dictionary(communities.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var matrix = TrustResponseMatrix(
            instrument: TrustInstrument.version(round.instrumentVersion) ?? instrument,
            communities: names.values.sorted())
        let byResponse = Dictionary(grouping: answers, by: \.response_id)
        for responseID in byResponse.keys.map { (UUIDText.uppercased($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1) {
            let rows = byResponse[responseID]!
            try? matrix.append(
                answers: Dictionary(rows.map { ($0.item_id, $0.value) }, uniquingKeysWith: { first, _ in first }),
                community: rows.first?.community_id.flatMap { names[$0] })
        }
        return matrix
    }

    /// A way to read a stored payload, from the whole of it to the cohort's group alone.
    private protocol StoredForm: Decodable {
        init(_ whole: StoredResults)
    }

    /// What `TrustRoundResultRecord.payload` holds.
    struct StoredResults: Codable, Sendable, StoredForm {
        struct OpenAnswers: Codable, Sendable {
            let question: String
            let answers: [String]
        }
        let groups: [TrustGroupResult]
        let openAnswers: [OpenAnswers]

        init(groups: [TrustGroupResult], openAnswers: [OpenAnswers]) {
            self.groups = groups
            self.openAnswers = openAnswers
        }

        init(_ whole: StoredResults) { self = whole }
    }

    /// A payload read for a round's page: the communities' groups are read for their size and the means
    /// that name the weakest facet, not decoded figure by figure (a cohort of 40 communities has 160).
    private struct StoredSummary: StoredForm {
        let cohort: TrustGroupResult
        let communities: [CommunitySummary]
        let openAnswers: [StoredResults.OpenAnswers]

        private enum CodingKeys: String, CodingKey { case groups, openAnswers }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            var groups = try container.nestedUnkeyedContainer(forKey: .groups)
            cohort = try groups.decode(TrustGroupResult.self)
            var communities: [CommunitySummary] = []
            while !groups.isAtEnd {
                let group = try groups.decode(GroupMeans.self)
                communities.append(
                    CommunitySummary(
                        community: group.community, n: group.n, suppressed: group.suppressed,
                        weakest: TrustAnalysis.weakestFacet(group.means)))
            }
            self.communities = communities
            openAnswers = try container.decode([StoredResults.OpenAnswers].self, forKey: .openAnswers)
        }

        init(_ whole: StoredResults) {
            cohort = whole.groups[0]
            communities = whole.groups.dropFirst().map(CommunitySummary.init)
            openAnswers = whole.openAnswers
        }
    }

    /// A group's size and facet means: what a year's report and a community's year's worth show of a round,
    /// and what a round's page reads of each community. Decoded from a stored group, its other figures
    /// passed over.
    struct GroupMeans: Sendable, Decodable {
        let community: String?
        let n: Int
        let suppressed: Bool
        /// The shown facets' means; empty when `suppressed`.
        let means: [TrustFacet: Double]

        init(community: String?, n: Int, suppressed: Bool, means: [TrustFacet: Double]) {
            (self.community, self.n, self.suppressed, self.means) = (community, n, suppressed, means)
        }

        init(_ group: TrustGroupResult) {
            self.init(
                community: group.community, n: group.n, suppressed: group.suppressed,
                means: group.facets.compactMapValues(\.mean))
        }

        private enum CodingKeys: String, CodingKey { case community, n, suppressed, facets }
        private struct Mean: Decodable { let mean: Double? }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                community: try container.decodeIfPresent(String.self, forKey: .community),
                n: try container.decode(Int.self, forKey: .n),
                suppressed: try container.decode(Bool.self, forKey: .suppressed),
                means: try container.decode([TrustFacet: Mean].self, forKey: .facets).compactMapValues(\.mean))
        }
    }

    /// A payload read for a report: each group's size and means, its other figures passed over. With a
    /// community's name in the decoder's `userInfo`, the cohort's group and that community's alone, the
    /// others passed over by name (a cohort of 40 communities stores 41 groups; a community's page shows 2).
    private struct StoredMeans: StoredForm {
        static let community = CodingUserInfoKey(rawValue: "trellis.trust.community")!
        let groups: [GroupMeans]

        private enum CodingKeys: String, CodingKey { case groups }

        /// A group read when it is kept: its name first, its figures only then.
        private struct Kept: Decodable {
            private enum NameKeys: String, CodingKey { case community }
            let group: GroupMeans?

            init(from decoder: any Decoder) throws {
                let name = try decoder.container(keyedBy: NameKeys.self).decodeIfPresent(
                    String.self, forKey: .community)
                if let kept = decoder.userInfo[StoredMeans.community] as? String, name != nil, name != kept {
                    group = nil
                    return
                }
                group = try GroupMeans(from: decoder)
            }
        }

        init(from decoder: any Decoder) throws {
            groups = try decoder.container(keyedBy: CodingKeys.self).decode([Kept].self, forKey: .groups)
                .compactMap(\.group)
        }

        init(_ whole: StoredResults) { groups = whole.groups.map(GroupMeans.init) }
    }

    /// A payload read for a trend: the cohort-wide group alone.
    private struct StoredCohort: StoredForm {
        let cohort: TrustGroupResult

        private enum CodingKeys: String, CodingKey { case groups }

        init(from decoder: any Decoder) throws {
            var groups = try decoder.container(keyedBy: CodingKeys.self).nestedUnkeyedContainer(forKey: .groups)
            cohort = try groups.decode(TrustGroupResult.self)
        }

        init(_ whole: StoredResults) { cohort = whole.groups[0] }
    }

    /// Aggregates of a closed round, every group's figures; nil while it is open.
    ///
    /// They are worked out once and stored: when the round is closed by hand, or the first time anyone
    /// needs them after its last day. Each read checks the stored basis — the district's minimum group
    /// size, the round's closing, how many answers it has, and its cohort's published communities with
    /// their names — and works them out again when any of it changed (a round closed again after it
    /// reopened, a renamed community, a new minimum). Instances that race to store the same round
    /// agree: the first row stands, and both show the same figures.
    static func results(_ round: TrustRound, today: CalendarDay, on db: any Database) async throws -> RoundResults? {
        guard round.status(on: today) == .closed else { return nil }
        let (minimum, stored) = try await stored(
            round, as: StoredResults.self, communities: try await publishedCommunities(of: round.$cohort.id, on: db),
            on: db)
        return RoundResults(
            round: round, minimum: minimum, groups: stored.groups,
            openAnswers: stored.openAnswers.map { ($0.question, $0.answers) })
    }

    /// The groups' sizes and means of several closed rounds of one cohort (a report's), its communities read
    /// once. With `community`, each round's groups are the cohort's and that community's alone.
    static func means(
        ofClosed rounds: [TrustRound], community: String? = nil, today: CalendarDay, on db: any Database
    ) async throws -> [(round: TrustRound, groups: [GroupMeans])] {
        let closed = rounds.filter { $0.status(on: today) == .closed }
        guard let cohortID = closed.first?.$cohort.id else { return [] }
        let communities = try await publishedCommunities(of: cohortID, on: db)
        precondition(closed.allSatisfy { $0.$cohort.id == cohortID }, "rounds of one cohort")
        let read = try await stored(
            closed, as: StoredMeans.self, communities: communities,
            userInfo: community.map { [StoredMeans.community: $0] } ?? [:], on: db)
        return zip(closed, read.forms).map { round, form in
            // a payload worked out afresh comes whole
            (round, form.groups.filter { community == nil || $0.community == nil || $0.community == community })
        }
    }

    /// What a round's page shows of its results (see `results`); nil while it is open.
    static func summary(_ round: TrustRound, today: CalendarDay, on db: any Database) async throws -> RoundSummary? {
        guard round.status(on: today) == .closed else { return nil }
        let (minimum, stored) = try await stored(
            round, as: StoredSummary.self, communities: try await publishedCommunities(of: round.$cohort.id, on: db),
            on: db)
        return RoundSummary(
            round: round, minimum: minimum, cohort: stored.cohort, communities: stored.communities,
            openAnswers: stored.openAnswers.map { ($0.question, $0.answers) })
    }

    /// The stored results of a closed round read as `Form`, worked out and stored first when the basis changed.
    private static func stored<Form: StoredForm>(
        _ round: TrustRound, as form: Form.Type, communities: [CommunityName],
        userInfo: [CodingUserInfoKey: any Sendable] = [:], on db: any Database
    ) async throws -> (minimum: Int, form: Form) {
        let (minimum, forms) = try await stored([round], as: form, communities: communities, userInfo: userInfo, on: db)
        return (minimum, forms[0])
    }

    /// The same for several closed rounds of one cohort, in their order: one statement for all of them (a
    /// report's rounds, a round's history), each worked out and stored first when its basis changed.
    private static func stored<Form: StoredForm>(
        _ rounds: [TrustRound], as form: Form.Type, communities: [CommunityName],
        userInfo: [CodingUserInfoKey: any Sendable] = [:], on db: any Database
    ) async throws -> (minimum: Int, forms: [Form]) {
        guard let first = rounds.first else {
            return (TrustSuppression.effectiveMinimum(TrustSuppression.defaultMinimum), [])
        }
        let ids = try rounds.map { try $0.requireID() }
        // One row a round, each from lookups by the bound id: a join from `trust_rounds` would count the
        // answers through a correlated subquery that SQLite runs as a scan (the two id columns are declared
        // with different types, so the index on `trust_answers.round_id` is not used for it).
        let perRound: [SQLQueryString] = ids.map { id in
            """
            SELECT \(bind: id) AS round_id,
              (SELECT minimum_group_size FROM districts WHERE id = \(bind: first.$district.id)) AS minimum,
              (SELECT COUNT(*) FROM trust_answers WHERE round_id = \(bind: id)) AS answers,
              (SELECT basis FROM trust_round_results WHERE round_id = \(bind: id)) AS basis,
              (SELECT payload FROM trust_round_results WHERE round_id = \(bind: id)) AS payload
            """
        }
        var rows: [UUID: any SQLRow] = [:]
        for row in try await db.sql().raw(perRound.joined(separator: " UNION ALL ")).all() {
            let id = try row.decodeUUID(column: "round_id")
            if rows[id] == nil { rows[id] = row }
        }
        let any = rows.values.first
        let minimum = TrustSuppression.effectiveMinimum(
            try any?.decodeNil(column: "minimum") == false
                ? try any!.decode(column: "minimum", as: Int.self) : TrustSuppression.defaultMinimum)
        var forms: [Form] = []
        for (round, roundID) in zip(rounds, ids) {
            precondition(round.$district.id == first.$district.id, "rounds of one district")
            let row = rows[roundID]
            let answers = try row?.decode(column: "answers", as: Int.self) ?? 0
            let basis = [
                "minimum=\(minimum)", "closes=\(round.closesOn)",
                "closed=\(round.closedAt.map { String(Int($0.timeIntervalSince1970)) } ?? "-")", "answers=\(answers)",
                // ids are all 36 characters, so sorting "id=name" sorts by id, each id written once
                "communities="
                    + communities.map { "\(UUIDText.uppercased($0.id))=\($0.name)" }.sorted().joined(
                        separator: "\u{1F}"),
            ].joined(separator: ";")
            if let row, try !row.decodeNil(column: "payload"),
                try row.decode(column: "basis", as: String.self) == basis,
                let stored = try? Self.decoder(userInfo).decode(
                    Form.self, from: Data(try row.decode(column: "payload", as: String.self).utf8))
            {
                forms.append(stored)
                continue
            }
            let computed = try await compute(round, minimum: minimum, communities: communities, on: db)
            let payload = String(decoding: try JSONEncoder().encode(computed), as: UTF8.self)
            try await db.transaction { db in
                try await TrustRoundResultRecord.query(on: db).filter(\.$roundID == roundID).delete()
                try await TrustRoundResultRecord(roundID: roundID, basis: basis, payload: payload)
                    .create(on: db)
            }
            forms.append(Form(computed))
        }
        return (minimum, forms)
    }

    private static func decoder(_ userInfo: [CodingUserInfoKey: any Sendable]) -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.userInfo = userInfo
        return decoder
    }

    private static func compute(
        _ round: TrustRound, minimum: Int, communities: [CommunityName], on db: any Database
    ) async throws -> StoredResults {
        let groups = TrustReport.results(
            for: try await matrix(for: round, communities: communities, on: db), minimum: minimum)
        var open: [StoredResults.OpenAnswers] = []
        if !groups[0].suppressed {
            let questions = try await TrustQuestion.query(on: db).filter(\.$district.$id == round.$district.id).sort(
                \.$position
            ).all()
            let answers = try await TrustOpenAnswer.query(on: db).filter(\.$roundID == round.requireID()).all()
            for question in questions {
                let texts = answers.filter { $0.questionID == question.id }.map(\.text).sorted()
                if texts.count >= minimum { open.append(.init(question: question.text, answers: texts)) }
            }
        }
        return StoredResults(groups: groups, openAnswers: open)
    }

    /// The cohort's closed rounds in order, for the trend and the change since the last round.
    static func closedRounds(of cohortID: UUID, today: CalendarDay, on db: any Database) async throws -> [TrustRound] {
        try await TrustRound.query(on: db).filter(\.$cohort.$id == cohortID).sort(\.$opensOn).all()
            .filter { $0.status(on: today) == .closed }
    }

    /// The cohort-wide result of each closed round up to the one in `results`, oldest first: the trend and
    /// the change since the round before.
    static func history(upTo results: RoundSummary, cohortID: UUID, today: CalendarDay, on db: any Database)
        async throws -> [(title: String, cohort: TrustGroupResult)]
    {
        let rounds = try await closedRounds(of: cohortID, today: today, on: db).filter {
            $0.opensOn <= results.round.opensOn
        }
        let earlier = rounds.filter { $0.id != results.round.id }
        var stored: [UUID: TrustGroupResult] = [:]
        if !earlier.isEmpty {
            let read = try await Self.stored(
                earlier, as: StoredCohort.self, communities: try await publishedCommunities(of: cohortID, on: db),
                on: db)
            for (round, form) in zip(earlier, read.forms) { stored[try round.requireID()] = form.cohort }
        }
        return try rounds.map { round in
            (round.title, round.id == results.round.id ? results.cohort : stored[try round.requireID()]!)
        }
    }

    /// Every item answer of a round, by its random response id: what the item-level export holds.
    static func answers(of round: TrustRound, on db: any Database) async throws -> [TrustExport.Answer] {
        try await TrustAnswer.query(on: db).filter(\.$roundID == round.requireID()).all().map {
            TrustExport.Answer(response: UUIDText.lowercased($0.responseID), item: $0.itemID, value: $0.value)
        }
    }

    /// The cohort's open rounds that wait for the viewer, soonest closing first: every open round for its
    /// facilitators; for a leader, the ones they have not answered yet. One query, however many rounds.
    static func roundsWaiting(for viewer: Viewer, in cohortID: UUID, today: CalendarDay, on db: any Database)
        async throws -> [(id: UUID, title: String, closesOn: String)]
    {
        let unanswered: SQLQueryString =
            viewer.role == .facilitator
            ? ""
            : """
            AND NOT EXISTS (SELECT 1 FROM trust_participation p WHERE p.round_id = r.id \
            AND p.user_id = \(bind: viewer.userID))
            """
        let rows = try await db.sql().raw(
            """
            SELECT r.id AS id, r.title AS title, r.opens_on AS opens_on, r.closes_on AS closes_on
            FROM trust_rounds r WHERE r.cohort_id = \(bind: cohortID) AND r.closed_at IS NULL \(unanswered)
            ORDER BY r.closes_on, r.title
            """
        ).all()
        return try rows.compactMap { row in
            let opens = try row.decode(column: "opens_on", as: String.self)
            let closes = try row.decode(column: "closes_on", as: String.self)
            // the same rule as `TrustRound.status(on:)`, on the plain columns
            if let day = CalendarDay(closes), today > day { return nil }
            if let day = CalendarDay(opens), today < day { return nil }
            return (
                try row.decode(column: "id", as: UUID.self), try row.decode(column: "title", as: String.self), closes
            )
        }
    }
}
