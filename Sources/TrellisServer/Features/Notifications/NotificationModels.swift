import Fluent
import Foundation

/// When a person last opened their list of what is new: everything since is unread for them.
final class NotificationRead: Model, @unchecked Sendable {
    static let schema = "notification_reads"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User

    // data
    @Field(key: "seen_at") var seenAt: Date

    init() {}

    init(userID: UUID, seenAt: Date) {
        self.$user.id = userID
        self.seenAt = seenAt
    }
}
