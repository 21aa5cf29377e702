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

/// A page in the site's frame, as `Layout.page` makes it: its title, who it is for, and what its `main`
/// holds. `render()` writes the frame itself — the head, the header with its navigation, the footer: the
/// same 70 or so elements on every page, which Plot would build and render again for each request (a
/// quarter of a small page's time) — around the content Plot renders. `document` is the same page as one
/// Plot document; it writes the indented form the snapshot tests read, and the tests check `render()`
/// against its minified form byte for byte.
struct FramedPage {
    let title: String
    let context: PageContext
    let content: [Node<HTML.BodyContext>]

    var document: HTML { Layout.document(title, context: context, content) }

    func render() -> String { Layout.framed(title, context: context, content: Node.group(content).render()) }

    func response(status: HTTPResponseStatus = .ok) -> Response { HTML.htmlResponse(render(), status: status) }
}

/// The frame around every page: skip link, header with navigation, one `main`, footer.
enum Layout {
    static func page(_ title: String, context: PageContext, _ content: Node<HTML.BodyContext>...) -> FramedPage {
        FramedPage(title: title, context: context, content: content)
    }

    /// The page as Plot writes it; `framed` writes the same bytes.
    static func document(_ title: String, context: PageContext, _ content: [Node<HTML.BodyContext>]) -> HTML {
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
                .footer(.class("site-footer"), .p(.text(footer)))
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

    /// The page with its frame written directly around `content` (rendered markup): the bytes `document`
    /// renders to, each value escaped as the `.text` and attribute nodes escape it.
    static func framed(_ title: String, context: PageContext, content: String) -> String {
        var page = ""
        page.reserveCapacity(content.utf8.count + 2_048)
        page += "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"/>"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>"
        page += MarkupEscaping.escape("\(title) · Trellis")
        page += "</title><link rel=\"stylesheet\" href=\"" + attribute(SiteURL.stylesheet.relativeURL)
        page += "\"/><link rel=\"icon\" href=\"" + attribute(SiteURL.favicon.relativeURL)
        page += "\" type=\"image/svg+xml\"/><script src=\"" + attribute(SiteURL.script.relativeURL)
        page += "\" defer></script></head><body><a class=\"skip-link\" href=\"#main\">Skip to main content</a>"
        page += "<header class=\"site-header\"><a class=\"brand\" href=\"" + attribute(SiteURL.home.relativeURL)
        page += "\">Trellis</a>"
        if let viewer = context.viewer {
            page += "<nav aria-label=\"Main\"><ul>"
            for item in navigation(for: viewer.role) {
                page += "<li>" + navLinkMarkup(item.title, item.url, current: context.path) + "</li>"
            }
            if let unread = context.unread {
                let title = unread > 0 ? "What's new (\(unread))" : "What's new"
                page += "<li>" + navLinkMarkup(title, .whatsNew, current: context.path) + "</li>"
            }
            page += "</ul></nav><div class=\"account\"><a class=\"who\" href=\""
            page += attribute(SiteURL.account.relativeURL) + "\">"
            page += MarkupEscaping.escape("\(viewer.user.fullName) · \(viewer.role.label)")
            page += "</a><form method=\"post\" action=\"" + attribute(SiteURL.signOut.relativeURL) + "\">"
            page += "<input type=\"hidden\" name=\"" + attribute(CSRFMiddleware.fieldName) + "\" value=\""
            page += attribute(context.csrfToken ?? "")
            page += "\"/><button type=\"submit\" class=\"link-button\">Sign out</button></form></div>"
        }
        page += "</header><main id=\"main\" tabindex=\"-1\">"
        page += content
        page +=
            "</main><footer class=\"site-footer\"><p>" + MarkupEscaping.escape(footer) + "</p></footer></body></html>"
        return page
    }

    private static let footer =
        "Trellis — communities of practice for school leaders. Private reflections stay private."

    /// An attribute's value as the attribute nodes write it.
    private static func attribute(_ value: String) -> String { MarkupEscaping.escape(value) }

    private static func navLinkMarkup(_ title: String, _ url: SiteURL, current: String) -> String {
        let href = url.relativeURL
        return "<a href=\"\(attribute(href))\"" + (isCurrent(href, path: current) ? " aria-current=\"page\"" : "")
            + ">" + MarkupEscaping.escape(title) + "</a>"
    }

    /// Whether a navigation link leads to the page at `path` (or, but for home, to a page above it).
    private static func isCurrent(_ href: String, path: String) -> Bool {
        href == "/" ? path == "/" : path.hasPrefix(href)
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
        return .a(
            .href(href), .if(isCurrent(href, path: current), .attribute(named: "aria-current", value: "page")),
            .text(title))
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
