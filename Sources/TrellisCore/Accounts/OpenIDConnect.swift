import Foundation

/// Signing in with a district's own identity provider (OpenID Connect): the rules that decide, from what the
/// provider and its tokens say, whether Trellis trusts them. Fetching and signatures are the server's work.
public enum OpenIDConnect {
    /// Who may still use a password once a district has connected its provider.
    public enum PasswordSignIn: String, Sendable, CaseIterable, Codable {
        case everyone, admins

        public var label: String {
            switch self {
            case .everyone: "Everyone may also sign in with a Trellis password"
            case .admins: "Only the district's admins may sign in with a password"
            }
        }
    }

    /// What a provider says about itself in its discovery document, once checked.
    public struct ProviderMetadata: Sendable, Equatable {
        public var issuer: String
        public var authorizationEndpoint: String
        public var tokenEndpoint: String
        public var jwksURI: String
        /// How the token endpoint wants the client secret: `client_secret_basic` unless it lists only `_post`.
        public var sendsSecretInForm: Bool

        public init(
            issuer: String, authorizationEndpoint: String, tokenEndpoint: String, jwksURI: String,
            sendsSecretInForm: Bool
        ) {
            self.issuer = issuer
            self.authorizationEndpoint = authorizationEndpoint
            self.tokenEndpoint = tokenEndpoint
            self.jwksURI = jwksURI
            self.sendsSecretInForm = sendsSecretInForm
        }
    }

    /// Where the discovery document of `issuer` is (OpenID Connect Discovery 1.0, section 4).
    public static func discoveryURL(issuer: String) -> String {
        var base = issuer
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/.well-known/openid-configuration"
    }

    /// Why `url` cannot be a provider's address: not http(s), no host, or plain http anywhere but on
    /// this machine (loopback is allowed for tests and a local provider).
    public static func addressProblem(_ url: String, field: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { return "\(field) is not a web address (it should look like https://accounts.example.org)." }
        switch scheme {
        case "https": return nil
        case "http" where ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased()): return nil
        case "http": return "\(field) must use https (plain http is allowed only on this machine, for testing)."
        default: return "\(field) must start with https://."
        }
    }

    /// Checks a discovery document fetched for `issuer`: JSON, the same issuer, and the three endpoints,
    /// each a usable address. `code_challenge_methods_supported` is not required (some providers omit it).
    public static func metadata(fromDiscovery body: Data, issuer: String) -> Result<ProviderMetadata, Problem> {
        guard let object = try? JSONSerialization.jsonObject(with: body), let document = object as? [String: Any]
        else {
            return .failure(
                Problem("The address answered, but not with a discovery document (JSON) — check the issuer URL."))
        }
        guard let named = document["issuer"] as? String else {
            return .failure(Problem("The discovery document names no issuer."))
        }
        guard named == issuer else {
            return .failure(
                Problem(
                    "The provider calls itself “\(named)”, not “\(issuer)”. Use exactly the issuer it names (trailing slash included)."
                ))
        }
        var endpoints: [String: String] = [:]
        for (key, name) in [
            ("authorization_endpoint", "Its authorization endpoint"), ("token_endpoint", "Its token endpoint"),
            ("jwks_uri", "Its key set (jwks_uri)"),
        ] {
            guard let value = document[key] as? String, !value.isEmpty else {
                return .failure(Problem("The discovery document has no \(key)."))
            }
            if let problem = addressProblem(value, field: name) { return .failure(Problem(problem)) }
            endpoints[key] = value
        }
        let methods = document["token_endpoint_auth_methods_supported"] as? [String] ?? []
        return .success(
            ProviderMetadata(
                issuer: named, authorizationEndpoint: endpoints["authorization_endpoint"]!,
                tokenEndpoint: endpoints["token_endpoint"]!, jwksURI: endpoints["jwks_uri"]!,
                sendsSecretInForm: !methods.isEmpty && !methods.contains("client_secret_basic")
                    && methods.contains("client_secret_post")))
    }

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// The email domains a district's provider answers for: "a.org, b.org" (commas or spaces), lowercased,
    /// each a dotted name without "@"; a problem names the first bad one.
    public static func domains(_ text: String) -> Result<[String], Problem> {
        let parts = text.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map {
            $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "@."))
        }
        guard !parts.isEmpty else {
            return .failure(Problem("Name at least one email domain, such as bayview.k12.us."))
        }
        for part in parts {
            let labels = part.split(separator: ".", omittingEmptySubsequences: false)
            let valid =
                labels.count >= 2
                && labels.allSatisfy { label in
                    !label.isEmpty && !label.hasPrefix("-") && !label.hasSuffix("-")
                        && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
                }
            if !valid {
                return .failure(Problem("“\(part)” is not an email domain (it should look like bayview.k12.us)."))
            }
        }
        var seen = Set<String>()
        return .success(parts.filter { seen.insert($0).inserted })
    }

    /// The domain of an email address, lowercased ("" when there is none).
    public static func domain(of email: String) -> String {
        guard let at = email.lastIndex(of: "@") else { return "" }
        return email[email.index(after: at)...].lowercased()
    }

    /// The claims of an ID token that decide whether to trust it (the signature is checked before).
    public struct Claims: Sendable, Equatable {
        public var issuer: String
        public var audience: [String]
        public var authorizedParty: String?
        public var subject: String
        public var expires: Date
        public var issuedAt: Date
        public var nonce: String?
        public var email: String?
        public var emailVerified: Bool?

        public init(
            issuer: String, audience: [String], authorizedParty: String? = nil, subject: String, expires: Date,
            issuedAt: Date, nonce: String?, email: String?, emailVerified: Bool?
        ) {
            self.issuer = issuer
            self.audience = audience
            self.authorizedParty = authorizedParty
            self.subject = subject
            self.expires = expires
            self.issuedAt = issuedAt
            self.nonce = nonce
            self.email = email
            self.emailVerified = emailVerified
        }
    }

    /// Every way a sign-in through a provider is refused. `message` is for the person, in plain words with
    /// what to do; `code` is for the log (never the token, the code or the secret).
    public enum Refusal: Error, Sendable, Equatable {
        case providerError(String)
        case unknownState
        case tokenRequestFailed
        case badSignature
        case unknownKey
        case wrongIssuer
        case wrongAudience
        case expired
        case issuedInFuture
        case wrongNonce
        case noEmail
        case emailNotVerified
        case unknownAccount
        case otherDistrict
        case identityTaken
        case archived

        public var code: String {
            switch self {
            case .providerError: "provider-error"
            case .unknownState: "unknown-or-used-state"
            case .tokenRequestFailed: "token-request-failed"
            case .badSignature: "bad-signature"
            case .unknownKey: "key-not-in-jwks"
            case .wrongIssuer: "wrong-issuer"
            case .wrongAudience: "wrong-audience"
            case .expired: "expired"
            case .issuedInFuture: "issued-in-future"
            case .wrongNonce: "wrong-nonce"
            case .noEmail: "no-email"
            case .emailNotVerified: "email-not-verified"
            case .unknownAccount: "no-account"
            case .otherDistrict: "account-of-another-district"
            case .identityTaken: "identity-linked-to-another-account"
            case .archived: "archived-account"
            }
        }

        public var message: String {
            let again = "Go back to the sign-in page and try again."
            let admin = "If it happens again, tell your district admin"
            switch self {
            case .providerError(let what):
                return "Your district's sign-in service did not let you in (it said: \(what)). \(again)"
            case .unknownState:
                return
                    "This sign-in link has expired or was already used. Sign-in links from your district's service last 10 minutes and work once. \(again)"
            case .tokenRequestFailed:
                return "Trellis could not finish signing you in with your district's service. \(again) \(admin)."
            case .badSignature, .unknownKey, .wrongIssuer, .wrongAudience, .issuedInFuture, .wrongNonce:
                return
                    "Trellis could not confirm that this sign-in came from your district's service, so it did not sign you in. \(again) \(admin); the log says why."
            case .expired:
                return "Your district's service answered too late, so the sign-in expired. \(again)"
            case .noEmail:
                return
                    "Your district's service did not tell Trellis your email address, so Trellis cannot find your account. \(admin) (the provider must release the email claim)."
            case .emailNotVerified:
                return
                    "Your district's service says your email address is not verified, so Trellis cannot use it to find your account. Verify it with your district's IT staff, then try again."
            case .unknownAccount:
                return
                    "You signed in with your district's service, but there is no Trellis account with that email in this district. Ask your district admin to add you."
            case .otherDistrict:
                return
                    "Your Trellis account belongs to another district, so it cannot sign in through this district's service. Sign in the way your own district uses."
            case .identityTaken:
                return "This account at your district's service is already linked to another Trellis account. \(admin)."
            case .archived:
                return "Your Trellis account is archived. Ask your district admin if you need it again."
            }
        }
    }

    /// How far clocks may disagree, in seconds, when checking `exp` and `iat`.
    public static let leeway: TimeInterval = 120

    /// Checks a verified token's claims for a sign-in this server began: its issuer, its audience (this
    /// client), its times, the nonce sent, and an email that may be used to find the account — verified, or,
    /// when the token says nothing about it (Entra by default), in one of the district's own domains.
    /// Returns the email, lowercased.
    public static func check(
        _ claims: Claims, issuer: String, clientID: String, nonce: String, domains: [String], now: Date
    ) -> Result<String, Refusal> {
        guard claims.issuer == issuer else { return .failure(.wrongIssuer) }
        guard claims.audience.contains(clientID) else { return .failure(.wrongAudience) }
        if claims.audience.count > 1, let party = claims.authorizedParty, party != clientID {
            return .failure(.wrongAudience)
        }
        guard claims.expires.addingTimeInterval(leeway) > now else { return .failure(.expired) }
        guard claims.issuedAt.addingTimeInterval(-leeway) <= now else { return .failure(.issuedInFuture) }
        guard let sent = claims.nonce, sent == nonce else { return .failure(.wrongNonce) }
        guard let raw = claims.email, case let email = EmailAddress.normalized(raw), EmailAddress.isPlausible(email)
        else { return .failure(.noEmail) }
        switch claims.emailVerified {
        case .some(true): return .success(email)
        case .some(false): return .failure(.emailNotVerified)
        case .none: return domains.contains(domain(of: email)) ? .success(email) : .failure(.emailNotVerified)
        }
    }
}
