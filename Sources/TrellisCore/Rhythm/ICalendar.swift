import Foundation

/// An iCalendar (RFC 5545) feed of meetings that calendar apps subscribe to. Times are written in
/// UTC ("Z"): the instants are already right across daylight-saving changes, and UTC needs no
/// VTIMEZONE block for clients to get wrong. Each meeting is its own VEVENT (no RRULE), so moved
/// and cancelled meetings need no RECURRENCE-ID overrides.
public struct ICalendar: Sendable, Hashable {
    public struct Event: Sendable, Hashable {
        public enum Status: String, Sendable, Hashable {
            case confirmed = "CONFIRMED"
            case cancelled = "CANCELLED"
        }

        public var uid: String
        public var sequence: Int
        public var start: Date
        public var end: Date
        public var summary: String
        public var location: String?
        public var description: String?
        public var url: String?
        public var status: Status

        public init(
            uid: String, sequence: Int, start: Date, end: Date, summary: String, location: String? = nil,
            description: String? = nil, url: String? = nil, status: Status = .confirmed
        ) {
            self.uid = uid
            self.sequence = sequence
            self.start = start
            self.end = end
            self.summary = summary
            self.location = location
            self.description = description
            self.url = url
            self.status = status
        }

        /// One meeting of a series. The UID is built from the series and the meeting's original
        /// day, "<series>-20261208@trellis", so a moved meeting updates the event people already
        /// have instead of adding a second one.
        public init(
            _ occurrence: MeetingOccurrence, seriesID: String, summary: String, location: String? = nil,
            description: String? = nil, url: String? = nil, domain: String = "trellis"
        ) {
            self.init(
                uid: "\(seriesID)-\(occurrence.key.compact)@\(domain)", sequence: occurrence.sequence,
                start: occurrence.start, end: occurrence.end, summary: summary, location: location,
                description: description, url: url, status: occurrence.status == .cancelled ? .cancelled : .confirmed)
        }
    }

    /// X-WR-CALNAME, the name a calendar app shows for the subscription.
    public var name: String
    public var events: [Event]

    public init(name: String, events: [Event]) {
        self.name = name
        self.events = events
    }

    /// The whole feed: CRLF line endings, lines folded at 75 octets. `stamp` is the DTSTAMP of every
    /// event, the moment the feed was produced; passing it in keeps the output reproducible.
    public func text(stamp: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Trellis//Rhythm//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + Self.escape(name),
        ]
        for event in events.sorted(by: { ($0.start, $0.uid) < ($1.start, $1.uid) }) {
            lines += [
                "BEGIN:VEVENT",
                "UID:" + Self.escape(event.uid),
                "DTSTAMP:" + Self.utc(stamp),
                "DTSTART:" + Self.utc(event.start),
                "DTEND:" + Self.utc(event.end),
                "SEQUENCE:\(event.sequence)",
                "STATUS:" + event.status.rawValue,
                "SUMMARY:" + Self.escape(event.summary),
            ]
            if let location = event.location { lines.append("LOCATION:" + Self.escape(location)) }
            if let description = event.description { lines.append("DESCRIPTION:" + Self.escape(description)) }
            if let url = event.url { lines.append("URL:" + Self.uri(url)) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined()
    }

    /// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma are escaped, any line break
    /// becomes `\n`, and other control characters, which TEXT forbids, are dropped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\n" where previous == "\r": continue
            case "\r", "\n", "\u{2028}", "\u{2029}": escaped += "\\n"
            case "\t": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: continue
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// A URI value is not escaped like TEXT; only characters that could break the line are dropped.
    static func uri(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x21 && $0.value != 0x7F }))
    }

    /// 20261208T233000Z.
    static func utc(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let inDay = seconds - days * 86_400
        func two(_ value: Int) -> String { (value < 10 ? "0" : "") + String(value) }
        return CalendarDay(daysSince1970: days).compact + "T" + two(inDay / 3600) + two(inDay / 60 % 60)
            + two(inDay % 60) + "Z"
    }

    /// Splits a content line into pieces of at most 75 octets, each continuation starting with a
    /// space (which counts toward the 75), never inside a UTF-8 sequence; ends every piece with CRLF.
    static func fold(_ line: String) -> String {
        var folded = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let width = UTF8.width(scalar)
            if octets + width > 75 {
                folded += "\r\n "
                octets = 1
            }
            folded.unicodeScalars.append(scalar)
            octets += width
        }
        return folded + "\r\n"
    }
}
