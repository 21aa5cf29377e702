import Foundation
import Plot
import TrellisCore

/// Adding, suggesting or editing a resource: one form, sent as multipart so that it can carry a file.
/// After a problem it shows what the person typed (a file has to be chosen again: browsers never refill one).
enum ResourceFormPage {
    struct Model: Sendable {
        /// Nil when adding.
        var id: UUID?
        var input: LibraryService.Input
        var currentFile: String?
        var challenges: [(key: String, title: String)]
        var traits: [(id: UUID, name: String, retired: Bool)]
        var isStaff: Bool
        var problems: [FieldProblem]
    }

    static func title(_ model: Model) -> String {
        model.id != nil ? "Edit a resource" : model.isStaff ? "Add a resource" : "Suggest a resource"
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        let problem = { (field: String) in model.problems.first { $0.field == field }?.message }
        let action = model.id.map { SiteURL.resourceStep(.value($0), .edit) } ?? .newResource
        let input = model.input
        return Layout.page(
            title(model), context: context,
            .p(.a(.href(SiteURL.library.relativeURL), .text("← Library"))),
            .h1(.text(title(model))),
            .if(
                !model.isStaff && model.id == nil,
                .p(
                    "A facilitator reads your suggestion and adds it to the library; until then only you and they see it."
                )),
            Fragments.problemSummary(model.problems),
            .form(
                .method(.post), .action(action.relativeURL), .enctype(.multipartData),
                Layout.csrfField(context.csrfToken),
                Fragments.field("title", label: "Title", value: input.title, problem: problem("title"), required: true),
                Fragments.select(
                    "kind", label: "Kind", options: ResourceKind.allCases.map { (value: $0.rawValue, label: $0.title) },
                    selected: input.kind, problem: problem("kind")),
                Fragments.field(
                    "url", label: "Link", type: .url, value: input.url, problem: problem("url"),
                    hint: "An http or https address. Leave it empty when you upload a file."),
                fileField(model, problem: problem("file")),
                Fragments.textArea(
                    "summary", label: "Summary (Markdown: *emphasis*, **strong**, lists, links)", value: input.summary,
                    problem: problem("summary")),
                Fragments.field(
                    "minutes", label: "Minutes to use", type: .number, value: input.minutes, problem: problem("minutes")
                ),
                checkboxes(
                    "buckets", legend: "Buckets", problem: problem("buckets"),
                    options: RootCauseBucket.fourBuckets.map { ($0.rawValue, $0.title) }, checked: input.buckets),
                checkboxes(
                    "challenges", legend: "Equity challenges", problem: problem("challenges"),
                    options: model.challenges.map { ($0.key, $0.title) }, checked: input.challenges),
                checkboxes(
                    "traits", legend: "Deeper-learning traits", problem: problem("traits"),
                    options: model.traits.filter { !$0.retired || input.traits.contains(UUIDText.lowercased($0.id)) }
                        .map { (UUIDText.lowercased($0.id), $0.name) },
                    checked: input.traits),
                Fragments.field(
                    "keywords", label: "Keywords", value: input.keywords, problem: problem("keywords"),
                    hint: "Separated by commas, e.g. attendance, family conferences."),
                .button(
                    .type(.submit), .class("primary"),
                    .text(model.id != nil ? "Save" : model.isStaff ? "Add to the library" : "Suggest it"))
            )
        )
    }

    private static func fileField(_ model: Model, problem: String?) -> Node<HTML.FormContext> {
        .div(
            .class(problem == nil ? "field" : "field has-error"),
            .label(.for("file"), .text("Or a file")),
            .p(.id("file-hint"), .class("hint"), .text("PDF, DOCX, PPTX, XLSX, PNG or JPEG; at most 20 MB.")),
            .unwrap(problem) { .p(.id("file-error"), .class("error"), .text($0)) },
            .input(
                .type(.file), .id("file"), .name("file"),
                .attribute(named: "accept", value: ".pdf,.docx,.pptx,.xlsx,.png,.jpg,.jpeg"),
                .attribute(named: "aria-describedby", value: problem == nil ? "file-hint" : "file-hint file-error")),
            .unwrap(model.currentFile) { name in
                .div(
                    .class("field checkbox"),
                    .input(
                        .type(.checkbox), .id("removeFile"), .name("removeFile"), .value("yes"),
                        .attribute(named: "checked", value: model.input.removeFile ? "checked" : nil)),
                    .label(.for("removeFile"), .text("Remove the file \(name)"))
                )
            }
        )
    }

    private static func checkboxes(
        _ name: String, legend: String, problem: String?, options: [(String, String)], checked: [String]
    ) -> Node<HTML.FormContext> {
        .fieldset(
            .id(name),
            .element(named: "legend", text: legend),
            .unwrap(problem) { .p(.id("\(name)-error"), .class("error"), .text($0)) },
            .forEach(Array(options.enumerated())) { index, option in
                .div(
                    .class("field checkbox"),
                    .input(
                        .type(.checkbox), .id("\(name)-\(index)"), .name("\(name)[]"), .value(option.0),
                        .attribute(named: "aria-describedby", value: problem == nil ? nil : "\(name)-error"),
                        .attribute(named: "checked", value: checked.contains(option.0) ? "checked" : nil)),
                    .label(.for("\(name)-\(index)"), .text(option.1))
                )
            }
        )
    }
}
