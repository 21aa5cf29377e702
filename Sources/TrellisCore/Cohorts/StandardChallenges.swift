/// The equity challenges a cohort's intake starts from: the ones the Oakland principals named
/// (see shared/seeds). A facilitator edits the list before leaders rank it.
public enum StandardChallenges {
    public struct Challenge: Sendable, Hashable {
        public let key: String
        public let title: String

        public init(key: String, title: String) {
            self.key = key
            self.title = title
        }
    }

    public static let all: [Challenge] = [
        Challenge(key: "inclusive-families", title: "Signalling to families that we are an inclusive school"),
        Challenge(key: "funds-for-need", title: "Using funds such as PTA money for the students who need them most"),
        Challenge(key: "operations", title: "Operations that help or hinder instruction"),
        Challenge(key: "biased-language", title: "Interrupting biased language"),
        Challenge(
            key: "implicit-bias-culture", title: "A culture that checks implicit bias and holds us mutually accountable"
        ),
        Challenge(key: "generative-listening", title: "Time for generative listening with our community"),
    ]

    /// A key for a facilitator's own challenge: lowercase words joined by hyphens.
    public static func key(for title: String) -> String {
        let words = title.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        return words.prefix(6).joined(separator: "-")
    }
}
