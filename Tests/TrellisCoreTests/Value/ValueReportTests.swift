import Foundation
import Testing

@testable import TrellisCore

@Suite("Value-creation stories, the matrix and the end-of-year report")
struct ValueReportTests {
    static func draft(start: Int = 1, _ texts: [ValueKind: String], hoped: Set<ValueKind> = []) -> ValueStoryDraft {
        ValueStoryDraft(
            title: "A thread", startCycle: start,
            steps: texts.map { StoryStep(kind: $0.key, text: $0.value, hopedFor: hoped.contains($0.key)) })
    }

    @Test("a story's steps fall in consecutive cycles from its start; what is wrong is named by field")
    func draftRules() {
        let story = Self.draft(start: 2, [.immediate: "We met", .realized: "Attendance rose"], hoped: [.realized])
        #expect(story.cycle(of: .immediate) == 2)
        #expect(story.cycle(of: .realized) == 5)
        #expect(story.toldSteps.map(\.kind) == [.immediate, .realized])
        #expect(story.isAspirational)
        #expect(story.problems(cycleCount: 4).isEmpty)
        #expect(Self.draft(start: 4, [.immediate: "x"]).problems(cycleCount: 4).map(\.field) == ["startCycle"])
        let empty = ValueStoryDraft(
            title: " ", startCycle: 0, steps: [StoryStep(kind: .applied, text: "", hopedFor: true)])
        #expect(empty.problems(cycleCount: 1).map(\.field) == ["title", "immediate", "applied"])
        let cited = ValueStoryDraft(
            title: "t", startCycle: 0,
            steps: [
                StoryStep(kind: .immediate, text: "x"),
                StoryStep(kind: .potential, text: "", evidence: [Evidence(kind: .meeting, reference: "a/b")]),
            ])
        #expect(cited.problems(cycleCount: 1).map(\.field) == ["potential-evidence"])
        #expect(Evidence(token: "insight:abc") == Evidence(kind: .insight, reference: "abc"))
        #expect(Evidence(token: "secret:abc") == nil)
        #expect(Evidence(token: "insight:") == nil)
    }

    @Test("Markdown keeps what was typed as text: headings, emphasis, tags and list markers are escaped")
    func markdown() {
        #expect(StoryMarkdown.escape("# Not *a* <b>heading</b>") == "\\# Not \\*a\\* \\<b\\>heading\\</b\\>")
        #expect(StoryMarkdown.escape("- not a list") == "\\- not a list")
        #expect(StoryMarkdown.escape("1. not a list") == "1\\. not a list")
        #expect(StoryMarkdown.escape("cycle 3. fine") == "cycle 3. fine")
        let story = StoryText(
            title: "Walk", author: "Ana Ortiz", community: "Circle",
            draft: Self.draft(start: 0, [.immediate: "We met", .applied: "I will try"], hoped: [.applied]),
            evidence: [:])
        #expect(
            StoryMarkdown.document(title: "Stories", stories: [story]) == """
                # Stories

                ## Walk

                *Ana Ortiz, Circle*

                ### Immediate: cycle 1

                We met

                ### Applied: cycle 3 (hoped for)

                I will try

                """)
    }

    static let cycles = [
        CycleFacts(
            number: 0, label: "Cycle 1", members: 5, attended: 4, expected: 5, committed: 5, tried: 4, captured: 3,
            debriefed: 4, resourcesAdded: 2, resourcesUsed: 3, adopted: 1),
        CycleFacts(
            number: 1, label: "Cycle 2", members: 5, attended: nil, committed: 4, tried: 2, captured: 2, debriefed: 2,
            trust: [.benevolence: 5.2, .predictability: 4.1, .integrity: 4.8]),
    ]

    @Test("indicators per cycle and for the year, from plain counts")
    func indicators() {
        let rows = ValueMatrix.indicators(Self.cycles, later: 1, realized: "1 of 3", reframing: [2: 1])
        func row(_ name: String) -> Indicator { rows.first { $0.name == name }! }
        #expect(row("Attendance at the opening meeting").cells == ["4 of 5 (80 %)", "not taken", ""])
        #expect(row("Attendance at the opening meeting").year == "4 of 5 (80 %)")
        #expect(row("Members who made a commitment").year == "9 of 10 (90 %)")
        #expect(row("Commitments tried").cells == ["4 of 5 (80 %)", "2 of 4 (50 %)", ""])
        #expect(row("Commitments tried").year == "6 of 9 (67 %)")
        #expect(row("Trust: the lowest facet").cells == ["", "Predictability 4.1", ""])
        #expect(row("Outcomes of the community's schools").year == "1 of 3")
        #expect(row("Shared stories with a reframing step").cells == ["0", "0", "1"])
        #expect(rows.map(\.kind).first == .immediate && rows.map(\.kind).last == .reframing)
        let story = StoryText(
            title: "Walk", author: "Ana", community: "C",
            draft: Self.draft(start: 1, [.immediate: "a", .potential: "b"]), evidence: [:])
        #expect(ValueMatrix.storyRows([story]).first?.steps.keys.sorted() == [1, 2])
    }

    static func facts(cohort: Bool) -> ReportFacts {
        ReportFacts(
            title: "Report", year: "2026-27", isCohort: cohort,
            communities: [
                .init(
                    name: "Circle", question: "How might we?", buckets: [("Resources", 2)],
                    vote: [("How might we?", 7)],
                    cycles: cycles,
                    stages: [
                        StageEntry(term: "Autumn", day: CalendarDay("2026-10-01")!, stage: .coalescing, why: "Met")
                    ])
            ],
            trust: [
                .init(round: "October", group: "The cohort", n: 20, facets: [.benevolence: 5.25]),
                .init(round: "October", group: "Circle", n: 3, facets: nil),
            ],
            series: [.init(name: "Monthly", held: 4, asScheduled: 3, attended: 18, expected: 20)],
            resources: (1...12).map { .init(title: "R\($0)", community: "Circle", finished: $0 % 5) },
            activities: [
                .init(title: "Walk", community: "Circle", traits: ["Identity"], adopted: true, decisions: [.adapt: 2])
            ],
            stories: [],
            outcomes: .init(
                before: "2024-25", after: "2025-26", minimum: 10, groups: [], schools: [], readings: ["A reading."]))
    }

    @Test("the report assembled from a fixed model: its sections, tables and rows")
    func assembly() {
        let report = YearReport.assemble(Self.facts(cohort: false))
        #expect(
            report.sections.map(\.id) == [
                "question", "trust", "rhythm", "cycles", "resources", "stages", "stories", "outcomes",
            ])
        #expect(
            report.tables.map(\.file) == [
                "board-buckets", "vote", "trust", "meetings", "cycles", "activities", "resources", "stages",
                "outcome-groups", "outcome-schools",
            ])
        func table(_ file: String) -> ReportTable { report.tables.first { $0.file == file }! }
        #expect(
            table("trust").rows == [
                ["October", "The cohort", "20", "5.25", "hidden", "hidden", "hidden"],
                ["October", "Circle", "3", "hidden", "hidden", "hidden", "hidden"],
            ])
        #expect(table("meetings").rows == [["Monthly", "4", "3", "18 of 20 (90 %)"]])
        #expect(table("cycles").rows.first == ["Cycle 1", "5", "5", "4", "3", "4"])
        #expect(table("activities").rows == [["Walk", "Identity", "yes", "0", "2", "0"]])
        // the ten most used, most first, never one nobody finished
        #expect(table("resources").rows.count == 10)
        #expect(table("resources").rows.prefix(3).map { $0[0] } == ["R4", "R9", "R3"])
        #expect(!table("resources").rows.contains { $0.last == "0" })
        #expect(report.sections.first { $0.id == "outcomes" }?.paragraphs.last == "A reading.")
        #expect(table("vote").csv == "Question,Dots\r\nHow might we?,7\r\n")

        let cohort = YearReport.assemble(Self.facts(cohort: true))
        #expect(cohort.tables.first { $0.file == "cycles" }?.columns.first == "Community")
        #expect(cohort.tables.first { $0.file == "stages" }?.rows == [["Circle", "Autumn", "Coalescing", "Met"]])
        #expect(
            cohort.sections.first { $0.id == "stories" }?.paragraphs == [
                "No story has been shared for this report yet."
            ])
    }

    @Test("the ZIP: stored entries with their CRC-32, and a central directory that names every file")
    func zip() {
        #expect(StoredZip.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        let archive = StoredZip.archive(
            [("a.csv", Array("x,y\r\n".utf8)), ("b.csv", [])], modified: Date(timeIntervalSince1970: 1_790_000_000))
        #expect(archive.prefix(4) == [0x50, 0x4b, 0x03, 0x04])
        let end = Array(archive.suffix(22))
        #expect(end.prefix(4) == [0x50, 0x4b, 0x05, 0x06])
        #expect(end[10] == 2, "two entries")
        #expect(String(decoding: archive, as: UTF8.self).contains("a.csvx,y"))
    }
}
