/// The plan of one meeting: items in order, each a protocol from the library or a free item.
public struct MeetingAgenda: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public let title: String
        public let minutes: Int
        /// The protocol the item runs; nil for a free item such as "Break".
        public let protocolKey: String?

        public init(title: String, minutes: Int) {
            self.title = title
            self.minutes = minutes
            self.protocolKey = nil
        }

        /// The protocol at its own length, under its own name unless given another title.
        public init(_ meetingProtocol: MeetingProtocol, title: String? = nil) {
            self.title = title ?? meetingProtocol.name
            self.minutes = meetingProtocol.minutes
            self.protocolKey = meetingProtocol.key
        }
    }

    /// An item placed in the meeting: "15:30–15:40 Check-in".
    public struct TimedItem: Sendable, Hashable, CustomStringConvertible {
        public let item: Item
        /// Minutes from the meeting's start to the item's start.
        public let offset: Int
        public let start: TimeOfDay
        /// Read on a clock: an agenda running past midnight wraps to 00:10.
        public let end: TimeOfDay

        public var description: String {
            "\(start)–\(end) \(item.title)"
        }

        /// The steps of the item's protocol, with their prompts; none for an item written by hand.
        public var protocolSteps: [MeetingProtocol.Step] {
            item.protocolKey.flatMap(MeetingProtocol.named)?.steps ?? []
        }
    }

    public var items: [Item]

    public init(items: [Item]) {
        self.items = items
    }

    public var minutes: Int { items.reduce(0) { $0 + $1.minutes } }

    /// When the agenda ends if it starts with the meeting, and the minutes left before the meeting
    /// ends (negative when it runs over).
    public func fit(startTime: TimeOfDay, endTime: TimeOfDay) -> (ends: TimeOfDay, spare: Int) {
        let length = endTime.minutesSinceMidnight - startTime.minutesSinceMidnight
        return (TimeOfDay(wrapping: startTime.minutesSinceMidnight + minutes), length - minutes)
    }

    /// Each item with its start, counted from `start`.
    public func timeline(startingAt start: TimeOfDay) -> [TimedItem] {
        var offset = 0
        return items.map { item in
            defer { offset += item.minutes }
            let begins = start.minutesSinceMidnight + offset
            return TimedItem(
                item: item, offset: offset, start: TimeOfDay(wrapping: begins),
                end: TimeOfDay(wrapping: begins + item.minutes))
        }
    }

    /// Checks that every item has a title and some minutes, and that the agenda fits the meeting.
    public func validate(startTime: TimeOfDay, endTime: TimeOfDay) throws(AgendaProblem) {
        let length = endTime.minutesSinceMidnight - startTime.minutesSinceMidnight
        for (index, timed) in timeline(startingAt: startTime).enumerated() {
            let position = index + 1
            if timed.item.title.allSatisfy(\.isWhitespace) { throw .untitled(position: position) }
            if timed.item.minutes <= 0 {
                throw .noTime(position: position, title: timed.item.title, minutes: timed.item.minutes)
            }
            if timed.offset + timed.item.minutes > length {
                throw .overflows(
                    position: position, title: timed.item.title, endsAt: timed.end,
                    meetingEnd: endTime, minutesOver: timed.offset + timed.item.minutes - length)
            }
        }
    }

    public func validate(for pattern: MeetingPattern) throws(AgendaProblem) {
        try validate(startTime: pattern.startTime, endTime: pattern.endTime)
    }
}

/// Why an agenda cannot be used, naming the item (1-based, as the facilitator sees the list).
public enum AgendaProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case untitled(position: Int)
    case noTime(position: Int, title: String, minutes: Int)
    /// The first item that runs past the end of the meeting.
    case overflows(position: Int, title: String, endsAt: TimeOfDay, meetingEnd: TimeOfDay, minutesOver: Int)

    public var description: String {
        switch self {
        case .untitled(let position):
            "Item \(position) has no title."
        case .noTime(let position, let title, let minutes):
            "Item \(position), \(title), has \(minutes) minutes; give it at least 1."
        case .overflows(let position, let title, let endsAt, let meetingEnd, let minutesOver):
            "Item \(position), \(title), ends at \(endsAt), \(minutesOver) minute\(minutesOver == 1 ? "" : "s") "
                + "after the meeting ends at \(meetingEnd); shorten or remove items."
        }
    }
}
