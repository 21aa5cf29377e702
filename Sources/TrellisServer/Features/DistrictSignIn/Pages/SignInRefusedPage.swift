import Foundation
import Plot

/// Shown when a sign-in through the district's provider is refused: what happened and what to do.
enum SignInRefusedPage {
    struct Model: Sendable {
        var message: String
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Not signed in", context: context,
            .div(
                .class("narrow"),
                .h1("Trellis did not sign you in"),
                .p(.class("notice error"), .attribute(named: "role", value: "alert"), .text(model.message)),
                .p(.a(.href(SiteURL.signIn.relativeURL), "Back to the sign-in page"))
            )
        )
    }
}
