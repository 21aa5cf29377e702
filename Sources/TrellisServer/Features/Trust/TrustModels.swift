import Fluent
import Foundation

/// One administration of the trust survey to a cohort, open between two dates.
final class TrustRound: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "trust_rounds"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District
    @Parent(key: "cohort_id") var cohort: Cohort

    // data
    @Field(key: "title") var title: String
    /// Calendar days in the district, written yyyy-mm-dd.
    @Field(key: "opens_on") var opensOn: String
    @Field(key: "closes_on") var closesOn: String
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "instrument_version") var instrumentVersion: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Listed by hand in declaration order: Fluent otherwise finds them by reflection on every row it
    /// reads (`ModelPropertyTests` checks the list against reflection).
    var properties: [any AnyProperty] {
        [$id, $district, $cohort, $title, $opensOn, $closesOn, $closedAt, $instrumentVersion, $createdAt]
    }

    init() {}

    init(districtID: UUID, cohortID: UUID, title: String, opensOn: String, closesOn: String, instrumentVersion: String)
    {
        self.$district.id = districtID
        self.$cohort.id = cohortID
        self.title = title
        self.opensOn = opensOn
        self.closesOn = closesOn
        self.instrumentVersion = instrumentVersion
    }

    var owningDistrictID: UUID? { $district.id }
    var isClosed: Bool { closedAt != nil }
}

/// One answer to one item. It carries the round, the community, a random response id and the day — never
/// the person. Nothing in this table leads to `TrustParticipation`.
final class TrustAnswer: Model, @unchecked Sendable {
    static let schema = "trust_answers"

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "round_id") var roundID: UUID
    @OptionalField(key: "community_id") var communityID: UUID?
    @Field(key: "response_id") var responseID: UUID
    @Field(key: "item_id") var itemID: String
    @Field(key: "value") var value: Int
    @Field(key: "answered_on") var answeredOn: String

    init() {}

    init(roundID: UUID, communityID: UUID?, responseID: UUID, itemID: String, value: Int, answeredOn: String) {
        self.id = UUID()
        self.roundID = roundID
        self.communityID = communityID
        self.responseID = responseID
        self.itemID = itemID
        self.value = value
        self.answeredOn = answeredOn
    }
}

/// An answer to one of the district's open-ended questions, stored like `TrustAnswer`.
final class TrustOpenAnswer: Model, @unchecked Sendable {
    static let schema = "trust_open_answers"

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "round_id") var roundID: UUID
    @OptionalField(key: "community_id") var communityID: UUID?
    @Field(key: "response_id") var responseID: UUID
    @Field(key: "question_id") var questionID: UUID
    @Field(key: "text") var text: String
    @Field(key: "answered_on") var answeredOn: String

    init() {}

    init(roundID: UUID, communityID: UUID?, responseID: UUID, questionID: UUID, text: String, answeredOn: String) {
        self.id = UUID()
        self.roundID = roundID
        self.communityID = communityID
        self.responseID = responseID
        self.questionID = questionID
        self.text = text
        self.answeredOn = answeredOn
    }
}

/// "Has answered": the person and the round, nothing else — no time, no response id.
final class TrustParticipation: Model, @unchecked Sendable {
    static let schema = "trust_participation"

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "round_id") var roundID: UUID
    @Field(key: "user_id") var userID: UUID

    init() {}

    init(roundID: UUID, userID: UUID) {
        self.id = UUID()
        self.roundID = roundID
        self.userID = userID
    }
}

/// An open-ended question a district adds to its survey.
final class TrustQuestion: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "trust_questions"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District

    // data
    @Field(key: "text") var text: String
    @Field(key: "position") var position: Int

    init() {}

    init(districtID: UUID, text: String, position: Int) {
        self.$district.id = districtID
        self.text = text
        self.position = position
    }

    var owningDistrictID: UUID? { $district.id }
}

/// A closed round's results as shown (the suppressed rows and facets, the open answers that may be shown),
/// stored the first time they are needed after the round closes. `basis` names everything they were worked
/// out from besides the answers themselves; when it no longer matches, they are worked out again.
final class TrustRoundResultRecord: Model, @unchecked Sendable {
    static let schema = "trust_round_results"

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "round_id") var roundID: UUID
    @Field(key: "basis") var basis: String
    /// `TrustService.StoredResults` as JSON.
    @Field(key: "payload") var payload: String

    init() {}

    init(roundID: UUID, basis: String, payload: String) {
        self.roundID = roundID
        self.basis = basis
        self.payload = payload
    }
}
