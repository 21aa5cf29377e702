import Foundation
import Plot
import TrellisCore
import Vapor

/// What every page's frame needs to know about the request: who is looking and the form token.
struct PageContext: Sendable {
    let viewer: Viewer?
    let csrfToken: String?
    let path: String
    /// For leaders: how many things are new for them (shown in the header), when known.
    let unread: Int?

    init(_ request: Request, csrfToken: String? = nil) {
        self.viewer = request.optionalViewer
        self.csrfToken = csrfToken ?? request.csrfToken
        self.path = request.url.path
        self.unread = request.storage[UnreadCountKey.self]
    }

    /// A page outside a request: snapshot tests render pages from fixed models with this.
    init(viewer: Viewer?, csrfToken: String?, path: String, unread: Int? = nil) {
        self.viewer = viewer
        self.csrfToken = csrfToken
        self.path = path
        self.unread = unread
    }
}

/// The frame around every page: skip link, header with navigation, one `main`, footer.
enum Layout {
    static func page(
        _ title: String, context: PageContext, _ content: Node<HTML.BodyContext>...
    ) -> HTML {
        HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Plot's `.title` also writes og/twitter meta tags with the title unescaped; a plain element escapes it.
                .element(named: "title", text: "\(title) · Trellis"),
                .link(.rel(.stylesheet), .href(SiteURL.stylesheet.relativeURL)),
                .link(.rel(.icon), .href(SiteURL.favicon.relativeURL), .type("image/svg+xml")),
                // Pages work without it; it only enhances (live updates, drag and drop).
                .script(.src(SiteURL.script.relativeURL), .defer())
            ),
            .body(
                .a(.class("skip-link"), .href("#main"), .text("Skip to main content")),
                header(context),
                .main(.id("main"), .attribute(named: "tabindex", value: "-1"), .group(content)),
                .footer(
                    .class("site-footer"),
                    .p("Trellis — communities of practice for school leaders. Private reflections stay private.")
                )
            )
        )
    }

    private static func header(_ context: PageContext) -> Node<HTML.BodyContext> {
        guard let viewer = context.viewer else {
            return .header(
                .class("site-header"), .a(.class("brand"), .href(SiteURL.home.relativeURL), .text("Trellis")))
        }
        return .header(
            .class("site-header"),
            .a(.class("brand"), .href(SiteURL.home.relativeURL), .text("Trellis")),
            .nav(
                .ariaLabel("Main"),
                .ul(
                    .forEach(navigation(for: viewer.role)) { item in
                        .li(navLink(item.title, item.url, current: context.path))
                    },
                    .unwrap(context.unread) { unread in
                        .li(
                            navLink(
                                unread > 0 ? "What's new (\(unread))" : "What's new", .whatsNew, current: context.path))
                    })
            ),
            .div(
                .class("account"),
                .a(
                    .class("who"), .href(SiteURL.account.relativeURL),
                    .text("\(viewer.user.fullName) · \(viewer.role.label)")),
                .form(
                    .method(.post), .action(SiteURL.signOut.relativeURL),
                    csrfField(context.csrfToken),
                    .button(.type(.submit), .class("link-button"), .text("Sign out"))
                )
            )
        )
    }

    private static func navigation(for role: Role) -> [(title: String, url: SiteURL)] {
        switch role {
        case .networkAdmin:
            [
                ("Home", .home), ("Districts", .districts), ("Schools", .schools), ("People", .people),
                ("Cohorts", .cohorts),
            ]
        case .districtAdmin:
            [
                ("Home", .home), ("Schools", .schools), ("People", .people), ("Cohorts", .cohorts),
                ("Library", .library), ("Outcomes", .outcomes), ("Import roster", .rosterImport),
                ("Trust questions", .trustQuestions),
            ]
        case .facilitator:
            [
                ("Home", .home), ("Cohorts", .cohorts), ("People", .people), ("Schools", .schools),
                ("Library", .library), ("Outcomes", .outcomes),
            ]
        case .leader:
            [
                ("Home", .home), ("My community", .myCommunity), ("Board", .myBoard), ("Meetings", .myMeetings),
                ("Your stories", .stories), ("Library", .library), ("Cohorts", .cohorts),
            ]
        }
    }

    private static func navLink(_ title: String, _ url: SiteURL, current: String) -> Node<HTML.BodyContext> {
        let href = url.relativeURL
        let isCurrent = href == "/" ? current == "/" : current.hasPrefix(href)
        return .a(.href(href), .if(isCurrent, .attribute(named: "aria-current", value: "page")), .text(title))
    }

    static func csrfField(_ token: String?) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .name(CSRFMiddleware.fieldName), .value(token ?? ""))
    }
}

// MARK: - Small pieces pages share

enum Fragments {
    /// A labelled six-row text area that keeps what the person wrote and shows its problem beside it.
    static func textArea(_ name: String, label: String, value: String, problem: String?) -> Node<HTML.FormContext> {
        .div(
            .class(problem == nil ? "field" : "field has-error"),
            .label(.for(name), .text(label)),
            .unwrap(problem) { .p(.id("\(name)-error"), .class("error"), .text($0)) },
            .textarea(
                .id(name), .name(name), .rows(6),
                .attribute(named: "aria-invalid", value: problem == nil ? nil : "true"),
                .attribute(named: "aria-describedby", value: problem == nil ? nil : "\(name)-error"),
                .text(value))
        )
    }

    /// A labelled text input that keeps what the person typed and shows its problem beside it.
    static func field(
        _ name: String, label: String, type: HTMLInputType = .text, value: String = "", problem: String? = nil,
        required: Bool = false, autocomplete: String? = nil, hint: String? = nil
    ) -> Node<HTML.FormContext> {
        let describedBy = [hint.map { _ in "\(name)-hint" }, problem.map { _ in "\(name)-error" }].compactMap { $0 }
        return .div(
            .class(problem == nil ? "field" : "field has-error"),
            .label(.for(name), .text(label)),
            .unwrap(hint) { .p(.id("\(name)-hint"), .class("hint"), .text($0)) },
            .unwrap(problem) { .p(.id("\(name)-error"), .class("error"), .text($0)) },
            .input(
                .type(type), .id(name), .name(name), .value(value),
                required ? .required(true) : .empty,
                .attribute(named: "autocomplete", value: autocomplete),
                .attribute(named: "aria-invalid", value: problem == nil ? nil : "true"),
                .attribute(
                    named: "aria-describedby", value: describedBy.isEmpty ? nil : describedBy.joined(separator: " "))
            )
        )
    }

    static func select(
        _ name: String, label: String, options: [(value: String, label: String)], selected: String?,
        problem: String? = nil
    ) -> Node<HTML.FormContext> {
        .div(
            .class(problem == nil ? "field" : "field has-error"),
            .label(.for(name), .text(label)),
            .unwrap(problem) { .p(.id("\(name)-error"), .class("error"), .text($0)) },
            .select(
                .id(name), .attribute(named: "name", value: name),
                .if(problem != nil, .attribute(named: "aria-describedby", value: "\(name)-error")),
                .forEach(options) { option in
                    Self.option(value: option.value, label: option.label, selected: option.value == selected)
                }
            )
        )
    }

    /// Plot's `option` cannot hold text, and an option's text is what people and screen readers read.
    static func option(value: String, label: String, selected: Bool) -> Node<HTML.SelectContext> {
        .element(
            named: "option",
            nodes: [
                .attribute(named: "value", value: value, ignoreIfValueIsEmpty: false),
                .attribute(named: "selected", value: selected ? "selected" : nil),
                .text(label),
            ])
    }

    /// A summary of a form's problems at its top, announced to screen readers.
    static func problemSummary(_ problems: [FieldProblem]) -> Node<HTML.BodyContext> {
        guard !problems.isEmpty else { return .empty }
        return .div(
            .class("notice error-summary"), .attribute(named: "role", value: "alert"),
            .h2("Nothing was saved yet"),
            .ul(.forEach(problems) { .li(.a(.href("#\($0.field)"), .text($0.message))) })
        )
    }

    static func notice(_ text: String?) -> Node<HTML.BodyContext> {
        guard let text else { return .empty }
        return .p(.class("notice success"), .attribute(named: "role", value: "status"), .text(text))
    }

    static func emptyState(_ text: String) -> Node<HTML.BodyContext> {
        .p(.class("empty"), .text(text))
    }
}

extension HTML {
    func response(status: HTTPResponseStatus = .ok) -> Response {
        Self.htmlResponse(render(), status: status)
    }

    static func htmlResponse(_ page: String, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: page))
    }
}
