import Foundation
import Testing

@testable import TrellisCore

@Suite("School years")
struct SchoolYearTests {
    @Test(
        "accepted spellings",
        arguments: [("2026-27", 2026), ("2026-2027", 2026), (" 1999-00 ", 1999), ("2099-00", 2099)])
    func accepted(text: String, start: Int) {
        #expect(SchoolYear(text)?.startYear == start)
    }

    @Test(
        "refused spellings",
        arguments: ["2026", "2026-28", "2026/27", "26-27", "2026-027", "abcd-ef", "", "2026-", "2026-2028"])
    func refused(text: String) {
        #expect(SchoolYear(text) == nil)
    }

    @Test("written the way districts write it")
    func description() {
        #expect(SchoolYear(startYear: 2026).description == "2026-27")
        #expect(SchoolYear(startYear: 2008).description == "2008-09")
        #expect(SchoolYear(startYear: 2099).description == "2099-00")
    }
}

@Suite("Sign-in throttle")
struct SignInThrottleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let policy = SignInThrottle.Policy(failuresPerAccount: 3, failuresPerAddress: 5, window: 600)

    func refusal(_ account: [Double], _ address: [Double], at seconds: Double) -> SignInThrottle.Refusal? {
        SignInThrottle.refusal(
            accountFailures: account.map { start.addingTimeInterval($0) },
            addressFailures: address.map { start.addingTimeInterval($0) }, policy: policy,
            now: start.addingTimeInterval(seconds))
    }

    @Test("an account is refused after its limit, until the oldest counted failure leaves the window")
    func accountLimit() {
        #expect(refusal([0, 60], [0, 60], at: 120) == nil)
        let refused = refusal([120, 0, 60], [0, 60, 120], at: 180)
        #expect(refused?.reason == .account)
        #expect(refused?.retryAfter == 420)
        #expect(refused?.message.contains("7 minutes") == true)
        #expect(refusal([0, 60, 120], [], at: 601) == nil, "the failure at 0 has left the window")
        #expect(refusal([-900, 0, 60, 120], [], at: 550)?.retryAfter == 50, "older failures do not count")
    }

    @Test("an address guessing at many accounts is refused")
    func addressLimit() {
        #expect(refusal([], [0, 0, 0, 0, 0], at: 0)?.reason == .address)
        #expect(refusal([], [0, 0, 0, 0], at: 0) == nil)
    }
}

@Suite("Passwords and emails")
struct PasswordAndEmailTests {
    @Test("password rules")
    func passwords() {
        #expect(PasswordPolicy.problem(with: "short") == "must be at least 10 characters")
        #expect(PasswordPolicy.problem(with: "long enough") == nil)
        #expect(PasswordPolicy.problem(with: String(repeating: "é", count: 40)) == "must be at most 72 bytes")
    }

    @Test("emails are compared trimmed and lowercased", arguments: [(" A@B.Org\n", "a@b.org"), ("x@y.z", "x@y.z")])
    func normalized(raw: String, expected: String) {
        #expect(EmailAddress.normalized(raw) == expected)
    }

    @Test(
        "plausible emails",
        arguments: [
            ("a@b.org", true), ("first.last@district.k12.ca.us", true), ("a@b", false), ("@b.org", false),
            ("a b@c.org", false), ("a@@b.org", false), ("a@b.", false), ("a@.org", false),
        ])
    func plausible(text: String, expected: Bool) {
        #expect(EmailAddress.isPlausible(text) == expected)
    }

    @Test("roles: only the network admin belongs to no district; admins manage")
    func roles() {
        #expect(Role.allCases.filter { !$0.belongsToDistrict } == [.networkAdmin])
        #expect(Role.allCases.filter(\.isAdmin) == [.networkAdmin, .districtAdmin])
        #expect(Role(rawValue: "admin") == .districtAdmin)
    }
}

@Suite("Demo district data")
struct DemoDistrictTests {
    @Test("15 schools, 15 principals and 8 assistant principals, each at a school that exists")
    func shape() {
        let schoolKeys = Set(DemoDistrict.schools.map(\.key))
        #expect(schoolKeys.count == 15)
        let leaders = DemoDistrict.people.filter { $0.role == .leader }
        #expect(leaders.filter { $0.position == .principal }.count == 15)
        #expect(leaders.filter { $0.position == .assistantPrincipal }.count == 8)
        #expect(leaders.allSatisfy { schoolKeys.contains($0.schoolKey ?? "") })
        #expect(
            Set(leaders.filter { $0.position == .principal }.compactMap(\.schoolKey)) == schoolKeys,
            "one principal per school")
        #expect(Set(DemoDistrict.people.map(\.email)).count == DemoDistrict.people.count, "emails are unique")
        #expect(DemoDistrict.people.allSatisfy { EmailAddress.isPlausible($0.email) && $0.email.hasSuffix(".example") })
        #expect(leaders.contains { ($0.yearsInRole ?? 0) < 3 } && leaders.contains { ($0.yearsInRole ?? 0) >= 3 })
        let signIns = Set(DemoDistrict.signIns.map(\.email))
        #expect(signIns.isSubset(of: Set(DemoDistrict.people.map(\.email))))
    }
}

@Suite("Years in the role: the same rule on a person's page and in the roster")
struct YearsInRoleTests {
    @Test("whole numbers of years from 0 to 60", arguments: [("0", 0), ("7", 7), ("60", 60), ("007", 7)])
    func valid(text: String, years: Int) {
        #expect(YearsInRole.read(text) == years)
    }

    @Test("anything else is not a number of years", arguments: ["", "61", "-1", "+5", "2.5", "five", "٣", " 5"])
    func invalid(text: String) {
        #expect(YearsInRole.read(text) == nil)
    }
}
