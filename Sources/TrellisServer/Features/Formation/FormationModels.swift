import Fluent
import FluentSQL
import Foundation
import SQLKit

/// An equity challenge a cohort's leaders can rank at intake, e.g. "Interrupting biased language".
final class IntakeChallenge: Model, @unchecked Sendable {
    static let schema = "intake_challenges"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "cohort_id") var cohort: Cohort
    /// Stable key used by the formation engine and in exports, e.g. "biased-language".
    @Field(key: "key") var key: String

    // data
    @Field(key: "title") var title: String
    @Field(key: "position") var position: Int

    init() {}

    init(cohortID: UUID, key: String, title: String, position: Int) {
        self.$cohort.id = cohortID
        self.key = key
        self.title = title
        self.position = position
    }
}

/// A leader's ranked challenges (up to three).
final class IntakeResponse: Model, @unchecked Sendable {
    static let schema = "intake_responses"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "cohort_id") var cohort: Cohort
    @Parent(key: "user_id") var user: User

    // data
    @OptionalField(key: "choice1") var choice1: String?
    @OptionalField(key: "choice2") var choice2: String?
    @OptionalField(key: "choice3") var choice3: String?

    init() {}

    init(cohortID: UUID, userID: UUID) {
        self.$cohort.id = cohortID
        self.$user.id = userID
    }

    var choices: [String] { [choice1, choice2, choice3].compactMap { $0 } }
}

/// Two people who should not be in the same community (for example a leader and their evaluator).
/// Seen by the cohort's facilitators and by the person who named it — never by the person named.
final class KeptApart: Model, @unchecked Sendable {
    static let schema = "kept_apart_pairs"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "cohort_id") var cohort: Cohort

    // relationships
    @Parent(key: "named_by") var namedBy: User
    @Parent(key: "person_a") var personA: User
    @Parent(key: "person_b") var personB: User

    init() {}

    init(cohortID: UUID, namedBy: UUID, personA: UUID, personB: UUID) {
        self.$cohort.id = cohortID
        self.$namedBy.id = namedBy
        self.$personA.id = personA
        self.$personB.id = personB
    }
}
