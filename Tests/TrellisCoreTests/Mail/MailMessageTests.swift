import Foundation
import Testing

@testable import TrellisCore

@Suite("Email as Trellis writes it")
struct MailMessageTests {
    @Test("TRELLIS_SMTP_URL: smtp with STARTTLS on 587 by default, smtps on 465, the user and password decoded")
    func settings() throws {
        let plain = try #require(
            try MailSettings.parse(url: "smtp://trellis%40d.org:p%2Fw@mail.d.org", from: "t@d.org"))
        #expect(plain.host == "mail.d.org" && plain.port == 587 && !plain.implicitTLS)
        #expect(plain.username == "trellis@d.org" && plain.password == "p/w")
        let implicit = try #require(try MailSettings.parse(url: "smtps://mail.d.org", from: "t@d.org"))
        #expect(implicit.port == 465 && implicit.implicitTLS && implicit.username == nil)
        #expect(try MailSettings.parse(url: nil, from: " ") == nil, "nothing set: no email")
    }

    @Test("a bad mail setting names its variable and never prints the password")
    func badSettings() {
        for (url, from, variable) in [
            ("http://u:secret@mail.d.org", "t@d.org", "TRELLIS_SMTP_URL"),
            ("smtp://u:secret@mail.d.org", "", "TRELLIS_MAIL_FROM"),
            ("", "t@d.org", "TRELLIS_SMTP_URL"),
        ] {
            do {
                _ = try MailSettings.parse(url: url, from: from)
                Issue.record("\(url) \(from) was accepted")
            } catch {
                #expect(error.description.hasPrefix(variable) && !error.description.contains("secret"))
            }
        }
    }

    @Test("a message: headers, both parts in base64, non-ASCII subjects as encoded words, the unsubscribe headers")
    func source() throws {
        let message = MailMessage(
            fromAddress: "trellis@bayview.org", fromName: "Trellis · Bayview", to: "ana@bayview.org",
            subject: "Before your meeting on Tue 8 Dec 2026: Débrief with Ana", text: "Line one\n.dot line",
            html: "<p>Hi</p>", unsubscribeURL: "https://t.example/unsubscribe/abc")
        let source = message.source(id: "m1", date: Date(timeIntervalSince1970: 0))
        let bytes = Array(source.utf8)
        #expect(
            bytes.indices.allSatisfy { bytes[$0] != 10 || ($0 > 0 && bytes[$0 - 1] == 13) }, "every line ends in CR LF")
        #expect(source.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(source.contains("List-Unsubscribe: <https://t.example/unsubscribe/abc>\r\n"))
        #expect(source.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
        #expect(source.contains("Subject: =?UTF-8?B?"), "a subject with é is encoded")
        #expect(source.contains("From: =?UTF-8?B?"), "so is a name with ·")
        #expect(source.contains(Data("Line one\n.dot line".utf8).base64EncodedString()))
        #expect(source.contains("Content-Type: text/html; charset=utf-8"))
        // A header can't be split into two by what was typed.
        let injected = MailMessage(
            fromAddress: "t@d.org", fromName: "Trellis", to: "a@d.org", subject: "Hi\r\nBcc: x@evil.org", text: "",
            html: ""
        ).source(id: "m2", date: Date())
        #expect(!injected.contains("\r\nBcc:"))
    }

    @Test("DATA: a line that starts with a dot gets another; the body ends with CRLF . CRLF")
    func dotStuffing() {
        #expect(SMTPData.stuffed("a\r\n.b\r\n..c\r\n") == "a\r\n..b\r\n...c\r\n.\r\n")
        #expect(SMTPData.outcome(250) == .ok && SMTPData.outcome(354) == .ok)
        #expect(SMTPData.outcome(451) == .transient && SMTPData.outcome(550) == .permanent)
        #expect(SMTPData.backoff(afterAttempt: 1, base: 60) == 60 && SMTPData.backoff(afterAttempt: 3, base: 60) == 240)
        #expect(SMTPData.backoff(afterAttempt: 20, base: 60) == 3600)
    }
}
