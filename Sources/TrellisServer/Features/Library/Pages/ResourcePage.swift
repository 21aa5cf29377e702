import Foundation
import Plot
import TrellisCore

/// One resource: what it is, its link or file, its summary and tags, and what staff can do with it.
enum ResourcePage {
    struct Model: Sendable {
        var id: UUID
        var title: String
        var kind: String
        var minutes: Int?
        var url: String?
        var file: (name: String, size: Int)?
        /// The summary as safe HTML, rendered from its Markdown by the core.
        var summaryHTML: String
        var tags: [(label: String, values: [String])]
        var keywords: String
        var addedBy: String?
        var addedOn: String?
        var state: LibraryResource.State
        var canEdit: Bool
        var isStaff: Bool
        var notice: String?
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            model.title, context: context,
            .p(.a(.href(SiteURL.library.relativeURL), .text("← Library"))),
            .h1(.text(model.title)),
            Fragments.notice(model.notice),
            .if(
                model.state == .suggested,
                .p(
                    .class("notice"),
                    .text("Suggested by a member. It joins the library when a facilitator accepts it."))),
            .if(model.state == .retired, .p(.class("notice"), .text("Retired: it no longer shows in the library."))),
            .p(
                .class("meta"),
                .text(
                    ([model.kind] + (model.minutes.map { ["\($0) minutes to use"] } ?? [])).joined(separator: " · "))),
            open(model),
            .section(.ariaLabel("Summary"), .div(.class("markdown"), .raw(model.summaryHTML))),
            .if(!model.tags.isEmpty || !model.keywords.isEmpty, tags(model)),
            .unwrap(model.addedBy) { name in
                .p(.class("hint"), .text("Added by \(name)\(model.addedOn.map { " on \($0)" } ?? "")."))
            },
            actions(model, csrf: context.csrfToken)
        )
    }

    private static func open(_ model: Model) -> Node<HTML.BodyContext> {
        if let file = model.file {
            return .p(
                .a(
                    .class("button"), .href(SiteURL.resourceStep(.value(model.id), .file).relativeURL),
                    .attribute(named: "download", value: file.name),
                    .text("Download \(file.name) (\(Self.size(file.size)))")))
        }
        guard let url = model.url else { return .empty }
        return .p(
            .a(
                .class("button"), .href(url), .attribute(named: "rel", value: "noopener noreferrer nofollow"),
                .text("Open the link")),
            .text(" "), .span(.class("hint"), .text(url)))
    }

    private static func tags(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2("Tags"),
            .element(
                named: "dl",
                nodes: model.tags.filter { !$0.values.isEmpty }.flatMap { tag -> [Node<HTML.BodyContext>] in
                    [
                        .element(named: "dt", text: tag.label),
                        .element(named: "dd", text: tag.values.joined(separator: ", ")),
                    ]
                }
                    + (model.keywords.isEmpty
                        ? [] : [.element(named: "dt", text: "Keywords"), .element(named: "dd", text: model.keywords)])
            )
        )
    }

    private static func actions(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        let step = { (step: SiteURL.ResourceStep) in SiteURL.resourceStep(.value(model.id), step).relativeURL }
        return .if(
            model.canEdit,
            .section(
                .h2("Change it"),
                .ul(
                    .class("actions"),
                    .li(.a(.href(step(.edit)), .text("Edit"))),
                    .if(
                        model.isStaff,
                        .group(
                            .if(
                                model.state == .suggested,
                                .li(stateForm(model, to: "listed", label: "Accept into the library", csrf: csrf))),
                            .if(
                                model.state != .retired,
                                .li(stateForm(model, to: "retired", label: "Retire", csrf: csrf))),
                            .if(
                                model.state == .retired,
                                .li(stateForm(model, to: "listed", label: "Bring it back", csrf: csrf)))
                        ))
                )
            )
        )
    }

    private static func stateForm(_ model: Model, to state: String, label: String, csrf: String?)
        -> Node<HTML.BodyContext>
    {
        .form(
            .method(.post), .action(SiteURL.resourceStep(.value(model.id), .state).relativeURL),
            Layout.csrfField(csrf),
            .input(.type(.hidden), .name("state"), .value(state)),
            .button(.type(.submit), .text(label))
        )
    }

    /// "2.4 MB", "512 KB".
    static func size(_ bytes: Int) -> String {
        bytes >= 1_048_576
            ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\(max(1, (bytes + 1023) / 1024)) KB"
    }
}
