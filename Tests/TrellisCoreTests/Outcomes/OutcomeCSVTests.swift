import Foundation
import Testing

@testable import TrellisCore

@Suite("Outcomes CSV: counts in, every problem named, all or nothing")
struct OutcomeCSVTests {
    static let schools = ["bv-001": "s1", "Harbor View Elementary": "s1", "bv-002": "s2"]

    func parse(_ text: String) throws(RosterProblems) -> [OutcomeCount] {
        try OutcomeCSV.parse(text, file: "outcomes.csv") { Self.schools[$0] }
    }

    @Test("columns in any order; schools by sourcedId or name; All students and families recognised")
    func goodFile() throws {
        let counts = try parse(
            """
            measure,met,tested,school,year,subgroup
            ELA met standard,40,100,bv-001,2025-26,All students
            ELA met standard,9,30,Harbor View Elementary,2025-26,race: African American
            Math met standard,"12",20,bv-002,2024-2025,all students
            """)
        #expect(counts.count == 3)
        #expect(
            counts[0]
                == OutcomeCount(
                    line: 2, school: "s1", year: SchoolYear(startYear: 2025), subgroup: .all,
                    measure: "ELA met standard", tested: 100, met: 40))
        #expect(counts[1].subgroup.family == "race")
        #expect(counts[2].subgroup.isAll && counts[2].year == SchoolYear(startYear: 2024))
    }

    @Test("every problem as file:line: field, nothing returned")
    func problems() {
        let text = """
            school,year,subgroup,measure,tested,met
            nowhere,2025-26,All students,ELA,10,5
            bv-001,2025,All students,ELA,10,5
            bv-001,2025-26,All students,ELA,10,11
            bv-001,2025-26,race: Asian,ELA,-3,0
            bv-001,2025-26,race: Black,ELA,4.5,1
            bv-002,2025-26,All students,ELA,20,10
            bv-002,2025-26,All students,ELA,20,10
            bv-002,2025-26,race: Asian,ELA,15,5
            bv-002,2025-26,race: Black,ELA,9,5
            """
        #expect(throws: RosterProblems.self) { try parse(text) }
        do {
            _ = try parse(text)
        } catch {
            let lines = error.problems.map(\.description)
            #expect(
                lines.contains(
                    "outcomes.csv:2: school: \"nowhere\" is not a school of the district (by sourcedId or exact name)"))
            #expect(lines.contains("outcomes.csv:3: year: \"2025\" is not a school year such as 2026-27"))
            #expect(lines.contains("outcomes.csv:4: met: 11 is more than the 10 tested"))
            #expect(lines.contains("outcomes.csv:5: tested: \"-3\" is not a whole number of students (0 or more)"))
            #expect(lines.contains("outcomes.csv:6: tested: \"4.5\" is not a whole number of students (0 or more)"))
            #expect(
                lines.contains {
                    $0.hasPrefix("outcomes.csv:8: subgroup: ") && $0.hasSuffix("already appears on line 7")
                })
            #expect(
                lines.contains(
                    "outcomes.csv:7: tested: the race subgroups add up to 24 tested, more than the 20 of All students (a family's subgroups partition all students)"
                ))
            #expect(lines == lines.sorted { Int($0.split(separator: ":")[1])! <= Int($1.split(separator: ":")[1])! })
        }
    }

    @Test("a missing column and an unknown one are named on line 1")
    func header() {
        do {
            _ = try parse("school,year,subgroup,measure,tested,score\nbv-001,2025-26,All students,ELA,10,5")
            Issue.record("a file without met was read")
        } catch {
            let lines = error.problems.map(\.description)
            #expect(
                lines.contains(
                    "outcomes.csv:1: score: is not a column (expected school,year,subgroup,measure,tested,met)"))
            #expect(lines.contains("outcomes.csv:1: missing column met"))
        }
    }
}

@Suite("Outcome suppression: primary and complementary, until nothing changes")
struct OutcomeSuppressionTests {
    typealias S = OutcomeSuppression

    @Test("a cell under the minimum is hidden; a total with one hidden cell hides its smallest shown cell too")
    func primaryAndTotal() {
        let outcome = S.hide(tested: [4, 50, 30, 80], totals: [[0, 1, 2, 3]], partitions: [], minimum: 10)
        #expect(outcome.cells == [.primary, nil, .complementary, nil])
        #expect(outcome.totals == [false])
    }

    @Test("two hidden cells holding fewer than the minimum together are not enough")
    func twoSmall() {
        let outcome = S.hide(tested: [3, 4, 50, 60], totals: [[0, 1, 2, 3]], partitions: [], minimum: 10)
        #expect(outcome.cells == [.primary, .primary, .complementary, nil])
    }

    @Test("a chain: hiding a cell for one total leaves it alone in another, which hides a second")
    func chain() {
        // cell 2 protects cell 0 in the first total, then stands alone among the second's hidden cells
        let outcome = S.hide(
            tested: [5, 40, 20, 70, 90], totals: [[0, 1, 2], [2, 3, 4]], partitions: [], minimum: 10)
        #expect(outcome.cells == [.primary, nil, .complementary, .complementary, nil])
    }

    @Test("a total under the minimum is hidden itself, and protects nothing")
    func smallTotal() {
        let outcome = S.hide(tested: [3, 4], totals: [[0, 1]], partitions: [], minimum: 10)
        #expect(outcome.totals == [true])
        #expect(outcome.cells == [.primary, .primary])
    }

    @Test("within a school: All shown and one subgroup of a complete family hidden hides the next smallest")
    func family() {
        // All, then race: A (6), B (30), C (64)
        let outcome = S.hide(
            tested: [100, 6, 30, 64], totals: [], partitions: [.init(all: 0, parts: [1, 2, 3])], minimum: 10)
        #expect(outcome.cells == [nil, .primary, .complementary, nil])
    }

    @Test("within a school: All hidden and every subgroup shown hides the smallest subgroup")
    func allHidden() {
        let outcome = S.hide(tested: [8, 12, 15], totals: [], partitions: [.init(all: 0, parts: [1, 2])], minimum: 10)
        #expect(outcome.cells == [.primary, .complementary, nil])
    }

    /// Whether anything hidden could be worked out by subtracting shown cells from a shown total.
    static func leaks(tested: [Int], totals: [[Int]], partitions: [S.Partition], outcome: S.Outcome, minimum: Int)
        -> String?
    {
        func safe(_ cells: [Int]) -> Bool {
            let hidden = cells.filter { outcome.cells[$0] != nil }
            return hidden.isEmpty || (hidden.count >= 2 && hidden.reduce(0) { $0 + tested[$1] } >= minimum)
        }
        for (index, total) in totals.enumerated() where !outcome.totals[index] && !safe(total) {
            return "total \(index) \(total) exposes a hidden cell"
        }
        for partition in partitions {
            if outcome.cells[partition.all] == nil, !safe(partition.parts) {
                return "partition \(partition) exposes a part"
            }
            if outcome.cells[partition.all] != nil, partition.parts.allSatisfy({ outcome.cells[$0] == nil }) {
                return "partition \(partition) exposes All"
            }
        }
        for (index, reason) in outcome.cells.enumerated() where reason == nil && tested[index] < minimum {
            return "cell \(index) is under the minimum and shown"
        }
        return nil
    }

    @Test("property: on random tables no hidden cell can be recovered from any shown total")
    func property() {
        var generator = SeededGenerator(seed: 42)
        for round in 0..<400 {
            let schools = Int.random(in: 2...9, using: &generator)
            let parts = Int.random(in: 1...4, using: &generator)
            var tested: [Int] = []
            var partitions: [S.Partition] = []
            var bySubgroup: [[Int]] = Array(repeating: [], count: parts + 1)
            for _ in 0..<schools {
                let sizes = (0..<parts).map { _ in Int.random(in: 0...40, using: &generator) }
                let all = tested.count
                tested.append(sizes.reduce(0, +))
                bySubgroup[0].append(all)
                var members: [Int] = []
                for (part, size) in sizes.enumerated() {
                    members.append(tested.count)
                    bySubgroup[part + 1].append(tested.count)
                    tested.append(size)
                }
                partitions.append(.init(all: all, parts: members))
            }
            // the district, and two groups of schools, for each subgroup
            var totals = bySubgroup
            let split = Int.random(in: 1..<schools, using: &generator)
            for cells in bySubgroup {
                totals.append(Array(cells.prefix(split)))
                totals.append(Array(cells.dropFirst(split)))
            }
            let minimum = Int.random(in: 5...15, using: &generator)
            let outcome = S.hide(tested: tested, totals: totals, partitions: partitions, minimum: minimum)
            let leak = Self.leaks(
                tested: tested, totals: totals, partitions: partitions, outcome: outcome, minimum: minimum)
            #expect(leak == nil, "round \(round): \(leak ?? "")")
        }
    }
}
