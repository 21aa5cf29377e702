import Foundation
import Testing

@testable import TrellisCore

extension RhythmTests {
    @Suite("iCalendar feed")
    struct ICalendarTests {
        typealias S = RhythmSamples

        let stamp = S.instant("2026-11-20T08:00:00Z")

        func feed() throws -> String {
            var series = MeetingSeries(id: "cop-7", pattern: try S.pattern("monthly:2:tue"))
            try series.cancel(S.day("2026-11-10"))
            try series.move(
                S.day("2026-12-08"),
                to: MeetingSlot(day: S.day("2027-01-05"), startTime: S.time("16:00"), endTime: S.time("17:30")))
            let events = series.occurrences(from: S.day("2026-11-01"), through: S.day("2027-01-31")).map {
                ICalendar.Event(
                    $0, seriesID: series.id, summary: "Community 7", location: "Room 204, Lincoln MS",
                    url: "https://trellis.example/meetings/cop-7")
            }
            return ICalendar(name: "Trellis: Community 7", events: events).text(stamp: stamp)
        }

        @Test("a feed of three meetings: UTC times, stable UIDs, sequence and status")
        func wholeFeed() throws {
            let expected = [
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Trellis//Rhythm//EN", "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH", "X-WR-CALNAME:Trellis: Community 7",
                "BEGIN:VEVENT", "UID:cop-7-20261110@trellis", "DTSTAMP:20261120T080000Z",
                "DTSTART:20261110T233000Z", "DTEND:20261111T010000Z", "SEQUENCE:1", "STATUS:CANCELLED",
                "SUMMARY:Community 7", "LOCATION:Room 204\\, Lincoln MS", "URL:https://trellis.example/meetings/cop-7",
                "END:VEVENT",
                "BEGIN:VEVENT", "UID:cop-7-20261208@trellis", "DTSTAMP:20261120T080000Z",
                "DTSTART:20270106T000000Z", "DTEND:20270106T013000Z", "SEQUENCE:1", "STATUS:CONFIRMED",
                "SUMMARY:Community 7", "LOCATION:Room 204\\, Lincoln MS", "URL:https://trellis.example/meetings/cop-7",
                "END:VEVENT",
                "BEGIN:VEVENT", "UID:cop-7-20270112@trellis", "DTSTAMP:20261120T080000Z",
                "DTSTART:20270112T233000Z", "DTEND:20270113T010000Z", "SEQUENCE:0", "STATUS:CONFIRMED",
                "SUMMARY:Community 7", "LOCATION:Room 204\\, Lincoln MS", "URL:https://trellis.example/meetings/cop-7",
                "END:VEVENT",
                "END:VCALENDAR",
            ]
            #expect(try feed() == expected.map { $0 + "\r\n" }.joined())
        }

        @Test(
            "text values are escaped",
            arguments: [
                ("plain", "plain"),
                ("Room 204, Lincoln MS; east wing", "Room 204\\, Lincoln MS\\; east wing"),
                ("C:\\notes\\n", "C:\\\\notes\\\\n"),
                ("one\ntwo\r\nthree\rfour", "one\\ntwo\\nthree\\nfour"),
                ("bell\u{07}null\u{00}tab\t", "bellnulltab\t"),
                ("🌱 café, ñ", "🌱 café\\, ñ"),
            ])
        func escaping(text: String, escaped: String) {
            #expect(ICalendar.escape(text) == escaped)
        }

        @Test("hostile text cannot add properties or events")
        func hostileText() {
            let hostile = "Meeting\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\nATTENDEE:mailto:x@y.z"
            let event = ICalendar.Event(
                uid: "u1", sequence: 0, start: stamp, end: stamp.addingTimeInterval(3600), summary: hostile,
                location: hostile, description: hostile, url: "https://a.example/\r\nSTATUS:CANCELLED")
            let text = ICalendar(name: hostile, events: [event]).text(stamp: stamp)
            let lines = text.components(separatedBy: "\r\n")
            #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 1)
            #expect(lines.filter { $0.hasPrefix("UID:") } == ["UID:u1"])
            #expect(lines.filter { $0.hasPrefix("STATUS:") } == ["STATUS:CONFIRMED"])
            #expect(!lines.contains { $0.hasPrefix("ATTENDEE") })
            #expect(lines.contains("URL:https://a.example/STATUS:CANCELLED"))
        }

        @Test(
            "long lines fold at 75 octets without splitting a character",
            arguments: [
                String(repeating: "a", count: 300),
                String(repeating: "é", count: 200),
                String(repeating: "🌱", count: 90),
                String(repeating: "ab🌱ç, ", count: 40),
                String(repeating: "👩‍👩‍👧‍👦", count: 12),
                String(repeating: "x", count: 64),
            ])
        func folding(summary: String) throws {
            let line = "SUMMARY:" + ICalendar.escape(summary)
            let folded = Array(ICalendar.fold(line).utf8)
            #expect(folded.suffix(2) == Array("\r\n".utf8))
            var physical: [[UInt8]] = [[]]
            var index = 0
            while index < folded.count {
                if folded[index] == 13, folded[index + 1] == 10 {
                    physical.append([])
                    index += 2
                } else {
                    physical[physical.count - 1].append(folded[index])
                    index += 1
                }
            }
            physical.removeLast()
            for (number, piece) in physical.enumerated() {
                #expect(piece.count <= 75)
                #expect(String(validating: piece, as: UTF8.self) != nil, "line \(number) splits a character")
                #expect(number == 0 || piece.first == 32)
            }
            if line.utf8.count <= 75 { #expect(physical.count == 1) }
            if line.utf8.count > 75 { #expect(physical[0].count > 71) }
            let unfolded = String(decoding: folded, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "")
            #expect(unfolded == line + "\r\n")
        }

        @Test("every line of a feed ends in CRLF and none is longer than 75 octets")
        func lineEndings() throws {
            var text = try feed()
            text += ICalendar(
                name: "x",
                events: [
                    ICalendar.Event(
                        uid: "u", sequence: 0, start: stamp, end: stamp,
                        summary: String(repeating: "Équité, ", count: 30))
                ]
            ).text(stamp: stamp)
            let bytes = Array(text.utf8)
            for (index, byte) in bytes.enumerated() where byte == 10 {
                #expect(index > 0 && bytes[index - 1] == 13)
            }
            #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        }

        @Test(
            "instants are written in UTC, to the second",
            arguments: [
                (0.0, "19700101T000000Z"),
                (1_796_772_600.0, "20261208T233000Z"),
                (1_796_772_600.9, "20261208T233000Z"),
                (951_782_400.0, "20000229T000000Z"),
                (-1.0, "19691231T235959Z"),
            ])
        func utc(seconds: Double, text: String) {
            #expect(ICalendar.utc(Date(timeIntervalSince1970: seconds)) == text)
        }
    }
}
