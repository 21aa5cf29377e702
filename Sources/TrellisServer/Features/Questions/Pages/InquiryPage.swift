import Foundation
import Plot
import TrellisCore

enum InquiryPage {
    struct Question: Sendable {
        var id: UUID
        var text: String
        var author: String
        var bucket: String?
        /// Only once the vote is closed.
        var votes: Int?
        var mine: Int
        /// The words of the board notes it grew from that the viewer can read.
        var notes: [String]
    }

    struct Model: Sendable {
        var communityID: UUID
        var communityName: String
        var adopted: String?
        var questions: [Question]
        /// The board's notes the viewer can read, for linking a new question to them.
        var boardNotes: [(id: String, text: String, bucket: String)]
        var chosenNotes: [String]
        var canRun: Bool
        var canVote: Bool
        /// nil: no vote yet; true: open; false: closed.
        var voteOpen: Bool?
        var votesPerMember: Int
        var voters: Int
        var members: Int
        var draft: String
        var bucket: String
        var problems: [FieldProblem]
        var notice: String?
        /// Closed votes before the current one: when each closed, how many voted, the totals.
        var earlierVotes: [(closed: String, voters: Int, totals: [(text: String, votes: Int)])] = []
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        let step = { (name: SiteURL.InquiryStep) in
            SiteURL.communityInquiryStep(.value(model.communityID), name).relativeURL
        }
        let problem = { (field: String) in model.problems.first { $0.field == field }?.message }
        return Layout.page(
            "Inquiry: \(model.communityName)", context: context,
            .p(.a(.href(SiteURL.community(.value(model.communityID)).relativeURL), .text(model.communityName))),
            .h1(.text("Our inquiry")),
            Fragments.notice(model.notice),
            Fragments.problemSummary(model.problems),
            inquiryLinks(model),
            .unwrap(model.adopted) { adopted in
                .p(.class("notice success inquiry"), .strong("Our yearlong question: "), .text(adopted))
            },
            questionsSection(model, step: step, problem: problem, context: context),
            draftForm(model, step: step, problem: problem, context: context),
            .if(model.canRun, voteControls(model, step: step, context: context)),
            .if(!model.earlierVotes.isEmpty, earlierVotes(model))
        )
    }

    /// Links to the root-cause board and to the questions as CSV and Markdown.
    private static func inquiryLinks(_ model: Model) -> Node<HTML.BodyContext> {
        let export = SiteURL.communityInquiryStep(.value(model.communityID), .export)
        return .group(
            .p(
                .a(
                    .href(SiteURL.communityBoard(.value(model.communityID)).relativeURL),
                    .text("The root-cause board: resources, knowledge, skills, dispositions"))),
            .p(
                .text("Download the questions: "),
                .a(.href(export.relativeURL(.format(.csv))), .text("CSV for a spreadsheet")), .text(" · "),
                .a(.href(export.relativeURL(.format(.markdown))), .text("Markdown for notes")))
        )
    }

    /// The drafted questions, with how the vote stands and the ballot.
    private static func questionsSection(
        _ model: Model, step: (SiteURL.InquiryStep) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .section(
            .h2("Questions"),
            .if(model.questions.isEmpty, Fragments.emptyState("No questions drafted yet.")),
            .if(
                model.voteOpen == true,
                .p(
                    .class("hint"),
                    .text(
                        "The vote is open: \(model.voters) of \(model.members) members have voted. Counts stay hidden until it closes."
                    ))),
            ballot(model, step: step, problem: problem, context: context)
        )
    }

    /// The list of questions as a form: dots to cast while the vote is open, adoption once it is closed.
    private static func ballot(
        _ model: Model, step: (SiteURL.InquiryStep) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(step(.ballot)),
            Layout.csrfField(context.csrfToken),
            .ol(
                .class("questions"),
                .forEach(model.questions) { question in questionItem(question, model: model, step: step) }),
            .if(
                model.canVote && model.voteOpen == true,
                .group(
                    .unwrap(problem("dots")) { .p(.id("dots"), .class("error"), .text($0)) },
                    .button(
                        .type(.submit), .class("primary"),
                        .text(
                            "Cast my \(model.votesPerMember) dots (you can change them until the vote closes)"))
                ))
        )
    }

    /// One question: who drafted it, its bucket and dots, the notes it grew from, and its dots or adoption.
    private static func questionItem(
        _ question: Question, model: Model, step: (SiteURL.InquiryStep) -> String
    ) -> Node<HTML.ListContext> {
        .li(
            .p(.text(question.text)),
            .p(
                .class("hint"),
                .text(
                    "Drafted by \(question.author)"
                        + (question.bucket.map { " · \($0)" } ?? "")
                        + (question.votes.map { " · \($0) \($0 == 1 ? "dot" : "dots")" } ?? ""))),
            .if(
                !question.notes.isEmpty,
                .div(
                    .class("linked-notes"),
                    .p(.class("hint"), .text("Grew from these notes on the board:")),
                    .ul(.forEach(question.notes) { .li(.text($0)) }))),
            .if(
                model.canVote && model.voteOpen == true,
                .div(
                    .class("field"),
                    .label(.for("dots-\(question.id)"), .text("Your dots for this question")),
                    .input(
                        .type(.number), .id("dots-\(question.id)"),
                        .name("dots-\(UUIDText.lowercased(question.id))"),
                        .value(String(question.mine)),
                        .attribute(named: "min", value: "0"),
                        .attribute(named: "max", value: String(model.votesPerMember))))),
            .if(
                model.canRun && model.voteOpen == false && model.adopted != question.text,
                .button(
                    .type(.submit), .name("adopt"), .value(UUIDText.lowercased(question.id)),
                    .attribute(named: "formaction", value: step(.adoption)),
                    .text("Adopt as our yearlong question")))
        )
    }

    /// The form to draft a question, with its bucket and the board notes it grew from.
    private static func draftForm(
        _ model: Model, step: (SiteURL.InquiryStep) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .section(
            .h2("Draft a question"),
            .form(
                .method(.post), .action(step(.questions)),
                Layout.csrfField(context.csrfToken),
                .div(
                    .class(problem("text") == nil ? "field" : "field has-error"),
                    .label(.for("text"), .text("Your question")),
                    .p(
                        .id("text-hint"), .class("hint"),
                        .text("Begin with “How might we …”, for example: \(HowMightWe.example)")),
                    .unwrap(problem("text")) { .p(.id("text-error"), .class("error"), .text($0)) },
                    .textarea(
                        .id("text"), .name("text"), .rows(3),
                        .attribute(
                            named: "aria-describedby",
                            value: problem("text") == nil ? "text-hint" : "text-hint text-error"),
                        .text(model.draft))
                ),
                Fragments.select(
                    "bucket", label: "It grew from the bucket",
                    options: [("", "None in particular")]
                        + RootCauseBucket.fourBuckets.map { ($0.rawValue, $0.title) },
                    selected: model.bucket, problem: problem("bucket")),
                .if(!model.boardNotes.isEmpty, noteChoices(model, problem: problem)),
                .button(.type(.submit), .text("Add the question"))
            )
        )
    }

    /// The board notes a new question can be linked to, as checkboxes.
    private static func noteChoices(_ model: Model, problem: (String) -> String?) -> Node<HTML.FormContext> {
        .fieldset(
            .id("notes"),
            .element(named: "legend", text: "It grew from these notes on the board (optional)"),
            .unwrap(problem("notes")) { .p(.id("notes-error"), .class("error"), .text($0)) },
            .div(
                .class("checkbox-list"),
                .forEach(model.boardNotes) { note in
                    .div(
                        .input(
                            .type(.checkbox), .id("note-\(note.id)"), .name("notes[]"),
                            .value(note.id),
                            model.chosenNotes.contains(note.id) ? .checked(true) : .empty),
                        .label(.for("note-\(note.id)"), .text("\(note.text) (\(note.bucket))")))
                }))
    }

    /// For those who run the inquiry: the form that opens or closes the vote.
    private static func voteControls(
        _ model: Model, step: (SiteURL.InquiryStep) -> String, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .section(
            .h2("The vote"),
            .form(
                .method(.post), .action(step(.vote)),
                Layout.csrfField(context.csrfToken),
                .input(.type(.hidden), .name("action"), .value(model.voteOpen == true ? "close" : "open")),
                .button(
                    .type(.submit),
                    .text(
                        model.voteOpen == true
                            ? "Close the vote and show the totals"
                            : "Open a vote (\(DotVote.defaultVotesPerMember) dots each)"))
            )
        )
    }

    /// Closed votes before the current one, each with its totals.
    private static func earlierVotes(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2("Earlier votes"),
            .forEach(model.earlierVotes) { vote in
                .group(
                    .h3(.text("Closed \(vote.closed) · \(vote.voters) voted")),
                    .ol(
                        .forEach(vote.totals) { total in
                            .li(.text("\(total.text) · \(total.votes) \(total.votes == 1 ? "dot" : "dots")"))
                        })
                )
            }
        )
    }
}
