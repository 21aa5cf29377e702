import Foundation
import Plot
import TrellisCore

enum TrustRoundPage {
    struct Model: Sendable {
        var id: UUID
        var title: String
        var cohortID: UUID
        var cohortName: String
        var opensOn: String
        var closesOn: String
        var status: TrustRoundStatus
        var instrumentVersion: String
        var answered: Int
        var eligible: Int
        var canRun: Bool
        var canExportItems: Bool
        var viewerIsLeader: Bool
        var viewerHasAnswered: Bool
        var results: TrustResultsView.Model?
        var notice: String?
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            model.title, context: context,
            .h1(.text(model.title)),
            .p(.text("\(model.cohortName) · \(model.opensOn) to \(model.closesOn) · \(model.status.label)")),
            Fragments.notice(model.notice),
            .if(
                model.canRun || model.viewerIsLeader,
                .p(.class("response-rate"), .text("\(model.answered) of \(model.eligible) leaders have answered."))),
            .if(
                model.viewerIsLeader && model.status == .open && !model.viewerHasAnswered,
                .p(
                    .a(
                        .class("button"), .href(SiteURL.trustAnswer(.value(model.id)).relativeURL),
                        .text("Answer the survey")))),
            .if(
                model.viewerHasAnswered,
                .p(
                    "You have answered this round. Answers are stored without your name, so they cannot be shown back to you or changed."
                )),
            .if(
                model.canRun && model.status != .closed,
                .form(
                    .method(.post), .action(SiteURL.trustRoundClosing(.value(model.id)).relativeURL),
                    Layout.csrfField(context.csrfToken),
                    .button(.type(.submit), .text("Close the round now"))
                )),
            .unwrap(
                model.results, { TrustResultsView.view($0) },
                else: .p(
                    "Results appear when the round closes, so that nobody can watch the figures move as one person answers."
                )),
            .if(
                model.results != nil && model.canRun,
                .p(
                    .a(
                        .href(SiteURL.trustResultsCSV(.value(model.id)).relativeURL),
                        .text("Download the results (CSV)")),
                    .if(
                        model.canExportItems && model.results?.suppressed == false,
                        .group(
                            .text(" · "),
                            .a(
                                .href(SiteURL.trustItemsCSV(.value(model.id)).relativeURL),
                                .text("Download item-level answers, without names (CSV)"))))
                )),
            .p(
                .text("Instrument \(model.instrumentVersion). "),
                .a(
                    .href(SiteURL.cohortTrust(.value(model.cohortID)).relativeURL),
                    .text("All rounds of \(model.cohortName)")))
        )
    }
}
