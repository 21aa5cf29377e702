import Testing

@testable import TrellisCore

@Suite("OneRoster parse")
struct OneRosterTests {
    @Test func validRosterKeepsSchoolsLeadersAndSchoolYears() throws {
        let roster = try OneRoster.parse(RosterSamples.files)

        #expect(
            roster.schools == [
                RosterSchool(
                    sourcedId: "ext-sch-alder", name: "Alder Elementary", identifier: "101",
                    level: .elementary, archived: false),
                RosterSchool(
                    sourcedId: "ext-sch-birch",
                    name: "Birch Middle School, East Campus",
                    identifier: "201",
                    level: .middle,
                    archived: false
                ),
                RosterSchool(
                    sourcedId: "ext-sch-cedar", name: "Cedar High", identifier: nil, level: .other,
                    archived: false),
            ]
        )
        #expect(
            roster.leaders == [
                RosterLeader(
                    sourcedId: "adm-1",
                    givenName: "Marisol",
                    familyName: "Rivera",
                    email: "marisol.rivera@riverbend.example",
                    schoolSourcedId: "ext-sch-alder",
                    position: .principal,
                    yearsInRole: 7,
                    line: 2
                ),
                RosterLeader(
                    sourcedId: "adm-2",
                    givenName: "Dana",
                    familyName: "Okafor",
                    email: "dokafor@riverbend.example",
                    schoolSourcedId: "ext-sch-birch",
                    position: .assistantPrincipal,
                    line: 3
                ),
                RosterLeader(
                    sourcedId: "adm-4",
                    givenName: "Lee",
                    familyName: "Tran",
                    email: "ltran@riverbend.example",
                    schoolSourcedId: "ext-sch-cedar",
                    line: 5
                ),
            ]
        )
        #expect(
            roster.skipped
                == SkippedRows(
                    teachers: 2, students: 3, otherUsers: 1, administratorsWithoutSchool: 1, nonSchoolOrgs: 1)
        )
        #expect(
            roster.schoolYears == [
                RosterSchoolYear(
                    sourcedId: "sy-2027", title: "2026-27", schoolYear: 2027, startDate: "2026-08-01",
                    endDate: "2027-06-30")
            ]
        )
    }

    @Test func academicSessionsAreOptional() throws {
        let roster = try OneRoster.parse(
            OneRosterFiles(orgs: RosterSamples.orgs, users: RosterSamples.users))
        #expect(roster.schoolYears.isEmpty)
        #expect(roster.leaders.count == 3)
    }

    @Test func headerOnlyFilesAreAnEmptyRoster() throws {
        let roster = try OneRoster.parse(
            OneRosterFiles(
                orgs: RosterSamples.orgs(), users: RosterSamples.users(),
                academicSessions: RosterSamples.academicSessions())
        )
        #expect(roster.schools.isEmpty && roster.leaders.isEmpty && roster.schoolYears.isEmpty)
        #expect(roster.skipped == SkippedRows())
    }

    @Test func minimalColumnsWithoutExtensionsOrInAnyOrder() throws {
        let orgs = """
            type,name,sourcedId,status,dateLastModified,identifier,parentSourcedId,vendor.extra
            school,Dogwood K-8,ext-sch-dogwood,,,,,ignored
            """
        let users = """
            role,sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password
            administrator,adm-9,,,,ext-sch-dogwood,,,Ro,Ng,,,ro@dogwood.example,,,,,
            """
        let roster = try OneRoster.parse(OneRosterFiles(orgs: orgs, users: users))
        #expect(roster.schools.map(\.level) == [.other])
        #expect(roster.leaders.map(\.position) == [nil])
        #expect(roster.leaders.map(\.yearsInRole) == [nil])
    }

    @Test func missingColumnsAreReportedOnTheHeaderLine() {
        let orgs = "sourcedId,status,dateLastModified,name,parentSourcedId\next-1,,,X,\n"
        let users = RosterSamples.usersHeader.split(separator: ",").filter { $0 != "email" }.joined(
            separator: ",")
        let sessions = "sourcedId,title\n"
        #expect(
            RosterSamples.problems(OneRosterFiles(orgs: orgs, users: users, academicSessions: sessions))
                == [
                    "orgs.csv:1: header: missing column \"type\"",
                    "orgs.csv:1: header: missing column \"identifier\"",
                    "users.csv:1: header: missing column \"email\"",
                    "academicSessions.csv:1: header: missing column \"status\"",
                    "academicSessions.csv:1: header: missing column \"dateLastModified\"",
                    "academicSessions.csv:1: header: missing column \"type\"",
                    "academicSessions.csv:1: header: missing column \"startDate\"",
                    "academicSessions.csv:1: header: missing column \"endDate\"",
                    "academicSessions.csv:1: header: missing column \"parentSourcedId\"",
                    "academicSessions.csv:1: header: missing column \"schoolYear\"",
                ]
        )
    }

    @Test func emptyFilesAreReported() {
        #expect(
            RosterSamples.problems(OneRosterFiles(orgs: "", users: "\n")) == [
                "orgs.csv:1: file is empty (expected a header row)",
                "users.csv:1: file is empty (expected a header row)",
            ]
        )
    }

    static let malformedOrgs: [(row: String, problem: String)] = [
        (",active,,Alder,school,,,", "orgs.csv:2: sourcedId: required"),
        (
            "ext-1,deleted,,Alder,school,,,",
            "orgs.csv:2: status: \"deleted\" is not a OneRoster status (expected active, tobedeleted, or blank)"
        ),
        (
            "ext-1,,,Alder,campus,,,",
            "orgs.csv:2: type: \"campus\" is not a OneRoster org type (expected one of department, school, district, local, state, national)"
        ),
        ("ext-1,,,,school,,,", "orgs.csv:2: name: required for schools"),
        (
            "ext-1,,,Alder,school,,,secondary",
            "orgs.csv:2: metadata.trellis.level: \"secondary\" is not a Trellis school level (expected one of elementary, middle, high, k-8, other, or blank)"
        ),
        ("ext-1,,,Alder,school,,", "orgs.csv:2: expected 8 fields, found 7"),
    ]

    @Test(arguments: malformedOrgs)
    func malformedOrgRow(_ row: String, _ problem: String) {
        let files = OneRosterFiles(orgs: RosterSamples.orgs(row), users: RosterSamples.users())
        #expect(RosterSamples.problems(files) == [problem])
    }

    static let malformedUsers: [(row: String, problems: [String])] = [
        (
            "u-1,active,,true,ext-sch-alder,principal,,,Ada,Lovel,,,ada@alder.example,,,,,,,",
            [
                "users.csv:3: role: \"principal\" is not a OneRoster role (expected one of administrator, aide, guardian, parent, proctor, relative, student, teacher)"
            ]
        ),
        (
            RosterSamples.administrator("u-1", email: ""),
            ["users.csv:3: email: required for administrators: Trellis signs leaders in by email"]
        ),
        (
            RosterSamples.administrator("u-1", email: "ada at alder.example"),
            [
                "users.csv:3: email: \"ada at alder.example\" does not look like an email address (expected name@domain.example)"
            ]
        ),
        (
            RosterSamples.administrator("u-1", email: "ada@localhost"),
            [
                "users.csv:3: email: \"ada@localhost\" does not look like an email address (expected name@domain.example)"
            ]
        ),
        (
            RosterSamples.administrator("u-1", given: "", family: " ", email: "ada@alder.example"),
            [
                "users.csv:3: givenName: required for administrators",
                "users.csv:3: familyName: required for administrators",
            ]
        ),
        (
            RosterSamples.administrator(
                "u-1", org: "\"ext-sch-alder, ext-sch-elsewhere\"", email: "ada@alder.example"),
            [
                "users.csv:3: orgSourcedIds: \"ext-sch-elsewhere\" is not an org in orgs.csv or a school already in Trellis"
            ]
        ),
        (
            RosterSamples.administrator("u-1", email: "ada@alder.example", position: "dean"),
            [
                "users.csv:3: metadata.trellis.position: \"dean\" is not a Trellis leader position (expected principal, assistant-principal, or blank)"
            ]
        ),
        (
            RosterSamples.administrator("u-1", email: "ada@alder.example", years: "61"),
            [
                "users.csv:3: metadata.trellis.yearsInRole: \"61\" is not a number of years (expected a whole number from 0 to 60, or blank)"
            ]
        ),
        (
            RosterSamples.administrator("u-1", email: "ada@alder.example", years: "-1"),
            [
                "users.csv:3: metadata.trellis.yearsInRole: \"-1\" is not a number of years (expected a whole number from 0 to 60, or blank)"
            ]
        ),
        (
            RosterSamples.administrator("u-1", email: "ada@alder.example", years: "2.5"),
            [
                "users.csv:3: metadata.trellis.yearsInRole: \"2.5\" is not a number of years (expected a whole number from 0 to 60, or blank)"
            ]
        ),
        (
            "u-1,active,,yes,ext-sch-alder,administrator,,,Ada,Lovel,,,ada@alder.example,,,,,,,",
            ["users.csv:3: enabledUser: \"yes\" is not a OneRoster boolean (expected true or false)"]
        ),
        (
            "u-1,gone,,true,ext-sch-alder,student,,,,,,,,,,,,,,",
            [
                "users.csv:3: status: \"gone\" is not a OneRoster status (expected active, tobedeleted, or blank)"
            ]
        ),
        (
            "adm-0,,,,ext-sch-alder,teacher,,,,,,,,,,,,,,",
            ["users.csv:3: sourcedId: duplicate sourcedId \"adm-0\" (first on line 2)"]
        ),
        // Nothing but sourcedId, role and status is read from a student's row.
        ("stu-1,,,maybe,nowhere,student,,,,,,,not-an-email,,,,,,dean,999", []),
        // An administrator of no school is skipped, not checked for an email.
        (RosterSamples.administrator("u-1", org: "ext-district-1", given: "", email: ""), []),
    ]

    @Test(arguments: malformedUsers)
    func malformedUserRow(_ row: String, _ problems: [String]) {
        let files = OneRosterFiles(
            orgs: RosterSamples.orgs,
            users: RosterSamples.users(
                RosterSamples.administrator("adm-0", email: "first@alder.example"), row)
        )
        #expect(RosterSamples.problems(files) == problems)
    }

    static let malformedSessions: [(row: String, problems: [String])] = [
        (
            "sy-1,,,2026-27,quarter,2026-08-01,2027-06-30,,2027",
            [
                "academicSessions.csv:2: type: \"quarter\" is not a OneRoster academic session type (expected one of gradingPeriod, semester, schoolYear, term)"
            ]
        ),
        (
            "sy-1,,,2026-27,schoolYear,2026/08/01,2027-02-30,,2027",
            [
                "academicSessions.csv:2: startDate: \"2026/08/01\" is not a date (expected yyyy-mm-dd)",
                "academicSessions.csv:2: endDate: \"2027-02-30\" is not a date (expected yyyy-mm-dd)",
            ]
        ),
        (
            "sy-1,,,2026-27,schoolYear,2027-06-30,2026-08-01,,2027",
            ["academicSessions.csv:2: endDate: \"2026-08-01\" is before the startDate \"2027-06-30\""]
        ),
        (
            "sy-1,,,,schoolYear,,2027-06-30,,26-27",
            [
                "academicSessions.csv:2: title: required for school years",
                "academicSessions.csv:2: startDate: required",
                "academicSessions.csv:2: schoolYear: \"26-27\" is not a year (expected 4 digits, e.g. 2027)",
            ]
        ),
        ("gp-1,,,,gradingPeriod,2028-02-29,2028-02-29,,2028", []),
    ]

    @Test(arguments: malformedSessions)
    func malformedAcademicSessionRow(_ row: String, _ problems: [String]) {
        let files = OneRosterFiles(
            orgs: RosterSamples.orgs(),
            users: RosterSamples.users(),
            academicSessions: RosterSamples.academicSessions(row)
        )
        #expect(RosterSamples.problems(files) == problems)
    }

    @Test func everyProblemInEveryFileIsReportedInFileAndLineOrder() {
        let files = OneRosterFiles(
            orgs: RosterSamples.orgs(
                "ext-sch-alder,,,Alder Elementary,school,,,elementary",
                "ext-sch-birch,,,Birch Middle,campus,,,",
                "ext-sch-alder,,,Alder Again,school,,,"
            ),
            users: RosterSamples.users(
                RosterSamples.administrator("adm-1", email: ""),
                "tch-1,,,,ext-sch-alder,principal,,,,,,,,,,,,,,",
                RosterSamples.administrator("adm-3", email: "x@y.example", years: "many")
            ),
            academicSessions: RosterSamples.academicSessions(
                "sy-1,archived,,2026-27,schoolYear,2026-08-01,2027-06-30,,2027")
        )
        #expect(
            RosterSamples.problems(files) == [
                "orgs.csv:3: type: \"campus\" is not a OneRoster org type (expected one of department, school, district, local, state, national)",
                "orgs.csv:4: sourcedId: duplicate sourcedId \"ext-sch-alder\" (first on line 2)",
                "users.csv:2: email: required for administrators: Trellis signs leaders in by email",
                "users.csv:3: role: \"principal\" is not a OneRoster role (expected one of administrator, aide, guardian, parent, proctor, relative, student, teacher)",
                "users.csv:4: metadata.trellis.yearsInRole: \"many\" is not a number of years (expected a whole number from 0 to 60, or blank)",
                "academicSessions.csv:2: status: \"archived\" is not a OneRoster status (expected active, tobedeleted, or blank)",
            ]
        )
    }

    @Test func problemsAreThrownAsRosterProblems() {
        let files = OneRosterFiles(
            orgs: RosterSamples.orgs("ext-1,,,X,campus,,,"), users: RosterSamples.users())
        #expect(throws: RosterProblems.self) { try OneRoster.parse(files) }
    }

    @Test func unknownOrgsAreNotReportedWhenOrgsCouldNotBeRead() {
        let files = OneRosterFiles(
            orgs: "sourcedId,name\n",
            users: RosterSamples.users(
                RosterSamples.administrator("adm-1", org: "ext-sch-alder", email: "a@b.example"))
        )
        #expect(RosterSamples.problems(files).allSatisfy { $0.hasPrefix("orgs.csv:1: header:") })
    }

    @Test func tobedeletedArchivesAndIsCaseInsensitive() throws {
        let roster = try OneRoster.parse(
            OneRosterFiles(
                orgs: RosterSamples.orgs(
                    "ext-sch-alder,ToBeDeleted,,Alder Elementary,school,,,",
                    "ext-sch-birch,ACTIVE,,Birch Middle,school,,,"
                ),
                users: RosterSamples.users(
                    RosterSamples.administrator("adm-1", email: "a@b.example", status: "tobedeleted")),
                academicSessions: RosterSamples.academicSessions(
                    "sy-old,tobedeleted,,2025-26,schoolYear,2025-08-01,2026-06-30,,2026",
                    "sy-new,,,2026-27,SCHOOLYEAR,2026-08-01,2027-06-30,,2027"
                )
            )
        )
        #expect(roster.schools.map(\.archived) == [true, false])
        #expect(roster.leaders.map(\.archived) == [true])
        #expect(roster.schoolYears.map(\.sourcedId) == ["sy-new"])
    }

    @Test(arguments: [
        ("elementary", SchoolLevel.elementary), ("Middle", .middle), ("HIGH", .high), ("k-8", .k8),
        ("other", .other), ("", .other),
    ])
    func schoolLevelExtensionColumn(_ raw: String, _ level: SchoolLevel) throws {
        let roster = try OneRoster.parse(
            OneRosterFiles(
                orgs: RosterSamples.orgs("ext-1,,,Alder,school,,,\(raw)"), users: RosterSamples.users())
        )
        #expect(roster.schools.map(\.level) == [level])
    }

    @Test func leaderExtensionColumns() throws {
        let roster = try OneRoster.parse(
            OneRosterFiles(
                orgs: RosterSamples.orgs,
                users: RosterSamples.users(
                    RosterSamples.administrator(
                        "adm-1", email: "a@b.example", position: "Principal", years: "0"),
                    RosterSamples.administrator(
                        "adm-2", email: "c@d.example", position: "assistant-principal", years: "60"),
                    RosterSamples.administrator("adm-3", email: "e@f.example")
                )
            )
        )
        #expect(roster.leaders.map(\.position) == [.principal, .assistantPrincipal, nil])
        #expect(roster.leaders.map(\.yearsInRole) == [0, 60, nil])
    }

    @Test func leaderMayBelongToASchoolAlreadyInTheDistrict() throws {
        let files = OneRosterFiles(
            orgs: RosterSamples.orgs("ext-district-1,,,Riverbend,district,,,"),
            users: RosterSamples.users(
                RosterSamples.administrator(
                    "adm-1", org: "\"ext-district-1,ext-sch-known\"", email: "a@b.example")
            )
        )
        #expect(RosterSamples.problems(files).count == 1)
        let roster = try OneRoster.parse(files, knownSchoolSourcedIds: ["ext-sch-known"])
        #expect(roster.leaders.map(\.schoolSourcedId) == ["ext-sch-known"])
    }

    @Test func firstSchoolAmongAdministratorOrgsIsTheLeadersSchool() throws {
        let roster = try OneRoster.parse(
            OneRosterFiles(
                orgs: RosterSamples.orgs,
                users: RosterSamples.users(
                    RosterSamples.administrator(
                        "adm-1", org: "\"ext-district-1, ext-sch-cedar,ext-sch-alder\"", email: "a@b.example")
                )
            )
        )
        #expect(roster.leaders.map(\.schoolSourcedId) == ["ext-sch-cedar"])
    }

    @Test func labels() {
        #expect(SchoolLevel.allCases.map(\.label) == ["Elementary", "Middle", "High", "K-8", "Other"])
        #expect(LeaderPosition.allCases.map(\.label) == ["Principal", "Assistant principal"])
    }
}
