import Foundation

/// Where Trellis sends email from: `TRELLIS_SMTP_URL` (`smtp://user:pass@host:port`, STARTTLS when the
/// server offers it; `smtps://` for TLS from the first byte) and `TRELLIS_MAIL_FROM`.
public struct MailSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var implicitTLS: Bool
    public var from: String

    public init(host: String, port: Int, username: String?, password: String?, implicitTLS: Bool, from: String) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.implicitTLS = implicitTLS
        self.from = from
    }

    /// Both variables unset → nil (no email). A problem names the variable and never prints the password.
    public static func parse(url: String?, from: String?) throws(MailSettings.Problem) -> MailSettings? {
        let url = url?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let from = from?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if url.isEmpty && from.isEmpty { return nil }
        guard !url.isEmpty else {
            throw Problem("TRELLIS_SMTP_URL: set it too, e.g. smtp://user:password@mail.district.org:587")
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            ["smtp", "smtps"].contains(scheme), let host = components.host, !host.isEmpty
        else {
            throw Problem("TRELLIS_SMTP_URL: expected smtp://user:password@host:port or smtps://…")
        }
        guard EmailAddress.isPlausible(from) else {
            throw Problem("TRELLIS_MAIL_FROM: give the address mail comes from, e.g. trellis@district.org")
        }
        let implicit = scheme == "smtps"
        return MailSettings(
            host: host, port: components.port ?? (implicit ? 465 : 587),
            username: components.user?.removingPercentEncoding,
            password: components.password?.removingPercentEncoding, implicitTLS: implicit, from: from)
    }

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}

/// One email as Trellis writes it: plain text and HTML parts, the district's name in the sender's display
/// name, and for notifications an unsubscribe link in the text and in `List-Unsubscribe` (one-click, RFC 8058).
public struct MailMessage: Sendable, Equatable {
    public var fromAddress: String
    public var fromName: String
    public var to: String
    public var subject: String
    public var text: String
    public var html: String
    public var unsubscribeURL: String?

    public init(
        fromAddress: String, fromName: String, to: String, subject: String, text: String, html: String,
        unsubscribeURL: String? = nil
    ) {
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.unsubscribeURL = unsubscribeURL
    }

    /// The message in RFC 5322 form with CRLF line ends: headers (non-ASCII ones as RFC 2047 words), then
    /// multipart/alternative with base64 parts. `id` and `date` make the Message-ID and Date headers.
    public func source(id: String, date: Date) -> String {
        let boundary = "trellis-\(id)"
        var headers = [
            "From: \(Self.encodedWord(fromName)) <\(fromAddress)>",
            "To: <\(to)>",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(id)@\(Self.domain(of: fromAddress))>",
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
        ]
        if let unsubscribeURL {
            headers.append("List-Unsubscribe: <\(unsubscribeURL)>")
            headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
        }
        headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        var lines = headers + [""]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += [
                "--\(boundary)", "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", "",
            ]
            lines += Self.base64Lines(body)
        }
        lines.append("--\(boundary)--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A header value as is when it is plain printable ASCII, else as one or more RFC 2047 base64 words.
    static func encodedWord(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return clean }
        // Each word at most 75 characters: 45 bytes of UTF-8 give 60 of base64; never split a character.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in clean {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    static func base64Lines(_ body: String) -> [String] {
        let encoded = Data(body.utf8).base64EncodedString()
        var lines: [String] = []
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[start..<end]))
            start = end
        }
        return lines
    }

    static func domain(of address: String) -> String {
        address.split(separator: "@").last.map(String.init) ?? "trellis"
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}

/// SMTP's DATA section: every line that starts with "." gets another (RFC 5321, 4.5.2), and the body
/// ends with CRLF . CRLF.
public enum SMTPData {
    public static func stuffed(_ source: String) -> String {
        let lines = source.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        var body = lines.map { $0.hasPrefix(".") ? "." + $0 : String($0) }
        if body.last == "" { body.removeLast() }
        return body.joined(separator: "\r\n") + "\r\n.\r\n"
    }

    /// How a reply code is taken: 2xx and 3xx go on; 4xx is worth trying again later; 5xx is final.
    public enum Outcome: Sendable, Equatable { case ok, transient, permanent }

    public static func outcome(_ code: Int) -> Outcome {
        switch code {
        case 200..<400: .ok
        case 400..<500: .transient
        default: .permanent
        }
    }

    /// How long to wait before attempt `attempt + 1` (attempt 1 failed → `base`, doubling, at most an hour).
    public static func backoff(afterAttempt attempt: Int, base: TimeInterval) -> TimeInterval {
        min(3600, base * pow(2, Double(max(0, attempt - 1))))
    }
}
