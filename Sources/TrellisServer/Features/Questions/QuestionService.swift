import Fluent
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// Drafting "How might we …" questions, the community's dot vote, and adopting the yearlong question.
/// A community's questions are its members' and its cohort's facilitators' business only.
enum QuestionService {
    struct Access {
        let community: Community
        let cohort: Cohort
        let canRun: Bool
        /// A leader who belongs to the community: drafts and votes.
        let isMember: Bool
    }

    /// The community, if the viewer is one of its members or runs its cohort; otherwise 404.
    static func access(_ communityID: UUID, scope: DistrictScope) async throws -> Access {
        let (community, cohort) = try await scope.visibleCommunity(communityID)
        let canRun = try await scope.canRun(cohort)
        let isMember =
            try await CommunityMembership.query(on: scope.database).filter(\.$community.$id == communityID)
            .filter(\.$user.$id == scope.viewer.userID).count() > 0
        guard canRun || isMember else { throw Abort(.notFound) }
        return Access(community: community, cohort: cohort, canRun: canRun, isMember: isMember)
    }

    /// How many people belong to the community.
    static func memberCount(of community: Community, on db: any Database) async throws -> Int {
        try await CommunityMembership.query(on: db).filter(\.$community.$id == community.requireID()).count()
    }

    static func questions(of community: Community, on db: any Database) async throws -> [InquiryQuestion] {
        try await InquiryQuestion.query(on: db).filter(\.$community.$id == community.requireID())
            .sort(\.$createdAt).with(\.$author).all()
    }

    /// Checks everything at once and saves nothing unless all is well: the text begins "How might we",
    /// the bucket is one of the four, and each linked note is on the community's board where the writer
    /// can read it.
    static func draft(
        _ text: String, bucket: String?, noteIDs: [String] = [], access: Access, scope: DistrictScope
    ) async throws
        -> InquiryQuestion
    {
        var problems: [FieldProblem] = []
        var kept = ""
        switch HowMightWe.validate(text) {
        case .success(let question): kept = question
        case .failure(let problem): problems.append(.init(field: "text", message: "Question: \(problem.description)"))
        }
        var chosen: RootCauseBucket?
        if let bucket, !bucket.isEmpty {
            chosen = RootCauseBucket(rawValue: bucket)
            if chosen == nil || chosen == .unsorted {
                problems.append(
                    .init(field: "bucket", message: "Bucket: resources, knowledge, skills or dispositions, or none."))
            }
        }
        var links: [String] = []
        if !noteIDs.isEmpty {
            let board = try await BoardService.load(try access.community.requireID(), on: scope.database).state.board
            let viewer = BoardService.participant(access, scope: scope)
            for id in noteIDs.map({ $0.lowercased() }) where !links.contains(id) {
                guard let note = board.readableNote(id, by: viewer) else {
                    problems.append(.init(field: "notes", message: "Notes: \(id) is not a note on this board."))
                    continue
                }
                links.append(note.id)
            }
        }
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        let question = InquiryQuestion(
            districtID: access.community.$district.id, communityID: try access.community.requireID(),
            authorID: scope.viewer.userID, text: kept, bucket: chosen)
        if !links.isEmpty { question.noteLinks = .init(notes: links) }
        try await question.create(on: scope.database)
        return question
    }

    /// The question as the core's exports read it: its bucket and the buckets of the notes it links to
    /// (notes since removed are dropped).
    static func drafted(_ question: InquiryQuestion, board: InquiryBoard, seenBy viewer: BoardParticipant) throws
        -> DraftedQuestion
    {
        let notes = question.noteIDs.compactMap { board.readableNote($0, by: viewer) }
        let buckets = Set(
            notes.map(\.bucket) + [question.bucket.flatMap(RootCauseBucket.init(rawValue:))].compactMap { $0 })
        return try DraftedQuestion(
            id: try question.requireID().uuidString, draft: question.text, authorID: question.$author.id.uuidString,
            buckets: RootCauseBucket.fourBuckets.filter(buckets.contains), noteIDs: notes.map(\.id))
    }

    static func currentVote(of community: Community, on db: any Database) async throws -> InquiryVote? {
        try await InquiryVote.query(on: db).filter(\.$community.$id == community.requireID())
            .sort(\.$openedAt, .descending).first()
    }

    static func openVote(access: Access, votesPerMember: Int = DotVote.defaultVotesPerMember, scope: DistrictScope)
        async throws
    {
        guard access.canRun else { throw Abort(.forbidden, reason: "The community's facilitators run the vote.") }
        let questions = try await questions(of: access.community, on: scope.database)
        guard questions.count >= 2 else {
            throw Abort(.conflict, reason: "A vote needs at least two drafted questions.")
        }
        if let vote = try await currentVote(of: access.community, on: scope.database), vote.closedAt == nil {
            throw Abort(.conflict, reason: "A vote is already open.")
        }
        try await InquiryVote(communityID: try access.community.requireID(), votesPerMember: votesPerMember)
            .create(on: scope.database)
    }

    static func closeVote(access: Access, scope: DistrictScope) async throws {
        guard access.canRun else { throw Abort(.forbidden, reason: "The community's facilitators run the vote.") }
        guard let vote = try await currentVote(of: access.community, on: scope.database), vote.closedAt == nil else {
            throw Abort(.conflict, reason: "No vote is open.")
        }
        vote.closedAt = scope.clock.now()
        try await vote.save(on: scope.database)
    }

    /// A member's dots, replacing any earlier ballot in this vote. Checked whole: nothing is saved if
    /// the dots are more than the allowance or name a question of another community.
    static func cast(_ dots: [UUID: Int], access: Access, scope: DistrictScope) async throws {
        guard access.isMember, scope.viewer.role == .leader else {
            throw Abort(.forbidden, reason: "The community's members vote.")
        }
        guard let vote = try await currentVote(of: access.community, on: scope.database), vote.closedAt == nil else {
            throw Abort(.conflict, reason: "No vote is open.")
        }
        let questionIDs = try await questions(of: access.community, on: scope.database).map {
            try $0.requireID().uuidString
        }
        var ballot = try DotVote(questionIDs: questionIDs, votesPerMember: vote.votesPerMember)
        do {
            try ballot.cast(
                DotVoteBallot(
                    voterID: scope.viewer.userID.uuidString,
                    dots: Dictionary(uniqueKeysWithValues: dots.map { ($0.key.uuidString, $0.value) })))
        } catch {
            throw ValidationProblem(field: "dots", "Your dots: \(error.description)")
        }
        let voteID = try vote.requireID()
        let voterID = scope.viewer.userID
        try await scope.database.transaction { db in
            try await InquiryBallotDot.query(on: db).filter(\.$vote.$id == voteID).filter(\.$voter.$id == voterID)
                .delete()
            for (question, count) in dots where count > 0 {
                try await InquiryBallotDot(voteID: voteID, voterID: voterID, questionID: question, dots: count)
                    .create(on: db)
            }
        }
    }

    struct VoteState {
        let vote: InquiryVote
        let voters: Int
        let mine: [UUID: Int]
        /// Totals, only once the vote is closed.
        let tally: DotVoteTally?
    }

    static func voteState(of community: Community, questions: [InquiryQuestion], scope: DistrictScope) async throws
        -> VoteState?
    {
        guard let vote = try await currentVote(of: community, on: scope.database) else { return nil }
        let dots = try await InquiryBallotDot.query(on: scope.database).filter(\.$vote.$id == vote.requireID()).all()
        let mine = Dictionary(
            dots.filter { $0.$voter.id == scope.viewer.userID }.map { ($0.$question.id, $0.dots) },
            uniquingKeysWith: +)
        var tally: DotVoteTally?
        if vote.closedAt != nil {
            let ballots = Dictionary(grouping: dots, by: { $0.$voter.id }).map { voter, dots in
                DotVoteBallot(
                    voterID: voter.uuidString,
                    dots: Dictionary(dots.map { ($0.$question.id.uuidString, $0.dots) }, uniquingKeysWith: +))
            }
            tally = try? DotVoteTally(
                questionIDs: try questions.map { try $0.requireID().uuidString }, ballots: ballots,
                votesPerMember: vote.votesPerMember)
        }
        return VoteState(vote: vote, voters: Set(dots.map { $0.$voter.id }).count, mine: mine, tally: tally)
    }

    /// A closed vote before the current one, with its totals: a new vote never hides an earlier result.
    struct EarlierVote: Sendable {
        let closedAt: Date
        let voters: Int
        /// Questions that got dots, most first (ties in drafting order).
        let totals: [(text: String, votes: Int)]
    }

    static func earlierVotes(of community: Community, questions: [InquiryQuestion], on db: any Database)
        async throws -> [EarlierVote]
    {
        let votes = try await InquiryVote.query(on: db).filter(\.$community.$id == community.requireID())
            .sort(\.$openedAt, .descending).all()
        let earlier = votes.dropFirst().filter { $0.closedAt != nil }
        guard !earlier.isEmpty else { return [] }
        let dots = try await InquiryBallotDot.query(on: db).filter(\.$vote.$id ~~ earlier.compactMap(\.id)).all()
        let byVote = Dictionary(grouping: dots, by: { $0.$vote.id })
        return earlier.compactMap { vote in
            guard let closedAt = vote.closedAt, let id = vote.id else { return nil }
            let cast = byVote[id] ?? []
            let perQuestion = Dictionary(cast.map { ($0.$question.id, $0.dots) }, uniquingKeysWith: +)
            let totals = questions.compactMap { question -> (text: String, votes: Int)? in
                guard let id = question.id, let votes = perQuestion[id], votes > 0 else { return nil }
                return (question.text, votes)
            }
            // A stable sort keeps drafting order among ties.
            let ranked = totals.enumerated().sorted { ($1.element.votes, $0.offset) < ($0.element.votes, $1.offset) }
            return EarlierVote(
                closedAt: closedAt, voters: Set(cast.map { $0.$voter.id }).count, totals: ranked.map(\.element))
        }
    }

    static func adopt(_ questionID: UUID, access: Access, scope: DistrictScope) async throws {
        guard access.canRun else {
            throw Abort(.forbidden, reason: "The community's facilitators record the question it adopts.")
        }
        guard
            try await InquiryQuestion.query(on: scope.database).filter(\.$id == questionID)
                .filter(\.$community.$id == access.community.requireID()).count() > 0
        else { throw ValidationProblem(field: "question", "Question: choose one of this community's questions.") }
        access.community.$inquiryQuestion.id = questionID
        try await access.community.save(on: scope.database)
    }

    /// The adopted question's text, for the community's pages and agendas.
    static func adoptedText(of communityID: UUID?, on db: any Database) async throws -> String? {
        guard let communityID else { return nil }
        return try await adoptedTexts(of: [communityID], on: db)[communityID]
    }

    /// The adopted questions' texts of these communities (those that have adopted one): one statement.
    static func adoptedTexts(of communityIDs: [UUID], on db: any Database) async throws -> [UUID: String] {
        guard !communityIDs.isEmpty else { return [:] }
        var texts: [UUID: String] = [:]
        for row in try await db.sql().raw(
            """
            SELECT c.id AS id, q.text AS text FROM communities c JOIN inquiry_questions q ON q.id = c.inquiry_question_id
            WHERE c.id IN (\(SQLList(communityIDs.map { SQLBind($0) })))
            """
        ).all() {
            texts[try row.decodeUUID(column: "id")] = try row.decode(column: "text", as: String.self)
        }
        return texts
    }
}
