import Fluent
import Foundation
import TrellisCore
import Vapor

/// The board's past, for the community's members and its cohort's facilitators.
enum BoardHistoryController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        pages.get(SiteURL.communityBoardStep(.key, .history).pathComponents, use: page)
    }

    /// `?at=N` shows the board after change N (the latest when absent); each meeting's snapshot links to
    /// the change it ended with.
    @Sendable static func page(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        let communityID = try access.community.requireID()
        let viewer = BoardService.participant(access, scope: scope)
        let records = try await BoardHistoryService.events(of: communityID, on: request.db)
        let events = records.map(\.payload.event)
        let snapshots = try await BoardHistoryService.snapshots(of: communityID, on: request.db)
        let steps = events.last?.sequence ?? 0
        let step = min(max(request.query[Int.self, at: "at"] ?? steps, 0), steps)
        let board = try BoardHistory.replay(events, through: step)
        let zone = try await District.zone(of: access.community.$district.id, on: request.db)
        var summary: String?
        if let record = records.first(where: { $0.sequence == step }) {
            let event = record.payload.event
            // the note's words, where the viewer could read them at that step (a removed note, just before)
            let shown = try BoardHistory.noteID(of: event).flatMap { id in
                try board.readableNote(id, by: viewer)
                    ?? BoardHistory.replay(events, through: step - 1).readableNote(id, by: viewer)
            }?.text
            let line = BoardHistory.summary(of: event)
            summary =
                (shown.map { "\(line.dropLast()): “\($0)”" } ?? line)
                + (record.createdAt.map { " · " + Self.when($0, in: zone) } ?? "")
        }
        let model = BoardHistoryPage.Model(
            communityID: communityID, communityName: access.community.name,
            snapshots: snapshots.map { snapshot in
                let notes = snapshot.state.board.notes(seenBy: viewer)
                return .init(
                    label: snapshot.meetingLabel, sequence: snapshot.sequence,
                    counts: (RootCauseBucket.fourBuckets + [.unsorted]).map { bucket in
                        (bucket, notes.count { $0.bucket == bucket })
                    }.filter { $0.bucket != .unsorted || $0.count > 0 })
            },
            step: step, steps: steps,
            summary: summary,
            meetingLabel: snapshots.first { $0.sequence == step }?.meetingLabel,
            buckets: RootCauseBucket.allCases.map { bucket in
                (bucket, board.notes(in: bucket, seenBy: viewer).map(\.text))
            })
        return BoardHistoryPage.view(model, context: PageContext(request)).response()
    }

    /// "Tue 20 Oct 2026, 15:42" in the district's clock.
    static func when(_ date: Date, in zone: TimeZone) -> String {
        "\(CalendarDay(date, timeZone: zone).readable), \(TimeOfDay(date, in: zone))"
    }
}
