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

/// A small group inside a cohort around one challenge. Drafts (proposals) are invisible to leaders
/// until the facilitator publishes them.
final class Community: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "communities"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District
    @Parent(key: "cohort_id") var cohort: Cohort

    // data
    @Field(key: "name") var name: String
    @Field(key: "focus") var focus: String
    @Field(key: "published") var published: Bool
    @OptionalParent(key: "facilitator_id") var facilitator: User?
    /// The community's yearlong "How might we …" question, once adopted.
    @OptionalParent(key: "inquiry_question_id") var inquiryQuestion: InquiryQuestion?
    /// The size range the proposal was made for; moves and publishing are checked against it.
    @Field(key: "smallest") var smallest: Int
    @Field(key: "largest") var largest: Int
    /// When a later proposal stopped continuing it. An ended community keeps its board, meetings,
    /// questions and shared stories; it has no members and is listed apart.
    @OptionalField(key: "ended_at") var endedAt: Date?

    // relationships
    @Children(for: \.$community) var memberships: [CommunityMembership]

    init() {}

    init(
        districtID: UUID, cohortID: UUID, name: String, focus: String, sizes: ClosedRange<Int>, published: Bool = false
    ) {
        self.$district.id = districtID
        self.$cohort.id = cohortID
        self.name = name
        self.focus = focus
        self.smallest = sizes.lowerBound
        self.largest = sizes.upperBound
        self.published = published
    }

    var sizes: ClosedRange<Int> { smallest...max(smallest, largest) }

    var owningDistrictID: UUID? { $district.id }
}

final class CommunityMembership: Model, @unchecked Sendable {
    static let schema = "community_memberships"

    // identity
    @ID(key: .id) var id: UUID?

    // relationships
    @Parent(key: "community_id") var community: Community
    @Parent(key: "user_id") var user: User

    // data
    /// Why the person is here, in words they can read ("your 1st choice; mixes new and seasoned leaders").
    @Field(key: "reasons") var reasons: String
    /// Moved here by a facilitator rather than placed by the engine.
    @Field(key: "placed_by_hand") var placedByHand: Bool

    init() {}

    init(communityID: UUID, userID: UUID, reasons: String, placedByHand: Bool = false) {
        self.$community.id = communityID
        self.$user.id = userID
        self.reasons = reasons
        self.placedByHand = placedByHand
    }
}

struct Migration008CreateFormation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("intake_challenges")
            .id()
            .field("cohort_id", .uuid, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("title", .string, .required)
            .field("position", .int, .required)
            .unique(on: "cohort_id", "key")
            .create()
        try await database.schema("intake_responses")
            .id()
            .field("cohort_id", .uuid, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("choice1", .string)
            .field("choice2", .string)
            .field("choice3", .string)
            .unique(on: "cohort_id", "user_id")
            .create()
        try await database.schema("kept_apart_pairs")
            .id()
            .field("cohort_id", .uuid, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("named_by", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("person_a", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("person_b", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .create()
        try await database.schema("communities")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("cohort_id", .uuid, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("focus", .string, .required)
            .field("published", .bool, .required)
            .field("facilitator_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("smallest", .int, .required)
            .field("largest", .int, .required)
            .create()
        try await database.schema("community_memberships")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("reasons", .string, .required)
            .unique(on: "community_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "community_memberships", "communities", "kept_apart_pairs", "intake_responses", "intake_challenges",
        ] {
            try await database.schema(table).delete()
        }
    }
}

struct Migration010RecordHandPlacement: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("community_memberships")
            .field("placed_by_hand", .bool, .required, .sql(.default(false)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("community_memberships").deleteField("placed_by_hand").update()
    }
}
