import Vapor

extension Request {
    private static let hostScalars = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]".unicodeScalars)

    /// Where people reach this server, for links that leave it (reset links, calendar feeds):
    /// TRELLIS_PUBLIC_URL, or the address the request came to.
    var publicBaseURL: String {
        if let configured = application.trellis.configuration.publicURL { return configured }
        // A Host header is whatever the client sent: only a plain name or address with a port is used.
        let sent = headers.first(name: .host) ?? ""
        let isPlain = !sent.isEmpty && sent.unicodeScalars.allSatisfy(Self.hostScalars.contains)
        let host = isPlain ? sent : "127.0.0.1:8080"
        let scheme = application.trellis.configuration.secureCookies ? "https" : "http"
        return "\(scheme)://\(host)"
    }
}
