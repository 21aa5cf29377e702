import Foundation

/// A wall-clock time in a meeting's own time zone, to the minute: "15:30". It is not an instant;
/// `MeetingPattern` turns it into one for each day, which is what keeps the 15:30 meeting at 15:30
/// on both sides of a daylight-saving change.
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let hour: Int
    public let minute: Int

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Accepts "15:30" and "9:05" (24-hour clock); anything else is nil.
    public init?(_ text: String) {
        // "15:30" and "9:05" as stored, read byte by byte; anything else as typed, below
        var (hour, minute, count, colon, plain) = (0, 0, 0, -1, true)
        for byte in text.utf8 {
            if byte == UInt8(ascii: ":"), colon < 0 {
                colon = count
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                let digit = Int(byte - UInt8(ascii: "0"))
                if colon < 0 { hour = hour * 10 + digit } else { minute = minute * 10 + digit }
            } else {
                plain = false
            }
            count += 1
        }
        if plain, (4...5).contains(count), colon == count - 3 {
            self.init(hour: hour, minute: minute)
            return
        }
        let parts = text.trimmedOfSpaces.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    /// What a clock in `zone` shows at `date`, to the minute.
    public init(_ date: Date, in zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        self.init(wrapping: (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    /// The time a clock shows `minutes` after midnight; past midnight it wraps, as a clock does.
    init(wrapping minutes: Int) {
        let wrapped = (minutes % 1440 + 1440) % 1440
        self.hour = wrapped / 60
        self.minute = wrapped % 60
    }

    public var minutesSinceMidnight: Int { hour * 60 + minute }

    /// "15:30", zero-padded, whatever the locale.
    public var description: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool {
        lhs.minutesSinceMidnight < rhs.minutesSinceMidnight
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let time = TimeOfDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected hh:mm"))
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
