/// A leader's intake answer: up to three of the cohort's challenges, ranked, each at most once, starting
/// with the first choice. Empty strings are places left unranked.
public enum IntakeRanking {
    public static let places = 3

    /// What is wrong with one field of the answer, in words for the leader.
    public struct Problem: Equatable, Sendable {
        public let field: String
        public let message: String
    }

    /// The chosen challenge keys in rank order, and every problem found (none means the answer stands).
    public static func read(_ choices: [String], among keys: Set<String>) -> (picked: [String], problems: [Problem]) {
        var problems: [Problem] = []
        if choices.count > places {
            problems.append(.init(field: "choice1", message: "Choices: rank at most three challenges."))
        }
        let ranked = choices.prefix(places).map { $0.isEmpty ? nil : $0 }
        for (index, choice) in ranked.enumerated() {
            if let choice, !keys.contains(choice) {
                problems.append(
                    .init(
                        field: "choice\(index + 1)", message: "Choice \(index + 1): pick one of the listed challenges.")
                )
            }
        }
        let picked = ranked.compactMap { $0 }
        if Set(picked).count != picked.count {
            problems.append(.init(field: "choice2", message: "Each challenge can be ranked once."))
        }
        if !picked.isEmpty, ranked.first.flatMap({ $0 }) == nil {
            problems.append(.init(field: "choice1", message: "Choice 1: start with your first choice."))
        }
        return (picked, problems)
    }
}
