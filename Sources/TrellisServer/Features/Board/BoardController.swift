import Fluent
import Foundation
import NIOWebSocket
import TrellisCore
import Vapor

/// The community's root-cause board: a plain page of forms that works without JavaScript, and a live
/// connection that tells open pages to refresh when anyone changes the board.
enum BoardController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        pages.get(SiteURL.communityBoard(.key).pathComponents, use: page)
        pages.post(SiteURL.communityBoard(.key).pathComponents, use: change)
        pages.get(SiteURL.communityBoardLive(.key).pathComponents, use: openLive)
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        try await render(request, problems: [], status: .ok, draft: "")
    }

    static func render(_ request: Request, problems: [FieldProblem], status: HTTPResponseStatus, draft: String)
        async throws -> Response
    {
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        let communityID = try access.community.requireID()
        let record = try await BoardService.load(communityID, on: request.db)
        let participant = BoardService.participant(access, scope: scope)
        let board = record.state.board
        let authorIDs = Set(board.notes(seenBy: participant).compactMap { UUID(uuidString: $0.authorID) })
        let names = try await BoardService.names(of: authorIDs, on: request.db)
        // The timer's end in the district's own clock, as the people in the room read it.
        let zone = try await District.zone(of: access.community.$district.id, on: request.db)
        let model = BoardPage.Model(
            communityID: communityID, communityName: access.community.name, sequence: board.sequence,
            buckets: RootCauseBucket.allCases.map { bucket in
                (
                    bucket,
                    board.notes(in: bucket, seenBy: participant).map { note in
                        BoardPage.Note(
                            id: note.id, text: note.text,
                            author: UUID(uuidString: note.authorID).flatMap { names[$0] } ?? "someone",
                            hidden: note.isHidden(from: participant.id),
                            mineOnly: !note.revealed && note.authorID == participant.id, version: note.version,
                            canDelete: participant.isFacilitator || note.authorID == participant.id)
                    }
                )
            },
            isLocked: board.isLocked, isPrivateMode: board.isPrivateMode, hiddenCount: board.hiddenNoteCount,
            timerEndsAt: record.timerEndsAt.flatMap { $0 > request.now ? $0 : nil }.map {
                TimeOfDay($0, in: zone).description
            },
            timerEndsInstant: record.timerEndsAt.flatMap { $0 > request.now ? $0 : nil }.map {
                ISO8601DateFormatter().string(from: $0)
            },
            isFacilitator: participant.isFacilitator, draft: draft, problems: problems)
        return BoardPage.view(model, context: PageContext(request)).response(status: status)
    }

    struct ChangeForm: Content {
        var op: String?
        var text: String?
        var bucket: String?
        var note: String?
        var seenVersion: Int?
        var minutes: String?
    }

    @Sendable static func change(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        let form = try request.content.decode(ChangeForm.self)
        let bucket = RootCauseBucket(rawValue: form.bucket ?? "") ?? .unsorted
        guard
            let operation = BoardOperation(
                op: form.op ?? "", text: form.text, bucket: bucket, note: form.note, seenVersion: form.seenVersion,
                position: nil, minutes: Int(form.minutes ?? ""))
        else { throw Abort(.unprocessableEntity, reason: "Say what to change on the board.") }
        do {
            _ = try await request.application.boards.perform(
                operation, community: try access.community.requireID(),
                by: BoardService.participant(access, scope: scope), on: request.db)
        } catch let problem as ValidationProblem {
            let field = form.op == "add" ? "text" : "board"
            return try await render(
                request, problems: problem.problems.map { FieldProblem(field: field, message: $0.message) },
                status: .unprocessableEntity, draft: form.op == "add" ? form.text ?? "" : "")
        }
        return request.redirect(to: SiteURL.communityBoard(.value(try access.community.requireID())).relativeURL)
    }

    /// Checks before the handshake, so a refusal is a plain HTTP answer a client can read: 404 for people
    /// who may not see the board, 403 for pages of another site (a cross-site page cannot ride the
    /// cookie). Only then does the connection upgrade.
    @Sendable static func openLive(_ request: Request) async throws -> Response {
        _ = try await QuestionService.access(try request.idParameter(), scope: try request.scope)
        guard Self.isOwnOrigin(request) else {
            throw Abort(.forbidden, reason: "Live updates open from Trellis's own pages.")
        }
        return request.webSocket(onUpgrade: live)
    }

    /// The page asking is one of this site's: its Origin is the configured public address (behind a proxy
    /// that rewrites Host) or names the host the request was sent to. No Origin, no connection.
    static func isOwnOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers.first(name: .origin), let url = URL(string: origin), let host = url.host
        else { return false }
        let named = "\(host)\(url.port.map { ":\($0)" } ?? "")".lowercased()
        if let configured = request.application.trellis.configuration.publicURL.flatMap(URL.init(string:)),
            let publicHost = configured.host
        {
            let expected = "\(publicHost)\(configured.port.map { ":\($0)" } ?? "")".lowercased()
            if named == expected && url.scheme?.lowercased() == configured.scheme?.lowercased() { return true }
        }
        let sentTo = (request.headers.first(name: .host) ?? "").lowercased()
        return !sentTo.isEmpty && named == sentTo
    }

    /// Sends `{"type":"event","event":{…}}` for every change, as this person may see it, and
    /// `{"type":"hello","sequence":N}` on connecting so a page that missed changes while offline resyncs.
    @Sendable static func live(_ request: Request, _ socket: WebSocket) async {
        guard let scope = try? request.scope, let communityID = try? request.idParameter(),
            let access = try? await QuestionService.access(communityID, scope: scope),
            let record = try? await BoardService.load(communityID, on: request.db)
        else {
            try? await socket.close(code: .policyViolation)
            return
        }
        let participant = BoardService.participant(access, scope: scope)
        let broadcast = request.application.boards.broadcast
        let subscription = await broadcast.subscribe(community: communityID, participant: participant) { text in
            try? await socket.send(text)
        }
        socket.onClose.whenComplete { _ in
            Task { await broadcast.unsubscribe(subscription, community: communityID) }
        }
        try? await socket.send(#"{"type":"hello","sequence":\#(record.state.board.sequence)}"#)
    }
}
