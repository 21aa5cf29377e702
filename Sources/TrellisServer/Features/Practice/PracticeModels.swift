import Fluent
import Foundation
import TrellisCore

/// One cycle of a community, stored when first seen so that commitments, pairs and debriefs have an id
/// to belong to. Its dates are never stored: they are its meetings', computed from the series.
final class PracticeCycleRecord: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "practice_cycles"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District
    @Parent(key: "community_id") var community: Community
    /// The series and original day of the meeting that opens the cycle: a moved meeting keeps its day.
    @Parent(key: "series_id") var series: MeetingSeriesRecord
    @Field(key: "opening_day") var openingDay: String

    init() {}

    var owningDistrictID: UUID? { $district.id }
}

/// The debrief groups of a cycle as they stood when it began: frozen, so that someone leaving later
/// does not rewrite who met whom.
final class PeerGroupRecord: Model, @unchecked Sendable {
    static let schema = "peer_groups"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "cycle_id") var cycle: PracticeCycleRecord

    // data
    @Field(key: "position") var position: Int
    /// The members' ids, lowercased, sorted, comma-separated.
    @Field(key: "members") var members: String

    init() {}

    init(cycleID: UUID, position: Int, group: PeerGroup) {
        self.$cycle.id = cycleID
        self.position = position
        self.members = group.members.joined(separator: ",")
    }
}

/// A facilitator's exchange of two people in a cycle that has not begun; shown as theirs.
final class PeerSwap: Model, @unchecked Sendable {
    static let schema = "peer_swaps"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "cycle_id") var cycle: PracticeCycleRecord

    // data
    @Field(key: "person_a") var personA: UUID
    @Field(key: "person_b") var personB: UUID
    @Field(key: "made_by") var madeBy: UUID
    @Field(key: "made_at") var madeAt: Date

    init() {}

    init(cycleID: UUID, personA: UUID, personB: UUID, madeBy: UUID, madeAt: Date) {
        self.$cycle.id = cycleID
        self.personA = personA
        self.personB = personB
        self.madeBy = madeBy
        self.madeAt = madeAt
    }
}

/// A leadership activity a community drafts together and then adopts.
final class LeadershipActivity: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "leadership_activities"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District
    @Parent(key: "community_id") var community: Community

    // data
    @Field(key: "title") var title: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "steps") var steps: String
    @Field(key: "evidence") var evidence: String
    /// Trait ids, lowercased, sorted, comma-separated.
    @Field(key: "trait_ids") var traitIDs: String
    /// Goes up with every save: a save made on an older version is refused.
    @Field(key: "version") var version: Int
    @OptionalField(key: "adopted_at") var adoptedAt: Date?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(districtID: UUID, communityID: UUID, draft: ActivityDraft, createdBy: UUID, createdAt: Date) {
        self.$district.id = districtID
        self.$community.id = communityID
        self.version = 1
        self.createdBy = createdBy
        self.createdAt = createdAt
        set(draft)
    }

    var owningDistrictID: UUID? { $district.id }

    var draft: ActivityDraft {
        ActivityDraft(
            title: title, purpose: purpose, steps: steps, evidence: evidence,
            traitIDs: traitIDs.split(separator: ",").map(String.init))
    }

    func set(_ draft: ActivityDraft) {
        title = draft.title
        purpose = draft.purpose
        steps = draft.steps
        evidence = draft.evidence
        traitIDs = draft.traitIDs.joined(separator: ",")
    }
}

/// Who changed which fields of an activity, and when.
final class ActivityChange: Model, @unchecked Sendable {
    static let schema = "activity_changes"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "activity_id") var activity: LeadershipActivity

    // data
    @Field(key: "version") var version: Int
    @Field(key: "changed_by") var changedBy: UUID
    @Field(key: "changed_at") var changedAt: Date
    /// "title, steps"; "drafted" for the first version, "adopted" for the adoption.
    @Field(key: "fields") var fields: String

    init() {}

    init(activityID: UUID, version: Int, changedBy: UUID, changedAt: Date, fields: String) {
        self.$activity.id = activityID
        self.version = version
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.fields = fields
    }
}

/// What a leader will try at their school in one cycle, and how it went.
final class Commitment: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "commitments"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District
    @Parent(key: "cycle_id") var cycle: PracticeCycleRecord
    @Field(key: "author_id") var authorID: UUID

    // data
    @Field(key: "text") var text: String
    @Field(key: "prediction") var prediction: String
    @OptionalField(key: "question_id") var questionID: UUID?
    @OptionalField(key: "resource_id") var resourceID: UUID?
    @OptionalField(key: "activity_id") var activityID: UUID?
    @Field(key: "trait_ids") var traitIDs: String
    /// Shared with the whole community, its facilitators included (its members see it anyway).
    @Field(key: "shared") var shared: Bool
    @Field(key: "status") var status: CommitmentStatus
    @OptionalField(key: "tried_on") var triedOn: String?
    @Field(key: "reason") var reason: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var owningDistrictID: UUID? { $district.id }
}

/// What a leader learned from a commitment: private to them unless they share it.
final class Insight: Model, @unchecked Sendable {
    static let schema = "insights"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "commitment_id") var commitment: Commitment

    // data
    @Field(key: "happened") var happened: String
    @Field(key: "learned") var learned: String
    @Field(key: "decision") var decision: InsightDecision
    @Field(key: "sharing") var sharing: InsightSharing
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A debrief of one group in one cycle: held (on a day), with notes that only its members read.
final class Debrief: Model, @unchecked Sendable {
    static let schema = "debriefs"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "cycle_id") var cycle: PracticeCycleRecord
    /// The group's ids, as `PeerGroupRecord.members`.
    @Field(key: "members") var members: String

    // data
    @OptionalField(key: "held_on") var heldOn: String?
    @OptionalField(key: "marked_by") var markedBy: UUID?
    @Field(key: "notes") var notes: String

    init() {}
}
