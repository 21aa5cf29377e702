import Foundation

/// Bayview Unified: a fictional district whose data shows a cohort's year in Trellis. Every name is made up.
public enum DemoDistrict {
    public static let name = "Bayview Unified"
    public static let slug = "bayview"
    public static let cohortName = "Bayview leaders' network"
    public static let schoolYear = SchoolYear(startYear: 2026)

    public static let adminEmail = "admin@bayview.example"
    public static let facilitatorEmail = "facilitator@bayview.example"
    public static let leaderEmail = "leader@bayview.example"

    public struct School: Sendable {
        public let key: String
        public let name: String
        public let level: SchoolLevel
    }

    public struct Person: Sendable {
        public let givenName: String
        public let familyName: String
        public let email: String
        public let role: Role
        /// Key of the person's school; leaders only.
        public let schoolKey: String?
        public let position: LeaderPosition?
        public let yearsInRole: Int?
    }

    public static let schools: [School] = [
        School(key: "bv-001", name: "Harbor View Elementary", level: .elementary),
        School(key: "bv-002", name: "Cypress Grove Elementary", level: .elementary),
        School(key: "bv-003", name: "Lincoln Park Elementary", level: .elementary),
        School(key: "bv-004", name: "Marina Heights Elementary", level: .elementary),
        School(key: "bv-005", name: "Oak Hollow Elementary", level: .elementary),
        School(key: "bv-006", name: "Sunrise Elementary", level: .elementary),
        School(key: "bv-007", name: "Tidewater K-8 Academy", level: .k8),
        School(key: "bv-008", name: "Redwood K-8", level: .k8),
        School(key: "bv-009", name: "Bayside Middle School", level: .middle),
        School(key: "bv-010", name: "Eastlake Middle School", level: .middle),
        School(key: "bv-011", name: "Golden Gate Middle School", level: .middle),
        School(key: "bv-012", name: "Bayview High School", level: .high),
        School(key: "bv-013", name: "Westshore High School", level: .high),
        School(key: "bv-014", name: "Pioneer Early College High", level: .high),
        School(key: "bv-015", name: "Horizon Community School", level: .other),
    ]

    private static func leader(
        _ given: String, _ family: String, _ school: String, _ position: LeaderPosition, _ years: Int,
        email: String? = nil
    ) -> Person {
        Person(
            givenName: given, familyName: family,
            email: email ?? "\(given).\(family)@bayview.example".lowercased().replacingOccurrences(of: " ", with: ""),
            role: .leader, schoolKey: school, position: position, yearsInRole: years)
    }

    public static let people: [Person] = [
        Person(
            givenName: "Dana", familyName: "Whitfield", email: adminEmail, role: .districtAdmin,
            schoolKey: nil, position: nil, yearsInRole: nil),
        Person(
            givenName: "Marisol", familyName: "Ortega", email: facilitatorEmail, role: .facilitator,
            schoolKey: nil, position: nil, yearsInRole: nil),
        Person(
            givenName: "Kwame", familyName: "Asante", email: "kwame.asante@bayview.example", role: .facilitator,
            schoolKey: nil, position: nil, yearsInRole: nil),
        leader("Renee", "Carter", "bv-001", .principal, 6, email: leaderEmail),
        leader("Tomas", "Reyes", "bv-002", .principal, 1),
        leader("Aisha", "Bello", "bv-003", .principal, 9),
        leader("Grace", "Lin", "bv-004", .principal, 2),
        leader("Marcus", "Hale", "bv-005", .principal, 14),
        leader("Priya", "Natarajan", "bv-006", .principal, 4),
        leader("Luis", "Fernandez", "bv-007", .principal, 7),
        leader("Hannah", "Okafor", "bv-008", .principal, 0),
        leader("Derek", "Yamamoto", "bv-009", .principal, 11),
        leader("Sofia", "Marquez", "bv-010", .principal, 3),
        leader("Jamal", "Price", "bv-011", .principal, 5),
        leader("Ellen", "Brooks", "bv-012", .principal, 16),
        leader("Andre", "Dubois", "bv-013", .principal, 2),
        leader("Mei", "Chen", "bv-014", .principal, 8),
        leader("Rosa", "Delgado", "bv-015", .principal, 1),
        leader("Kevin", "Tran", "bv-007", .assistantPrincipal, 2),
        leader("Nadia", "Haddad", "bv-009", .assistantPrincipal, 4),
        leader("Caleb", "Morgan", "bv-010", .assistantPrincipal, 1),
        leader("Imani", "Johnson", "bv-011", .assistantPrincipal, 6),
        leader("Oscar", "Villanueva", "bv-012", .assistantPrincipal, 3),
        leader("Leah", "Goldberg", "bv-012", .assistantPrincipal, 0),
        leader("Samuel", "Adeyemi", "bv-013", .assistantPrincipal, 5),
        leader("Fatima", "Rahman", "bv-014", .assistantPrincipal, 2),
    ]

    /// The district `times` over, for measuring how pages grow (`trellis demo --scale 10`): each school
    /// and each person but the district admin again, numbered ("Harbor View Elementary 2",
    /// renee.carter.2@bayview.example). Copy 1 is the demo as it is, so the printed sign-ins still work.
    public static func schools(scale times: Int) -> [School] {
        (1...max(times, 1)).flatMap { copy in
            schools.map { school in
                copy == 1
                    ? school : School(key: "\(school.key)-\(copy)", name: "\(school.name) \(copy)", level: school.level)
            }
        }
    }

    /// See `schools(scale:)`.
    public static func people(scale times: Int) -> [Person] {
        (1...max(times, 1)).flatMap { copy -> [Person] in
            people.compactMap { person in
                if copy == 1 { return person }
                if person.role == .districtAdmin { return nil }
                let local = person.email.split(separator: "@")[0]
                return Person(
                    givenName: person.givenName, familyName: "\(person.familyName) \(copy)",
                    email: "\(local).\(copy)@bayview.example", role: person.role,
                    schoolKey: person.schoolKey.map { "\($0)-\(copy)" }, position: person.position,
                    yearsInRole: person.yearsInRole)
            }
        }
    }

    /// Fixed sign-ins printed by `trellis serve --demo`, with what each shows.
    public static let signIns: [(email: String, role: String)] = [
        (adminEmail, "district admin"),
        (facilitatorEmail, "facilitator"),
        (leaderEmail, "leader (principal of Harbor View Elementary)"),
    ]
}
