import Fluent
import FluentPostgresDriver
import Foundation
import Logging
import SQLKit
import TrellisCore
import Vapor

/// Board changes across instances on one PostgreSQL database. A change reaches this instance's own pages
/// at once (as `LocalBoardBroadcast` does), and every other instance through `NOTIFY trellis_board`: the
/// notification carries only the community's id and the event's sequence number, never words; each
/// instance reads the event from `inquiry_board_events` and hands it to its pages as they may see it.
/// Each instance listens on one connection of its own (outside Fluent's pool), reconnecting with back-off;
/// after a reconnect it catches up from the events table, so an open page never misses a change.
actor PostgresBoardBroadcast: BoardBroadcast {
    static let channel = "trellis_board"

    private let local = LocalBoardBroadcast()
    /// The id this instance signs its timer notifications with, to skip its own.
    private let instance = UUID().uuidString.lowercased()
    /// The latest sequence each community's pages here were told about.
    private var delivered: [UUID: Int] = [:]
    private var listening = false
    private var task: Task<Void, Never>?
    private var connection: PostgresConnection?
    private let configuration: PostgresConnection.Configuration
    private let application: Application
    private let logger: Logger

    init(url: String, application: Application) throws {
        self.configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        self.application = application
        self.logger = Logger(label: "trellis.board.listen")
    }

    /// Whether this instance hears other instances' changes (`/readyz` fails while it does not). Starts the
    /// listener if nothing has yet, and gives a connection being made up to two seconds.
    var isReady: Bool {
        get async {
            start()
            for _ in 0..<100 where !listening {
                try? await Task.sleep(nanoseconds: 20_000_000)
            }
            return listening
        }
    }

    func start() {
        guard task == nil else { return }
        task = Task { await self.listenForever() }
    }

    func stop() async {
        task?.cancel()
        task = nil
        try? await connection?.close()
        connection = nil
        listening = false
    }

    // MARK: - BoardBroadcast

    func publish(_ event: BoardEvent, community: UUID) async {
        delivered[community] = max(delivered[community] ?? 0, event.sequence)
        await local.publish(event, community: community)
        await notify("\(UUIDText.lowercased(community))/\(event.sequence)")
    }

    func publishTimer(community: UUID) async {
        await local.publishTimer(community: community)
        await notify("\(UUIDText.lowercased(community))/timer/\(instance)")
    }

    func subscribe(community: UUID, participant: BoardParticipant, send: @escaping @Sendable (String) async -> Void)
        async -> UUID
    {
        start()
        return await local.subscribe(community: community, participant: participant, send: send)
    }

    func unsubscribe(_ subscription: UUID, community: UUID) async {
        await local.unsubscribe(subscription, community: community)
    }

    // MARK: - Across instances

    private func notify(_ payload: String) async {
        do {
            guard let sql = application.db as? any SQLDatabase else { return }
            try await sql.raw("SELECT pg_notify(\(bind: Self.channel), \(bind: payload))").run()
            TrellisMetrics.boardNotificationSent()
        } catch {
            // the change is saved; other instances' pages catch up on their next change or reconnect
            logger.warning("board notification not sent: \(String(describing: type(of: error)))")
        }
    }

    /// "community/sequence" or "community/timer/instance".
    func received(_ payload: String) async {
        TrellisMetrics.boardNotificationReceived()
        let parts = payload.split(separator: "/").map(String.init)
        guard parts.count >= 2, let community = UUID(uuidString: parts[0]) else { return }
        if parts[1] == "timer" {
            if parts.count < 3 || parts[2] != instance { await local.publishTimer(community: community) }
            return
        }
        guard let sequence = Int(parts[1]) else { return }
        await deliver(community, through: sequence)
    }

    /// Hands this instance's pages the events after the last they were told about, up to `sequence`.
    private func deliver(_ community: UUID, through sequence: Int) async {
        let last = delivered[community] ?? (sequence - 1)
        guard sequence > last, await local.hasSubscribers(community) else {
            delivered[community] = max(delivered[community] ?? 0, sequence)
            return
        }
        do {
            let events = try await BoardEventRecord.query(on: application.db)
                .filter(\.$community.$id == community).filter(\.$sequence > last).filter(\.$sequence <= sequence)
                .sort(\.$sequence).all().map(\.payload.event)
            for event in events { await local.publish(event, community: community) }
            delivered[community] = max(delivered[community] ?? 0, sequence)
        } catch {
            logger.warning("board events not read: \(String(describing: type(of: error)))")
        }
    }

    /// After a reconnect: every community with open pages here is brought up to its latest event.
    private func catchUp() async {
        for community in await local.communities() {
            guard
                let latest = try? await BoardEventRecord.query(on: application.db).filter(\.$community.$id == community)
                    .max(\.$sequence)
            else { continue }
            await deliver(community, through: latest)
        }
    }

    private var retryDelay = 0.25

    private func listeningOn(_ connection: PostgresConnection) async {
        self.connection = connection
        listening = true
        retryDelay = 0.25
        logger.info("listening for board changes")
        await catchUp()
    }

    private func lost() -> Double {
        connection = nil
        listening = false
        let delay = retryDelay
        retryDelay = min(retryDelay * 2, 5)
        return delay
    }

    private func listenForever() async {
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    on: application.eventLoopGroup.any(), configuration: configuration, id: 1, logger: logger)
                do {
                    if !Task.isCancelled {
                        try await connection.listen(on: Self.channel) { notifications in
                            await self.listeningOn(connection)
                            for try await notification in notifications { await self.received(notification.payload) }
                        }
                    }
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            } catch {
                if !Task.isCancelled { logger.warning("board listener lost its connection; reconnecting") }
            }
            let delay = lost()
            try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
        }
    }
}
