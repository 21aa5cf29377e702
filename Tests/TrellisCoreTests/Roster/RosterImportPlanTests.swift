import Testing

@testable import TrellisCore

@Suite("Roster import plan")
struct RosterImportPlanTests {
    typealias Counts = RosterImportPlan.Counts

    /// What the server does with a plan, reduced to the snapshot it would read back.
    static func applying(_ plan: RosterImportPlan, to snapshot: RosterSnapshot) -> RosterSnapshot {
        var result = snapshot
        for school in plan.schoolsToWrite {
            result.schools[school.sourcedId] = school
        }
        for var leader in plan.leadersToWrite {
            if let matched = plan.leaderMatches[leader.sourcedId] {
                result.leaders[matched] = nil
            }
            leader.line = 0
            result.leaders[leader.sourcedId] = leader
        }
        result.leaderSourcedIdByEmail = Dictionary(
            result.leaders.map { ($0.value.email, $0.key) },
            uniquingKeysWith: { first, _ in first }
        )
        return result
    }

    static func plan(_ files: OneRosterFiles, against snapshot: RosterSnapshot = RosterSnapshot())
        throws -> RosterImportPlan
    {
        try RosterImportPlan.make(
            OneRoster.parse(files, knownSchoolSourcedIds: Set(snapshot.schools.keys)), against: snapshot)
    }

    static func problems(_ files: OneRosterFiles, against snapshot: RosterSnapshot) throws -> [String] {
        let roster = try OneRoster.parse(files)
        do {
            _ = try RosterImportPlan.make(roster, against: snapshot)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    static func imported(_ files: OneRosterFiles = RosterSamples.files) throws -> RosterSnapshot {
        applying(try plan(files), to: RosterSnapshot())
    }

    static func leader(_ sourcedId: String, _ email: String, school: String = "ext-sch-alder")
        -> RosterLeader
    {
        RosterLeader(
            sourcedId: sourcedId, givenName: "Ada", familyName: "Lovel", email: email,
            schoolSourcedId: school)
    }

    static func snapshot(leaders: [String: RosterLeader]) -> RosterSnapshot {
        RosterSnapshot(
            leaders: leaders,
            leaderSourcedIdByEmail: Dictionary(
                uniqueKeysWithValues: leaders.map { ($0.value.email, $0.key) })
        )
    }

    @Test func firstImportCreatesAndReimportingChangesNothing() throws {
        // setup
        let first = try Self.plan(RosterSamples.files)

        // validation
        #expect(first.schools == Counts(create: 3))
        #expect(first.leaders == Counts(create: 3))
        #expect(
            first.schoolsToWrite.map(\.sourcedId) == ["ext-sch-alder", "ext-sch-birch", "ext-sch-cedar"])
        #expect(first.leadersToWrite.map(\.sourcedId) == ["adm-1", "adm-2", "adm-4"])
        #expect(first.leaderMatches.isEmpty)
        #expect(first.schoolYears.map(\.sourcedId) == ["sy-2027"])
        #expect(
            first.skipped
                == SkippedRows(
                    teachers: 2, students: 3, otherUsers: 1, administratorsWithoutSchool: 1, nonSchoolOrgs: 1)
        )

        // MUT
        let again = try Self.plan(
            RosterSamples.files, against: Self.applying(first, to: RosterSnapshot()))

        // validation
        #expect(again.schools == Counts(unchanged: 3))
        #expect(again.leaders == Counts(unchanged: 3))
        #expect(again.schoolsToWrite.isEmpty && again.leadersToWrite.isEmpty)
    }

    @Test func changedFieldsAreUpdates() throws {
        // setup
        let existing = try Self.imported()
        let orgs = RosterSamples.orgs.replacing(
            "Cedar High,school,,", with: "Cedar High School,school,301,")
        let users = RosterSamples.users.replacing("assistant-principal,", with: "principal,4")

        // MUT
        let plan = try Self.plan(OneRosterFiles(orgs: orgs, users: users), against: existing)

        // validation
        #expect(plan.schools == Counts(update: 1, unchanged: 2))
        #expect(plan.schoolsToWrite.map(\.name) == ["Cedar High School"])
        #expect(plan.leaders == Counts(update: 1, unchanged: 2))
        #expect(plan.leadersToWrite.map(\.sourcedId) == ["adm-2"])
        #expect(plan.leadersToWrite.first?.position == .principal)
        #expect(plan.leadersToWrite.first?.yearsInRole == 4)
    }

    @Test func tobedeletedArchivesExistingRecordsAndDropsUnknownOnes() throws {
        // setup
        let existing = try Self.imported()
        let files = OneRosterFiles(
            orgs: RosterSamples.orgs(
                "ext-sch-birch,tobedeleted,,\"Birch Middle School, East Campus\",school,201,ext-district-1,middle",
                "ext-sch-never,tobedeleted,,Never Built,school,,,"
            ),
            users: RosterSamples.users(
                RosterSamples.administrator(
                    "adm-1", email: "marisol.rivera@riverbend.example", status: "tobedeleted"),
                RosterSamples.administrator(
                    "adm-never", email: "never@riverbend.example", status: "tobedeleted")
            )
        )

        // MUT
        let plan = try Self.plan(files, against: existing)

        // validation
        #expect(plan.schools == Counts(archive: 1))
        #expect(plan.schoolsToWrite.map(\.sourcedId) == ["ext-sch-birch"])
        #expect(plan.schoolsToWrite.map(\.archived) == [true])
        #expect(plan.leaders == Counts(archive: 1))
        #expect(plan.leadersToWrite.map(\.sourcedId) == ["adm-1"])

        let again = try Self.plan(files, against: Self.applying(plan, to: existing))
        #expect(again.schools == Counts(unchanged: 1))
        #expect(again.leaders == Counts(unchanged: 1))
    }

    @Test func activeRowForAnArchivedRecordIsAnUpdate() throws {
        var existing = try Self.imported()
        existing.schools["ext-sch-cedar"]?.archived = true
        let plan = try Self.plan(RosterSamples.files, against: existing)
        #expect(plan.schools == Counts(update: 1, unchanged: 2))
        #expect(plan.schoolsToWrite.map(\.archived) == [false])
    }

    @Test func emailUsedInAnotherDistrictIsAProblem() throws {
        let snapshot = RosterSnapshot(emailsInOtherDistricts: ["dokafor@riverbend.example"])
        #expect(
            try Self.problems(RosterSamples.files, against: snapshot) == [
                "users.csv:3: email: \"dokafor@riverbend.example\" is already used by an account in another district"
            ]
        )
    }

    @Test func twoIncomingLeadersWithOneEmailIsAProblem() throws {
        let files = OneRosterFiles(
            orgs: RosterSamples.orgs,
            users: RosterSamples.users(
                RosterSamples.administrator("adm-1", email: "ada@alder.example"),
                RosterSamples.administrator("adm-2", email: "other@alder.example"),
                RosterSamples.administrator("adm-3", org: "ext-sch-birch", email: "ADA@alder.example")
            )
        )
        #expect(
            try Self.problems(files, against: RosterSnapshot()) == [
                "users.csv:4: email: \"ada@alder.example\" is also the email of the administrator on line 2 (each leader signs in with their own email)"
            ]
        )
    }

    @Test func existingAccountWithoutSourcedIdIsMatchedByEmail() throws {
        // setup: Dana was added by hand before the district imported its roster
        let key = RosterSnapshot.emailKey(" DOkafor@riverbend.example")
        #expect(key == "email:dokafor@riverbend.example")
        let existing = Self.snapshot(leaders: [key: Self.leader("", "dokafor@riverbend.example")])

        // MUT
        let plan = try Self.plan(RosterSamples.files, against: existing)

        // validation
        #expect(plan.leaderMatches == ["adm-2": key])
        #expect(plan.leaders == Counts(create: 2, update: 1))
        #expect(plan.leadersToWrite.map(\.sourcedId) == ["adm-1", "adm-2", "adm-4"])

        let afterImport = Self.applying(plan, to: existing)
        #expect(afterImport.leaders[key] == nil)
        let again = try Self.plan(RosterSamples.files, against: afterImport)
        #expect(again.leaders == Counts(unchanged: 3))
        #expect(again.leaderMatches.isEmpty)
    }

    @Test func leaderWhoseSourcedIdChangedKeepsTheirAccount() throws {
        let existing = Self.snapshot(leaders: ["old-9": Self.leader("old-9", "ada@alder.example")])
        let files = OneRosterFiles(
            orgs: RosterSamples.orgs,
            users: RosterSamples.users(
                RosterSamples.administrator("old-9", email: "ada@alder.example", status: "tobedeleted"),
                RosterSamples.administrator("new-9", email: "ada@alder.example")
            )
        )
        let plan = try Self.plan(files, against: existing)
        #expect(plan.leaderMatches == ["new-9": "old-9"])
        #expect(plan.leaders == Counts(update: 1))
        #expect(plan.leadersToWrite.map(\.sourcedId) == ["new-9"])

        let withoutOldRow = OneRosterFiles(
            orgs: RosterSamples.orgs,
            users: RosterSamples.users(RosterSamples.administrator("new-9", email: "ada@alder.example"))
        )
        #expect(try Self.plan(withoutOldRow, against: existing).leaderMatches == ["new-9": "old-9"])
    }

    @Test func emailOfAnotherLeaderInTheDistrictIsAProblem() throws {
        let existing = Self.snapshot(leaders: [
            "adm-1": Self.leader("adm-1", "ada@alder.example"),
            "adm-8": Self.leader("adm-8", "grace@alder.example"),
        ])
        let files = OneRosterFiles(
            orgs: RosterSamples.orgs,
            users: RosterSamples.users(RosterSamples.administrator("adm-1", email: "grace@alder.example"))
        )
        #expect(
            try Self.problems(files, against: existing) == [
                "users.csv:2: email: \"grace@alder.example\" is already the email of another leader in this district"
            ]
        )
    }

    @Test func leadersMaySwapEmails() throws {
        let existing = Self.snapshot(leaders: [
            "adm-1": Self.leader("adm-1", "ada@alder.example"),
            "adm-2": Self.leader("adm-2", "grace@alder.example"),
        ])
        let files = OneRosterFiles(
            orgs: RosterSamples.orgs,
            users: RosterSamples.users(
                RosterSamples.administrator("adm-1", email: "grace@alder.example"),
                RosterSamples.administrator("adm-2", email: "ada@alder.example")
            )
        )
        let plan = try Self.plan(files, against: existing)
        #expect(plan.leaders == Counts(update: 2))
        #expect(plan.leaderMatches.isEmpty)
    }
}
