import Foundation
import Testing

@testable import TrellisCore

@Suite("Calendar days")
struct CalendarDayTests {
    @Test("the day of an instant in UTC is the day Foundation's calendar gives, at midnight and around it")
    func utcDays() {
        var seconds: [Double] = [0, -1, 86_399.999, 86_400, -86_400, -86_400.5, 951_782_400, 4_107_542_399]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<5_000 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            // any instant from 1900 to 2100, and whole days from then
            let instant = Double(state % 6_311_433_600) - 2_208_988_800
            seconds += [instant, (instant / 86_400).rounded(.down) * 86_400, instant.rounded(.down) - 0.25]
        }
        let utc = TimeZone(identifier: "UTC")!
        for value in seconds {
            let date = Date(timeIntervalSince1970: value)
            #expect(CalendarDay(date) == CalendarDay(calendarOf: date, timeZone: utc), "\(value)")
        }
        let pacific = TimeZone(identifier: "America/Los_Angeles")!
        #expect(CalendarDay(Date(timeIntervalSince1970: 3_600), timeZone: pacific).description == "1969-12-31")
    }

    @Test(
        "valid days", arguments: ["2026-11-24", "2024-02-29", "2000-02-29", "2026-12-31", "2027-01-05", "0999-09-09"])
    func valid(text: String) {
        #expect(CalendarDay(text)?.description == text)
    }

    @Test(
        "invalid days",
        arguments: [
            "2026-02-29", "1900-02-29", "2026-13-01", "2026-04-31", "26-11-24", "2026/11/24", "2026-1-5", "",
            "2026-00-10", "2026-11-00", "2026-1a-05", "2026-11-2 ", "２０２６-11-24",
        ])
    func invalid(text: String) {
        #expect(CalendarDay(text) == nil)
    }

    @Test("a day typed with spaces around it is the same day")
    func spaced() {
        #expect(CalendarDay(" 2026-11-24\t")?.description == "2026-11-24")
    }

    @Test("adding days crosses months, years and leap days")
    func adding() {
        #expect(CalendarDay("2026-12-30")!.adding(days: 3).description == "2027-01-02")
        #expect(CalendarDay("2028-02-28")!.adding(days: 1).description == "2028-02-29")
        #expect(CalendarDay("2026-03-01")!.adding(days: -1).description == "2026-02-28")
        #expect(CalendarDay("2026-01-10")! < CalendarDay("2026-02-01")!)
    }

    @Test("adding days agrees with the Gregorian calendar on every day from 1999 to 2101")
    func addingAgreesWithCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: 1999, month: 1, day: 1))!
        let first = CalendarDay(start)
        for offset in stride(from: 0, through: 37_600, by: 1) {
            let expected = CalendarDay(calendar.date(byAdding: .day, value: offset, to: start)!)
            #expect(first.adding(days: offset) == expected)
            if first.adding(days: offset) != expected { return }
        }
        #expect(
            CalendarDay("2026-03-01")!.adding(days: -40_000)
                == CalendarDay(
                    calendar.date(
                        byAdding: .day, value: -40_000,
                        to: calendar.date(from: DateComponents(year: 2026, month: 3, day: 1))!)!))
    }
}

@Suite("Demo trust data")
struct DemoTrustTests {
    @Test("the same seed gives the same answers, all on the scale, reverse items answered reversed")
    func reproducible() throws {
        let round = DemoTrust.rounds[0]
        let first = DemoTrust.responses(for: round, seed: 7)
        #expect(first == DemoTrust.responses(for: round, seed: 7))
        #expect(first.count == round.responses)
        #expect(first.allSatisfy { $0.count == 16 && $0.values.allSatisfy { (1...7).contains($0) } })
    }

    @Test("autumn's weakest facet is predictability, and winter is better")
    func story() throws {
        func results(_ round: DemoTrust.Round) throws -> TrustGroupResult {
            var matrix = TrustResponseMatrix(instrument: .current)
            for answers in DemoTrust.responses(for: round, seed: 1) {
                try matrix.append(answers: answers, community: nil)
            }
            return TrustReport.results(for: matrix)[0]
        }
        let autumn = try results(DemoTrust.rounds[0])
        let winter = try results(DemoTrust.rounds[1])
        #expect(autumn.weakestFacet == .predictability)
        #expect((winter.facets[.predictability]?.mean ?? 0) > (autumn.facets[.predictability]?.mean ?? 0))
    }
}
