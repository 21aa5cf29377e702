import Foundation
import Testing

@testable import TrellisCore

@Suite("Signing in with a district's provider: the rules")
struct OpenIDConnectTests {
    let issuer = "https://accounts.bayview.example"

    func discovery(_ fields: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: fields)
    }

    var good: [String: Any] {
        [
            "issuer": issuer, "authorization_endpoint": issuer + "/authorize", "token_endpoint": issuer + "/token",
            "jwks_uri": issuer + "/jwks",
        ]
    }

    @Test("a discovery document with the same issuer and its three endpoints is accepted; PKCE methods are optional")
    func acceptedDiscovery() throws {
        let metadata = try OpenIDConnect.metadata(fromDiscovery: discovery(good), issuer: issuer).get()
        #expect(metadata.tokenEndpoint == issuer + "/token")
        #expect(metadata.jwksURI == issuer + "/jwks")
        #expect(!metadata.sendsSecretInForm, "client_secret_basic is the default when none are listed")
        var postOnly = good
        postOnly["token_endpoint_auth_methods_supported"] = ["client_secret_post"]
        #expect(try OpenIDConnect.metadata(fromDiscovery: discovery(postOnly), issuer: issuer).get().sendsSecretInForm)
        #expect(OpenIDConnect.discoveryURL(issuer: issuer + "/") == issuer + "/.well-known/openid-configuration")
    }

    @Test("a wrong issuer, a missing endpoint, plain http off this machine and non-JSON are refused with the reason")
    func refusedDiscovery() {
        func problem(_ body: Data, issuer: String? = nil) -> String? {
            guard
                case .failure(let problem) = OpenIDConnect.metadata(fromDiscovery: body, issuer: issuer ?? self.issuer)
            else { return nil }
            return problem.description
        }
        #expect(problem(discovery(good), issuer: issuer + "/")?.contains("calls itself") == true)
        var missing = good
        missing["jwks_uri"] = nil
        #expect(problem(discovery(missing))?.contains("jwks_uri") == true)
        var insecure = good
        insecure["token_endpoint"] = "http://idp.example/token"
        #expect(problem(discovery(insecure))?.contains("https") == true)
        #expect(problem(Data("<html>sign in</html>".utf8))?.contains("JSON") == true)
        #expect(OpenIDConnect.addressProblem("http://127.0.0.1:9400", field: "The issuer") == nil)
        #expect(OpenIDConnect.addressProblem("http://idp.example", field: "The issuer")?.contains("https") == true)
        #expect(OpenIDConnect.addressProblem("accounts.google.com", field: "The issuer") != nil)
    }

    @Test("domains: commas or spaces, lowercased, deduplicated; a bad one is named")
    func domains() throws {
        #expect(
            try OpenIDConnect.domains("Bayview.K12.us, @staff.bayview.org  bayview.k12.us").get() == [
                "bayview.k12.us", "staff.bayview.org",
            ])
        guard case .failure(let problem) = OpenIDConnect.domains("bayview.org, localhost") else {
            Issue.record("a domain without a dot was accepted")
            return
        }
        #expect(problem.description.contains("“localhost”"))
        if case .success = OpenIDConnect.domains("  ") { Issue.record("no domain at all was accepted") }
        #expect(OpenIDConnect.domain(of: "Pat@Bayview.K12.us") == "bayview.k12.us")
    }

    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func claims(_ change: (inout OpenIDConnect.Claims) -> Void = { _ in }) -> OpenIDConnect.Claims {
        var claims = OpenIDConnect.Claims(
            issuer: issuer, audience: ["trellis"], subject: "248289761001", expires: now.addingTimeInterval(300),
            issuedAt: now.addingTimeInterval(-5), nonce: "n-0S6_WzA2Mj", email: "Pat@Bayview.k12.us",
            emailVerified: true)
        change(&claims)
        return claims
    }

    func check(_ claims: OpenIDConnect.Claims) -> Result<String, OpenIDConnect.Refusal> {
        OpenIDConnect.check(
            claims, issuer: issuer, clientID: "trellis", nonce: "n-0S6_WzA2Mj", domains: ["bayview.k12.us"], now: now)
    }

    @Test("a token for this client, in time, with the nonce sent and a verified email gives the email")
    func acceptedToken() {
        #expect(check(claims()) == .success("pat@bayview.k12.us"))
        #expect(
            check(
                claims {
                    $0.audience = ["other", "trellis"]; $0.authorizedParty = "trellis"
                }) == .success("pat@bayview.k12.us"))
        #expect(
            check(claims { $0.emailVerified = nil }) == .success("pat@bayview.k12.us"),
            "no email_verified (Entra): accepted inside the district's domains")
    }

    @Test(
        "each wrong claim is refused for its own reason",
        arguments: [
            ("issuer", OpenIDConnect.Refusal.wrongIssuer),
            ("audience", .wrongAudience),
            ("party", .wrongAudience),
            ("expired", .expired),
            ("future", .issuedInFuture),
            ("nonce", .wrongNonce),
            ("no nonce", .wrongNonce),
            ("no email", .noEmail),
            ("unverified", .emailNotVerified),
            ("outside domains", .emailNotVerified),
        ])
    func refusedToken(what: String, refusal: OpenIDConnect.Refusal) {
        let bad = claims { claims in
            switch what {
            case "issuer": claims.issuer = issuer + "/"
            case "audience": claims.audience = ["someone-else"]
            case "party": (claims.audience, claims.authorizedParty) = (["trellis", "other"], "other")
            case "expired": claims.expires = now.addingTimeInterval(-OpenIDConnect.leeway - 1)
            case "future": claims.issuedAt = now.addingTimeInterval(OpenIDConnect.leeway + 60)
            case "nonce": claims.nonce = "replayed"
            case "no nonce": claims.nonce = nil
            case "no email": claims.email = nil
            case "unverified": claims.emailVerified = false
            default: (claims.email, claims.emailVerified) = ("pat@elsewhere.org", nil)
            }
        }
        #expect(check(bad) == .failure(refusal))
        #expect(!refusal.message.isEmpty && refusal.message.hasSuffix("."))
    }
}
