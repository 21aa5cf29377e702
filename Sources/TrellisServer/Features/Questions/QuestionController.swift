import Fluent
import Foundation
import TrellisCore
import Vapor

/// A community's inquiry page: drafting "How might we …" questions, the dot vote, and the adopted question.
enum QuestionController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        pages.get(SiteURL.communityInquiry(.key).pathComponents, use: page)
        pages.post(SiteURL.communityInquiryStep(.key, .questions).pathComponents, use: draft)
        pages.post(SiteURL.communityInquiryStep(.key, .ballot).pathComponents, use: ballot)
        let runners = pages.grouped(RoleGuard(.districtAdmin, .facilitator))
        runners.post(SiteURL.communityInquiryStep(.key, .vote).pathComponents, use: vote)
        runners.post(SiteURL.communityInquiryStep(.key, .adoption).pathComponents, use: adopt)
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let notices = [
            "drafted": "Your question was added.", "voted": "Your dots are cast.", "opened": "The vote is open.",
            "closed": "The vote is closed.", "adopted": "The community has its yearlong question.",
        ]
        return try await render(
            request, problems: [], status: .ok, draft: "", bucket: "",
            notice: request.query[String.self, at: "done"].flatMap { notices[$0] })
    }

    static func render(
        _ request: Request, problems: [FieldProblem], status: HTTPResponseStatus, draft: String, bucket: String,
        chosenNotes: [String] = [], notice: String? = nil
    ) async throws -> Response {
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        let questions = try await QuestionService.questions(of: access.community, on: request.db)
        let state = try await QuestionService.voteState(of: access.community, questions: questions, scope: scope)
        let members = try await QuestionService.memberCount(of: access.community, on: request.db)
        let board = try await BoardService.load(try access.community.requireID(), on: request.db).state.board
        let viewer = BoardService.participant(access, scope: scope)
        let readable = board.readableNotes(by: viewer)
        let zone = try await District.zone(of: access.community.$district.id, on: request.db)
        let model = InquiryPage.Model(
            communityID: try access.community.requireID(), communityName: access.community.name,
            adopted: try await QuestionService.adoptedText(of: access.community.id, on: request.db),
            questions: try questions.map { question in
                let id = try question.requireID()
                return .init(
                    id: id, text: question.text, author: question.author.fullName,
                    bucket: question.bucket.flatMap(RootCauseBucket.init(rawValue:))?.title,
                    votes: state?.tally?.votes(for: id.uuidString), mine: state?.mine[id] ?? 0,
                    notes: question.noteIDs.compactMap { id in readable.first { $0.id == id }?.text })
            },
            boardNotes: readable.map { (id: $0.id, text: $0.text, bucket: $0.bucket.title) }, chosenNotes: chosenNotes,
            canRun: access.canRun, canVote: access.isMember && scope.viewer.role == .leader,
            voteOpen: state.map { $0.vote.closedAt == nil },
            votesPerMember: state?.vote.votesPerMember ?? DotVote.defaultVotesPerMember, voters: state?.voters ?? 0,
            members: members, draft: draft, bucket: bucket, problems: problems, notice: notice,
            earlierVotes: try await QuestionService.earlierVotes(
                of: access.community, questions: questions, on: request.db
            ).map { vote in
                (CalendarDay(vote.closedAt, timeZone: zone).readable, vote.voters, vote.totals)
            })
        return InquiryPage.view(model, context: PageContext(request)).response(status: status)
    }

    private static func done(_ request: Request, _ what: SiteURL.Done) throws -> Response {
        request.redirect(
            to: SiteURL.communityInquiry(.value(try request.idParameter())).relativeURL(.done(what)))
    }

    struct DraftForm: Content {
        var text: String?
        var bucket: String?
        var notes: [String]?
    }

    @Sendable static func draft(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        let form = try request.content.decode(DraftForm.self)
        do {
            _ = try await QuestionService.draft(
                form.text ?? "", bucket: form.bucket, noteIDs: form.notes ?? [], access: access, scope: scope)
        } catch let problem as ValidationProblem {
            return try await render(
                request, problems: problem.problems, status: .unprocessableEntity, draft: form.text ?? "",
                bucket: form.bucket ?? "", chosenNotes: form.notes ?? [])
        }
        return try done(request, .drafted)
    }

    @Sendable static func ballot(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        let fields = try request.content.decode([String: String].self)
        var dots: [UUID: Int] = [:]
        for (key, value) in fields where key.hasPrefix("dots-") {
            guard let id = UUID(uuidString: String(key.dropFirst("dots-".count))) else { continue }
            let text = value.trimmingCharacters(in: .whitespaces)
            guard let count = text.isEmpty ? 0 : Int(text) else {
                return try await render(
                    request, problems: [.init(field: "dots", message: "Your dots: whole numbers only.")],
                    status: .unprocessableEntity, draft: "", bucket: "")
            }
            dots[id] = count
        }
        do {
            try await QuestionService.cast(dots, access: access, scope: scope)
        } catch let problem as ValidationProblem {
            return try await render(
                request, problems: problem.problems, status: .unprocessableEntity, draft: "", bucket: "")
        }
        return try done(request, .voted)
    }

    struct VoteForm: Content {
        var action: String?
    }

    @Sendable static func vote(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        switch try request.content.decode(VoteForm.self).action {
        case "open":
            try await QuestionService.openVote(access: access, scope: scope)
            return try done(request, .opened)
        case "close":
            try await QuestionService.closeVote(access: access, scope: scope)
            return try done(request, .closed)
        default:
            throw Abort(.unprocessableEntity, reason: "Open or close the vote.")
        }
    }

    struct AdoptionForm: Content {
        var adopt: String?
    }

    @Sendable static func adopt(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        let form = try request.content.decode(AdoptionForm.self)
        do {
            try await QuestionService.adopt(
                form.adopt.flatMap(UUID.init(uuidString:)) ?? UUID(), access: access, scope: scope)
        } catch let problem as ValidationProblem {
            return try await render(
                request, problems: problem.problems, status: .unprocessableEntity, draft: "", bucket: "")
        }
        return try done(request, .adopted)
    }
}
