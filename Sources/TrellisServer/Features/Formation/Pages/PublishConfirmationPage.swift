import Foundation
import Plot
import TrellisCore

/// Before a later publish: each community that gains or loses members, the new ones, and the ones that
/// end, with what they keep.
enum PublishConfirmationPage {
    struct Model: Sendable {
        var cohortID: UUID
        var cohortName: String
        var preview: FormationService.PublishPreview
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        let preview = model.preview
        let formation = SiteURL.cohortFormation(.value(model.cohortID)).relativeURL
        return Layout.page(
            "Publish these changes?", context: context,
            .h1("Publish these changes?"),
            .p(
                .text(
                    "\(model.cohortName): communities whose members carry over keep their name, facilitator, board, meetings, questions and shared stories. Nothing is deleted."
                )),
            .ul(
                .class("publish-changes"),
                .forEach(preview.changes) { change in
                    .li(.text(sentence(change)))
                },
                .forEach(preview.new) { name in .li(.text("\(name) starts as a new community.")) },
                .forEach(preview.endings) { ending in .li(.text(sentence(ending))) },
                .if(
                    preview.unchanged > 0,
                    .li(
                        .text(
                            preview.unchanged == 1
                                ? "1 community stays exactly as it is."
                                : "\(preview.unchanged) communities stay exactly as they are.")))
            ),
            .form(
                .method(.post), .action(SiteURL.cohortFormationStep(.value(model.cohortID), .publish).relativeURL),
                Layout.csrfField(context.csrfToken),
                .input(.type(.hidden), .name("confirm"), .value("yes")),
                .button(.type(.submit), .class("primary"), .text("Publish these changes"))
            ),
            .p(.a(.href(formation), .text("Back to the proposal, changing nothing")))
        )
    }

    static func sentence(_ change: FormationService.PublishPreview.Change) -> String {
        var parts: [String] = []
        if !change.gains.isEmpty { parts.append("gains " + list(change.gains)) }
        if !change.losses.isEmpty { parts.append("loses " + list(change.losses)) }
        return "\(change.name) " + parts.joined(separator: " and ") + "."
    }

    static func sentence(_ ending: FormationService.PublishPreview.Ending) -> String {
        var kept = ["its board (\(count(ending.notes, "note")))"]
        if ending.series > 0 { kept.append(count(ending.series, "meeting series", plural: "meeting series")) }
        if ending.questions > 0 { kept.append(count(ending.questions, "question")) }
        if ending.sharedStories > 0 {
            kept.append(count(ending.sharedStories, "shared story", plural: "shared stories"))
        }
        return "\(ending.name) ends: its members all move to other communities; " + list(kept)
            + " are archived with it, not deleted."
    }

    private static func count(_ n: Int, _ one: String, plural: String? = nil) -> String {
        "\(n) \(n == 1 ? one : plural ?? one + "s")"
    }

    private static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }
}
