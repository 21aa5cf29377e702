import Foundation
import Plot

/// What is new for a leader, newest first, the unread ones marked.
enum WhatIsNewPage {
    struct Item: Sendable {
        var text: String
        var link: String
        var isNew: Bool
        var when: String
    }

    struct Model: Sendable {
        var items: [Item]
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "What's new", context: context,
            .h1("What's new"),
            .p(
                .class("hint"),
                .text(
                    "Stories shared with you, questions in your assumption checks, votes open in your community and agendas for your coming meetings, from the last 60 days."
                )),
            .if(model.items.isEmpty, Fragments.emptyState("Nothing new.")),
            .ul(
                .class("whats-new"),
                .forEach(model.items) { item in
                    .li(
                        .if(item.isNew, .strong(.class("new"), .text("New: "))),
                        .a(.href(item.link), .text(item.text)),
                        .span(.class("hint"), .text(" · \(item.when)")))
                })
        )
    }
}
