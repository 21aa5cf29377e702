import Fluent
import Foundation
import TrellisCore

/// Keeps a snapshot of the board per meeting and reads the board's past.
enum BoardHistoryService {
    /// The community's meetings up to a day after `time`: its own series, or its cohort's cohort-wide
    /// series when it has none; cancelled meetings do not count. Labelled as people read them.
    static func meetings(of communityID: UUID, until time: Date, on db: any Database) async throws
        -> [(meeting: BoardHistory.Meeting<String>, label: String)]
    {
        guard let community = try await Community.find(communityID, on: db) else { return [] }
        let all = try await MeetingSeriesRecord.query(on: db).filter(\.$cohort.$id == community.$cohort.id)
            .with(\.$changes).all()
        let own = all.filter { $0.$community.id == communityID }
        var meetings: [(meeting: BoardHistory.Meeting<String>, label: String)] = []
        for record in own.isEmpty ? all.filter({ $0.$community.id == nil }) : own {
            let series = try record.series()
            let from = CalendarDay(record.startsOn) ?? CalendarDay(time).adding(days: -366)
            for meeting in series.occurrences(from: from, through: CalendarDay(time).adding(days: 1))
            where meeting.status != .cancelled {
                meetings.append(
                    (
                        .init(
                            key: "\(UUIDText.lowercased(try record.requireID()))/\(meeting.key)",
                            start: meeting.start, end: meeting.end),
                        "\(record.title), \(meeting.slot.readable)"
                    ))
            }
        }
        return meetings.sorted { $0.meeting.start < $1.meeting.start }
    }

    /// Stores `board` as the snapshot of the meeting under way at `time` (replacing that meeting's earlier
    /// snapshot); a change made between meetings is kept only in the board's events.
    static func keep(_ board: InquiryBoard, community communityID: UUID, at time: Date, on db: any Database)
        async throws
    {
        let meetings = try await meetings(of: communityID, until: time, on: db)
        guard let key = BoardHistory.meeting(at: time, among: meetings.map(\.meeting)),
            let found = meetings.first(where: { $0.meeting.key == key })
        else { return }
        let snapshot =
            try await BoardSnapshotRecord.query(on: db).filter(\.$community.$id == communityID)
            .filter(\.$meetingKey == key).first()
            ?? BoardSnapshotRecord(
                communityID: communityID, meetingKey: key, meetingLabel: found.label,
                meetingStartsAt: found.meeting.start)
        snapshot.sequence = board.sequence
        snapshot.state = .init(board: board)
        snapshot.takenAt = time
        try await snapshot.save(on: db)
    }

    /// The community's snapshots, latest meeting first.
    static func snapshots(of communityID: UUID, on db: any Database) async throws -> [BoardSnapshotRecord] {
        try await BoardSnapshotRecord.query(on: db).filter(\.$community.$id == communityID).sort(
            \.$sequence, .descending
        )
        .all()
    }

    /// Every change in order, with when it was made.
    static func events(of communityID: UUID, on db: any Database) async throws -> [BoardEventRecord] {
        try await BoardEventRecord.query(on: db).filter(\.$community.$id == communityID).sort(\.$sequence).all()
    }
}
