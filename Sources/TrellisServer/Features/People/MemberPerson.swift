import Fluent
import Foundation
import SQLKit
import TrellisCore

/// A person as lists of members show them, read as a plain value in one query with their school's
/// name: what cohort and community pages, their API lists and meeting attendance need, without
/// hydrating a `User` model (and its school) for every row on every page.
struct MemberPerson: Sendable, Hashable {
    let id: UUID
    let givenName: String
    let familyName: String
    let email: String
    let position: LeaderPosition?
    let yearsInRole: Int?
    let schoolID: UUID?
    let schoolName: String?

    /// Reads the `columns` of a row column by column: a page of a cohort's leaders reads hundreds of
    /// rows, and this skips the keyed-decoder round trip a `Decodable` row costs for each value.
    init(row: any SQLRow) throws {
        id = try row.decodeUUID(column: "id")
        givenName = try row.decode(column: "given_name", as: String.self)
        familyName = try row.decode(column: "family_name", as: String.self)
        email = try row.decode(column: "email", as: String.self)
        position =
            try row.decodeNil(column: "position")
            ? nil : LeaderPosition(rawValue: try row.decode(column: "position", as: String.self))
        yearsInRole =
            try row.decodeNil(column: "years_in_role") ? nil : try row.decode(column: "years_in_role", as: Int.self)
        schoolID = try row.decodeUUIDIfPresent(column: "school_id")
        schoolName =
            try row.decodeNil(column: "school_name") ? nil : try row.decode(column: "school_name", as: String.self)
    }

    var fullName: String { Self.fullName(given: givenName, family: familyName) }
    /// "Given Family"; a person with one name is shown by it.
    static func fullName(given: String, family: String) -> String {
        [given, family].filter { !$0.isEmpty }.joined(separator: " ")
    }
    /// "Family, Given" sorts the way rosters do; a person with one name is listed by it.
    var sortName: String { Self.sortName(given: givenName, family: familyName) }
    static func sortName(given: String, family: String) -> String {
        [family, given].filter { !$0.isEmpty }.joined(separator: ", ")
    }

    /// The columns `init(row:)` reads, for a query that joins `users AS u` and `schools AS s` (left).
    static let columns: SQLQueryString = """
        u.id AS id, u.given_name AS given_name, u.family_name AS family_name, u.email AS email,
        u.position AS position, u.years_in_role AS years_in_role, u.school_id AS school_id, s.name AS school_name
        """

    /// Sorts by `sortName` the way a person reads a roster (case and accents aside), each key worked out
    /// once rather than in every comparison.
    static func byName<T>(_ items: [T], _ person: (T) -> MemberPerson) -> [T] {
        items.map {
            (
                key: person($0).sortName.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil),
                id: UUIDText.uppercased(person($0).id), item: $0
            )
        }
        .sorted { ($0.key, $0.id) < ($1.key, $1.id) }
        .map(\.item)
    }
}
