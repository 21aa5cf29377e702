import Foundation
import TrellisCore

/// Everything that differs between a developer's laptop, CI and a district's server. Production and tests
/// build the app from this one value (see `buildApplication`), so tests run what production runs.
public struct TrellisConfiguration: Sendable {
    public enum DatabaseLocation: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: DatabaseLocation
    /// bcrypt's work factor. 12 in production; tests lower it so that a suite does not spend minutes hashing.
    public var bcryptCost: Int
    /// Set when Trellis is served over HTTPS (behind a proxy that terminates TLS).
    public var secureCookies: Bool
    public var signInPolicy: SignInThrottle.Policy
    public var sessionLifetime: TimeInterval
    /// The address people reach Trellis at, for links shown to admins (password-reset links). When nil,
    /// the request's Host header is used.
    public var publicURL: String?
    /// The bearer token `GET /metrics` asks for; nil (the default) turns the endpoint off.
    public var metricsToken: String?
    /// Where email goes (`TRELLIS_SMTP_URL`, `TRELLIS_MAIL_FROM`); nil: no email is written or sent.
    public var mail: MailSettings?
    /// A PEM file of extra roots to trust for the mail server's certificate (`TRELLIS_SMTP_CA_FILE`).
    public var mailCAFile: String?
    /// Seconds between the mail worker's rounds (`TRELLIS_MAIL_INTERVAL`, default 10), between its looks
    /// for reminders due (`TRELLIS_REMINDER_INTERVAL`, default 600), and the first retry's wait
    /// (`TRELLIS_MAIL_RETRY_SECONDS`, default 60, doubling).
    public var mailInterval: TimeInterval = 10
    public var reminderInterval: TimeInterval = 600
    public var mailRetryBase: TimeInterval = 60

    public init(
        database: DatabaseLocation, bcryptCost: Int = 12, secureCookies: Bool = false,
        signInPolicy: SignInThrottle.Policy = .init(), sessionLifetime: TimeInterval = 12 * 60 * 60,
        publicURL: String? = nil, metricsToken: String? = nil
    ) {
        self.metricsToken = metricsToken
        self.database = database
        self.bcryptCost = bcryptCost
        self.secureCookies = secureCookies
        self.signInPolicy = signInPolicy
        self.sessionLifetime = sessionLifetime
        self.publicURL = publicURL
    }

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads `TRELLIS_DATABASE_URL`, `TRELLIS_SECURE_COOKIES`, `TRELLIS_PUBLIC_URL`, `TRELLIS_METRICS_TOKEN` and
    /// the mail settings (`TRELLIS_SMTP_URL`, `TRELLIS_MAIL_FROM`, `TRELLIS_SMTP_CA_FILE`, the intervals).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> TrellisConfiguration
    {
        let database = try databaseLocation(from: environment["TRELLIS_DATABASE_URL"])
        let secure = ["1", "true", "yes"].contains(environment["TRELLIS_SECURE_COOKIES"]?.lowercased() ?? "")
        let token = environment["TRELLIS_METRICS_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines)
        var configuration = TrellisConfiguration(
            database: database, secureCookies: secure, publicURL: environment["TRELLIS_PUBLIC_URL"],
            metricsToken: token?.isEmpty == false ? token : nil)
        do {
            configuration.mail = try MailSettings.parse(
                url: environment["TRELLIS_SMTP_URL"], from: environment["TRELLIS_MAIL_FROM"])
        } catch {
            throw Problem(description: error.description)
        }
        configuration.mailCAFile = environment["TRELLIS_SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        func seconds(_ name: String, _ fallback: TimeInterval) throws -> TimeInterval {
            guard let text = environment[name], !text.isEmpty else { return fallback }
            guard let value = TimeInterval(text), value > 0 else {
                throw Problem(description: "\(name): \"\(text)\" is not a number of seconds above 0")
            }
            return value
        }
        configuration.mailInterval = try seconds("TRELLIS_MAIL_INTERVAL", 10)
        configuration.reminderInterval = try seconds("TRELLIS_REMINDER_INTERVAL", 600)
        configuration.mailRetryBase = try seconds("TRELLIS_MAIL_RETRY_SECONDS", 60)
        return configuration
    }

    /// Unset → `trellis.sqlite` in the working directory; `sqlite:///abs/path.sqlite` or
    /// `sqlite://relative.sqlite` → that file; `postgres://` or `postgresql://` → PostgreSQL.
    public static func databaseLocation(from url: String?) throws -> DatabaseLocation {
        guard let url, !url.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .sqlite(path: "trellis.sqlite")
        }
        if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else {
                throw Problem(
                    description:
                        "TRELLIS_DATABASE_URL: \"\(url)\" names no file (expected sqlite:///path/to/file.sqlite)")
            }
            return .sqlite(path: path)
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            guard let parsed = URLComponents(string: url), parsed.host != nil else {
                throw Problem(
                    description:
                        "TRELLIS_DATABASE_URL: \"\(redacted(url))\" is not a valid PostgreSQL URL (expected postgres://user:password@host:port/database)"
                )
            }
            return .postgres(url: url)
        }
        throw Problem(
            description:
                "TRELLIS_DATABASE_URL: \"\(redacted(url))\" is neither sqlite:// nor postgres:// (see the README's configuration table)"
        )
    }

    /// Hides a password in a URL before it is printed.
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "•••"
        return parts.string ?? "(a URL with a password)"
    }
}
