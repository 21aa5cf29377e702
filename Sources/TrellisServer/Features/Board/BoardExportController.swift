import Fluent
import Foundation
import TrellisCore
import Vapor

/// The board as a file: `?format=csv` (the default) or `?format=markdown`, for the community's members
/// and its cohort's facilitators, from the pages and the API alike. It holds what the community decided,
/// never who wrote a note.
enum BoardExportController {
    static func register(_ routes: RouteGroups) {
        let (pages, api) = (routes.pages, routes.api)
        pages.get(SiteURL.communityBoardStep(.key, .export).pathComponents, use: board)
        api.get(SiteURL.api(.communityBoardStep(.key, .export)).pathComponents, use: board)
    }

    @Sendable static func board(_ request: Request) async throws -> Response {
        let format = try ExportFormat(request)
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        let board = try await BoardService.load(try access.community.requireID(), on: request.db).state.board
        let viewer = BoardService.participant(access, scope: scope)
        return Download.export(
            format == .csv
                ? InquiryExport.boardCSV(board, seenBy: viewer)
                : InquiryExport.boardMarkdown(board, seenBy: viewer, title: "Root causes: \(access.community.name)"),
            format: format, name: "\(access.community.name) root causes")
    }
}
