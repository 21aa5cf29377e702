import Fluent
import Foundation
import TrellisCore

/// A district's connection to its own identity provider (OpenID Connect). The client secret is kept to
/// ask the provider for tokens and is never shown again or logged. The provider's key set is kept here too,
/// so every instance checks tokens against the same keys.
final class DistrictSignIn: Model, @unchecked Sendable {
    static let schema = "district_sign_in"

    // identity
    @ID(key: .id) var id: UUID?

    // relationships
    @Parent(key: "district_id") var district: District

    // data
    @Field(key: "issuer") var issuer: String
    @Field(key: "client_id") var clientID: String
    @Field(key: "client_secret") var clientSecret: String
    /// Space-separated, lowercased.
    @Field(key: "domains") var domains: String
    @Field(key: "password_sign_in") var passwordSignIn: String
    @Field(key: "authorization_endpoint") var authorizationEndpoint: String
    @Field(key: "token_endpoint") var tokenEndpoint: String
    @Field(key: "jwks_uri") var jwksURI: String
    @Field(key: "secret_in_form") var secretInForm: Bool
    @OptionalField(key: "jwks") var jwks: String?
    @OptionalField(key: "jwks_fetched_at") var jwksFetchedAt: Date?
    @Field(key: "saved_at") var savedAt: Date

    init() {}

    var domainList: [String] { domains.split(separator: " ").map(String.init) }

    var passwordPolicy: OpenIDConnect.PasswordSignIn { .init(rawValue: passwordSignIn) ?? .everyone }
}
