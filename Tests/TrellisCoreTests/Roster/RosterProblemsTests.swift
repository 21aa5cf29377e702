import Testing

@testable import TrellisCore

@Suite("Roster problems: listed up to a limit, all counted")
struct RosterProblemsTests {
    @Test("thousands of problems list the first 200 in file and line order, and count the rest")
    func bounded() {
        let users = (1...1500).reversed().map {
            RosterProblem(file: OneRoster.usersFile, line: $0 + 1, field: "role", message: "not a role")
        }
        let orgs = (1...1500).map {
            RosterProblem(file: OneRoster.orgsFile, line: $0 + 1, field: "type", message: "not a type")
        }
        let problems = RosterProblems(users + orgs)
        #expect(problems.total == 3000)
        #expect(problems.problems.count == RosterProblems.listedLimit)
        #expect(problems.unlisted == 2800)
        #expect(problems.problems.first?.line == 2)
        #expect(problems.problems.allSatisfy { $0.file == OneRoster.orgsFile })
        #expect(problems.description.hasSuffix("… and 2800 more problems not listed"))
    }

    @Test("a short list is whole, with nothing said about more")
    func short() {
        let problems = RosterProblems([RosterProblem(file: "orgs.csv", line: 3, field: "name", message: "required")])
        #expect(problems.total == 1)
        #expect(problems.unlisted == 0)
        #expect(problems.description == "orgs.csv:3: name: required")
    }
}

@Suite("Swapped roster files")
struct SwappedRosterFilesTests {
    @Test("orgs.csv and users.csv chosen in each other's boxes: one problem each, saying so")
    func swapped() {
        let orgs = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\no1,,,Elm School,school,,\n"
        let users =
            "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
        do {
            _ = try OneRoster.parse(OneRosterFiles(orgs: users, users: orgs))
            Issue.record("swapped files were accepted")
        } catch {
            #expect(error.total == 2)
            #expect(error.problems.map(\.file) == [OneRoster.orgsFile, OneRoster.usersFile])
            #expect(error.problems.allSatisfy { $0.message.contains("were the files swapped?") })
            #expect(error.problems.first?.message.hasPrefix("this looks like users.csv, not orgs.csv") == true)
        }
    }
}
