import Foundation
import Testing

@testable import TrellisCore

@Suite("Cycles between meetings")
struct PracticeCycleTests {
    typealias S = RhythmSamples

    /// The second Tuesday of each month, September to June, 15:30 in Los Angeles.
    func series() throws -> MeetingSeries {
        MeetingSeries(id: "cop", pattern: try S.pattern("monthly:2:tue"))
    }

    func cycles(_ series: MeetingSeries) -> [PracticeCycle] {
        PracticeCycles.cycles(
            series.occurrences(from: series.pattern.startDay, through: series.pattern.endDay).map {
                PracticeCycle.Meeting(seriesID: series.id, occurrence: $0)
            })
    }

    @Test("one cycle between each two meetings, numbered from 0, bounded by the meetings' starts")
    func consecutiveMeetings() throws {
        let series = try series()
        let meetings = series.occurrences(from: series.pattern.startDay, through: series.pattern.endDay)
        let cycles = cycles(series)
        #expect(cycles.count == meetings.count - 1)
        #expect(cycles.map(\.number) == Array(0..<cycles.count))
        for (cycle, pair) in zip(cycles, zip(meetings, meetings.dropFirst())) {
            #expect(cycle.start == pair.0.start && cycle.end == pair.1.start)
        }
    }

    @Test("a cancelled meeting does not end a cycle: the one before runs on to the next meeting held")
    func cancellation() throws {
        var series = try series()
        let before = cycles(series)
        try series.cancel(S.day("2026-11-10"))
        let after = cycles(series)
        #expect(after.count == before.count - 1)
        let october = try #require(after.first { $0.opening.occurrence.key == S.day("2026-10-13") })
        #expect(october.closing.occurrence.key == S.day("2026-12-08"))
        #expect(!after.contains { $0.opening.occurrence.key == S.day("2026-11-10") })
    }

    @Test("a moved meeting moves the boundary and keeps the cycle's name (its original day)")
    func move() throws {
        var series = try series()
        try series.move(
            S.day("2026-11-10"),
            to: MeetingSlot(day: S.day("2026-11-17"), startTime: S.time("16:00"), endTime: S.time("17:00")))
        let cycles = cycles(series)
        let october = try #require(cycles.first { $0.opening.occurrence.key == S.day("2026-10-13") })
        #expect(CalendarDay(october.end, timeZone: series.pattern.timeZone) == S.day("2026-11-17"))
        let november = try #require(cycles.first { $0.opening.occurrence.key == S.day("2026-11-10") })
        #expect(november.start == october.end)
    }

    @Test("a meeting moved past the next one reorders the boundaries")
    func moveBeyondNext() throws {
        var series = try series()
        try series.move(
            S.day("2026-10-13"),
            to: MeetingSlot(day: S.day("2026-11-12"), startTime: S.time("15:30"), endTime: S.time("17:00")))
        let cycles = cycles(series)
        let keys = cycles.map(\.opening.occurrence.key)
        let november = try #require(keys.firstIndex(of: S.day("2026-11-10")))
        #expect(keys[november + 1] == S.day("2026-10-13"))
        #expect(zip(cycles, cycles.dropFirst()).allSatisfy { $0.end == $1.start })
    }

    @Test("fewer than two meetings held make no cycle")
    func tooFewMeetings() throws {
        let series = try series()
        let one = series.occurrences(from: S.day("2026-09-01"), through: S.day("2026-09-30"))
        #expect(PracticeCycles.cycles(one.map { .init(seriesID: "cop", occurrence: $0) }).isEmpty)
    }

    @Test("the current cycle and its number, before, during and after the year")
    func current() throws {
        let cycles = cycles(try series())
        let early = S.instant("2026-08-01T00:00:00Z")
        #expect(PracticeCycles.current(cycles, now: early) == nil)
        #expect(PracticeCycles.currentNumber(cycles, now: early) == 0)
        let autumn = S.instant("2026-10-20T00:00:00Z")
        #expect(PracticeCycles.current(cycles, now: autumn)?.opening.occurrence.key == S.day("2026-10-13"))
        #expect(PracticeCycles.currentNumber(cycles, now: autumn) == 1)
        let summer = S.instant("2027-08-01T00:00:00Z")
        #expect(PracticeCycles.current(cycles, now: summer) == nil)
        #expect(PracticeCycles.currentNumber(cycles, now: summer) == cycles.count)
    }

    @Test("nudges begin a week before the closing meeting and stop when it begins")
    func nudges() throws {
        let cycle = try #require(cycles(try series()).first { $0.opening.occurrence.key == S.day("2026-10-13") })
        #expect(!cycle.isDueSoon(now: cycle.end.addingTimeInterval(-8 * 86_400)))
        #expect(cycle.isDueSoon(now: cycle.end.addingTimeInterval(-6 * 86_400)))
        #expect(!cycle.isDueSoon(now: cycle.end))
        #expect(cycle.readable == "Tue 13 Oct 2026 to Tue 10 Nov 2026")
    }
}

@Suite("Practice rules and privacy")
struct PracticeRulesTests {
    let today = CalendarDay("2026-11-20")!

    @Test("a commitment needs what will be tried and a prediction, each within the limit")
    func commitment() {
        #expect(PracticeRules.commitmentProblems(text: "Try a walk", prediction: "See more").isEmpty)
        #expect(PracticeRules.commitmentProblems(text: "  ", prediction: "").map(\.field) == ["text", "prediction"])
        let long = String(repeating: "a", count: PracticeRules.textLimit + 1)
        let problem = PracticeRules.commitmentProblems(text: long, prediction: "x").first
        #expect(problem?.field == "text")
        #expect(problem?.message.contains("\(PracticeRules.textLimit + 1)") == true)
    }

    @Test(
        "marking: a day up to today for tried and changed, a reason for not tried",
        arguments: [
            (CommitmentStatus.tried, "2026-11-19", "", [String]()),
            (.tried, "", "", ["triedOn"]),
            (.changed, "2026-11-21", "", ["triedOn"]),
            (.changed, "19/11/2026", "", ["triedOn"]),
            (.notTried, "", "", ["reason"]),
            (.notTried, "", "Testing week", []),
        ])
    func marking(status: CommitmentStatus, day: String, reason: String, fields: [String]) {
        #expect(PracticeRules.statusProblems(status, triedOn: day, reason: reason, today: today).map(\.field) == fields)
    }

    @Test("the next step follows commit, apply, capture, debrief")
    func steps() {
        #expect(PracticeStep.next(committed: false, applied: false, captured: false, debriefed: false) == .commit)
        #expect(PracticeStep.next(committed: true, applied: false, captured: false, debriefed: true) == .apply)
        #expect(PracticeStep.next(committed: true, applied: true, captured: false, debriefed: false) == .capture)
        #expect(PracticeStep.next(committed: true, applied: true, captured: true, debriefed: false) == .debrief)
        #expect(PracticeStep.next(committed: true, applied: true, captured: true, debriefed: true) == .done)
    }

    @Test("a commitment: author, partners and members read it; facilitators only once it is shared")
    func commitmentPrivacy() {
        for reader: PracticeReader in [.author, .partner, .member, [.partner, .member]] {
            #expect(PracticePrivacy.mayRead(commitmentShared: false, as: reader))
        }
        #expect(!PracticePrivacy.mayRead(commitmentShared: false, as: .runner))
        #expect(PracticePrivacy.mayRead(commitmentShared: true, as: .runner))
        #expect(!PracticePrivacy.mayRead(commitmentShared: true, as: []))
    }

    static let insightReaders: [(InsightSharing, PracticeReader, Bool)] = [
        (.private, .author, true), (.private, [.partner, .member], false), (.private, .runner, false),
        (.peer, .partner, true), (.peer, .member, false), (.peer, .runner, false),
        (.community, .member, true), (.community, .runner, true), (.community, [], false),
    ]

    @Test("an insight: private to its author; peer to the partners; community to members and facilitators")
    func insightPrivacy() {
        for (sharing, reader, expected) in Self.insightReaders {
            #expect(PracticePrivacy.mayRead(insight: sharing, as: reader) == expected, "\(sharing) \(reader)")
        }
    }

    @Test("a debrief's notes are for the people in its group")
    func debriefNotes() {
        let trio = PeerGroup(["c", "a", "b"])
        #expect(PracticePrivacy.mayReadDebriefNotes(group: trio, person: "b"))
        #expect(!PracticePrivacy.mayReadDebriefNotes(group: trio, person: "d"))
    }
}

@Suite("Co-designed activities")
struct ActivityDraftTests {
    let base = ActivityDraft(
        title: "Learning walk", purpose: "See classrooms", steps: "1. Walk", evidence: "Student words",
        traitIDs: ["b", "a"])

    @Test("a draft trims its words and orders its traits; title and purpose are required")
    func draft() {
        #expect(base.traitIDs == ["a", "b"])
        let empty = ActivityDraft(title: " ", purpose: "", steps: "", evidence: "", traitIDs: ["a", "a"])
        #expect(empty.traitIDs == ["a"])
        #expect(empty.problems().map(\.field) == ["title", "purpose"])
    }

    @Test("the fields that changed are named in form order")
    func changes() {
        var edited = base
        edited.evidence = "More"
        edited.title = "Walk"
        #expect(edited.changedFields(from: base) == ["title", "evidence"])
    }

    @Test("a save on an older version is refused; the same words twice are not a conflict; adopted is final")
    func staleEdits() {
        var edited = base
        edited.steps = "2. Talk"
        #expect(
            ActivityEdit.decide(editedVersion: 3, currentVersion: 3, isAdopted: false, edited: edited, current: base)
                == .save)
        #expect(
            ActivityEdit.decide(editedVersion: 2, currentVersion: 3, isAdopted: false, edited: edited, current: base)
                == .stale(current: 3))
        #expect(
            ActivityEdit.decide(editedVersion: 2, currentVersion: 3, isAdopted: false, edited: base, current: base)
                == .unchanged)
        #expect(
            ActivityEdit.decide(editedVersion: 3, currentVersion: 3, isAdopted: true, edited: edited, current: base)
                == .adopted)
    }
}
