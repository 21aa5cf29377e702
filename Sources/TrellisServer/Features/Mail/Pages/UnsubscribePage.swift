import Foundation
import Plot

/// The page an unsubscribe link opens: one button, then what was done and how to undo it.
enum UnsubscribePage {
    struct Model: Sendable {
        var token: String
        var done: Bool
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Email reminders", context: context,
            .div(
                .class("narrow"),
                .h1("Email reminders"),
                model.done
                    ? .p(
                        .class("notice"), .attribute(named: "role", value: "status"),
                        .text(
                            "Done: Trellis will send you no more reminders or meeting-change emails. You can turn them back on in your account."
                        ))
                    : .form(
                        .method(.post), .action(SiteURL.unsubscribe(.value(model.token)).relativeURL),
                        .p(
                            "Stop the reminders Trellis emails you before meetings, and the emails when a meeting moves or is cancelled?"
                        ),
                        .button(.type(.submit), .class("primary"), .text("Stop these emails"))
                    ),
                .p(.a(.href(SiteURL.account.relativeURL), "Your account"))
            )
        )
    }
}
