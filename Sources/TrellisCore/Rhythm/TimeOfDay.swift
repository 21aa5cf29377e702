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
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
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
