import Fluent
import Foundation
import JWTKit
import SQLKit
import TrellisCore
import Vapor

/// Connecting a district to its identity provider, and signing someone in through it: authorization code
/// with PKCE (S256), `state` and `nonce` kept in the database for 10 minutes and used once, the ID token's
/// signature checked against the provider's key set (kept in the database; fetched again once for a key id
/// it does not hold), and its claims checked by `OpenIDConnect.check`. No account is ever created from a
/// token: the token's email finds an account of the district, and the provider's `sub` is remembered.
enum DistrictSignInService {
    /// How long a sign-in begun here may take to come back.
    static let stateLifetime: TimeInterval = 10 * 60
    /// How long a key set is used before it is fetched again (sooner for a key id it does not hold).
    static let keySetLifetime: TimeInterval = 60 * 60

    // MARK: connecting a district

    struct Settings: Sendable {
        var issuer: String
        var clientID: String
        /// Empty keeps the secret already saved.
        var clientSecret: String
        var domains: String
        var passwordSignIn: String
    }

    /// Checks the settings and the provider's discovery document, then saves them. Throws
    /// `ValidationProblem` naming each field that is wrong; nothing is saved then.
    static func connect(districtID: UUID, _ settings: Settings, client: any Client, on db: any Database, now: Date)
        async throws
    {
        let existing = try await DistrictSignIn.query(on: db).filter(\.$district.$id == districtID).first()
        let issuer = settings.issuer.trimmingCharacters(in: .whitespacesAndNewlines)
        let clientID = settings.clientID.trimmingCharacters(in: .whitespacesAndNewlines)
        let secret = settings.clientSecret.trimmingCharacters(in: .newlines)
        var problems: [FieldProblem] = []
        if let problem = OpenIDConnect.addressProblem(issuer, field: "The issuer") {
            problems.append(FieldProblem(field: "issuer", message: problem))
        }
        if clientID.isEmpty {
            problems.append(FieldProblem(field: "client_id", message: "Give the client ID your provider issued."))
        }
        if secret.isEmpty && existing == nil {
            problems.append(
                FieldProblem(field: "client_secret", message: "Give the client secret your provider issued."))
        }
        var domains: [String] = []
        switch OpenIDConnect.domains(settings.domains) {
        case .success(let list): domains = list
        case .failure(let problem): problems.append(FieldProblem(field: "domains", message: problem.description))
        }
        guard let policy = OpenIDConnect.PasswordSignIn(rawValue: settings.passwordSignIn) else {
            throw ValidationProblem(
                problems + [FieldProblem(field: "password_sign_in", message: "Choose who may still use a password.")])
        }
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        let taken = try await DistrictSignIn.query(on: db).filter(\.$district.$id != districtID).all()
            .flatMap { row in row.domainList.filter(domains.contains) }
        if let domain = taken.first {
            throw ValidationProblem(
                field: "domains",
                "“\(domain)” already belongs to another district's sign-in; each domain can lead to one district.")
        }
        let metadata: OpenIDConnect.ProviderMetadata
        switch await discover(issuer: issuer, client: client) {
        case .success(let found): metadata = found
        case .failure(let problem): throw ValidationProblem(field: "issuer", problem.description)
        }
        let row = existing ?? DistrictSignIn()
        row.$district.id = districtID
        if existing.map({ $0.issuer != metadata.issuer || $0.jwksURI != metadata.jwksURI }) ?? true {
            (row.jwks, row.jwksFetchedAt) = (nil, nil)
        }
        row.issuer = metadata.issuer
        row.clientID = clientID
        if !secret.isEmpty { row.clientSecret = secret }
        row.domains = domains.joined(separator: " ")
        row.passwordSignIn = policy.rawValue
        row.authorizationEndpoint = metadata.authorizationEndpoint
        row.tokenEndpoint = metadata.tokenEndpoint
        row.jwksURI = metadata.jwksURI
        row.secretInForm = metadata.sendsSecretInForm
        row.savedAt = now
        try await row.save(on: db)
    }

    /// Reads and checks `issuer`'s discovery document.
    static func discover(issuer: String, client: any Client) async -> Result<
        OpenIDConnect.ProviderMetadata, OpenIDConnect.Problem
    > {
        let address = OpenIDConnect.discoveryURL(issuer: issuer)
        let response: ClientResponse
        do {
            response = try await client.get(URI(string: address))
        } catch {
            return .failure(
                .init("Trellis could not reach \(address) (\(Self.describe(error))). Check the issuer URL."))
        }
        guard response.status == .ok, let body = response.body else {
            return .failure(
                .init("\(address) answered \(response.status.code), not a discovery document. Check the issuer URL."))
        }
        return OpenIDConnect.metadata(fromDiscovery: Data(body.readableBytesView), issuer: issuer)
    }

    private static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }

    static func connection(of districtID: UUID, on db: any Database) async throws -> DistrictSignIn? {
        try await DistrictSignIn.query(on: db).filter(\.$district.$id == districtID).first()
    }

    /// The connection whose domains include the email's, with its district's name.
    static func connection(forEmail email: String, on db: any Database) async throws -> (DistrictSignIn, String)? {
        let domain = OpenIDConnect.domain(of: email)
        guard !domain.isEmpty else { return nil }
        // A handful of rows (one per connected district); the domain list is matched here, not in SQL.
        for row in try await DistrictSignIn.query(on: db).with(\.$district).all() where row.domainList.contains(domain)
        {
            return (row, row.district.name)
        }
        return nil
    }

    /// The connection (and its district's name) that turns password sign-in off for this email: the
    /// person's own district's, or, for an email with no account, the one its domain leads to — when it lets
    /// only admins use a password and the person is not one. Decided before any password is checked.
    static func passwordRefused(email: String, user: User?, on db: any Database) async throws
        -> (DistrictSignIn, String)?
    {
        if user?.role == .districtAdmin || user?.role == .networkAdmin { return nil }
        if let user, user.$district.id != nil { return refusing(try await ownConnection(of: user, on: db)) }
        return refusing(try await connection(forEmail: email, on: db))
    }

    /// `passwordRefused` for a person whose own district's connection (`ownConnection`) is read already.
    static func passwordRefused(_ user: User, own connection: (DistrictSignIn, String)?) -> (DistrictSignIn, String)? {
        if user.role == .districtAdmin || user.role == .networkAdmin { return nil }
        return refusing(connection)
    }

    private static func refusing(_ found: (DistrictSignIn, String)?) -> (DistrictSignIn, String)? {
        guard let found, found.0.passwordPolicy == .admins else { return nil }
        return found
    }

    /// The connection of the person's own district, with its name; nil when the district has none or the
    /// person has no district (a network admin). The account page reads it once for both of its uses.
    static func ownConnection(of user: User, on db: any Database) async throws -> (DistrictSignIn, String)? {
        guard let districtID = user.$district.id else { return nil }
        return try await DistrictSignIn.query(on: db).filter(\.$district.$id == districtID).with(\.$district)
            .first().map { ($0, $0.district.name) }
    }

    /// How a person signs in, in words for their account page, given their district's connection.
    static func signInWays(of user: User, own connection: (DistrictSignIn, String)?, on db: any Database)
        async throws -> [String]
    {
        var ways: [String] = []
        if let (connection, district) = connection {
            let linked =
                try await db.sql().raw(
                    "SELECT count(*) AS n FROM user_identities WHERE user_id = \(bind: try user.requireID()) AND issuer = \(bind: connection.issuer)"
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            ways.append(
                "With \(district)'s own accounts (\(connection.issuer))"
                    + (linked > 0 ? "; your account there is linked." : "; not used yet."))
            if connection.passwordPolicy == .admins && user.role != .districtAdmin {
                return ways + ["Your district has turned Trellis passwords off for everyone but its admins."]
            }
        }
        ways.append(user.passwordHash == nil ? "No Trellis password set yet." : "With a Trellis password.")
        return ways
    }

    static func disconnect(districtID: UUID, on db: any Database) async throws {
        try await DistrictSignIn.query(on: db).filter(\.$district.$id == districtID).delete()
    }

    // MARK: signing in

    /// Stores a new sign-in's state, nonce and PKCE verifier, and gives the provider's authorization
    /// address to send the browser to.
    static func begin(
        _ connection: DistrictSignIn, email: String, next: String?, redirectURI: String, on db: any Database,
        now: Date
    ) async throws -> String {
        let (state, nonce, verifier) = (Secrets.newToken(), Secrets.newToken(), Secrets.newToken())
        let sql = try db.sql()
        try await sql.raw(
            "DELETE FROM oidc_sign_ins WHERE created_at < \(bind: now.addingTimeInterval(-stateLifetime))"
        ).run()
        try await sql.raw(
            """
            INSERT INTO oidc_sign_ins (state_hash, district_id, email, nonce, code_verifier, next, created_at)
            VALUES (\(bind: Secrets.hash(state)), \(bind: try connection.$district.id), \(bind: email), \(bind: nonce),
                    \(bind: verifier), \(bind: next), \(bind: now))
            """
        ).run()
        var components = URLComponents(string: connection.authorizationEndpoint) ?? URLComponents()
        components.queryItems =
            (components.queryItems ?? []) + [
                URLQueryItem(name: "response_type", value: "code"),
                URLQueryItem(name: "client_id", value: connection.clientID),
                URLQueryItem(name: "redirect_uri", value: redirectURI),
                URLQueryItem(name: "scope", value: "openid email profile"),
                URLQueryItem(name: "state", value: state),
                URLQueryItem(name: "nonce", value: nonce),
                URLQueryItem(name: "code_challenge", value: codeChallenge(verifier)),
                URLQueryItem(name: "code_challenge_method", value: "S256"),
                URLQueryItem(name: "login_hint", value: email),
            ]
        // URLComponents leaves "+" alone in queries; a provider would read it as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.string ?? connection.authorizationEndpoint
    }

    /// `scheme://host[:port]` of an address, for a Content-Security-Policy source.
    static func origin(of address: String) -> String? {
        guard let components = URLComponents(string: address), let scheme = components.scheme,
            let host = components.host
        else { return nil }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }

    /// PKCE's S256: the verifier's SHA-256, URL-safe base64 without padding (RFC 7636, 4.2).
    static func codeChallenge(_ verifier: String) -> String {
        Secrets.base64URL(Data(SHA256.hash(data: Data(verifier.utf8))))
    }

    struct Pending: Sendable {
        var districtID: UUID
        /// As typed: it picked the district, and failures count toward it as they would for a password.
        var email: String
        var nonce: String
        var verifier: String
        var next: String?
    }

    /// Takes the sign-in begun with `state` out of the database (so it works once), if it is younger than
    /// 10 minutes.
    static func takePending(state: String, on db: any Database, now: Date) async throws -> Pending? {
        let row = try await db.sql().raw(
            """
            DELETE FROM oidc_sign_ins WHERE state_hash = \(bind: Secrets.hash(state))
            RETURNING district_id, email, nonce, code_verifier, next, created_at
            """
        ).first()
        guard let row, try row.decode(column: "created_at", as: Date.self) > now.addingTimeInterval(-stateLifetime)
        else { return nil }
        return Pending(
            districtID: try row.decode(column: "district_id", as: UUID.self),
            email: try row.decode(column: "email", as: String.self),
            nonce: try row.decode(column: "nonce", as: String.self),
            verifier: try row.decode(column: "code_verifier", as: String.self),
            next: try row.decode(column: "next", as: String?.self))
    }

    /// Who signed in: the account's id, once the provider's answer is checked. Each refusal says why.
    static func finish(
        code: String, pending: Pending, redirectURI: String, client: any Client, logger: Logger, on db: any Database,
        now: Date
    ) async throws -> Result<UUID, OpenIDConnect.Refusal> {
        guard let connection = try await connection(of: pending.districtID, on: db) else {
            return .failure(.unknownState)
        }
        guard
            let token = await idToken(
                code: code, pending: pending, redirectURI: redirectURI, connection, client, logger)
        else { return .failure(.tokenRequestFailed) }
        let payload: IDTokenPayload
        switch await verify(token, connection, client: client, logger: logger, on: db, now: now) {
        case .success(let verified): payload = verified
        case .failure(let refusal): return .failure(refusal)
        }
        let checked = OpenIDConnect.check(
            payload.claims, issuer: connection.issuer, clientID: connection.clientID, nonce: pending.nonce,
            domains: connection.domainList, now: now)
        let email: String
        switch checked {
        case .success(let found): email = found
        case .failure(let refusal): return .failure(refusal)
        }
        guard let user = try await AccountService.user(withEmail: email, on: db), let userID = user.id else {
            return .failure(.unknownAccount)
        }
        guard user.$district.id == pending.districtID else { return .failure(.otherDistrict) }
        guard !user.archived else { return .failure(.archived) }
        let sql = try db.sql()
        let linked = try await sql.raw(
            """
            SELECT user_id FROM user_identities WHERE issuer = \(bind: connection.issuer)
            AND subject = \(bind: payload.sub)
            """
        ).first().map { try $0.decode(column: "user_id", as: UUID.self) }
        switch linked {
        case .some(userID): break
        case .some: return .failure(.identityTaken)
        case .none:
            try await sql.raw(
                """
                INSERT INTO user_identities (id, user_id, issuer, subject, linked_at)
                VALUES (\(bind: UUID()), \(bind: userID), \(bind: connection.issuer), \(bind: payload.sub), \(bind: now))
                """
            ).run()
        }
        return .success(userID)
    }

    private struct TokenAnswer: Decodable {
        var id_token: String?
    }

    /// Exchanges the code for tokens; nil (and a log line without the code, token or secret) when it fails.
    private static func idToken(
        code: String, pending: Pending, redirectURI: String, _ connection: DistrictSignIn, _ client: any Client,
        _ logger: Logger
    ) async -> String? {
        var form = [
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirectURI,
            "code_verifier": pending.verifier,
        ]
        var headers = HTTPHeaders()
        if connection.secretInForm {
            form["client_id"] = connection.clientID
            form["client_secret"] = connection.clientSecret
        } else {
            // client_secret_basic: each part form-encoded first (RFC 6749, 2.3.1).
            let encode = { (text: String) in
                text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~")))
                    ?? text
            }
            let pair = Data("\(encode(connection.clientID)):\(encode(connection.clientSecret))".utf8)
                .base64EncodedString()
            headers.replaceOrAdd(name: .authorization, value: "Basic \(pair)")
            form["client_id"] = connection.clientID
        }
        do {
            let response = try await client.post(URI(string: connection.tokenEndpoint), headers: headers) {
                try $0.content.encode(form, as: .urlEncodedForm)
            }
            guard response.status == .ok else {
                logger.notice("oidc token request refused", metadata: ["status": "\(response.status.code)"])
                return nil
            }
            return try response.content.decode(TokenAnswer.self, using: JSONDecoder()).id_token
        } catch {
            logger.notice("oidc token request failed", metadata: ["error": "\(type(of: error))"])
            return nil
        }
    }

    /// Checks the token's signature against the provider's key set, fetching the set when none is kept, when
    /// it is older than an hour, or once when the token names a key id the kept set does not hold.
    static func verify(
        _ token: String, _ connection: DistrictSignIn, client: any Client, logger: Logger, on db: any Database,
        now: Date
    ) async -> Result<IDTokenPayload, OpenIDConnect.Refusal> {
        let kid = IDTokenPayload.keyID(of: token)
        var set = connection.jwks
        let stale = connection.jwksFetchedAt.map { now.timeIntervalSince($0) > keySetLifetime } ?? true
        if set == nil || stale || (kid != nil && !(set.map { IDTokenPayload.keySet($0, holds: kid!) } ?? false)) {
            if let fetched = await fetchKeySet(connection, client: client, logger: logger) {
                set = fetched
                connection.jwks = fetched
                connection.jwksFetchedAt = now
                try? await connection.save(on: db)
            }
        }
        guard let set else { return .failure(.tokenRequestFailed) }
        if let kid, !IDTokenPayload.keySet(set, holds: kid) { return .failure(.unknownKey) }
        let keys = JWTKeyCollection()
        do {
            let jwks = try JSONDecoder().decode(JWKS.self, from: Data(set.utf8))
            for key in jwks.keys { _ = try? await keys.add(jwk: key) }
            return .success(try await keys.verify(token, as: IDTokenPayload.self, iteratingKeys: kid == nil))
        } catch {
            logger.notice("oidc id token not verified", metadata: ["error": "\(type(of: error))"])
            return .failure(.badSignature)
        }
    }

    private static func fetchKeySet(_ connection: DistrictSignIn, client: any Client, logger: Logger) async -> String? {
        do {
            let response = try await client.get(URI(string: connection.jwksURI))
            guard response.status == .ok, let body = response.body else {
                logger.notice("oidc key set not fetched", metadata: ["status": "\(response.status.code)"])
                return nil
            }
            let text = String(buffer: body)
            _ = try JSONDecoder().decode(JWKS.self, from: Data(text.utf8))
            return text
        } catch {
            logger.notice("oidc key set not fetched", metadata: ["error": "\(type(of: error))"])
            return nil
        }
    }
}

/// What Trellis reads from an ID token. Its claims are checked by `OpenIDConnect.check` after the signature,
/// so `verify` itself accepts every payload.
struct IDTokenPayload: JWTPayload {
    var iss: String
    var sub: String
    var aud: [String]
    var azp: String?
    var exp: Double
    var iat: Double
    var nonce: String?
    var email: String?
    var emailVerified: Bool?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, azp, exp, iat, nonce, email
        case emailVerified = "email_verified"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        iss = try container.decode(String.self, forKey: .iss)
        sub = try container.decode(String.self, forKey: .sub)
        if let one = try? container.decode(String.self, forKey: .aud) {
            aud = [one]
        } else {
            aud = try container.decode([String].self, forKey: .aud)
        }
        azp = try container.decodeIfPresent(String.self, forKey: .azp)
        exp = try container.decode(Double.self, forKey: .exp)
        iat = try container.decode(Double.self, forKey: .iat)
        nonce = try container.decodeIfPresent(String.self, forKey: .nonce)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        // Some providers send "true" as a string.
        if let flag = try? container.decodeIfPresent(Bool.self, forKey: .emailVerified) {
            emailVerified = flag
        } else if let text = try? container.decodeIfPresent(String.self, forKey: .emailVerified) {
            emailVerified = text.lowercased() == "true"
        } else {
            emailVerified = nil
        }
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}

    var claims: OpenIDConnect.Claims {
        OpenIDConnect.Claims(
            issuer: iss, audience: aud, authorizedParty: azp, subject: sub,
            expires: Date(timeIntervalSince1970: exp), issuedAt: Date(timeIntervalSince1970: iat), nonce: nonce,
            email: email, emailVerified: emailVerified)
    }

    /// The `kid` in a compact JWT's header, if it has one.
    static func keyID(of token: String) -> String? {
        guard let header = token.split(separator: ".").first, let data = base64URLDecoded(String(header)),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["kid"] as? String
    }

    static func keySet(_ json: String, holds kid: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let keys = object["keys"] as? [[String: Any]]
        else { return false }
        return keys.contains { $0["kid"] as? String == kid }
    }

    private static func base64URLDecoded(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
