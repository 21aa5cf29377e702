/// Days and meeting times as people read them in Trellis's pages, messages and history.
extension CalendarDay {
    static let monthAbbreviations = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// "Tue 13 Oct 2026".
    public var readable: String {
        "\(weekday.name.prefix(3)) \(day) \(Self.monthAbbreviations[month - 1]) \(year)"
    }
}

extension MeetingSlot {
    /// "Tue 13 Oct 2026, 15:30–17:00".
    public var readable: String {
        "\(day.readable), \(startTime)–\(endTime)"
    }
}
