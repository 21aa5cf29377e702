import Foundation
import Plot
import TrellisCore

/// How meetings are written on pages: "Tue 8 Dec 2026, 15:30–17:00".
enum MeetingFormat {
    static func day(_ day: CalendarDay) -> String { day.readable }

    static func slot(_ slot: MeetingSlot) -> String { slot.readable }

    static func status(_ occurrence: MeetingOccurrence) -> String {
        switch occurrence.status {
        case .scheduled: "as scheduled"
        case .moved: "moved from \(day(occurrence.key))"
        case .cancelled:
            occurrence.notHeldReason.map { "did not take place (recorded afterwards): \($0)" } ?? "cancelled"
        }
    }

    /// Where the agenda ends against the meeting's end: "The agenda ends at 16:15; the meeting ends at
    /// 17:00 (45 minutes to spare)."
    static func fit(_ agenda: MeetingAgenda, slot: MeetingSlot) -> String {
        let (ends, spare) = agenda.fit(startTime: slot.startTime, endTime: slot.endTime)
        let end = "the meeting ends at \(slot.endTime)"
        if spare == 0 { return "The agenda ends at \(ends), exactly when the meeting ends." }
        if spare > 0 {
            return "The agenda ends at \(ends); \(end) (\(spare) \(spare == 1 ? "minute" : "minutes") to spare)."
        }
        return "The agenda runs \(-spare) minutes past the end: \(end)."
    }

    static func percent(_ proportion: Proportion) -> String {
        guard let fraction = proportion.fraction else { return "no meetings yet" }
        return "\(proportion) (\(Int((fraction * 100).rounded())) %)"
    }

    /// A place that is a web address becomes a link; anything else is text.
    static func location(_ text: String) -> Node<HTML.BodyContext> {
        guard !text.isEmpty else { return .text("no place given") }
        if let url = URL(string: text), ["https", "http"].contains(url.scheme?.lowercased() ?? "") {
            return .a(.href(text), .text(text))
        }
        return .text(text)
    }
}
