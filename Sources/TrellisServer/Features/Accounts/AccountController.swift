import Fluent
import Foundation
import TrellisCore
import Vapor

/// Sign-in, sign-out, the account page and password resets.
enum AccountController {
    static func register(_ routes: RouteGroups) {
        let (open, pages) = (routes.open, routes.pages)
        open.get(SiteURL.signIn.pathComponents, use: signInPage)
        open.post(SiteURL.signIn.pathComponents, use: signIn)
        open.get(SiteURL.passwordReset.pathComponents, use: resetPage)
        open.post(SiteURL.passwordReset.pathComponents, use: reset)
        pages.get(SiteURL.account.pathComponents, use: account)
        pages.post(SiteURL.accountPassword.pathComponents, use: changePassword)
        pages.post(SiteURL.signOut.pathComponents, use: signOut)
        pages.grouped(RoleGuard(.networkAdmin, .districtAdmin))
            .post(SiteURL.personResetLink(.key).pathComponents, use: createResetLink)
    }

    // MARK: sign in

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    @Sendable static func signInPage(_ request: Request) throws -> Response {
        if request.optionalViewer != nil {
            return request.redirect(to: SiteURL.home.relativeURL)
        }
        let notice: String? =
            switch request.query[String.self, at: "done"] {
            case "reset": "Your new password is set. Sign in with it."
            case "signed-out": "You have signed out."
            default: nil
            }
        let model = SignInPage.Model(
            email: "", problem: nil, notice: notice, next: safeNext(request.query[String.self, at: "next"]),
            step: .email)
        return renderSignIn(model, request: request, status: .ok)
    }

    @Sendable static func signIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SignInForm.self)
        let email = EmailAddress.normalized(form.email ?? "")
        let next = safeNext(form.next)
        let address = request.remoteAddress?.ipAddress ?? "unknown"
        let limiter = request.application.trellis.signInLimiter

        // The first step gives only the email: it picks the way to sign in, and says nothing about accounts.
        guard let password = form.password else {
            var model = SignInPage.Model(email: form.email ?? "", problem: nil, notice: nil, next: next)
            if !EmailAddress.isPlausible(email) {
                model.step = .email
                model.problem = "Enter the email address you use at work, such as pat@district.org."
                return renderSignIn(model, request: request, status: .unprocessableEntity)
            }
            if let (connection, district) = try await DistrictSignInService.connection(forEmail: email, on: request.db)
            {
                model.step = .provider(district: district, passwordSignIn: connection.passwordPolicy)
                return renderSignIn(model, request: request, status: .ok, provider: connection)
            }
            return renderSignIn(model, request: request, status: .ok)
        }

        if let refusal = try await limiter.refusal(account: email, address: address, on: request.db) {
            request.logger.notice("sign-in refused by rate limit", metadata: ["reason": "\(refusal.reason)"])
            let model = SignInPage.Model(email: form.email ?? "", problem: refusal.message, notice: nil, next: next)
            let response = renderSignIn(model, request: request, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: "\(Int(refusal.retryAfter.rounded(.up)))")
            return response
        }

        let user = try await AccountService.user(withEmail: email, on: request.db)
        if let (connection, district) = try await DistrictSignInService.passwordRefused(
            email: email, user: user, on: request.db)
        {
            var model = SignInPage.Model(
                email: form.email ?? "",
                problem:
                    "\(district) signs in with its own accounts; only its admins use a Trellis password. Continue with \(district)'s account.",
                notice: nil, next: next)
            model.step = .provider(district: district, passwordSignIn: connection.passwordPolicy)
            return renderSignIn(model, request: request, status: .forbidden, provider: connection)
        }
        let matches: Bool
        if let user, let hash = user.passwordHash, !user.archived {
            matches = try await Passwords.verify(password, hash: hash, on: request.application)
        } else {
            // Spend the same time as a real check, so response times do not reveal which emails exist.
            _ = try await Passwords.verify(
                password, hash: request.application.trellis.timingHash, on: request.application)
            matches = false
        }
        guard matches, let user, let userID = user.id else {
            try await limiter.recordFailure(account: email, address: address, on: request.db)
            let model = SignInPage.Model(
                email: form.email ?? "",
                problem:
                    "That email and password do not match an account that can sign in. Check both, or ask your district admin for a password-reset link.",
                notice: nil, next: next)
            return renderSignIn(model, request: request, status: .unauthorized)
        }
        try await limiter.recordSuccess(account: email, on: request.db)
        return try await signedIn(request, userID: userID, next: next)
    }

    /// Starts a session for someone who has just proved who they are, and sends them on.
    static func signedIn(_ request: Request, userID: UUID, next: String?) async throws -> Response {
        let token = Secrets.newToken()
        let lifetime = request.application.trellis.configuration.sessionLifetime
        try await AccountService.startSession(
            token: token, for: userID, expiresAt: request.now.addingTimeInterval(lifetime), now: request.now,
            on: request.db)

        let response = request.redirect(to: next ?? SiteURL.home.relativeURL, redirectType: .normal)
        response.cookies[CookieName.session] = HTTPCookies.Value(
            string: token, maxAge: Int(lifetime), path: "/",
            isSecure: request.application.trellis.configuration.secureCookies, isHTTPOnly: true, sameSite: .lax)
        response.cookies[CookieName.anonymousCSRF] = .expired
        return response
    }

    /// Only paths on this site may be returned to after signing in (the rule is `ReturnPath`'s).
    static func safeNext(_ next: String?) -> String? {
        ReturnPath.validated(next, refusingPrefixes: [SiteURL.signIn.relativeURL])
    }

    static func renderSignIn(
        _ model: SignInPage.Model, request: Request, status: HTTPResponseStatus, provider: DistrictSignIn? = nil
    ) -> Response {
        let (token, isNew) = CSRFMiddleware.anonymousToken(for: request)
        let response = SignInPage.view(model, context: PageContext(request, csrfToken: token)).response(status: status)
        if let provider, let origin = DistrictSignInService.origin(of: provider.authorizationEndpoint) {
            response.headers.replaceOrAdd(
                name: "Content-Security-Policy", value: SecurityHeadersMiddleware.policy(formActionOrigin: origin))
        }
        if isNew {
            response.cookies[CookieName.anonymousCSRF] = CSRFMiddleware.cookie(
                token, secure: request.application.trellis.configuration.secureCookies)
        }
        return response
    }

    // MARK: password change

    @Sendable static func account(_ request: Request) async throws -> Response {
        try await renderAccount(request, passwordProblems: [], status: .ok)
    }

    static func renderAccount(_ request: Request, passwordProblems: [FieldProblem], status: HTTPResponseStatus)
        async throws -> Response
    {
        let viewer = try request.viewer
        let feed = try await CalendarService.feed(for: viewer.userID, on: request.db)
        let own = try await DistrictSignInService.ownConnection(of: viewer.user, on: request.db)
        let done = request.query[String.self, at: "done"]
        let model = AccountPage.Model(
            name: viewer.user.fullName, email: viewer.user.email, role: viewer.role.label,
            calendarURL: CalendarService.url(of: feed, base: request.publicBaseURL), regenerated: done == "new-address",
            passwordChanged: done == "password", passwordProblems: passwordProblems,
            signInWays: try await DistrictSignInService.signInWays(of: viewer.user, own: own, on: request.db),
            reminders: request.application.trellis.configuration.mail == nil
                ? nil : try await MailService.preference(of: viewer.userID, on: request.db).reminders,
            saved: done == "saved",
            password: passwordState(of: viewer.user, own: own))
        return AccountPage.view(model, context: PageContext(request)).response(status: status)
    }

    static func passwordState(of user: User, on db: any Database) async throws -> AccountPage.PasswordState {
        passwordState(of: user, own: try await DistrictSignInService.ownConnection(of: user, on: db))
    }

    static func passwordState(of user: User, own connection: (DistrictSignIn, String)?) -> AccountPage.PasswordState {
        if let (_, district) = DistrictSignInService.passwordRefused(user, own: connection) {
            return .off(district: district)
        }
        return user.passwordHash == nil ? .none : .set
    }

    struct PasswordForm: Content {
        var current: String?
        var password: String?
        var confirmation: String?
    }

    /// A signed-in person changes their own password. The current one is checked (a wrong one counts
    /// toward the sign-in limit, like a failed sign-in); every other session ends, this one stays.
    @Sendable static func changePassword(_ request: Request) async throws -> Response {
        let viewer = try request.viewer
        let form = try request.content.decode(PasswordForm.self)
        let limiter = request.application.trellis.signInLimiter
        let address = request.remoteAddress?.ipAddress ?? "unknown"
        let email = viewer.user.email
        if let refusal = try await limiter.refusal(account: email, address: address, on: request.db) {
            return try await renderAccount(
                request, passwordProblems: [.init(field: "current", message: refusal.message)],
                status: .tooManyRequests)
        }
        guard let user = try await AccountService.user(viewer.userID, on: request.db) else { throw Abort(.notFound) }
        guard try await passwordState(of: user, on: request.db) == .set else {
            // The page offers no form then; a hand-made request is told why and changes nothing.
            return try await renderAccount(
                request,
                passwordProblems: [
                    .init(field: "current", message: "Current password: you have no Trellis password to change.")
                ], status: .unprocessableEntity)
        }
        let current = form.current ?? ""
        let matches =
            if let hash = user.passwordHash {
                try await Passwords.verify(current, hash: hash, on: request.application)
            } else { false }
        var problems: [FieldProblem] = []
        if !matches {
            try await limiter.recordFailure(account: email, address: address, on: request.db)
            problems.append(.init(field: "current", message: "Current password: that is not your current password."))
        }
        let password = form.password ?? ""
        if let problem = PasswordPolicy.problem(with: password) {
            problems.append(.init(field: "password", message: "New password: \(problem)."))
        } else if password != (form.confirmation ?? "") {
            problems.append(
                .init(field: "confirmation", message: "New password again: repeat the new password exactly."))
        }
        guard problems.isEmpty else {
            return try await renderAccount(
                request, passwordProblems: problems, status: .unprocessableEntity)
        }
        let hash = try await request.hashPassword(password)
        let keep = Secrets.hash(request.cookies[CookieName.session]?.string ?? "")
        try await AccountService.changePassword(of: user, to: hash, keepingSession: keep, on: request.db)
        try await limiter.recordSuccess(account: email, on: request.db)
        return request.redirect(to: SiteURL.account.relativeURL(.done(.password)))
    }

    // MARK: sign out

    @Sendable static func signOut(_ request: Request) async throws -> Response {
        if let cookie = request.cookies[CookieName.session]?.string {
            try await AccountService.endSession(token: cookie, on: request.db)
        }
        let response = request.redirect(to: SiteURL.signIn.relativeURL(.done(.signedOut)))
        response.cookies[CookieName.session] = .expired
        return response
    }

    // MARK: password reset

    static let resetLinkLifetime: TimeInterval = 72 * 60 * 60

    @Sendable static func createResetLink(_ request: Request) async throws -> Response {
        let person = try await request.scope.find(User.self, try request.idParameter())
        let personID = try person.requireID()
        let mail = request.mailContext
        let district = try await District.find(person.$district.id ?? UUID(), on: request.db)?.name ?? "your district"
        let hours = Int(resetLinkLifetime / 3600)
        let now = request.now
        let link = try await request.db.transaction { db in
            let token = try await AccountService.createResetLink(
                for: personID, expiresAt: now.addingTimeInterval(resetLinkLifetime), on: db)
            let link = SiteURL.passwordReset.absoluteURL(base: mail.base, .token(token))
            try await MailService.enqueue(
                .reset, to: .init(userID: personID, email: person.email, districtID: person.$district.id),
                district: district, subject: "Set your Trellis password",
                text:
                    "Hello \(person.givenName),\n\nYour district admin made you a link to set your Trellis password. It works once, for \(hours) hours:\n\n\(link)\n\nIf you did not expect it, you can ignore this email.",
                html:
                    "<p>Hello \(MarkupEscaping.escape(person.givenName)),</p><p>Your district admin made you a link to set your Trellis password. It works once, for \(hours) hours:</p><p><a href=\"\(MarkupEscaping.escape(link))\">Set your password</a></p><p>If you did not expect it, you can ignore this email.</p>",
                base: mail.base, settings: mail.settings, on: db, now: now)
            return link
        }
        let model = ResetLinkPage.Model(
            personName: person.fullName, personID: personID, email: person.email, link: link,
            hours: hours, emailed: mail.settings != nil)
        return ResetLinkPage.view(model, context: PageContext(request)).response()
    }

    @Sendable static func resetPage(_ request: Request) async throws -> Response {
        let token = request.query[String.self, at: "token"]
        guard let reset = try await AccountService.validReset(token, now: request.now, on: request.db), let token
        else {
            return invalidResetLink(request)
        }
        let model = ResetPasswordPage.Model(token: token, email: reset.user.email, problems: [])
        return renderReset(model, request: request, status: .ok)
    }

    struct ResetForm: Content {
        var token: String?
        var password: String?
        var confirmation: String?
    }

    @Sendable static func reset(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ResetForm.self)
        guard let reset = try await AccountService.validReset(form.token, now: request.now, on: request.db),
            let token = form.token
        else {
            return invalidResetLink(request)
        }
        let password = form.password ?? ""
        var problems: [FieldProblem] = []
        if let problem = PasswordPolicy.problem(with: password) {
            problems.append(FieldProblem(field: "password", message: "New password: \(problem)."))
        } else if password != (form.confirmation ?? "") {
            problems.append(FieldProblem(field: "confirmation", message: "Repeat the new password exactly."))
        }
        guard problems.isEmpty else {
            let model = ResetPasswordPage.Model(token: token, email: reset.user.email, problems: problems)
            return renderReset(model, request: request, status: .unprocessableEntity)
        }
        let hash = try await request.hashPassword(password)
        try await AccountService.resetPassword(with: reset, to: hash, now: request.now, on: request.db)
        let response = request.redirect(to: SiteURL.signIn.relativeURL(.done(.reset)))
        response.cookies[CookieName.session] = .expired
        return response
    }

    private static func invalidResetLink(_ request: Request) -> Response {
        ErrorPage.View(
            model: .init(
                status: .notFound,
                detail:
                    "This password-reset link is not valid: it may have been used already, replaced by a newer link, or expired. Ask your district admin for a new one."
            ),
            context: PageContext(request)
        ).response(status: .notFound)
    }

    private static func renderReset(_ model: ResetPasswordPage.Model, request: Request, status: HTTPResponseStatus)
        -> Response
    {
        let (token, isNew) = CSRFMiddleware.anonymousToken(for: request)
        let response = ResetPasswordPage.view(model, context: PageContext(request, csrfToken: token)).response(
            status: status)
        if isNew {
            response.cookies[CookieName.anonymousCSRF] = CSRFMiddleware.cookie(
                token, secure: request.application.trellis.configuration.secureCookies)
        }
        return response
    }
}
