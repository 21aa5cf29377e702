import Fluent
import Foundation
import TrellisCore
import Vapor

/// The district admin's `/settings/sign-in` (connect the district's provider), and the two legs of signing
/// in through it: `POST /signin/oidc` sends the browser to the provider, `GET /signin/oidc/callback`
/// brings it back.
enum DistrictSignInController {
    static func register(_ routes: RouteGroups) {
        routes.open.post(SiteURL.signInWithProvider.pathComponents, use: begin)
        routes.open.get(SiteURL.signInCallback.pathComponents, use: callback)
        let admins = routes.pages.grouped(RoleGuard(.districtAdmin))
        admins.get(SiteURL.signInSettings.pathComponents, use: settings)
        admins.post(SiteURL.signInSettings.pathComponents, use: saveSettings)
    }

    // MARK: settings

    /// A district admin's own district (the route admits district admins only).
    private static func ownDistrict(_ request: Request) throws -> UUID {
        guard let districtID = try request.viewer.districtID else { throw Abort(.notFound) }
        return districtID
    }

    @Sendable static func settings(_ request: Request) async throws -> Response {
        let notice: String? =
            switch request.query[String.self, at: "done"] {
            case "connected": "Saved. People in these domains now sign in with the district's accounts."
            case "disconnected": "Disconnected. Everyone signs in with a Trellis password again."
            default: nil
            }
        return try await render(request, notice: notice)
    }

    static func render(
        _ request: Request, draft: SignInSettingsPage.Draft? = nil, problems: [FieldProblem] = [],
        notice: String? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let districtID = try ownDistrict(request)
        let connection = try await DistrictSignInService.connection(of: districtID, on: request.db)
        let saved = connection.map {
            SignInSettingsPage.Draft(
                issuer: $0.issuer, clientID: $0.clientID, domains: $0.domainList.joined(separator: ", "),
                passwordSignIn: $0.passwordPolicy)
        }
        let model = SignInSettingsPage.Model(
            connected: connection != nil, draft: draft ?? saved ?? .init(),
            callbackURL: SiteURL.signInCallback.absoluteURL(base: request.publicBaseURL), problems: problems,
            notice: notice)
        return SignInSettingsPage.view(model, context: PageContext(request)).response(status: status)
    }

    struct SettingsForm: Content {
        var issuer: String?
        var client_id: String?
        var client_secret: String?
        var domains: String?
        var password_sign_in: String?
        var change: String?
    }

    @Sendable static func saveSettings(_ request: Request) async throws -> Response {
        let districtID = try ownDistrict(request)
        let form = try request.content.decode(SettingsForm.self)
        if form.change == "disconnect" {
            try await DistrictSignInService.disconnect(districtID: districtID, on: request.db)
            request.logger.notice("district sign-in disconnected")
            return request.redirect(to: SiteURL.signInSettings.relativeURL(.done(.disconnected)))
        }
        let settings = DistrictSignInService.Settings(
            issuer: form.issuer ?? "", clientID: form.client_id ?? "", clientSecret: form.client_secret ?? "",
            domains: form.domains ?? "", passwordSignIn: form.password_sign_in ?? "")
        do {
            try await DistrictSignInService.connect(
                districtID: districtID, settings, client: request.client, on: request.db, now: request.now)
        } catch let problem as ValidationProblem {
            // What was typed comes back, except the secret, which is never put in a page.
            let draft = SignInSettingsPage.Draft(
                issuer: settings.issuer, clientID: settings.clientID, domains: settings.domains,
                passwordSignIn: OpenIDConnect.PasswordSignIn(rawValue: settings.passwordSignIn) ?? .everyone)
            return try await render(request, draft: draft, problems: problem.problems, status: .unprocessableEntity)
        }
        request.logger.notice("district sign-in connected")
        return request.redirect(to: SiteURL.signInSettings.relativeURL(.done(.connected)))
    }

    // MARK: signing in

    struct BeginForm: Content {
        var email: String?
        var next: String?
    }

    @Sendable static func begin(_ request: Request) async throws -> Response {
        let form = try request.content.decode(BeginForm.self)
        let email = EmailAddress.normalized(form.email ?? "")
        let next = AccountController.safeNext(form.next)
        let address = request.remoteAddress?.ipAddress ?? "unknown"
        guard EmailAddress.isPlausible(email) else {
            var model = SignInPage.Model(
                email: form.email ?? "", problem: "Enter the email address you use at work, such as pat@district.org.",
                notice: nil, next: next)
            model.step = .email
            return AccountController.renderSignIn(model, request: request, status: .unprocessableEntity)
        }
        if let refusal = try await request.application.trellis.signInLimiter.refusal(
            account: email, address: address, on: request.db)
        {
            let model = SignInPage.Model(email: form.email ?? "", problem: refusal.message, notice: nil, next: next)
            let response = AccountController.renderSignIn(model, request: request, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: "\(Int(refusal.retryAfter.rounded(.up)))")
            return response
        }
        guard let (connection, _) = try await DistrictSignInService.connection(forEmail: email, on: request.db) else {
            var model = SignInPage.Model(
                email: form.email ?? "",
                problem:
                    "No district signs in with its own accounts for that email. Sign in with your Trellis password.",
                notice: nil, next: next)
            model.step = .password
            return AccountController.renderSignIn(model, request: request, status: .unprocessableEntity)
        }
        let location = try await DistrictSignInService.begin(
            connection, email: email, next: next, redirectURI: redirectURI(request), on: request.db, now: request.now)
        return request.redirect(to: location, redirectType: .normal)
    }

    static func redirectURI(_ request: Request) -> String {
        SiteURL.signInCallback.absoluteURL(base: request.publicBaseURL)
    }

    @Sendable static func callback(_ request: Request) async throws -> Response {
        let address = request.remoteAddress?.ipAddress ?? "unknown"
        let limiter = request.application.trellis.signInLimiter
        let state = request.query[String.self, at: "state"] ?? ""
        guard !state.isEmpty,
            let pending = try await DistrictSignInService.takePending(state: state, on: request.db, now: request.now)
        else {
            if let refusal = try await limiter.refusal(account: "", address: address, on: request.db) {
                return refused(request, message: refusal.message, code: "rate-limited", status: .tooManyRequests)
            }
            return try await refuse(request, .unknownState, account: "", status: .badRequest)
        }
        if let refusal = try await limiter.refusal(account: pending.email, address: address, on: request.db) {
            return refused(request, message: refusal.message, code: "rate-limited", status: .tooManyRequests)
        }
        if let error = request.query[String.self, at: "error"] {
            // The provider's error code only, never the description it may fill with anything.
            let code = String(
                error.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0 == "_") }.prefix(60))
            return try await refuse(
                request, .providerError(code.isEmpty ? "an error" : code), account: pending.email, status: .forbidden)
        }
        guard let code = request.query[String.self, at: "code"], !code.isEmpty else {
            return try await refuse(request, .tokenRequestFailed, account: pending.email, status: .badRequest)
        }
        let outcome = try await DistrictSignInService.finish(
            code: code, pending: pending, redirectURI: redirectURI(request), client: request.client,
            logger: request.logger, on: request.db, now: request.now)
        switch outcome {
        case .failure(let refusal):
            return try await refuse(request, refusal, account: pending.email, status: .forbidden)
        case .success(let userID):
            try await limiter.recordSuccess(account: pending.email, on: request.db)
            request.logger.notice("signed in with the district's provider")
            return try await AccountController.signedIn(request, userID: userID, next: pending.next)
        }
    }

    /// A refusal: logged by its code, counted toward the sign-in limit for the email typed (when the state
    /// was known) and for this address, as a wrong password would be, and explained.
    private static func refuse(
        _ request: Request, _ refusal: OpenIDConnect.Refusal, account: String, status: HTTPResponseStatus
    ) async throws -> Response {
        let address = request.remoteAddress?.ipAddress ?? "unknown"
        try await request.application.trellis.signInLimiter.recordFailure(
            account: account, address: address, on: request.db)
        return refused(request, message: refusal.message, code: refusal.code, status: status)
    }

    private static func refused(_ request: Request, message: String, code: String, status: HTTPResponseStatus)
        -> Response
    {
        request.logger.notice("sign-in with the district's provider refused", metadata: ["reason": "\(code)"])
        return SignInRefusedPage.view(.init(message: message), context: PageContext(request))
            .response(status: status)
    }
}
