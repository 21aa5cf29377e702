import Fluent
import FluentSQL
import Foundation
import SQLKit

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

    /// Listed by hand in declaration order: Fluent otherwise finds them by reflection on every row it
    /// reads (`ModelPropertyTests` checks the list against reflection).
    var properties: [any AnyProperty] {
        [
            $id, $district, $cohort, $name, $focus, $published, $facilitator, $inquiryQuestion, $smallest, $largest,
            $endedAt, $memberships,
        ]
    }

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
