import Fluent
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// Turns a cohort's intake into a request for the formation engine, and stores what it proposes as
/// draft communities that only the cohort's facilitators see until they publish them.
enum FormationService {
    /// The cohort, if the viewer runs it (its facilitators, district admins).
    static func runnerCohort(_ id: UUID, scope: DistrictScope) async throws -> Cohort {
        let cohort = try await scope.visibleCohort(id)
        try await scope.requireRunner(of: cohort)
        return cohort
    }

    // MARK: intake as the runners see it

    /// Every intake answer given in the cohort.
    static func intakeResponses(of cohortID: UUID, on db: any Database) async throws -> [IntakeResponse] {
        try await IntakeResponse.query(on: db).filter(\.$cohort.$id == cohortID).all()
    }

    /// Each leader's ranked challenges (most wanted first), by leader: plain values in one query.
    static func intakeChoices(of cohortID: UUID, on db: any Database) async throws -> [UUID: [String]] {
        let rows = try await db.sql().raw(
            "SELECT user_id, choice1, choice2, choice3 FROM intake_responses WHERE cohort_id = \(bind: cohortID)"
        ).all()
        return Dictionary(
            try rows.map { row in
                (
                    try row.decodeUUID(column: "user_id"),
                    try ["choice1", "choice2", "choice3"].compactMap { column in
                        try row.decodeNil(column: column) ? nil : try row.decode(column: column, as: String.self)
                    }
                )
            },
            uniquingKeysWith: { first, _ in first })
    }

    /// Every kept-apart pair named in the cohort, whoever named it.
    static func keptApartPairs(of cohortID: UUID, on db: any Database) async throws -> [KeptApart] {
        try await KeptApart.query(on: db).filter(\.$cohort.$id == cohortID).all()
    }

    /// Adds challenges after the cohort's `existing` ones, skipping any whose key is listed already.
    static func addChallenges(
        _ adding: [StandardChallenges.Challenge], to cohortID: UUID, existing: [IntakeChallenge], on db: any Database
    ) async throws {
        let keys = Set(existing.map(\.key))
        for (offset, challenge) in adding.enumerated() where !keys.contains(challenge.key) {
            try await IntakeChallenge(
                cohortID: cohortID, key: challenge.key, title: challenge.title, position: existing.count + offset
            )
            .create(on: db)
        }
    }

    /// Records that two of the cohort's leaders are to be kept apart, as named by `namedBy`.
    static func keepApart(_ personA: UUID, _ personB: UUID, in cohortID: UUID, namedBy: UUID, on db: any Database)
        async throws
    {
        try await KeptApart(cohortID: cohortID, namedBy: namedBy, personA: personA, personB: personB).create(on: db)
    }

    /// The cohort's kept-apart pair with this id, if the cohort has it.
    static func keptApartPair(_ id: UUID, in cohortID: UUID, on db: any Database) async throws -> KeptApart? {
        try await KeptApart.query(on: db).filter(\.$id == id).filter(\.$cohort.$id == cohortID).first()
    }

    /// Takes a kept-apart pair away.
    static func removeKeptApartPair(_ pair: KeptApart, on db: any Database) async throws {
        try await pair.delete(on: db)
    }

    // MARK: proposing

    /// Same cohort, same answers, same proposal.
    static let seed: UInt64 = 2026

    /// What the engine is given, and what was read to build it (the formation page shows it too, so it
    /// is not read twice).
    struct Input {
        let request: FormationRequest
        let names: [String: String]
        /// The cohort's leaders, by name.
        let leaders: [MemberPerson]
        /// Each leader's ranked challenge keys, by person id.
        let choices: [UUID: [String]]
        let challenges: [IntakeChallenge]
        let keptApart: [KeptApart]
    }

    static func input(
        cohort: Cohort, sizes: ClosedRange<Int> = FormationRequest.defaultSizes, count: Int? = nil, on db: any Database
    ) async throws -> Input {
        let cohortID = try cohort.requireID()
        let members = try await db.sql().raw(
            """
            SELECT \(MemberPerson.columns)
            FROM cohort_memberships m JOIN users u ON u.id = m.user_id LEFT JOIN schools s ON s.id = u.school_id
            WHERE m.cohort_id = \(bind: cohortID) AND m.role = \(bind: CohortRole.leader.rawValue)
            """
        ).all().map(MemberPerson.init(row:))
        let choices = try await intakeChoices(of: cohortID, on: db)
        let challenges = try await IntakeService.challenges(of: cohortID, on: db)
        let apart = try await keptApartPairs(of: cohortID, on: db)
        var names: [String: String] = [:]
        let leaders = members.map { person -> FormationLeader in
            let id = UUIDText.lowercased(person.id)
            names[id] = person.fullName
            return FormationLeader(
                id: id, name: person.fullName, school: person.schoolID?.uuidString ?? "",
                yearsInRole: person.yearsInRole ?? 0, choices: choices[person.id] ?? [])
        }
        .sorted { $0.id < $1.id }
        let leaderIDs = Set(leaders.map(\.id))
        let pairs = apart.map {
            TrellisCore.KeptApartPair(UUIDText.lowercased($0.$personA.id), UUIDText.lowercased($0.$personB.id))
        }
        .filter { leaderIDs.contains($0.a) && leaderIDs.contains($0.b) }
        let request = FormationRequest(
            leaders: leaders, keptApart: pairs, sizes: sizes, communityCount: count,
            foci: challenges.isEmpty ? nil : challenges.map(\.key),
            titles: Dictionary(challenges.map { ($0.key, $0.title) }, uniquingKeysWith: { first, _ in first }),
            seed: seed)
        return Input(
            request: request, names: names, leaders: MemberPerson.byName(members, { $0 }), choices: choices,
            challenges: challenges, keptApart: apart)
    }

    /// Replaces the cohort's drafts with a new proposal.
    static func propose(cohort: Cohort, sizes: ClosedRange<Int>, count: Int?, on db: any Database) async throws {
        let input = try await input(cohort: cohort, sizes: sizes, count: count, on: db)
        let proposal: FormationProposal
        let request = input.request
        do {
            // Thousands of leaders take a few hundred milliseconds: off the event loops that serve other requests.
            proposal = try await Task.detached(priority: .userInitiated) { try Formation.formCommunities(request) }
                .value
        } catch let error as FormationProblems {
            throw ValidationProblem(error.problems.map { FieldProblem(field: "proposal", message: $0.description) })
        }
        try await store(proposal.formed, cohort: cohort, input: input, on: db)
    }

    /// Saves a grouping as drafts, with every member's reasons as the engine explains them.
    static func store(_ grouping: [FormedCommunity], cohort: Cohort, input: Input, on db: any Database) async throws {
        let evaluated = Formation.evaluate(grouping, for: input.request)
        let reasons = Dictionary(
            evaluated.explanations.map { ($0.leader, $0.text) }, uniquingKeysWith: { first, _ in first })
        let cohortID = try cohort.requireID()
        try await db.transaction { db in
            try await Community.query(on: db).filter(\.$cohort.$id == cohortID).filter(\.$published == false).delete()
            for (index, community) in grouping.enumerated() {
                let title = input.request.titles[community.focus] ?? community.focus
                let record = Community(
                    districtID: cohort.$district.id, cohortID: cohortID, name: "Community \(index + 1): \(title)",
                    focus: community.focus, sizes: input.request.sizes)
                try await record.create(on: db)
                for member in community.members {
                    guard let userID = UUID(uuidString: member) else { continue }
                    try await CommunityMembership(
                        communityID: try record.requireID(), userID: userID, reasons: reasons[member] ?? ""
                    ).create(on: db)
                }
            }
        }
    }

    /// The cohort's drafts as the engine sees them, in a stable order.
    static func drafts(of cohort: Cohort, on db: any Database) async throws -> [(Community, [String])] {
        let communities = try await Community.query(on: db).filter(\.$cohort.$id == cohort.requireID())
            .filter(\.$published == false).sort(\.$name).with(\.$memberships).all()
        return communities.map { community in
            (community, community.memberships.map { UUIDText.lowercased($0.$user.id) }.sorted())
        }
    }

    /// The cohort's drafts with the engine's score and broken constraints, as the page and the API show them.
    struct Review {
        let drafts: [(community: Community, members: [String])]
        let evaluation: FormationProposal?
        let input: Input
        let reasons: [UUID: String]
    }

    static func review(of cohort: Cohort, on db: any Database) async throws -> Review {
        let drafts = try await drafts(of: cohort, on: db)
        let input = try await input(
            cohort: cohort, sizes: drafts.first?.0.sizes ?? FormationRequest.defaultSizes, on: db)
        // the drafts come with their memberships loaded: the reasons and who was placed by hand are there
        let memberships = drafts.flatMap { $0.0.$memberships.value ?? [] }
        let evaluation =
            drafts.isEmpty
            ? nil
            : Formation.evaluate(
                drafts.map { FormedCommunity(focus: $0.0.focus, members: $0.1) }, for: input.request,
                handPlaced: handPlaced(memberships))
        let reasons = Dictionary(memberships.map { ($0.$user.id, $0.reasons) }, uniquingKeysWith: { first, _ in first })
        return Review(drafts: drafts.map { ($0.0, $0.1) }, evaluation: evaluation, input: input, reasons: reasons)
    }

    /// The leaders a facilitator moved, or nil while the drafts are the engine's own.
    private static func handPlaced(_ memberships: [CommunityMembership]) -> Set<String>? {
        let moved = memberships.filter(\.placedByHand).map { UUIDText.lowercased($0.$user.id) }
        return moved.isEmpty ? nil : Set(moved)
    }

    /// Moves a leader to another draft community and re-explains everyone.
    static func move(_ personID: UUID, to communityID: UUID, cohort: Cohort, on db: any Database) async throws {
        var drafts = try await drafts(of: cohort, on: db)
        guard let target = drafts.firstIndex(where: { $0.0.id == communityID }) else { throw Abort(.notFound) }
        let person = UUIDText.lowercased(personID)
        guard drafts.contains(where: { $0.1.contains(person) }) else { throw Abort(.notFound) }
        for index in drafts.indices { drafts[index].1.removeAll { $0 == person } }
        drafts[target].1.append(person)
        let input = try await input(cohort: cohort, sizes: drafts[target].0.sizes, on: db)
        let grouping = drafts.map { FormedCommunity(focus: $0.0.focus, members: $0.1) }
        let earlier = try await CommunityMembership.query(on: db)
            .filter(\.$community.$id ~~ drafts.compactMap { $0.0.id }).all()
        let handPlaced = (handPlaced(earlier) ?? []).union([person])
        let evaluated = Formation.evaluate(grouping, for: input.request, handPlaced: handPlaced)
        let reasons = Dictionary(
            evaluated.explanations.map { ($0.leader, $0.text) }, uniquingKeysWith: { first, _ in first })
        let moved = drafts
        try await db.transaction { db in
            for (community, members) in moved {
                let communityID = try community.requireID()
                try await CommunityMembership.query(on: db).filter(\.$community.$id == communityID).delete()
                for member in members {
                    guard let userID = UUID(uuidString: member) else { continue }
                    try await CommunityMembership(
                        communityID: communityID, userID: userID, reasons: reasons[member] ?? "",
                        placedByHand: handPlaced.contains(member)
                    )
                    .create(on: db)
                }
            }
        }
    }

    /// What publishing the drafts would do to the communities published now, in people's names.
    struct PublishPreview: Sendable {
        struct Change: Sendable {
            let name: String
            let gains: [String]
            let losses: [String]
        }
        struct Ending: Sendable {
            let name: String
            let notes: Int
            let series: Int
            let questions: Int
            let sharedStories: Int
        }
        let changes: [Change]
        let new: [String]
        let endings: [Ending]
        /// True when communities are published already: publishing then asks for confirmation.
        let replacesPublished: Bool
        let unchanged: Int
    }

    private static func plan(cohortID: UUID, drafts: [(Community, [String])], on db: any Database) async throws
        -> (plan: RepublishPlan, published: [UUID: Community])
    {
        let published = try await Community.query(on: db).filter(\.$cohort.$id == cohortID)
            .filter(\.$published == true).filter(\.$endedAt == nil).with(\.$memberships).all()
        let plan = RepublishPlan(
            published: Dictionary(
                uniqueKeysWithValues: published.map {
                    (
                        $0.id?.uuidString.lowercased() ?? "",
                        Set($0.memberships.map { UUIDText.lowercased($0.$user.id) })
                    )
                }),
            drafts: Dictionary(
                uniqueKeysWithValues: drafts.map { ($0.0.id?.uuidString.lowercased() ?? "", Set($0.1)) }))
        return (plan, Dictionary(uniqueKeysWithValues: published.compactMap { c in c.id.map { ($0, c) } }))
    }

    static func publishPreview(cohort: Cohort, on db: any Database) async throws -> PublishPreview {
        let cohortID = try cohort.requireID()
        let drafts = try await drafts(of: cohort, on: db)
        guard !drafts.isEmpty else { throw Abort(.conflict, reason: "There is no proposal to publish.") }
        let (plan, published) = try await plan(cohortID: cohortID, drafts: drafts, on: db)
        let moving = plan.continuing.flatMap { $0.gains + $0.losses }.compactMap { UUID(uuidString: $0) }
        let people = try await User.query(on: db).filter(\.$id ~~ moving).all()
        var names: [String: String] = [:]
        for person in people { names[person.id?.uuidString.lowercased() ?? ""] = person.fullName }
        var draftNames: [String: String] = [:]
        for (draft, _) in drafts { draftNames[draft.id?.uuidString.lowercased() ?? ""] = draft.name }
        func community(_ id: String) -> Community? { UUID(uuidString: id).flatMap { published[$0] } }
        func named(_ ids: [String]) -> [String] { ids.map { names[$0] ?? "a former member" }.sorted() }
        var endings: [PublishPreview.Ending] = []
        for id in plan.ended {
            guard let ending = community(id), let endingID = ending.id else { continue }
            let board = try await BoardRecord.query(on: db).filter(\.$community.$id == endingID).first()
            endings.append(
                .init(
                    name: ending.name, notes: board?.state.board.noteCount ?? 0,
                    series: try await MeetingSeriesRecord.query(on: db).filter(\.$community.$id == endingID).count(),
                    questions: try await InquiryQuestion.query(on: db).filter(\.$community.$id == endingID).count(),
                    sharedStories: try await Story.query(on: db).filter(\.$sharedCommunity.$id == endingID).count()))
        }
        return PublishPreview(
            changes: plan.continuing.filter(\.changesMembers).map {
                .init(name: community($0.community)?.name ?? "", gains: named($0.gains), losses: named($0.losses))
            },
            new: plan.new.map { draftNames[$0] ?? "" }, endings: endings, replacesPublished: !published.isEmpty,
            unchanged: plan.continuing.filter { !$0.changesMembers }.count)
    }

    /// Makes the drafts the cohort's communities. Refused while the drafts break a hard constraint.
    ///
    /// Nothing a community made is deleted: a draft that continues a published community (see
    /// `RepublishPlan`) only changes that community's members; a draft that continues none becomes a
    /// new community; a published community that no draft continues ends and is kept.
    static func publish(cohort: Cohort, now: Date, on db: any Database) async throws {
        let drafts = try await drafts(of: cohort, on: db)
        guard let sizes = drafts.first?.0.sizes else {
            throw Abort(.conflict, reason: "There is no proposal to publish.")
        }
        let input = try await input(cohort: cohort, sizes: sizes, on: db)
        let evaluated = Formation.evaluate(
            drafts.map { FormedCommunity(focus: $0.0.focus, members: $0.1) }, for: input.request)
        guard evaluated.isValid else {
            throw ValidationProblem(evaluated.violations.map { FieldProblem(field: "proposal", message: $0.message) })
        }
        let cohortID = try cohort.requireID()
        try await db.transaction { db in
            let (plan, published) = try await plan(cohortID: cohortID, drafts: drafts, on: db)
            for continuing in plan.continuing {
                guard let communityID = UUID(uuidString: continuing.community),
                    let draftID = UUID(uuidString: continuing.draft), let community = published[communityID],
                    let draft = drafts.first(where: { $0.0.id == draftID })?.0
                else { continue }
                try await CommunityMembership.query(on: db).filter(\.$community.$id == communityID).delete()
                try await CommunityMembership.query(on: db).filter(\.$community.$id == draftID)
                    .set(\.$community.$id, to: communityID).update()
                community.smallest = draft.smallest
                community.largest = draft.largest
                try await community.save(on: db)
                try await draft.delete(on: db)
            }
            for ended in plan.ended {
                guard let communityID = UUID(uuidString: ended), let community = published[communityID] else {
                    continue
                }
                // Its members all belong to new communities now; what it made stays with it.
                try await CommunityMembership.query(on: db).filter(\.$community.$id == communityID).delete()
                community.endedAt = now
                try await community.save(on: db)
            }
            let newIDs = plan.new.compactMap { UUID(uuidString: $0) }
            if !newIDs.isEmpty {
                try await Community.query(on: db).filter(\.$id ~~ newIDs).set(\.$published, to: true).update()
            }
        }
    }
}
