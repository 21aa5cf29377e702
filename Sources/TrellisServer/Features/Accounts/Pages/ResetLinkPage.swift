import Foundation
import Plot
import TrellisCore

enum ResetLinkPage {
    struct Model: Sendable {
        var personName: String
        var personID: UUID
        var email: String
        var link: String
        var hours: Int
        /// Whether the link was also emailed to the person (this Trellis has a mail server).
        var emailed = false
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Password-reset link", context: context,
            .h1(.text("Password-reset link for \(model.personName)")),
            .p(
                .text(
                    model.emailed
                        ? "Trellis has emailed this link to \(model.personName) (\(model.email)). You can also give it to them yourself. It works once, for \(model.hours) hours, and replaces any earlier link. Trellis does not show it again."
                        : "Give this link to \(model.personName) (\(model.email)) in person or by a channel you trust. It works once, for \(model.hours) hours, and replaces any earlier link. Trellis does not show it again. (This Trellis sends no email: its IT staff have not set up a mail server.)"
                )),
            .div(
                .class("field"),
                .label(.for("reset-link"), .text("One-time link")),
                .input(.type(.text), .id("reset-link"), .value(model.link), .readonly(true))
            ),
            .p(.a(.href(SiteURL.person(.value(model.personID)).relativeURL), .text("Back to \(model.personName)")))
        )
    }
}
