import Foundation

/// Reads a OneRoster 1.1 CSV folder (bulk or delta) into the schools, leaders and school years
/// Trellis keeps, checking every row of every file so one upload reports every problem.
///
/// Only administrators attached to a school become leaders; teachers, students and other users are
/// checked (sourcedId, role, status) and counted, and none of their other fields is read.
public enum OneRoster {
    static let orgsFile = "orgs.csv"
    static let usersFile = "users.csv"
    static let academicSessionsFile = "academicSessions.csv"

    static let orgColumns = [
        "sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId",
    ]
    static let userColumns = [
        "sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role", "username",
        "userIds", "givenName", "familyName", "middleName", "identifier", "email", "sms", "phone",
        "agentSourcedIds", "grades", "password",
    ]
    static let academicSessionColumns = [
        "sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate",
        "parentSourcedId", "schoolYear",
    ]

    /// All-or-nothing: throws every problem found, or returns the whole roster.
    ///
    /// - Parameter knownSchoolSourcedIds: schools already in the district, so a delta users.csv
    ///   may attach a leader to a school that is not in this orgs.csv.
    public static func parse(
        _ files: OneRosterFiles,
        knownSchoolSourcedIds: Set<String> = []
    ) throws(RosterProblems) -> ParsedRoster {
        var reader = RosterReader()
        let orgs = reader.readOrgs(files.orgs)
        let leaders = reader.readUsers(
            files.users, orgs: orgs, knownSchoolSourcedIds: knownSchoolSourcedIds)
        let schoolYears = files.academicSessions.map { reader.readAcademicSessions($0) } ?? []
        guard reader.problems.isEmpty else { throw RosterProblems(reader.problems, total: reader.problemCount) }
        return ParsedRoster(
            schools: orgs.schools,
            leaders: leaders,
            schoolYears: schoolYears,
            skipped: reader.skipped
        )
    }
}

/// The orgs users.csv may point at.
struct OrgDirectory {
    var schools: [RosterSchool] = []
    /// sourcedId -> whether the org is a school.
    var isSchool: [String: Bool] = [:]
    /// False when orgs.csv lost rows or columns to problems: an "unknown org" in users.csv could
    /// then be a false alarm, so it is not reported.
    var isComplete = true
}

/// A OneRoster file whose header has every required column.
struct RosterSheet {
    let table: CSVTable
    /// False when records were lost to CSV problems.
    let isComplete: Bool
    private let columns: [String: Int]

    init(table: CSVTable, isComplete: Bool) {
        self.table = table
        self.isComplete = isComplete
        var columns: [String: Int] = [:]
        for (index, name) in table.header.enumerated() where columns[name] == nil {
            columns[name] = index
        }
        self.columns = columns
    }

    var file: String { table.file }

    func hasColumn(_ name: String) -> Bool { columns[name] != nil }

    /// The trimmed value, or "" when the optional column is absent.
    func value(_ column: String, _ record: CSVRecord) -> String {
        guard let index = columns[column] else { return "" }
        return record.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Walks the three files, collecting problems and skipped counts as it goes. A file with a mistake on
/// every row has hundreds of thousands of problems: the first `keptProblems` found (in file and line
/// order, as the files are read) are kept, and the rest only counted.
struct RosterReader {
    static let keptProblems = 10 * RosterProblems.listedLimit
    var problems: [RosterProblem] = [] {
        didSet {
            guard problems.count > Self.keptProblems else { return }
            dropped += problems.count - Self.keptProblems
            problems.removeLast(problems.count - Self.keptProblems)
        }
    }
    private var dropped = 0
    var problemCount: Int { problems.count + dropped }
    var skipped = SkippedRows()

    mutating func readOrgs(_ text: String) -> OrgDirectory {
        var directory = OrgDirectory()
        guard let sheet = sheet(text, file: OneRoster.orgsFile, required: OneRoster.orgColumns) else {
            directory.isComplete = false
            return directory
        }
        directory.isComplete = sheet.isComplete
        var firstLines: [String: Int] = [:]
        for record in sheet.table.records {
            let identity = identity(of: record, in: sheet, firstLines: &firstLines)
            let rawType = sheet.value("type", record)
            guard let type = OneRoster.OrgType(caseInsensitive: rawType) else {
                report(
                    sheet,
                    record,
                    "type",
                    "\(quoted(rawType)) is not a OneRoster org type (expected one of \(OneRoster.OrgType.list))"
                )
                if let identity, directory.isSchool[identity.sourcedId] == nil {
                    directory.isSchool[identity.sourcedId] = false
                }
                continue
            }
            guard let identity else { continue }
            directory.isSchool[identity.sourcedId] = type == .school
            guard type == .school else {
                skipped.nonSchoolOrgs += 1
                continue
            }
            let name = sheet.value("name", record)
            if name.isEmpty {
                report(sheet, record, "name", "required for schools")
            }
            let level = schoolLevel(of: record, in: sheet)
            let identifier = sheet.value("identifier", record)
            directory.schools.append(
                RosterSchool(
                    sourcedId: identity.sourcedId,
                    name: name,
                    identifier: identifier.isEmpty ? nil : identifier,
                    level: level ?? .other,
                    archived: identity.archived
                )
            )
        }
        return directory
    }

    mutating func readUsers(
        _ text: String,
        orgs: OrgDirectory,
        knownSchoolSourcedIds: Set<String>
    ) -> [RosterLeader] {
        guard let sheet = sheet(text, file: OneRoster.usersFile, required: OneRoster.userColumns) else {
            return []
        }
        var leaders: [RosterLeader] = []
        var firstLines: [String: Int] = [:]
        for record in sheet.table.records {
            let identity = identity(of: record, in: sheet, firstLines: &firstLines)
            let rawRole = sheet.value("role", record)
            guard let role = OneRoster.Role(caseInsensitive: rawRole) else {
                report(
                    sheet,
                    record,
                    "role",
                    "\(quoted(rawRole)) is not a OneRoster role (expected one of \(OneRoster.Role.list))"
                )
                continue
            }
            switch role {
            case .teacher: skipped.teachers += 1
            case .student: skipped.students += 1
            case .aide, .guardian, .parent, .proctor, .relative: skipped.otherUsers += 1
            case .administrator:
                let leader = leader(
                    from: record,
                    in: sheet,
                    identity: identity,
                    orgs: orgs,
                    knownSchoolSourcedIds: knownSchoolSourcedIds
                )
                if let leader { leaders.append(leader) }
            }
        }
        return leaders
    }

    mutating func readAcademicSessions(_ text: String) -> [RosterSchoolYear] {
        let file = OneRoster.academicSessionsFile
        guard let sheet = sheet(text, file: file, required: OneRoster.academicSessionColumns) else {
            return []
        }
        var schoolYears: [RosterSchoolYear] = []
        var firstLines: [String: Int] = [:]
        for record in sheet.table.records {
            let identity = identity(of: record, in: sheet, firstLines: &firstLines)
            let rawType = sheet.value("type", record)
            let type = OneRoster.SessionType(caseInsensitive: rawType)
            if type == nil {
                report(
                    sheet,
                    record,
                    "type",
                    "\(quoted(rawType)) is not a OneRoster academic session type (expected one of \(OneRoster.SessionType.list))"
                )
            }
            let title = sheet.value("title", record)
            if type == .schoolYear && title.isEmpty {
                report(sheet, record, "title", "required for school years")
            }
            let startDate = date("startDate", of: record, in: sheet)
            let endDate = date("endDate", of: record, in: sheet)
            if let startDate, let endDate, endDate < startDate {
                report(
                    sheet, record, "endDate",
                    "\(quoted(endDate)) is before the startDate \(quoted(startDate))")
            }
            let year = schoolYear(of: record, in: sheet)
            if let identity, !identity.archived, type == .schoolYear, let startDate, let endDate, let year {
                schoolYears.append(
                    RosterSchoolYear(
                        sourcedId: identity.sourcedId,
                        title: title,
                        schoolYear: year,
                        startDate: startDate,
                        endDate: endDate
                    )
                )
            }
        }
        return schoolYears
    }

    // MARK: - Users

    private mutating func leader(
        from record: CSVRecord,
        in sheet: RosterSheet,
        identity: (sourcedId: String, archived: Bool)?,
        orgs: OrgDirectory,
        knownSchoolSourcedIds: Set<String>
    ) -> RosterLeader? {
        let enabledUser = sheet.value("enabledUser", record)
        if !enabledUser.isEmpty && !["true", "false"].contains(enabledUser.lowercased()) {
            report(
                sheet,
                record,
                "enabledUser",
                "\(quoted(enabledUser)) is not a OneRoster boolean (expected true or false)"
            )
        }
        let orgIds = sheet.value("orgSourcedIds", record).split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var school: String?
        for orgId in orgIds where !orgId.isEmpty {
            let isSchool = orgs.isSchool[orgId] ?? (knownSchoolSourcedIds.contains(orgId) ? true : nil)
            switch isSchool {
            case true?:
                school = school ?? orgId
            case false?:
                break
            case nil:
                if orgs.isComplete {
                    report(
                        sheet,
                        record,
                        "orgSourcedIds",
                        "\(quoted(orgId)) is not an org in orgs.csv or a school already in Trellis"
                    )
                }
            }
        }
        guard let school else {
            skipped.administratorsWithoutSchool += 1
            return nil
        }
        let givenName = sheet.value("givenName", record)
        if givenName.isEmpty {
            report(sheet, record, "givenName", "required for administrators")
        }
        let familyName = sheet.value("familyName", record)
        if familyName.isEmpty {
            report(sheet, record, "familyName", "required for administrators")
        }
        let email = EmailAddress.normalized(sheet.value("email", record))
        if email.isEmpty {
            report(
                sheet, record, "email", "required for administrators: Trellis signs leaders in by email")
        } else if !EmailAddress.isPlausible(email) {
            report(
                sheet,
                record,
                "email",
                "\(quoted(email)) does not look like an email address (expected name@domain.example)"
            )
        }
        let position = position(of: record, in: sheet)
        let yearsInRole = yearsInRole(of: record, in: sheet)
        guard let identity else { return nil }
        return RosterLeader(
            sourcedId: identity.sourcedId,
            givenName: givenName,
            familyName: familyName,
            email: email,
            schoolSourcedId: school,
            position: position,
            yearsInRole: yearsInRole,
            archived: identity.archived,
            line: record.line
        )
    }

    // MARK: - Extension columns

    private mutating func schoolLevel(of record: CSVRecord, in sheet: RosterSheet) -> SchoolLevel? {
        let column = "metadata.trellis.level"
        let raw = sheet.value(column, record)
        if raw.isEmpty { return .other }
        guard let level = SchoolLevel(caseInsensitive: raw) else {
            report(
                sheet,
                record,
                column,
                "\(quoted(raw)) is not a Trellis school level (expected one of \(SchoolLevel.list), or blank)"
            )
            return nil
        }
        return level
    }

    private mutating func position(of record: CSVRecord, in sheet: RosterSheet) -> LeaderPosition? {
        let column = "metadata.trellis.position"
        let raw = sheet.value(column, record)
        if raw.isEmpty { return nil }
        guard let position = LeaderPosition(caseInsensitive: raw) else {
            report(
                sheet,
                record,
                column,
                "\(quoted(raw)) is not a Trellis leader position (expected \(LeaderPosition.list), or blank)"
            )
            return nil
        }
        return position
    }

    private mutating func yearsInRole(of record: CSVRecord, in sheet: RosterSheet) -> Int? {
        let column = "metadata.trellis.yearsInRole"
        let raw = sheet.value(column, record)
        if raw.isEmpty { return nil }
        guard let years = YearsInRole.read(raw) else {
            report(
                sheet,
                record,
                column,
                "\(quoted(raw)) is not a number of years (expected a whole number from 0 to \(YearsInRole.most), or blank)"
            )
            return nil
        }
        return years
    }

    // MARK: - Academic sessions

    /// The ISO date in `column`, or nil (with a problem) when it is blank or not a real date.
    private mutating func date(_ column: String, of record: CSVRecord, in sheet: RosterSheet)
        -> String?
    {
        let raw = sheet.value(column, record)
        guard !raw.isEmpty else {
            report(sheet, record, column, "required")
            return nil
        }
        guard isISODate(raw) else {
            report(sheet, record, column, "\(quoted(raw)) is not a date (expected yyyy-mm-dd)")
            return nil
        }
        return raw
    }

    private func isISODate(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count == 10, characters[4] == "-", characters[7] == "-" else { return false }
        let digits = [characters[0..<4], characters[5..<7], characters[8..<10]]
        guard digits.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return false }
        let numbers = digits.compactMap { Int(String($0)) }
        let (year, month, day) = (numbers[0], numbers[1], numbers[2])
        guard (1...12).contains(month) else { return false }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let daysInMonth = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...daysInMonth).contains(day)
    }

    private mutating func schoolYear(of record: CSVRecord, in sheet: RosterSheet) -> Int? {
        let raw = sheet.value("schoolYear", record)
        guard !raw.isEmpty else {
            report(sheet, record, "schoolYear", "required")
            return nil
        }
        guard raw.count == 4, raw.allSatisfy(\.isASCIIDigit), let year = Int(raw) else {
            report(
                sheet, record, "schoolYear", "\(quoted(raw)) is not a year (expected 4 digits, e.g. 2027)")
            return nil
        }
        return year
    }

    // MARK: - Every file

    /// Parses the CSV and checks the header; nil when a required column is missing, since every
    /// row would then repeat the same problem.
    private mutating func sheet(_ text: String, file: String, required: [String]) -> RosterSheet? {
        let (table, csvProblems) = CSV.read(text, file: file)
        problems += csvProblems
        guard !table.header.isEmpty else { return nil }
        let missing = required.filter { table.column($0) == nil }
        let files = [
            (OneRoster.orgsFile, OneRoster.orgColumns), (OneRoster.usersFile, OneRoster.userColumns),
            (OneRoster.academicSessionsFile, OneRoster.academicSessionColumns),
        ]
        if !missing.isEmpty,
            let lookalike = files.first(where: { other in
                other.0 != file && other.1.allSatisfy { table.column($0) != nil }
            })
        {
            // One clear problem instead of a missing column each: the files were chosen in the wrong boxes.
            problems.append(
                RosterProblem(
                    file: file, line: 1, field: "header",
                    message:
                        "this looks like \(lookalike.0), not \(file) (it has \(lookalike.0)'s columns, such as \(lookalike.1.filter { !required.contains($0) }.prefix(3).map(quoted).joined(separator: ", "))): were the files swapped? Choose \(file) here"
                ))
            return nil
        }
        for column in missing {
            problems.append(
                RosterProblem(
                    file: file, line: 1, field: "header", message: "missing column \(quoted(column))")
            )
        }
        guard missing.isEmpty else { return nil }
        return RosterSheet(table: table, isComplete: csvProblems.isEmpty)
    }

    /// Checks sourcedId (required, unique in its file) and status; nil when the sourcedId is
    /// unusable, so the row is not kept or referenced.
    private mutating func identity(
        of record: CSVRecord,
        in sheet: RosterSheet,
        firstLines: inout [String: Int]
    ) -> (sourcedId: String, archived: Bool)? {
        let status = sheet.value("status", record)
        let archived: Bool
        switch status.lowercased() {
        case "", "active":
            archived = false
        case "tobedeleted":
            archived = true
        default:
            report(
                sheet,
                record,
                "status",
                "\(quoted(status)) is not a OneRoster status (expected active, tobedeleted, or blank)"
            )
            archived = false
        }
        let sourcedId = sheet.value("sourcedId", record)
        guard !sourcedId.isEmpty else {
            report(sheet, record, "sourcedId", "required")
            return nil
        }
        if let firstLine = firstLines[sourcedId] {
            report(
                sheet, record, "sourcedId",
                "duplicate sourcedId \(quoted(sourcedId)) (first on line \(firstLine))")
            return nil
        }
        firstLines[sourcedId] = record.line
        return (sourcedId, archived)
    }

    private mutating func report(
        _ sheet: RosterSheet, _ record: CSVRecord, _ field: String, _ message: String
    ) {
        problems.append(
            RosterProblem(file: sheet.file, line: record.line, field: field, message: message))
    }

    private func quoted(_ value: String) -> String {
        "\"\(value)\""
    }
}

// MARK: - OneRoster vocabularies

extension OneRoster {
    enum OrgType: String, CaseIterable {
        case department, school, district, local, state, national
    }

    enum Role: String, CaseIterable {
        case administrator, aide, guardian, parent, proctor, relative, student, teacher
    }

    enum SessionType: String, CaseIterable {
        case gradingPeriod, semester, schoolYear, term
    }
}

extension RawRepresentable where Self: CaseIterable, RawValue == String {
    /// Accepts `Teacher` or `SCHOOLYEAR`: systems disagree on case, never on the word.
    fileprivate init?(caseInsensitive text: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() })
        else {
            return nil
        }
        self = match
    }

    /// The values as a message lists them: `a, b, c`.
    fileprivate static var list: String {
        allCases.map(\.rawValue).joined(separator: ", ")
    }
}

extension Character {
    var isASCIIDigit: Bool {
        isASCII && isNumber
    }
}
