import Fluent
import Foundation
import TrellisCore
import Vapor

/// The board and the questions as files: `?format=csv` (the default) or `?format=markdown`, for the
/// community's members and its cohort's facilitators, from the pages and the API alike. Files hold what
/// the community decided, never who wrote a note or how anyone voted.
enum InquiryExportController {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        pages.get(SiteURL.communityBoardStep(.key, "export").pathComponents, use: board)
        pages.get(SiteURL.communityInquiryStep(.key, "export").pathComponents, use: questions)
        api.get(SiteURL.api(.communityBoardStep(.key, "export")).pathComponents, use: board)
        api.get(SiteURL.api(.communityQuestionsExport(.key)).pathComponents, use: questions)
    }

    enum Format: String {
        case csv, markdown

        init(_ request: Request) throws {
            let asked = request.query[String.self, at: "format"] ?? "csv"
            guard let format = Format(rawValue: asked) else {
                throw Abort(.badRequest, reason: "format: csv or markdown, not \(asked).")
            }
            self = format
        }
    }

    @Sendable static func board(_ request: Request) async throws -> Response {
        let format = try Format(request)
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        let board = try await BoardService.load(try access.community.requireID(), on: request.db).state.board
        let viewer = BoardService.participant(access, scope: scope)
        return file(
            format == .csv
                ? InquiryExport.boardCSV(board, seenBy: viewer)
                : InquiryExport.boardMarkdown(board, seenBy: viewer, title: "Root causes: \(access.community.name)"),
            format: format, name: "\(access.community.name) root causes")
    }

    @Sendable static func questions(_ request: Request) async throws -> Response {
        let format = try Format(request)
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        let records = try await QuestionService.questions(of: access.community, on: request.db)
        let state = try await QuestionService.voteState(of: access.community, questions: records, scope: scope)
        let board = try await BoardService.load(try access.community.requireID(), on: request.db).state.board
        let viewer = BoardService.participant(access, scope: scope)
        let drafted = try records.map { try QuestionService.drafted($0, board: board, seenBy: viewer) }
        let adopted = access.community.$inquiryQuestion.id?.uuidString
        return file(
            format == .csv
                ? InquiryExport.questionsCSV(drafted, tally: state?.tally, adoptedID: adopted)
                : InquiryExport.questionsMarkdown(
                    drafted, tally: state?.tally, adoptedID: adopted,
                    title: "How might we … questions: \(access.community.name)"),
            format: format, name: "\(access.community.name) questions")
    }

    /// A download named after the community, in plain ASCII so every browser keeps the name.
    static func file(_ text: String, format: Format, name: String) -> Response {
        let slug = name.lowercased().unicodeScalars
            .map { $0.isASCII && CharacterSet.alphanumerics.contains($0) ? String($0) : "-" }
            .joined().split(separator: "-").joined(separator: "-")
        let filename = "\(slug.isEmpty ? "inquiry" : slug).\(format == .csv ? "csv" : "md")"
        // A byte-order mark tells Excel the file is UTF-8, so accents and curly quotes survive a double-click.
        return format == .csv
            ? Download.response("\u{FEFF}" + text, subType: "csv", filename: filename)
            : Download.response(text, subType: "markdown", filename: filename)
    }
}
