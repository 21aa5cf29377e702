import Fluent
import Foundation
import TrellisCore
import Vapor

/// `POST /api/v1/communities/{id}/questions` (422 unless it begins "How might we"), the list with the
/// vote's state, and a member's ballot.
enum QuestionAPIController {
    static func register(_ routes: RouteGroups) {
        let api = routes.api
        api.get(SiteURL.api(.communityQuestions(.key)).pathComponents, use: list)
        api.post(SiteURL.api(.communityQuestions(.key)).pathComponents, use: create)
        api.grouped(RoleGuard(.leader)).post(SiteURL.api(.communityBallot(.key)).pathComponents, use: ballot)
        let runners = api.grouped(RoleGuard(.districtAdmin, .facilitator))
        runners.post(SiteURL.api(.communityStep(.key, .vote)).pathComponents, use: vote)
        runners.put(SiteURL.api(.communityStep(.key, .inquiryQuestion)).pathComponents, use: adopt)
    }

    struct VoteBody: Content {
        var action: String?
        var votesPerMember: Int?
    }

    /// Opens (409 when one is open or fewer than two questions) or closes the dot vote.
    @Sendable static func vote(_ request: Request) async throws -> QuestionsDTO {
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        try request.requireJSONBody()
        let body = try request.content.decode(VoteBody.self)
        switch body.action {
        case "open":
            let dots = body.votesPerMember ?? DotVote.defaultVotesPerMember
            guard (1...10).contains(dots) else {
                throw ValidationProblem(field: "votesPerMember", "votesPerMember: from 1 to 10.")
            }
            try await QuestionService.openVote(access: access, votesPerMember: dots, scope: scope)
        case "close": try await QuestionService.closeVote(access: access, scope: scope)
        default: throw ValidationProblem(field: "action", "action: open or close.")
        }
        return try await dto(access, scope: scope)
    }

    struct AdoptionBody: Content {
        var questionId: UUID?
    }

    /// Records the question the community adopted as its yearlong inquiry question.
    @Sendable static func adopt(_ request: Request) async throws -> QuestionsDTO {
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        try request.requireJSONBody()
        let body = try request.content.decode(AdoptionBody.self)
        try await QuestionService.adopt(body.questionId ?? UUID(), access: access, scope: scope)
        return try await dto(access, scope: scope)
    }

    struct QuestionDTO: Content {
        var id: UUID
        var text: String
        var authorId: UUID
        var bucket: String?
        /// The board notes it grew from.
        var noteIds: [String]
        /// Only once the vote is closed.
        var votes: Int?
    }

    struct QuestionsDTO: Content {
        struct Vote: Content {
            var open: Bool
            var votesPerMember: Int
            var voters: Int
            /// The viewer's own dots, by question id.
            var mine: [String: Int]
        }

        var communityId: UUID
        var adoptedQuestionId: UUID?
        var vote: Vote?
        var items: [QuestionDTO]
    }

    static func dto(_ access: QuestionService.Access, scope: DistrictScope) async throws -> QuestionsDTO {
        let questions = try await QuestionService.questions(of: access.community, on: scope.database)
        // only the linked notes the caller can read: not a hidden note of someone else, not a removed one
        let board = try await BoardService.load(try access.community.requireID(), on: scope.database).state.board
        let viewer = BoardService.participant(access, scope: scope)
        let readable = Set(board.readableNotes(by: viewer).map(\.id))
        let state = try await QuestionService.voteState(of: access.community, questions: questions, scope: scope)
        return QuestionsDTO(
            communityId: try access.community.requireID(), adoptedQuestionId: access.community.$inquiryQuestion.id,
            vote: state.map {
                .init(
                    open: $0.vote.closedAt == nil, votesPerMember: $0.vote.votesPerMember, voters: $0.voters,
                    mine: Dictionary(uniqueKeysWithValues: $0.mine.map { (UUIDText.lowercased($0.key), $0.value) }))
            },
            items: try questions.map { question in
                let id = try question.requireID()
                return QuestionDTO(
                    id: id, text: question.text, authorId: question.$author.id, bucket: question.bucket,
                    noteIds: question.noteIDs.filter(readable.contains), votes: state?.tally?.votes(for: id.uuidString))
            })
    }

    @Sendable static func list(_ request: Request) async throws -> QuestionsDTO {
        let scope = try request.scope
        return try await dto(try await QuestionService.access(try request.idParameter(), scope: scope), scope: scope)
    }

    struct NewQuestion: Content {
        var text: String?
        var bucket: String?
        var noteIds: [String]?
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        try request.requireJSONBody()
        let body = try request.content.decode(NewQuestion.self)
        let question = try await QuestionService.draft(
            body.text ?? "", bucket: body.bucket, noteIDs: body.noteIds ?? [], access: access, scope: scope)
        return try .created(
            QuestionDTO(
                id: try question.requireID(), text: question.text, authorId: question.$author.id,
                bucket: question.bucket, noteIds: question.noteIDs, votes: nil))
    }

    struct BallotBody: Content {
        var dots: [String: Int]
    }

    @Sendable static func ballot(_ request: Request) async throws -> QuestionsDTO {
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        try request.requireJSONBody()
        let body = try request.content.decode(BallotBody.self)
        var dots: [UUID: Int] = [:]
        for (key, count) in body.dots {
            guard let id = UUID(uuidString: key) else {
                throw ValidationProblem(field: "dots", "dots: \(key) is not a question id")
            }
            dots[id] = count
        }
        try await QuestionService.cast(dots, access: access, scope: scope)
        return try await dto(access, scope: scope)
    }
}
