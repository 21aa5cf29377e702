import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOSSL
import SQLKit
import TrellisCore
import Vapor

/// Sends the outbox and writes the between-meeting reminders, on every instance that serves (a command
/// never boots the app, so never sends). Every `interval` it sends what is due; every `reminderInterval` it
/// looks for leaders whose cycle's closing meeting is a week away or less with something still due, and
/// writes one reminder each per cycle (two instances writing the same reminder make one row).
struct MailWorker: LifecycleHandler {
    let settings: MailSettings
    let interval: TimeInterval
    let reminderInterval: TimeInterval
    let retryBase: TimeInterval
    let trustRoots: NIOSSLTrustRoots
    private let task = TaskBox()

    init(
        settings: MailSettings, interval: TimeInterval, reminderInterval: TimeInterval, retryBase: TimeInterval,
        trustRoots: NIOSSLTrustRoots
    ) {
        self.settings = settings
        self.interval = interval
        self.reminderInterval = reminderInterval
        self.retryBase = retryBase
        self.trustRoots = trustRoots
    }

    func didBoot(_ application: Application) throws {
        let (settings, interval, reminderInterval, retryBase) = (settings, interval, reminderInterval, retryBase)
        let client = SMTPClient(settings: settings, group: application.eventLoopGroup, trustRoots: trustRoots)
        task.set(
            Task {
                var lastScan = Date.distantPast
                while !Task.isCancelled {
                    // A round begins one interval after boot, and each after the last.
                    try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                    if Task.isCancelled { return }
                    do {
                        let now = application.trellis.clock.now()
                        if now.timeIntervalSince(lastScan) >= reminderInterval {
                            lastScan = now
                            try await MailReminders.enqueueDue(application, settings: settings, now: now)
                            try await MailService.prune(now: now, on: application.db)
                        }
                        try await MailService.deliverDue(
                            application, settings: settings, client: client, retryBase: retryBase)
                    } catch is CancellationError {
                        return
                    } catch {
                        application.logger.warning("mail worker", metadata: ["error": "\(type(of: error))"])
                    }
                }
            })
    }

    func shutdownAsync(_ application: Application) async {
        await task.cancel()
    }
}

/// Holds the worker's task so that shutdown can stop it.
final class TaskBox: Sendable {
    private let box = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func set(_ task: Task<Void, Never>) { box.withLockedValue { $0 = task } }

    func cancel() async {
        let task = box.withLockedValue { $0 }
        task?.cancel()
        await task?.value
    }
}

/// The between-meeting reminder: a week before the meeting that closes a leader's cycle, what is still due
/// (commit or try the practice, capture the insight, debrief with whom), from the same standing the
/// calendar feed's nudge uses. Names only steps and the peer: nothing anyone wrote.
enum MailReminders {
    static func enqueueDue(_ app: Application, settings: MailSettings, now: Date) async throws {
        let db = app.db
        let rows = try await db.sql().raw(
            """
            SELECT m.community_id AS community_id, m.user_id AS user_id
            FROM community_memberships m JOIN communities c ON c.id = m.community_id JOIN users u ON u.id = m.user_id
            WHERE c.published = \(bind: true) AND u.archived = \(bind: false) AND u.role = \(bind: Role.leader.rawValue)
            """
        ).all()
        let base = app.trellis.configuration.publicURL ?? "http://127.0.0.1:8080"
        // Each person and district read once per scan, not once per membership.
        var users: [UUID: User] = [:]
        var districts: [UUID: String] = [:]
        for row in rows {
            let userID = try row.decode(column: "user_id", as: UUID.self)
            let communityID = try row.decode(column: "community_id", as: UUID.self)
            if users[userID] == nil { users[userID] = try await User.find(userID, on: db) }
            guard let user = users[userID] else { continue }
            let scope = DistrictScope(
                viewer: try Viewer(user: user, csrfToken: nil), database: db, clock: app.trellis.clock,
                memo: ScopeMemo())
            guard let access = try? await scope.practice(of: communityID),
                let standing = try await PracticeService.standing(of: access, scope: scope, now: now),
                standing.dueSoon, !standing.due.isEmpty
            else { continue }
            let districtID = user.$district.id ?? UUID()
            if districts[districtID] == nil {
                districts[districtID] = try await District.find(districtID, on: db)?.name ?? "your district"
            }
            let district = districts[districtID] ?? "your district"
            let day = standing.cycle.cycle.closing.occurrence.day.readable
            let link = SiteURL.practiceCycle(.value(standing.cycle.id)).absoluteURL(base: base)
            let due = standing.due
            try await MailService.enqueue(
                .reminder, to: .init(userID: userID, email: user.email, districtID: user.$district.id),
                district: district, subject: "Before your meeting on \(day): \(due.first ?? "")",
                text: "Before \(access.community.name) meets on \(day):\n"
                    + due.map { "- \($0)" }.joined(separator: "\n") + "\n\nYour cycle: \(link)",
                html:
                    "<p>Before \(MarkupEscaping.escape(access.community.name)) meets on \(MarkupEscaping.escape(day)):</p><ul>"
                    + due.map { "<li>\(MarkupEscaping.escape($0))</li>" }.joined()
                    + "</ul><p><a href=\"\(MarkupEscaping.escape(link))\">Your cycle in Trellis</a></p>",
                dedupeKey: "reminder:\(PracticeService.key(standing.cycle.id)):\(PracticeService.key(userID))",
                base: base, settings: settings, on: db, now: now)
        }
    }
}
