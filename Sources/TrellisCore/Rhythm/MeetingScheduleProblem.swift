/// Something wrong with a meeting pattern, a moved meeting or a change to a series, printed as
/// `field: message` so the form can put the message beside the field that needs fixing.
public struct MeetingScheduleProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The form field or stored column at fault: "recurrence", "startDay", "endDay", "startTime",
    /// "endTime", "timeZone", "day".
    public let field: String
    /// What is wrong and what was expected.
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
