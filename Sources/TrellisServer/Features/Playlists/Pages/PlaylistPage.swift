import Foundation
import Plot
import TrellisCore

/// A community's (or a cohort's) playlist: its purpose, its items in order, each leader's own progress,
/// and for staff the forms that build it, with search and recommendations from the library.
enum PlaylistPage {
    struct ItemView: Sendable {
        var id: UUID
        var resourceID: UUID
        var title: String
        var isRetired: Bool
        var kind: String
        var minutes: Int?
        var note: String
        /// "seriesID|day", or empty.
        var meeting: String
        var meetingLabel: String?
        /// For staff: how many marked it, never who.
        var counts: String?
        var mark: PlaylistService.Mark?
        var partnerName: String?
        var asks: [PlaylistService.PartnerAsk]
    }

    struct Candidate: Sendable {
        var id: UUID
        var title: String
        var reasons: [String]
        var onPlaylist: Bool
    }

    struct Model: Sendable {
        var name: String
        var isCommunity: Bool
        var ownerPage: SiteURL
        var page: SiteURL
        var purpose: String
        var items: [ItemView]
        var canBuild: Bool
        var isMember: Bool
        var partners: [(id: UUID, name: String)]
        var meetings: [(value: String, label: String)]
        var words: String
        var search: [Candidate]
        var recommended: [Candidate]
        var problems: [FieldProblem]
        var notice: String?
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Playlist: \(model.name)", context: context,
            .p(.a(.href(model.ownerPage.relativeURL), .text("← \(model.name)"))),
            .h1(.text("Playlist: \(model.name)")),
            .if(!model.purpose.isEmpty, .p(.class("lead"), .text(model.purpose))),
            Fragments.notice(model.notice),
            Fragments.problemSummary(model.problems),
            .if(model.canBuild, purposeForm(model, csrf: context.csrfToken)),
            items(model, csrf: context.csrfToken),
            .if(model.canBuild, searchSection(model, csrf: context.csrfToken)),
            .if(model.isCommunity && !model.recommended.isEmpty, recommendations(model, csrf: context.csrfToken))
        )
    }

    private static func hidden(_ name: String, _ value: String) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .name(name), .value(value))
    }

    private static func purposeForm(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(model.page.relativeURL),
            Layout.csrfField(csrf), hidden("action", "purpose"),
            Fragments.field(
                "purpose", label: "What this playlist is for", value: model.purpose,
                problem: model.problems.first { $0.field == "purpose" }?.message),
            .button(.type(.submit), .text("Save the purpose"))
        )
    }

    private static func items(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        .section(
            .ariaLabel("Items"),
            .h2("On the playlist"),
            .if(
                model.items.isEmpty,
                Fragments.emptyState(
                    model.canBuild ? "Nothing yet. Add resources from the library below." : "Nothing yet.")),
            .if(
                model.canBuild && model.items.count > 1,
                .p(.class("hint"), .text("Reorder with each item's Up and Down buttons, or drag an item to its place."))
            ),
            .ol(
                .id("playlist-items"),
                .class(model.canBuild ? "playlist playlist-editor" : "playlist"),
                .if(model.canBuild, .data(named: "action", value: model.page.relativeURL)),
                .if(model.canBuild, .data(named: "op", value: "drag")),
                .forEach(Array(model.items.enumerated())) { index, item in
                    .li(
                        .id("item-\(UUIDText.lowercased(item.id))"),
                        .if(model.canBuild, .attribute(named: "draggable", value: "true")),
                        // The drag sends items by id, so a page that is out of date cannot move the wrong one.
                        .data(named: "index", value: UUIDText.lowercased(item.id)),
                        .h3(
                            item.isRetired && !model.canBuild
                                ? .text(item.title)
                                : .a(.href(SiteURL.resource(.value(item.resourceID)).relativeURL), .text(item.title)),
                            .if(item.isRetired, .text(" (retired from the library)"))),
                        .p(
                            .class("meta"),
                            .text(([item.kind] + (item.minutes.map { ["\($0) min"] } ?? [])).joined(separator: " · "))),
                        .if(!item.note.isEmpty, .p(.text(item.note))),
                        .unwrap(item.meetingLabel) { .p(.class("hint"), .text("For the meeting on \($0).")) },
                        .unwrap(item.counts) { .p(.class("counts"), .text($0)) },
                        .if(model.isMember, progressForm(model, item, csrf: csrf)),
                        .if(model.isCommunity && (model.isMember || model.canBuild), shareForm(item, csrf: csrf)),
                        .if(model.canBuild, editForms(model, item, index: index, csrf: csrf))
                    )
                })
        )
    }

    private static func progressForm(_ model: Model, _ item: ItemView, csrf: String?) -> Node<HTML.BodyContext> {
        let key = UUIDText.lowercased(item.id)
        let action = SiteURL.playlistItemProgress(.value(item.id)).relativeURL
        let current = item.mark?.state
        return .group(
            .form(
                .method(.post), .action(action), .class("progress"),
                Layout.csrfField(csrf),
                .fieldset(
                    .element(named: "legend", text: "Your progress on \(item.title)"),
                    .forEach(PlaylistProgress.allCases) { state in
                        .div(
                            .class("field checkbox"),
                            .input(
                                .type(.radio), .id("state-\(key)-\(state.rawValue)"), .name("state"),
                                .value(state.rawValue),
                                .attribute(named: "checked", value: current == state ? "checked" : nil)),
                            .label(.for("state-\(key)-\(state.rawValue)"), .text(state.title)))
                    }
                ),
                Fragments.select(
                    "partner-\(key)", label: "Partner (when studying with one)",
                    options: [(value: "", label: "Nobody yet")]
                        + model.partners.map { (value: UUIDText.lowercased($0.id), label: $0.name) },
                    selected: item.mark?.partnerID?.uuidString.lowercased() ?? "",
                    problem: model.problems.first { $0.field == "partner-\(key)" }?.message),
                .button(.type(.submit), .text("Save my progress"))
            ),
            .unwrap(item.partnerName) { name in
                .p(
                    .class("hint"),
                    .text(
                        item.mark?.partnerAccepted == true
                            ? "\(name) is studying it with you." : "Waiting for \(name) to accept."))
            },
            .forEach(item.asks) { ask in
                .form(
                    .method(.post), .action(action),
                    Layout.csrfField(csrf), hidden("accept", UUIDText.lowercased(ask.fromID)),
                    .p(
                        .text(
                            ask.accepted
                                ? "You are studying this with \(ask.fromName)."
                                : "\(ask.fromName) asked you to study this together. "),
                        .if(!ask.accepted, .button(.type(.submit), .text("Accept \(ask.fromName)'s invitation"))))
                )
            }
        )
    }

    private static func shareForm(_ item: ItemView, csrf: String?) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(SiteURL.playlistItem(.value(item.id)).relativeURL),
            Layout.csrfField(csrf), hidden("action", "share"),
            .button(.type(.submit), .class("link-button"), .text("Share \(item.title) with the whole cohort"))
        )
    }

    private static func editForms(_ model: Model, _ item: ItemView, index: Int, csrf: String?)
        -> Node<HTML.BodyContext>
    {
        let key = UUIDText.lowercased(item.id)
        let action = SiteURL.playlistItem(.value(item.id)).relativeURL
        var meetings = [(value: "", label: "No particular meeting")] + model.meetings
        if !item.meeting.isEmpty && !meetings.contains(where: { $0.value == item.meeting }) {
            meetings.append((item.meeting, item.meetingLabel ?? item.meeting))
        }
        func button(_ name: String, _ label: String) -> Node<HTML.BodyContext> {
            .form(
                .method(.post), .action(action), .class("inline"),
                Layout.csrfField(csrf), hidden("action", name),
                .button(.type(.submit), .text(label))
            )
        }
        return .div(
            .class("item-tools"),
            .form(
                .method(.post), .action(action),
                Layout.csrfField(csrf), hidden("action", "save"),
                Fragments.field(
                    "note-\(key)", label: "Note for \(item.title)", value: item.note,
                    problem: model.problems.first { $0.field == "note-\(key)" }?.message),
                Fragments.select(
                    "meeting-\(key)", label: "For the meeting", options: meetings, selected: item.meeting,
                    problem: model.problems.first { $0.field == "meeting-\(key)" }?.message),
                .button(.type(.submit), .text("Save"))
            ),
            .if(index > 0, button("up", "Move \(item.title) up")),
            .if(index < model.items.count - 1, button("down", "Move \(item.title) down")),
            button("remove", "Remove \(item.title)")
        )
    }

    private static func searchSection(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        .section(
            .h2("Add from the library"),
            .form(
                .method(.get), .action(model.page.relativeURL), .attribute(named: "role", value: "search"),
                Fragments.field("q", label: "Search the library", type: .search, value: model.words),
                .button(.type(.submit), .text("Search"))
            ),
            .if(
                !model.words.isEmpty && model.search.isEmpty,
                Fragments.emptyState("No resource in the library matches.")),
            candidates(model.search, model: model, csrf: csrf)
        )
    }

    private static func recommendations(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        .section(
            .h2("Recommended for this community"),
            .p(
                .class("hint"),
                .text("Ranked by the community's board, its members' equity challenges and its question.")),
            candidates(model.recommended, model: model, csrf: csrf)
        )
    }

    private static func candidates(_ list: [Candidate], model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        .ul(
            .class("candidates"),
            .forEach(list) { candidate in
                .li(
                    .a(.href(SiteURL.resource(.value(candidate.id)).relativeURL), .text(candidate.title)),
                    .if(
                        !candidate.reasons.isEmpty, .p(.class("hint"), .text(candidate.reasons.joined(separator: "; ")))
                    ),
                    .if(
                        model.canBuild && !candidate.onPlaylist,
                        .form(
                            .method(.post), .action(model.page.relativeURL), .class("inline"),
                            Layout.csrfField(csrf), hidden("action", "add"),
                            hidden("resource", UUIDText.lowercased(candidate.id)),
                            .button(.type(.submit), .text("Add \(candidate.title)"))
                        )),
                    .if(candidate.onPlaylist, .span(.class("badge"), .text("On the playlist")))
                )
            }
        )
    }
}
