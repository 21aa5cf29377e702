import Foundation
import Plot
import TrellisCore

/// The district's library: search with filters, results with the words found marked.
enum LibraryPage {
    struct Result: Sendable {
        var id: UUID
        var title: [SearchTerms.Segment]
        var kind: String
        var minutes: Int?
        var opening: [SearchTerms.Segment]
        var tags: [String]
        var state: LibraryResource.State
        var isFile: Bool
        /// Found by words in its file's text rather than in what the page shows.
        var foundInFile: Bool
    }

    struct Model: Sendable {
        var filters: LibraryService.Filters
        var minutesText: String
        var challenges: [(key: String, title: String)]
        var traits: [(id: UUID, name: String)]
        var results: [Result]
        var limit: Int
        var isStaff: Bool
        var isDistrictAdmin: Bool
        var notice: String?
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Library", context: context,
            .h1("Library"),
            .p(
                "Readings, videos, podcasts, protocols, tools and examples from schools, chosen by the district's facilitators and suggested by leaders."
            ),
            Fragments.notice(model.notice),
            actions(model),
            searchForm(model),
            results(model)
        )
    }

    private static func actions(_ model: Model) -> Node<HTML.BodyContext> {
        .ul(
            .class("actions"),
            .li(
                .a(
                    .class("button"), .href(SiteURL.newResource.relativeURL),
                    .text(model.isStaff ? "Add a resource" : "Suggest a resource"))),
            .if(
                model.isStaff,
                .group(
                    .li(.a(.href(SiteURL.libraryImport.relativeURL), .text("Import from CSV"))),
                    .li(.a(.href(SiteURL.libraryExport.relativeURL), .text("Download the library as CSV")))
                )),
            .if(
                model.isDistrictAdmin,
                .li(.a(.href(SiteURL.traits.relativeURL), .text("Deeper-learning traits"))))
        )
    }

    private static func searchForm(_ model: Model) -> Node<HTML.BodyContext> {
        let filters = model.filters
        let any = [(value: "", label: "Any")]
        return .form(
            .method(.get), .action(SiteURL.library.relativeURL), .class("search"),
            .attribute(named: "role", value: "search"),
            Fragments.field("q", label: "Words", type: .search, value: filters.words),
            Fragments.select(
                "kind", label: "Kind",
                options: any + ResourceKind.allCases.map { (value: $0.rawValue, label: $0.title) },
                selected: filters.kind?.rawValue ?? ""),
            Fragments.select(
                "bucket", label: "Bucket",
                options: any + RootCauseBucket.fourBuckets.map { (value: $0.rawValue, label: $0.title) },
                selected: filters.bucket?.rawValue ?? ""),
            Fragments.select(
                "challenge", label: "Equity challenge",
                options: any + model.challenges.map { (value: $0.key, label: $0.title) },
                selected: filters.challenge ?? ""),
            Fragments.select(
                "trait", label: "Deeper-learning trait",
                options: any + model.traits.map { (value: UUIDText.lowercased($0.id), label: $0.name) },
                selected: filters.trait?.uuidString.lowercased() ?? ""),
            Fragments.field(
                "minutes", label: "At most this many minutes", type: .number, value: model.minutesText),
            .if(
                model.isStaff,
                Fragments.select(
                    "show", label: "Show",
                    options: [
                        ("library", "The library and suggestions"), ("suggested", "Suggestions waiting"),
                        ("retired", "Retired resources"),
                    ], selected: filters.show.rawValue)),
            .button(.type(.submit), .class("primary"), .text("Search"))
        )
    }

    private static func results(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .ariaLabel("Results"),
            .h2(
                .text(
                    model.results.isEmpty
                        ? "Nothing found"
                        : model.results.count == 1 ? "1 resource" : "\(model.results.count) resources")),
            .if(
                model.results.isEmpty,
                Fragments.emptyState("No resource matches. Try fewer words or filters.")),
            .if(
                model.results.count >= model.limit,
                .p(.class("hint"), .text("Showing the first \(model.limit); add words or filters to narrow it."))),
            .ol(
                .class("library-results"),
                .forEach(model.results) { result in
                    .li(
                        .h3(.a(.href(SiteURL.resource(.value(result.id)).relativeURL), highlighted(result.title))),
                        .p(
                            .class("meta"),
                            .text(meta(result)),
                            .if(result.state == .suggested, .span(.class("badge"), .text("Suggested by a member"))),
                            .if(result.state == .retired, .span(.class("badge"), .text("Retired")))
                        ),
                        .p(highlighted(result.opening)),
                        .if(result.foundInFile, .p(.class("hint"), .text("The words were found in its file."))),
                        .if(!result.tags.isEmpty, .p(.class("tags"), .text(result.tags.joined(separator: " · "))))
                    )
                })
        )
    }

    /// "Protocol · 45 min · file".
    static func meta(_ result: Result) -> String {
        var parts = [result.kind]
        if let minutes = result.minutes { parts.append("\(minutes) min") }
        if result.isFile { parts.append("file") }
        return parts.joined(separator: " · ")
    }

    /// The words a search found, in `mark`; everything else as text.
    static func highlighted<Context>(_ segments: [SearchTerms.Segment]) -> Node<Context> {
        .group(segments.map { $0.isMatch ? .element(named: "mark", text: $0.text) : .text($0.text) })
    }
}
