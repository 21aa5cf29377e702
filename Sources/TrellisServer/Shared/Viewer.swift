import Fluent
import FluentSQL
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import TrellisCore
import Vapor

/// The signed-in person a request acts for. Every handler that reads district data goes through
/// `scope`, which is the one place a query is limited to the viewer's district.
struct Viewer: Sendable {
    let user: User
    let userID: UUID
    let role: Role
    /// Nil for a network admin, who sees every district.
    let districtID: UUID?
    /// Set for browser sessions, whose forms carry it; nil for API tokens.
    let csrfToken: String?

    init(user: User, csrfToken: String?) throws {
        guard let id = user.id else { throw Abort(.internalServerError) }
        self.user = user
        self.userID = id
        self.role = user.role
        self.districtID = user.role == .networkAdmin ? nil : user.$district.id
        self.csrfToken = csrfToken
    }
}

struct ViewerKey: StorageKey {
    typealias Value = Viewer
}

extension Request {
    /// The signed-in viewer; routes behind the sign-in guard always have one.
    var viewer: Viewer {
        get throws {
            guard let viewer = storage[ViewerKey.self] else { throw Abort(.unauthorized) }
            return viewer
        }
    }

    var optionalViewer: Viewer? { storage[ViewerKey.self] }

    var scope: DistrictScope {
        get throws {
            let memo = storage[ScopeMemoKey.self] ?? ScopeMemo(keepsReads: method == .GET || method == .HEAD)
            if storage[ScopeMemoKey.self] == nil { storage[ScopeMemoKey.self] = memo }
            return DistrictScope(viewer: try viewer, database: db, clock: application.trellis.clock, memo: memo)
        }
    }
}

/// What one request has already read about its viewer, so that the several checks a page makes ask
/// the database once. It lives and dies with the request: nothing is kept between requests, so a change
/// made through any instance counts from the next request on.
final class ScopeMemo: Sendable {
    private let cohortRoles = NIOLockedValueBox<[UUID: Set<CohortRole>]?>(nil)
    private let communityIDs = NIOLockedValueBox<Set<UUID>?>(nil)
    private let reads = NIOLockedValueBox<[String: any Sendable]>([:])
    /// Whether `read(_:load:)` keeps what it reads: only while a page is read (GET and HEAD), whose
    /// handlers do not change what they keep; a form's handler may change a thing and then read it again.
    let keepsReads: Bool

    init(keepsReads: Bool = false) {
        self.keepsReads = keepsReads
    }

    /// What `load` reads, read once per page: a page's parts each ask for the community's members, its
    /// cohort's series, its cycles, and the first answer serves the rest of the request. A value kept
    /// must not hold this memo (a `PracticeAccess` does): the two would keep each other after the request.
    func read<Value: Sendable>(_ key: String, load: () async throws -> Value) async rethrows -> Value {
        guard keepsReads else { return try await load() }
        // Unwrapped before the cast: an absent entry cast to an optional `Value` would pass as nil.
        if let entry = reads.withLockedValue({ $0[key] }), let known = entry as? Value { return known }
        let loaded = try await load()
        reads.withLockedValue { $0[key] = loaded }
        return loaded
    }

    /// The viewer's roles in each of their cohorts, read on first use.
    func cohortRoles(load: () async throws -> [UUID: Set<CohortRole>]) async rethrows -> [UUID: Set<CohortRole>] {
        try await Self.read(cohortRoles, load: load)
    }

    /// Records the viewer's roles when a query has read them anyway (the cohort list joins them).
    func knowCohortRoles(_ roles: [UUID: Set<CohortRole>]) {
        cohortRoles.withLockedValue { $0 = roles }
    }

    /// The communities the viewer belongs to, in any cohort, read on first use.
    func communityIDs(load: () async throws -> Set<UUID>) async rethrows -> Set<UUID> {
        try await Self.read(communityIDs, load: load)
    }

    /// What this request has read under `key`, if it has.
    func known<Value: Sendable>(_ key: String, as type: Value.Type) -> Value? {
        guard keepsReads, let entry = reads.withLockedValue({ $0[key] }) else { return nil }
        return entry as? Value
    }

    /// Keeps what a list has read anyway (the viewer's cohorts, a cohort's communities) for `read(_:load:)`.
    func remember<Value: Sendable>(_ key: String, _ value: Value) {
        guard keepsReads else { return }
        reads.withLockedValue { $0[key] = value }
    }

    private static func read<Value: Sendable>(_ box: NIOLockedValueBox<Value?>, load: () async throws -> Value)
        async rethrows -> Value
    {
        if let known = box.withLockedValue({ $0 }) { return known }
        let loaded = try await load()
        box.withLockedValue { $0 = loaded }
        return loaded
    }
}

/// Something read per id (a community, a series, a cycle) that a page may need for one id or for many. A
/// page with many (a cohort's report) reads all of them in one statement and each part finds its share in
/// the request's reads; a page with one reads only its own, so a page reads what it shows.
struct BatchRead<Value: Sendable>: Sendable {
    let name: String
    /// The value of an id the statement found nothing for.
    let empty: Value
    /// Reads the values of these ids, in one statement.
    let load: @Sendable ([UUID], any Database) async throws -> [UUID: Value]

    func one(_ id: UUID, scope: DistrictScope) async throws -> Value {
        try await many([id], scope: scope)[id] ?? empty
    }

    /// The values of `ids`: those this request has read already, and the others read together.
    func many(_ ids: some Collection<UUID>, scope: DistrictScope) async throws -> [UUID: Value] {
        try await many(ids, memo: scope.memo, database: scope.database)
    }

    func many(_ ids: some Collection<UUID>, memo: ScopeMemo, database: any Database) async throws -> [UUID: Value] {
        var found: [UUID: Value] = [:]
        var missing: [UUID] = []
        for id in ids {
            if let known = memo.known("\(name) of \(id)", as: Value.self) {
                found[id] = known
            } else {
                missing.append(id)
            }
        }
        guard !missing.isEmpty else { return found }
        let loaded = try await load(missing, database)
        for id in missing {
            let value = loaded[id] ?? empty
            found[id] = value
            memo.remember("\(name) of \(id)", value)
        }
        return found
    }
}

struct ScopeMemoKey: StorageKey {
    typealias Value = ScopeMemo
}

/// Queries limited to what the viewer's district may see. A row of another district is indistinguishable
/// from a row that does not exist: both are 404.
struct DistrictScope: Sendable {
    let viewer: Viewer
    let database: any Database
    /// The app's clock, for services that record when something happened.
    let clock: AppClock
    /// This request's reads about the viewer (see `viewerRoles(in:)`).
    var memo = ScopeMemo()

    var districtID: UUID? { viewer.districtID }

    func query<M: DistrictOwned>(_ type: M.Type) -> QueryBuilder<M> {
        let query = M.query(on: database)
        guard let districtID = viewer.districtID else {
            if M.self == User.self {
                // Network admins see every district's people, but never each other through a district list.
                return query.filter(.path([M.districtKey], schema: M.schema), .notEqual, .null)
            }
            return query
        }
        return query.filter(M.districtKey, .equal, districtID)
    }

    /// The tenancy rule for a statement written by hand, on the given `district_id` column: that column is
    /// the viewer's district; for a network admin, any district (`1 = 1`), except that people
    /// (`people: true`) must belong to one, so network admins never list each other. The same rule as
    /// `query(_:)`; every raw read of district-owned rows puts it in its WHERE clause.
    func districtCondition(_ column: String, people: Bool = false) -> SQLQueryString {
        if let districtID = viewer.districtID { return "\(unsafeRaw: column) = \(bind: districtID)" }
        return people ? "\(unsafeRaw: column) IS NOT NULL" : "1 = 1"
    }

    /// The object with this id in the viewer's district, or 404. Nearly every page starts here, so it is
    /// one short statement decoded into the model rather than a query Fluent builds and aliases.
    func find<M: DistrictOwned>(_ type: M.Type, _ id: UUID) async throws -> M {
        let inDistrict = districtCondition(M.districtKey.description, people: M.self == User.self)
        guard
            let row = try await database.sql().raw(
                "SELECT * FROM \(ident: M.schema) WHERE id = \(bind: id) AND \(inDistrict)"
            ).first()
        else { throw Abort(.notFound) }
        return try row.decode(fluentModel: M.self)
    }

    /// The district a new object belongs to: the viewer's, or for a network admin the one they named.
    func districtForNewObject(named districtID: UUID?) async throws -> District {
        if let own = viewer.districtID {
            guard let district = try await District.find(own, on: database) else { throw Abort(.notFound) }
            return district
        }
        guard let districtID, let district = try await District.find(districtID, on: database) else {
            throw Abort(.unprocessableEntity, reason: "districtId: name the district this belongs to")
        }
        return district
    }
}
