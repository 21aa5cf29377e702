import Foundation
import Testing

@testable import TrellisCore

@Suite("Outcome analysis: n, points and relative change side by side; groups; difference in differences")
struct OutcomeAnalysisTests {
    static let before = SchoolYear(startYear: 2024)
    static let after = SchoolYear(startYear: 2025)

    static func count(
        _ school: String, _ year: SchoolYear, _ subgroup: String, _ tested: Int, _ met: Int, measure: String = "ELA"
    )
        -> OutcomeCount
    {
        OutcomeCount(
            school: school, year: year, subgroup: Subgroup(subgroup), measure: measure, tested: tested, met: met)
    }

    @Test("the article's case: about 1 % to 6 % is five points and over 400 % relative, flagged as a small base")
    func smallBase() throws {
        let counts = [
            Self.count("A", Self.before, "All students", 800, 9), Self.count("A", Self.after, "All students", 800, 49),
        ]
        let analysis = OutcomeAnalysis.analyze(
            counts, before: Self.before, after: Self.after, communitySchools: nil, minimum: 10)
        let cell = try #require(analysis.cells.first)
        let change = try #require(cell.change)
        #expect(abs(change.points - 5.0) < 1e-9)
        #expect(abs(try #require(change.relative) - 444.444) < 0.01)
        #expect(change.smallBase)
        #expect(change.low < 5 && change.high > 5)
        #expect(cell.before?.rate == 1.125 && cell.suppressed == nil)
        // the same five points on a base of 40 %: +12.5 %, not a small base
        let large = OutcomeAnalysis.analyze(
            [
                Self.count("A", Self.before, "All students", 800, 320),
                Self.count("A", Self.after, "All students", 800, 360),
            ],
            before: Self.before, after: Self.after, communitySchools: nil, minimum: 10)
        #expect(abs((large.cells.first?.change?.relative ?? 0) - 12.5) < 1e-9)
        #expect(large.cells.first?.change?.smallBase == false)
    }

    @Test("a hidden year is null with no counts; the change needs both years; primary wins over complementary")
    func suppression() throws {
        let counts = [
            Self.count("A", Self.before, "All students", 8, 4), Self.count("A", Self.after, "All students", 40, 20),
            Self.count("B", Self.before, "All students", 60, 30), Self.count("B", Self.after, "All students", 60, 33),
            Self.count("C", Self.before, "All students", 70, 35), Self.count("C", Self.after, "All students", 70, 40),
        ]
        let analysis = OutcomeAnalysis.analyze(
            counts, before: Self.before, after: Self.after, communitySchools: nil, minimum: 10)
        let a = try #require(analysis.cells.first { $0.school == "A" })
        #expect(a.before == nil && a.after != nil && a.change == nil && a.suppressed == .primary)
        // B (the smaller of the others before) is hidden that year so A cannot be worked out from the district
        let b = try #require(analysis.cells.first { $0.school == "B" })
        #expect(b.before == nil && b.suppressed == .complementary)
        let district = try #require(analysis.groups.first { $0.group == .district })
        #expect(district.before?.tested == 138)
        #expect(analysis.groups.allSatisfy { $0.group == .district } && analysis.did.isEmpty)
        let json = String(decoding: try JSONEncoder().encode(analysis), as: UTF8.self)
        #expect(json.contains("\"before\":null"))
        #expect(json.contains("\"suppressed\":\"primary\""))
        #expect(!json.contains("\"tested\":8,"), "a hidden year's count appears in the output")
    }

    @Test("community schools against the rest, pooled, and the difference in differences with its interval")
    func groups() throws {
        var counts: [OutcomeCount] = []
        for (school, b, a) in [("A", 40, 55), ("B", 45, 58), ("C", 50, 52), ("D", 42, 44)] {
            counts.append(Self.count(school, Self.before, "All students", 100, b))
            counts.append(Self.count(school, Self.after, "All students", 100, a))
        }
        let analysis = OutcomeAnalysis.analyze(
            counts, before: Self.before, after: Self.after, communitySchools: ["A", "B"], minimum: 10)
        let community = try #require(analysis.groups.first { $0.group == .community })
        #expect(abs((community.before?.rate ?? 0) - 42.5) < 1e-9 && abs((community.after?.rate ?? 0) - 56.5) < 1e-9)
        let did = try #require(analysis.did.first)
        #expect(abs(did.points - (14 - 2)) < 1e-9)
        #expect(did.low < did.points && did.high > did.points)
        #expect(analysis.groups.map(\.group) == [.community, .comparison, .district])
    }

    @Test("the same analysis whatever order the rows come in: cells by school, measure and subgroup")
    func rowOrder() {
        var counts: [OutcomeCount] = []
        for (offset, school) in ["Pine", "Oak", "Elm", "Ash", "Bay"].enumerated() {
            for (year, lift) in [(Self.before, 0), (Self.after, offset * 2)] {
                for measure in ["Math", "ELA"] {
                    // a race family that partitions All students, a small subgroup hidden, one outside any family
                    let parts = [("race: Black", 30 + offset), ("race: White", 40), ("race: Asian", 4 + offset % 2)]
                    let all = parts.reduce(0) { $0 + $1.1 }
                    counts.append(Self.count(school, year, "All students", all, all / 2 + lift, measure: measure))
                    for (name, tested) in parts {
                        counts.append(Self.count(school, year, name, tested, tested / 3 + lift % 3, measure: measure))
                    }
                    counts.append(Self.count(school, year, "English learners", 12, 5, measure: measure))
                }
            }
        }
        let analysis = { (rows: [OutcomeCount]) in
            OutcomeAnalysis.analyze(
                rows, before: Self.before, after: Self.after, communitySchools: ["Oak", "Bay"], minimum: 10)
        }
        let expected = analysis(counts)
        #expect(expected.cells.count == 5 * 2 * 5)
        #expect(expected.cells.contains { $0.suppressed == .complementary }, "a subgroup hidden to protect another")
        let keys = expected.cells.map { [$0.school, $0.measure] }
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(
            expected.cells.prefix(5).map(\.subgroup.name) == [
                "All students", "English learners", "race: Asian", "race: Black", "race: White",
            ])
        var generator = ResourcesTests.SplitMix(seed: 7)
        for _ in 0..<20 {
            #expect(analysis(counts.shuffled(using: &generator)) == expected)
        }
        #expect(analysis(counts.reversed()) == expected)
    }
}
