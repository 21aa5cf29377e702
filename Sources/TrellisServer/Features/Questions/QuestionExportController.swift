import Fluent
import Foundation
import TrellisCore
import Vapor

/// The community's questions as a file: `?format=csv` (the default) or `?format=markdown`, for its
/// members and its cohort's facilitators, from the pages and the API alike. It holds the questions, the
/// tally and the adopted one, never how anyone voted.
enum QuestionExportController {
    static func register(_ routes: RouteGroups) {
        let (pages, api) = (routes.pages, routes.api)
        pages.get(SiteURL.communityInquiryStep(.key, .export).pathComponents, use: questions)
        api.get(SiteURL.api(.communityQuestionsExport(.key)).pathComponents, use: questions)
    }

    @Sendable static func questions(_ request: Request) async throws -> Response {
        let format = try ExportFormat(request)
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        let records = try await QuestionService.questions(of: access.community, on: request.db)
        let state = try await QuestionService.voteState(of: access.community, questions: records, scope: scope)
        let board = try await BoardService.load(try access.community.requireID(), on: request.db).state.board
        let viewer = BoardService.participant(access, scope: scope)
        let drafted = try records.map { try QuestionService.drafted($0, board: board, seenBy: viewer) }
        let adopted = access.community.$inquiryQuestion.id?.uuidString
        return Download.export(
            format == .csv
                ? InquiryExport.questionsCSV(drafted, tally: state?.tally, adoptedID: adopted)
                : InquiryExport.questionsMarkdown(
                    drafted, tally: state?.tally, adoptedID: adopted,
                    title: "How might we … questions: \(access.community.name)"),
            format: format, name: "\(access.community.name) questions")
    }
}
