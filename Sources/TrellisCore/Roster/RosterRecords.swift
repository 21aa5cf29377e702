/// The kind of school, read from the OneRoster extension column `metadata.trellis.level`, because
/// OneRoster itself has no school level and facilitators mix levels when forming communities.
public enum SchoolLevel: String, CaseIterable, Codable, Sendable {
    case elementary, middle, high
    case k8 = "k-8"
    case other

    public var label: String {
        switch self {
        case .elementary: "Elementary"
        case .middle: "Middle"
        case .high: "High"
        case .k8: "K-8"
        case .other: "Other"
        }
    }
}

/// A leader's position, read from `metadata.trellis.position`, because OneRoster's `administrator`
/// role does not tell a principal from an assistant principal.
public enum LeaderPosition: String, CaseIterable, Codable, Sendable {
    case principal
    case assistantPrincipal = "assistant-principal"

    public var label: String {
        switch self {
        case .principal: "Principal"
        case .assistantPrincipal: "Assistant principal"
        }
    }
}

/// The contents of an uploaded OneRoster 1.1 CSV folder; the caller reads the files, the core
/// only parses text.
public struct OneRosterFiles: Sendable {
    public var orgs: String
    public var users: String
    /// Optional: only school years are taken from it.
    public var academicSessions: String?

    public init(orgs: String, users: String, academicSessions: String? = nil) {
        self.orgs = orgs
        self.users = users
        self.academicSessions = academicSessions
    }
}

/// A school as the roster describes it: an org of type `school`.
public struct RosterSchool: Sendable, Equatable {
    public var sourcedId: String
    public var name: String
    public var identifier: String?
    public var level: SchoolLevel
    /// `tobedeleted` in the roster: the school is kept for its history but hidden.
    public var archived: Bool

    public init(
        sourcedId: String, name: String, identifier: String?, level: SchoolLevel, archived: Bool
    ) {
        self.sourcedId = sourcedId
        self.name = name
        self.identifier = identifier
        self.level = level
        self.archived = archived
    }
}

/// A school leader: an `administrator` user attached to a school. The only people Trellis keeps
/// from users.csv.
public struct RosterLeader: Sendable, Equatable {
    public var sourcedId: String
    public var givenName: String
    public var familyName: String
    /// Trimmed and lowercased: leaders sign in by email, so it is compared as an identity.
    public var email: String
    public var schoolSourcedId: String
    public var position: LeaderPosition?
    public var yearsInRole: Int?
    public var archived: Bool
    /// The line in users.csv, for messages; not a roster field, so plans ignore it when comparing.
    public var line: Int

    public init(
        sourcedId: String,
        givenName: String,
        familyName: String,
        email: String,
        schoolSourcedId: String,
        position: LeaderPosition? = nil,
        yearsInRole: Int? = nil,
        archived: Bool = false,
        line: Int = 0
    ) {
        self.sourcedId = sourcedId
        self.givenName = givenName
        self.familyName = familyName
        self.email = email
        self.schoolSourcedId = schoolSourcedId
        self.position = position
        self.yearsInRole = yearsInRole
        self.archived = archived
        self.line = line
    }
}

/// An academic session of type `schoolYear`, which a cohort runs within.
public struct RosterSchoolYear: Sendable, Equatable {
    public var sourcedId: String
    public var title: String
    /// The OneRoster `schoolYear`: the calendar year the school year ends in (2027 for 2026-27).
    public var schoolYear: Int
    /// ISO `yyyy-mm-dd`.
    public var startDate: String
    /// ISO `yyyy-mm-dd`, not before `startDate`.
    public var endDate: String

    public init(sourcedId: String, title: String, schoolYear: Int, startDate: String, endDate: String) {
        self.sourcedId = sourcedId
        self.title = title
        self.schoolYear = schoolYear
        self.startDate = startDate
        self.endDate = endDate
    }
}

/// Rows that were valid but are not kept, counted so the import summary can show that the whole
/// file was read, and that no student or teacher data was stored.
public struct SkippedRows: Sendable, Equatable {
    public var teachers: Int
    public var students: Int
    /// Aides, guardians, parents, proctors and relatives.
    public var otherUsers: Int
    /// Administrators whose orgs are all districts or other non-school orgs (central office).
    public var administratorsWithoutSchool: Int
    /// Orgs that are not schools: districts, departments, local, state, national.
    public var nonSchoolOrgs: Int

    public init(
        teachers: Int = 0,
        students: Int = 0,
        otherUsers: Int = 0,
        administratorsWithoutSchool: Int = 0,
        nonSchoolOrgs: Int = 0
    ) {
        self.teachers = teachers
        self.students = students
        self.otherUsers = otherUsers
        self.administratorsWithoutSchool = administratorsWithoutSchool
        self.nonSchoolOrgs = nonSchoolOrgs
    }
}

/// What Trellis keeps from a valid OneRoster folder, in file order.
public struct ParsedRoster: Sendable {
    public var schools: [RosterSchool]
    public var leaders: [RosterLeader]
    public var schoolYears: [RosterSchoolYear]
    public var skipped: SkippedRows

    public init(
        schools: [RosterSchool],
        leaders: [RosterLeader],
        schoolYears: [RosterSchoolYear],
        skipped: SkippedRows
    ) {
        self.schools = schools
        self.leaders = leaders
        self.schoolYears = schoolYears
        self.skipped = skipped
    }
}

/// How long a leader has held their role, as typed on a person's page or written in the roster's
/// `metadata.trellis.yearsInRole`: a whole number of years, digits only, from 0 to 60.
public enum YearsInRole {
    public static let most = 60

    /// The number of years, or nil when the text is not one (a blank field is the caller's to allow).
    public static func read(_ text: String) -> Int? {
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let years = Int(text), years <= most else { return nil }
        return years
    }
}
