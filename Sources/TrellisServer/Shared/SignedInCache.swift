import Fluent
import Foundation
import TrellisCore
import Vapor

/// A few seconds' memory of who a session belongs to and of each session's home page, so that the
/// page people open most does not query the database on every load. Any state-changing request to this
/// process forgets everything at once (sign-out, password resets, imports, answers), and nothing is kept
/// longer than `lifetime`, which bounds what a change made by another process (a command) can leave
/// stale. Entries are keyed by the SHA-256 of the session token, never by something a client chooses.
final class SignedInCache: @unchecked Sendable {
    /// What a session resolves to, as plain values: every request builds its own `User` from it.
    struct Snapshot: Sendable {
        let userID: UUID
        let districtID: UUID?
        let email: String
        let givenName: String
        let familyName: String
        let role: Role
        let schoolID: UUID?
        let position: LeaderPosition?
        let yearsInRole: Int?
        let sourcedID: String?
        let csrfToken: String?

        init(_ user: User, csrfToken: String?) throws {
            userID = try user.requireID()
            districtID = user.$district.id
            email = user.email
            givenName = user.givenName
            familyName = user.familyName
            role = user.role
            schoolID = user.$school.id
            position = user.position
            yearsInRole = user.yearsInRole
            sourcedID = user.sourcedID
            self.csrfToken = csrfToken
        }

        func viewer(cacheKey: String) throws -> Viewer {
            let user = User(
                id: userID, districtID: districtID, email: email, givenName: givenName, familyName: familyName,
                role: role, schoolID: schoolID, position: position, yearsInRole: yearsInRole, sourcedID: sourcedID)
            user.$id.exists = true
            return try Viewer(user: user, csrfToken: csrfToken, cacheKey: cacheKey)
        }
    }

    static let lifetime: TimeInterval = 5
    static let capacity = 10_000

    private struct Entry<Value> {
        let value: Value
        let version: UInt64
        let expires: Date
    }

    private let lock = NSLock()
    private var version: UInt64 = 0
    private var viewers: [String: Entry<Snapshot>] = [:]
    private var pages: [String: Entry<String>] = [:]

    /// Called after every request that may have changed something.
    func forgetEverything() {
        lock.withLock {
            version &+= 1
            viewers.removeAll(keepingCapacity: true)
            pages.removeAll(keepingCapacity: true)
        }
    }

    func snapshot(for key: String) -> Snapshot? {
        lock.withLock { fresh(&viewers[key]) }
    }

    func store(_ snapshot: Snapshot, for key: String) {
        lock.withLock {
            if viewers.count >= Self.capacity { viewers.removeAll(keepingCapacity: true) }
            viewers[key] = Entry(value: snapshot, version: version, expires: Date().addingTimeInterval(Self.lifetime))
        }
    }

    func page(for key: String) -> String? {
        lock.withLock { fresh(&pages[key]) }
    }

    /// Stores a page only if nothing changed since `version` was read, so a page rendered from data that
    /// a concurrent write has already replaced is never kept.
    func store(page: String, for key: String, renderedAt version: UInt64) {
        lock.withLock {
            guard version == self.version else { return }
            if pages.count >= Self.capacity { pages.removeAll(keepingCapacity: true) }
            pages[key] = Entry(value: page, version: version, expires: Date().addingTimeInterval(Self.lifetime))
        }
    }

    var currentVersion: UInt64 { lock.withLock { version } }

    /// An entry past its lifetime is refreshed by the first request that finds it; the others keep
    /// getting the old value for another second meanwhile, so an expiry never sends every waiting
    /// request to the database at once.
    private func fresh<Value>(_ entry: inout Entry<Value>?) -> Value? {
        guard let current = entry, current.version == version else { return nil }
        let now = Date()
        if current.expires > now { return current.value }
        entry = Entry(value: current.value, version: current.version, expires: now.addingTimeInterval(1))
        return nil
    }
}

/// Forgets the cache after any request that is not a read.
struct ChangeTrackingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method != .GET, request.method != .HEAD else {
            return try await next.respond(to: request)
        }
        defer { request.application.trellis.signedInCache.forgetEverything() }
        return try await next.respond(to: request)
    }
}
