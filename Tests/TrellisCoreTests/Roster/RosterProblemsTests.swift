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
