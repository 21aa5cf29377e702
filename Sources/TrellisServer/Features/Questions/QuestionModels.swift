import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore

/// A "How might we …" question a member of a community drafted, optionally tied to a root-cause bucket and
/// to notes on the community's board.
final class InquiryQuestion: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "inquiry_questions"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District
    @Parent(key: "community_id") var community: Community

    // relationships
    @Parent(key: "author_id") var author: User

    // data
    @Field(key: "text") var text: String
    @OptionalField(key: "bucket") var bucket: String?
    @OptionalField(key: "note_links") var noteLinks: QuestionNoteLinks?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(districtID: UUID, communityID: UUID, authorID: UUID, text: String, bucket: RootCauseBucket?) {
        self.$district.id = districtID
        self.$community.id = communityID
        self.$author.id = authorID
        self.text = text
        self.bucket = bucket?.rawValue
    }

    var owningDistrictID: UUID? { $district.id }

    /// The board notes it grew from, in the order they were chosen.
    var noteIDs: [String] { noteLinks?.notes ?? [] }
}

/// A community's dot vote on its questions. While it is open nobody sees a count but how many have
/// voted; once closed, only totals — never who voted for what.
final class InquiryVote: Model, @unchecked Sendable {
    static let schema = "inquiry_votes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "community_id") var community: Community
    @Field(key: "votes_per_member") var votesPerMember: Int
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Timestamp(key: "opened_at", on: .create) var openedAt: Date?

    init() {}

    init(communityID: UUID, votesPerMember: Int) {
        self.$community.id = communityID
        self.votesPerMember = votesPerMember
    }
}

/// One member's dots on one question in a vote. Read only to count totals, and to let the voter see
/// their own ballot.
final class InquiryBallotDot: Model, @unchecked Sendable {
    static let schema = "inquiry_ballot_dots"

    @ID(key: .id) var id: UUID?
    @Parent(key: "vote_id") var vote: InquiryVote
    @Parent(key: "voter_id") var voter: User
    @Parent(key: "question_id") var question: InquiryQuestion
    @Field(key: "dots") var dots: Int

    init() {}

    init(voteID: UUID, voterID: UUID, questionID: UUID, dots: Int) {
        self.$vote.id = voteID
        self.$voter.id = voterID
        self.$question.id = questionID
        self.dots = dots
    }
}

/// Links from a question to the board notes it grew from (note ids on the community's board).
struct QuestionNoteLinks: Codable, Sendable {
    var notes: [String]
}
