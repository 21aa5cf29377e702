import Fluent
import Foundation
import JWTKit
import Testing
import TrellisCore
import Vapor

@testable import TrellisServer

/// What the mock provider in the browser tests cannot do: sign with a key outside its key set. The
/// signature check against a kept key set, here with keys made by the test.
@Suite("Signing in with a district's provider: signatures and PKCE")
struct DistrictSignInTests {
    struct TestToken: JWTPayload {
        var iss = "https://idp.example"
        var sub = "248289761001"
        var aud = ["trellis"]
        var exp = 4_000_000_000.0
        var iat = 1_700_000_000.0
        var nonce = "n"
        var email = "leader@bayview.example"

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static func keySet(_ key: ES256PrivateKey, kid: String) -> String {
        let (x, y) = key.parameters!
        return
            #"{"keys":[{"kty":"EC","crv":"P-256","alg":"ES256","use":"sig","kid":"\#(kid)","x":"\#(x)","y":"\#(y)"}]}"#
    }

    static func sign(_ key: ES256PrivateKey, kid: String?) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: kid.map { JWKIdentifier(string: $0) })
        return try await keys.sign(TestToken(), kid: kid.map { JWKIdentifier(string: $0) })
    }

    @Test("PKCE S256 gives RFC 7636's own example challenge")
    func pkce() {
        #expect(
            DistrictSignInService.codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
                == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test(
        "a token signed by the provider's key passes, with or without kid; one signed by a key outside the set, or naming a key id the set lacks, is refused"
    )
    func signatures() async throws {
        try await withTrellis { app, database in
            guard case .sqlite = database else { return }  // no database work: one run is enough
            let providerKey = ES256PrivateKey()
            let foreignKey = ES256PrivateKey()
            let connection = DistrictSignIn()
            // The key set is kept and fresh, so nothing is fetched; a refetch (for an unknown key id) goes to
            // a closed port and fails, leaving the kept set.
            connection.jwksURI = "http://127.0.0.1:9/jwks"
            connection.jwks = Self.keySet(providerKey, kid: "provider-1")
            connection.jwksFetchedAt = Date()
            func verify(_ token: String) async -> Result<IDTokenPayload, OpenIDConnect.Refusal> {
                await DistrictSignInService.verify(
                    token, connection, client: app.client, logger: app.logger, on: app.db, now: Date())
            }
            let good = try await Self.sign(providerKey, kid: "provider-1")
            guard case .success(let payload) = await verify(good) else {
                Issue.record("the provider's own token was refused")
                return
            }
            #expect(payload.email == "leader@bayview.example" && payload.aud == ["trellis"])
            guard case .success = await verify(try await Self.sign(providerKey, kid: nil)) else {
                Issue.record("a token without kid, signed by the set's key, was refused")
                return
            }
            let claimingProvidersKid = try await Self.sign(foreignKey, kid: "provider-1")
            let withoutKid = try await Self.sign(foreignKey, kid: nil)
            let unknownKid = try await Self.sign(foreignKey, kid: "attacker-9")
            #expect(
                await verify(claimingProvidersKid).failure == .badSignature,
                "a foreign key claiming the provider's key id")
            #expect(await verify(withoutKid).failure == .badSignature)
            #expect(await verify(unknownKid).failure == .unknownKey)
            let parts = good.split(separator: ".")
            let tampered = [parts[0], "eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlIn0", parts[2]].joined(separator: ".")
            #expect(await verify(tampered).failure == .badSignature, "a changed payload")
        }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
