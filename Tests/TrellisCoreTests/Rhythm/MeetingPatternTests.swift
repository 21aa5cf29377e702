import Foundation
import Testing

@testable import TrellisCore

extension RhythmTests {
    @Suite("Meeting patterns")
    struct MeetingPatternTests {
        typealias S = RhythmSamples

        @Test(
            "codes round-trip and read as plain words",
            arguments: [
                ("monthly:2:tue", "Second Tuesday of each month, 15:30–17:00"),
                ("monthly:last:thu", "Last Thursday of each month, 15:30–17:00"),
                ("monthly:1:mon", "First Monday of each month, 15:30–17:00"),
                ("weekly:wed", "Every Wednesday, 15:30–17:00"),
                ("biweekly:fri", "Every other Friday, 15:30–17:00"),
            ])
        func codes(code: String, words: String) throws {
            let pattern = try S.pattern(code)
            #expect(pattern.recurrence.code == code)
            #expect(pattern.description == words)
        }

        @Test("a pattern reads back from the fields it is stored as, in UTC and in a region's zone")
        func storedFieldsReadBack() throws {
            for zone in ["UTC", "America/Los_Angeles", "Asia/Tokyo"] {
                // setup
                let pattern = try MeetingPattern(
                    recurrence: "weekly:mon", startDay: "2026-09-07", endDay: "2026-12-21", startTime: "09:00",
                    endTime: "10:00", timeZone: zone)
                // MUT
                let stored = try MeetingPattern(
                    recurrence: pattern.recurrence.code, startDay: pattern.startDay.description,
                    endDay: pattern.endDay.description, startTime: pattern.startTime.description,
                    endTime: pattern.endTime.description, timeZone: pattern.timeZone.identifier)
                // validation
                #expect(stored == pattern)
            }
        }

        @Test("codes are read in any case and with full weekday names")
        func lenientCodes() throws {
            #expect(try MeetingRecurrence(code: " Monthly:LAST:Thursday ") == .monthly(.last, .thursday))
            #expect(try MeetingRecurrence(code: "BIWEEKLY:sun") == .everyOtherWeek(.sunday))
        }

        @Test(
            "bad fields name the field and what is wrong",
            arguments: [
                (["recurrence": "monthly:5:tue"], "recurrence", "\"5\" is not a week of the month"),
                (["recurrence": "monthly:2:tuz"], "recurrence", "\"tuz\" is not a weekday"),
                (["recurrence": "yearly:tue"], "recurrence", "unknown kind \"yearly\""),
                (["recurrence": "weekly"], "recurrence", "wrong number of parts"),
                (["recurrence": ""], "recurrence", "unknown kind"),
                (["startDay": "2026-13-01"], "startDay", "expected yyyy-mm-dd"),
                (["endDay": "2026-08-31"], "endDay", "the last day 2026-08-31 is before the first day 2026-09-01"),
                (["startTime": "25:00"], "startTime", "\"25:00\" is not a time"),
                (["startTime": "3:30pm"], "startTime", "24-hour clock"),
                (["endTime": "15:30"], "endTime", "15:30 must be after the start, 15:30"),
                (["endTime": "09:00"], "endTime", "must be after the start"),
                (["timeZone": "Mars/Olympus_Mons"], "timeZone", "expected an IANA id"),
                (["timeZone": "PST"], "timeZone", "\"PST\" is not a time zone"),
                (
                    ["recurrence": "monthly:last:thu", "endDay": "2026-09-20"], "endDay",
                    "no last thursday of each month falls between 2026-09-01 and 2026-09-20"
                ),
            ])
        func problems(fields: [String: String], field: String, message: String) {
            do {
                _ = try S.pattern(
                    fields["recurrence"] ?? "monthly:2:tue", fields["startDay"] ?? "2026-09-01",
                    fields["endDay"] ?? "2027-06-30", fields["startTime"] ?? "15:30", fields["endTime"] ?? "17:00",
                    zone: fields["timeZone"] ?? "America/Los_Angeles")
                Issue.record("expected a problem with \(field)")
            } catch {
                #expect(error.field == field)
                #expect(error.message.contains(message), "\(error)")
            }
        }

        @Test("every wrong field is named at once; the whole pattern is checked once each field is fine")
        func allProblems() {
            let fields = MeetingPattern.problems(
                recurrence: "monthly:9:tue", startDay: "2026-13-01", endDay: "soon", startTime: "3pm",
                endTime: "17:00", timeZone: "Eastern")
            #expect(fields.map(\.field) == ["recurrence", "startDay", "endDay", "startTime", "timeZone"])
            #expect(fields.map(\.message)[1] == "\"2026-13-01\" is not a day; expected yyyy-mm-dd")
            let whole = MeetingPattern.problems(
                recurrence: "monthly:2:tue", startDay: "2026-09-01", endDay: "2026-08-01", startTime: "17:00",
                endTime: "15:30", timeZone: "America/Los_Angeles")
            #expect(whole.map(\.field) == ["endDay"], "the first problem of the whole pattern")
            #expect(
                MeetingPattern.problems(
                    recurrence: "monthly:2:tue", startDay: "2026-09-01", endDay: "2027-06-30", startTime: "15:30",
                    endTime: "17:00", timeZone: "UTC"
                ).isEmpty)
        }

        @Test("days and meeting times read as people write them")
        func readable() throws {
            let slot = try MeetingSlot(
                day: try #require(CalendarDay("2026-10-13")), startTime: try #require(TimeOfDay("15:30")),
                endTime: try #require(TimeOfDay("17:00")))
            #expect(slot.readable == "Tue 13 Oct 2026, 15:30–17:00")
            #expect(try #require(CalendarDay("2027-02-28")).readable == "Sun 28 Feb 2027")
            let instant = Date(timeIntervalSince1970: 1_791_928_920)  // 2026-10-13 22:02 UTC
            #expect(
                TimeOfDay(instant, in: try #require(TimeZone(identifier: "America/Los_Angeles"))).description == "15:02"
            )
            #expect(TimeOfDay(instant, in: try #require(TimeZone(identifier: "UTC"))).description == "22:02")
        }

        @Test("the second Tuesday across a school year")
        func secondTuesdaySchoolYear() throws {
            let pattern = try S.pattern("monthly:2:tue", "2026-09-01", "2027-06-30")
            #expect(
                S.days(pattern, "2026-01-01", "2027-12-31") == [
                    "2026-09-08", "2026-10-13", "2026-11-10", "2026-12-08", "2027-01-12",
                    "2027-02-09", "2027-03-09", "2027-04-13", "2027-05-11", "2027-06-08",
                ])
        }

        @Test(
            "fourth and last Tuesday differ only in months with five Tuesdays",
            arguments: [
                ("2026-01", "2026-01-27", "2026-01-27"),
                ("2026-03", "2026-03-24", "2026-03-31"),
                ("2026-04", "2026-04-28", "2026-04-28"),
                ("2026-06", "2026-06-23", "2026-06-30"),
                ("2026-09", "2026-09-22", "2026-09-29"),
                ("2026-11", "2026-11-24", "2026-11-24"),
                ("2026-12", "2026-12-22", "2026-12-29"),
            ])
        func fourthAndLast(month: String, fourth: String, last: String) throws {
            func inMonth(_ code: String) throws -> [String] {
                S.days(try S.pattern(code, "2026-01-01", "2026-12-31"), "2026-01-01", "2026-12-31")
                    .filter { $0.hasPrefix(month) }
            }
            #expect(try inMonth("monthly:4:tue") == [fourth])
            #expect(try inMonth("monthly:last:tue") == [last])
        }

        @Test(
            "the last weekday of February in leap and common years",
            arguments: [
                ("2024", "thu", "2024-02-29"),
                ("2024", "wed", "2024-02-28"),
                ("2028", "tue", "2028-02-29"),
                ("2026", "sat", "2026-02-28"),
                ("2026", "sun", "2026-02-22"),
                ("2027", "sun", "2027-02-28"),
                ("2100", "sun", "2100-02-28"),
                ("2000", "tue", "2000-02-29"),
            ])
        func lastOfFebruary(year: String, weekday: String, expected: String) throws {
            let pattern = try S.pattern("monthly:last:\(weekday)", "\(year)-01-01", "\(year)-12-31")
            #expect(S.days(pattern, "\(year)-02-01", "\(year)-03-01") == [expected])
        }

        @Test(
            "weekly and every-other-week meetings include the last day and keep their fortnight",
            arguments: [
                (
                    "weekly:tue", "2026-09-01", "2026-09-29", "2026-09-01",
                    ["2026-09-01", "2026-09-08", "2026-09-15", "2026-09-22", "2026-09-29"]
                ),
                (
                    "weekly:tue", "2026-09-01", "2026-09-28", "2026-09-01",
                    ["2026-09-01", "2026-09-08", "2026-09-15", "2026-09-22"]
                ),
                ("weekly:tue", "2026-09-02", "2026-09-30", "2026-09-10", ["2026-09-15", "2026-09-22", "2026-09-29"]),
                (
                    "biweekly:tue", "2026-09-02", "2026-10-20", "2026-09-01",
                    ["2026-09-08", "2026-09-22", "2026-10-06", "2026-10-20"]
                ),
                ("biweekly:tue", "2026-09-02", "2026-10-19", "2026-09-01", ["2026-09-08", "2026-09-22", "2026-10-06"]),
                ("biweekly:tue", "2026-09-02", "2026-10-20", "2026-09-15", ["2026-09-22", "2026-10-06", "2026-10-20"]),
                ("biweekly:tue", "2026-09-02", "2026-10-20", "2026-09-23", ["2026-10-06", "2026-10-20"]),
                (
                    "biweekly:sun", "2026-12-20", "2027-01-31", "2026-12-01",
                    ["2026-12-20", "2027-01-03", "2027-01-17", "2027-01-31"]
                ),
            ])
        func weeklyAndEveryOtherWeek(code: String, start: String, end: String, from: String, expected: [String]) throws
        {
            let pattern = try S.pattern(code, start, end)
            #expect(S.days(pattern, from, "2027-12-31") == expected)
            #expect(expected.allSatisfy { pattern.isScheduled(on: S.day($0)) })
            #expect(!pattern.isScheduled(on: S.day(expected[0]).adding(days: code.hasPrefix("biweekly") ? 7 : 1)))
        }

        @Test("weekdays computed by arithmetic agree with Foundation's calendar over four centuries")
        func weekdays() {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            var date = calendar.date(from: DateComponents(year: 1900, month: 1, day: 1))!
            for _ in stride(from: 0, to: 146_097, by: 37) {
                let day = CalendarDay(date)
                #expect(day.weekday.rawValue == calendar.component(.weekday, from: date))
                #expect(CalendarDay(daysSince1970: day.daysSince1970) == day)
                date = calendar.date(byAdding: .day, value: 37, to: date)!
            }
        }

        @Test("a pattern is stored as its form fields and read back the same")
        func codable() throws {
            let pattern = try S.pattern(
                "monthly:last:thu", "2026-09-01", "2027-06-30", "8:05", "09:00", zone: "Europe/Paris")
            let json = try JSONEncoder().encode(pattern)
            #expect(try JSONDecoder().decode(MeetingPattern.self, from: json) == pattern)
            let text = String(decoding: json, as: UTF8.self)
            #expect(text.contains("\"08:05\"") && text.contains("monthly:last:thu") && text.contains("Europe\\/Paris"))
            let bad = Data(text.replacingOccurrences(of: "09:00", with: "07:00").utf8)
            #expect(throws: MeetingScheduleProblem.self) { try JSONDecoder().decode(MeetingPattern.self, from: bad) }
        }

        @Test("times: 24-hour clock only", arguments: ["00:00", "9:05", "23:59", "15:30"])
        func validTimes(text: String) {
            #expect(TimeOfDay(text)?.description == (text.count == 4 ? "0" + text : text))
        }

        @Test("times typed with spaces or tabs around them", arguments: [" 9:05", "15:30\t", "\u{00A0}15:30 "])
        func spacedTimes(text: String) {
            #expect(TimeOfDay(text) == TimeOfDay(text.trimmingCharacters(in: .whitespaces)) && TimeOfDay(text) != nil)
        }

        @Test(
            "not times",
            arguments: [
                "24:00", "12:60", "1230", "12:3", "-1:00", "１２:００", "", "12:30:00", "12::0", "1:2:3", ":1234",
                "123:45", "1:234", "12:3a",
            ])
        func invalidTimes(text: String) {
            #expect(TimeOfDay(text) == nil)
        }
    }
}
