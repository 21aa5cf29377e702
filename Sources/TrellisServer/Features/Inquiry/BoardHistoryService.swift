import Fluent
import Foundation
import TrellisCore

/// Keeps a snapshot of the board per meeting and reads the board's past.
enum BoardHistoryService {
    static let beforeFirstMeeting = "before"

    /// Stores `board` as the snapshot of the meeting a change made at `time` belongs to (replacing that
    /// meeting's earlier snapshot). The meetings are the community's own series, or its cohort's
    /// cohort-wide series when it has none; cancelled meetings do not count.
    static func keep(_ board: InquiryBoard, community communityID: UUID, at time: Date, on db: any Database)
        async throws
    {
        guard let community = try await Community.find(communityID, on: db) else { return }
        let all = try await MeetingSeriesRecord.query(on: db).filter(\.$cohort.$id == community.$cohort.id)
            .with(\.$changes).all()
        let own = all.filter { $0.$community.id == communityID }
        var meetings: [BoardHistory.Meeting<String>] = []
        var labels: [String: (label: String, start: Date)] = [:]
        for record in own.isEmpty ? all.filter({ $0.$community.id == nil }) : own {
            let series = try record.series()
            let from = CalendarDay(record.startsOn) ?? CalendarDay(time).adding(days: -366)
            for meeting in series.occurrences(from: from, through: CalendarDay(time).adding(days: 1))
            where meeting.status != .cancelled {
                let key = "\(try record.requireID().uuidString.lowercased())/\(meeting.key)"
                meetings.append(.init(key: key, start: meeting.start))
                labels[key] = ("\(record.title), \(MeetingFormat.slot(meeting.slot))", meeting.start)
            }
        }
        let key = BoardHistory.meeting(at: time, among: meetings) ?? beforeFirstMeeting
        let snapshot =
            try await BoardSnapshotRecord.query(on: db).filter(\.$community.$id == communityID)
            .filter(\.$meetingKey == key).first()
            ?? BoardSnapshotRecord(
                communityID: communityID, meetingKey: key,
                meetingLabel: labels[key]?.label ?? "Before the first meeting", meetingStartsAt: labels[key]?.start)
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

    /// Every change in order.
    static func events(of communityID: UUID, on db: any Database) async throws -> [BoardEvent] {
        try await BoardEventRecord.query(on: db).filter(\.$community.$id == communityID).sort(\.$sequence).all()
            .map(\.payload.event)
    }
}
