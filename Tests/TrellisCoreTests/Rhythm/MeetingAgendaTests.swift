import Testing

@testable import TrellisCore

extension RhythmTests {
    @Suite("Protocols and agendas")
    struct MeetingAgendaTests {
        typealias S = RhythmSamples

        @Test("the library has the five protocols, found by key")
        func library() {
            #expect(
                MeetingProtocol.library.map(\.key) == [
                    "check-in", "consultancy", "tuning", "success-analysis", "reflection",
                ])
            #expect(MeetingProtocol.named("tuning") == .tuning)
            #expect(MeetingProtocol.named("fishbowl") == nil)
        }

        @Test("every protocol has a purpose and timed, prompted steps", arguments: MeetingProtocol.library)
        func protocols(meetingProtocol: MeetingProtocol) {
            #expect(!meetingProtocol.name.isEmpty && meetingProtocol.purpose.hasSuffix("."))
            #expect(meetingProtocol.steps.count >= 3)
            #expect(meetingProtocol.steps.allSatisfy { $0.minutes > 0 && !$0.title.isEmpty && !$0.prompt.isEmpty })
            #expect((10...60).contains(meetingProtocol.minutes))
        }

        @Test("the consultancy keeps the School Reform Initiative's steps and times")
        func consultancy() {
            let steps = MeetingProtocol.consultancy.steps
            #expect(
                steps.map(\.title) == [
                    "Presenter overview", "Clarifying questions", "Probing questions", "Discussion",
                    "Presenter response",
                    "Debrief",
                ])
            #expect(steps.map(\.minutes) == [5, 5, 10, 15, 5, 5])
            #expect(MeetingProtocol.consultancy.minutes == 45)
        }

        let monthly = MeetingAgenda(items: [
            .init(.checkIn), .init(.consultancy), .init(title: "Break", minutes: 5),
            .init(.reflection, title: "Closing"),
        ])

        @Test("each item starts where the one before ends")
        func timeline() {
            #expect(monthly.minutes == 80)
            let timeline = monthly.timeline(startingAt: S.time("15:30"))
            #expect(
                timeline.map(\.description) == [
                    "15:30–15:40 Check-in", "15:40–16:25 Consultancy", "16:25–16:30 Break", "16:30–16:50 Closing",
                ])
            #expect(timeline.map(\.offset) == [0, 10, 55, 60])
            #expect(timeline.map(\.item.protocolKey) == ["check-in", "consultancy", nil, "reflection"])
        }

        @Test("a clock past midnight wraps")
        func pastMidnight() {
            let late = MeetingAgenda(items: [.init(title: "Night shift", minutes: 45)])
            #expect(late.timeline(startingAt: S.time("23:30")).map(\.description) == ["23:30–00:15 Night shift"])
        }

        @Test(
            "an agenda must fit the meeting; the problem names the first item that does not",
            arguments: [
                ("15:30", "17:00", nil),
                ("15:30", "16:50", nil),
                ("15:30", "16:49", "Item 4, Closing, ends at 16:50, 1 minute after the meeting ends at 16:49"),
                ("15:30", "16:00", "Item 2, Consultancy, ends at 16:25, 25 minutes after the meeting ends at 16:00"),
                ("15:30", "15:35", "Item 1, Check-in, ends at 15:40, 5 minutes after the meeting ends at 15:35"),
            ] as [(String, String, String?)])
        func fits(start: String, end: String, problem: String?) {
            do {
                try monthly.validate(startTime: S.time(start), endTime: S.time(end))
                #expect(problem == nil)
            } catch {
                #expect(error.description == problem.map { $0 + "; shorten or remove items." })
            }
        }

        @Test("the pattern's times are the meeting's length")
        func fitsPattern() throws {
            var agenda = monthly
            agenda.items.append(.init(.tuning))
            #expect(
                throws: AgendaProblem.overflows(
                    position: 5, title: "Tuning", endsAt: S.time("17:35"), meetingEnd: S.time("17:00"), minutesOver: 35)
            ) {
                try agenda.validate(for: try S.pattern("monthly:2:tue"))
            }
        }

        @Test(
            "items need a title and some minutes",
            arguments: [
                (MeetingAgenda.Item(title: "  ", minutes: 5), AgendaProblem.untitled(position: 2)),
                (
                    MeetingAgenda.Item(title: "Gallery walk", minutes: 0),
                    .noTime(position: 2, title: "Gallery walk", minutes: 0)
                ),
                (
                    MeetingAgenda.Item(title: "Gallery walk", minutes: -5),
                    .noTime(position: 2, title: "Gallery walk", minutes: -5)
                ),
            ])
        func items(item: MeetingAgenda.Item, problem: AgendaProblem) {
            let agenda = MeetingAgenda(items: [.init(.checkIn), item])
            #expect(throws: problem) { try agenda.validate(startTime: S.time("15:30"), endTime: S.time("17:00")) }
        }
    }
}
