import Fluent
import Foundation
import SQLKit
import TrellisCore

/// A person as lists of members show them, read as a plain value in one query with their school's
/// name: what cohort and community pages, their API lists and meeting attendance need, without
/// hydrating a `User` model (and its school) for every row on every page.
struct MemberPerson: Sendable, Decodable, Hashable {
    let id: UUID
    let givenName: String
    let familyName: String
    let email: String
    let position: LeaderPosition?
    let yearsInRole: Int?
    let schoolID: UUID?
    let schoolName: String?

    enum CodingKeys: String, CodingKey {
        case id, email, position
        case givenName = "given_name"
        case familyName = "family_name"
        case yearsInRole = "years_in_role"
        case schoolID = "school_id"
        case schoolName = "school_name"
    }

    var fullName: String { [givenName, familyName].filter { !$0.isEmpty }.joined(separator: " ") }
    /// "Family, Given" sorts the way rosters do; a person with one name is listed by it.
    var sortName: String { [familyName, givenName].filter { !$0.isEmpty }.joined(separator: ", ") }

    /// The columns `init(from:)` reads, for a query that joins `users AS u` and `schools AS s` (left).
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
                id: person($0).id.uuidString, item: $0
            )
        }
        .sorted { ($0.key, $0.id) < ($1.key, $1.id) }
        .map(\.item)
    }
}
