import Fluent
import Foundation

/// A leader's equity story and what they needed but did not have. Private to its author: only the
/// queries in `StoryAccess` read it, and they return it to the author, to peers it was shared with,
/// and — once shared with the community — to the community's members and facilitator.
final class Story: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "stories"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District
    @Parent(key: "author_id") var author: User

    // data
    @Field(key: "story") var story: String
    @Field(key: "need") var need: String
    /// The community it is shared with, if the author chose to share it.
    @OptionalParent(key: "shared_community_id") var sharedCommunity: Community?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    /// When the author last shared it with their community.
    @OptionalField(key: "shared_at") var sharedAt: Date?

    init() {}

    init(districtID: UUID, authorID: UUID, story: String, need: String) {
        self.$district.id = districtID
        self.$author.id = authorID
        self.story = story
        self.need = need
    }

    var owningDistrictID: UUID? { $district.id }
}

/// A story shared with one chosen peer.
final class StoryShare: Model, @unchecked Sendable {
    static let schema = "story_shares"

    @ID(key: .id) var id: UUID?
    @Parent(key: "story_id") var story: Story
    @Parent(key: "peer_id") var peer: User
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(storyID: UUID, peerID: UUID) {
        self.$story.id = storyID
        self.$peer.id = peerID
    }
}

/// One message in an assumption check about a story: the peer's questions and notes, the author's answers.
/// Both of them, and nobody else, read the exchange.
final class PeerCheckMessage: Model, @unchecked Sendable {
    static let schema = "peer_check_messages"

    @ID(key: .id) var id: UUID?
    @Parent(key: "story_id") var story: Story
    @Parent(key: "author_id") var author: User
    @Field(key: "text") var text: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(storyID: UUID, authorID: UUID, text: String) {
        self.$story.id = storyID
        self.$author.id = authorID
        self.text = text
    }
}
