import Fluent
import Foundation

/// A signed-in browser. The cookie holds a random token; the table holds only its SHA-256, so a copy of
/// the database cannot be replayed as a cookie.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String

    // relationships
    @Parent(key: "user_id") var user: User

    // data
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "expires_at") var expiresAt: Date
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(tokenHash: String, userID: UUID, csrfToken: String, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

/// A bearer token for the JSON API, stored hashed like sessions.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String

    // relationships
    @Parent(key: "user_id") var user: User

    // data
    @Field(key: "label") var label: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(tokenHash: String, userID: UUID, label: String) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.label = label
    }
}

/// A one-time password-reset link an admin hands to a person (there is no mail server yet).
final class PasswordReset: Model, @unchecked Sendable {
    static let schema = "password_resets"

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String

    // relationships
    @Parent(key: "user_id") var user: User

    // data
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(tokenHash: String, userID: UUID, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.expiresAt = expiresAt
    }
}
