import Foundation
import Plot
import TrellisCore

/// A community's learning between meetings: where the viewer is in the current cycle, who debriefs with
/// whom in the cycles to come, every cycle with its counts, and the activities the community drafts.
enum PracticePage {
    struct Current: Sendable {
        var cycleID: UUID
        var label: String
        var step: PracticeStep?
        var partners: [String]
        var dueSoon: Bool
    }

    struct CycleRow: Sendable {
        var id: UUID
        var number: Int
        var label: String
        var state: String
        var counts: PracticeService.Counts
    }

    struct ScheduleRow: Sendable {
        var number: Int
        var label: String
        var cycleID: UUID?
        var groups: [[String]]
        /// "Pairs changed by Dana Reyes on 3 Nov 2026."
        var changes: [String]
    }

    struct ActivityRow: Sendable {
        var id: UUID
        var title: String
        var adopted: Bool
        var traits: [String]
        var decisions: String?
    }

    /// What the stage form keeps of a refused entry.
    struct StageForm: Sendable {
        var term = ""
        var stage = ""
        var why = ""
    }

    struct Model: Sendable {
        var communityID: UUID
        var communityName: String
        var isMember: Bool
        var runs: Bool
        var current: Current?
        var schedule: [ScheduleRow]
        var cycles: [CycleRow]
        var activities: [ActivityRow]
        var traits: [(id: UUID, name: String)]
        var draft: ActivityDraft
        /// The facilitators' judgement of the community's stage, term by term.
        var stages: [StageEntry] = []
        var stageForm = StageForm()
        var problems: [FieldProblem]
        var notice: String?
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Between meetings: \(model.communityName)", context: context,
            .p(.a(.href(SiteURL.community(.value(model.communityID)).relativeURL), .text("← \(model.communityName)"))),
            .h1(.text("Between meetings: \(model.communityName)")),
            .p(
                .class("lead"),
                .text(
                    "Each cycle runs from one meeting to the next: commit to one thing to try at your school, try it, capture what you learned, and debrief with your peer."
                )),
            Fragments.notice(model.notice),
            Fragments.problemSummary(model.problems),
            current(model),
            schedule(model),
            cycles(model),
            activities(model, csrf: context.csrfToken),
            stage(model, csrf: context.csrfToken)
        )
    }

    /// Wenger's stages of development, as the facilitators judge them each term, as a line over the year.
    private static func stage(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        func problem(_ field: String) -> String? { model.problems.first { $0.field == field }?.message }
        return .section(
            .id("community-stage"), .ariaLabel("Stage of the community"),
            .h2("Stage of the community"),
            .if(
                model.stages.isEmpty,
                Fragments.emptyState("No stage set yet: the facilitators judge it each term."),
                else: .group(
                    .div(
                        .class("chart"),
                        .raw(StageHistory.chart(model.stages, title: "Stage of \(model.communityName), term by term"))),
                    .ol(
                        .class("stages"),
                        .forEach(model.stages) { entry in
                            .li(.strong(.text("\(entry.term): \(entry.stage.title). ")), .text(entry.why))
                        }))),
            .if(
                model.runs,
                .form(
                    .method(.post), .action(SiteURL.communityStage(.value(model.communityID)).relativeURL),
                    Layout.csrfField(csrf),
                    .h3("Judge the stage for a term"),
                    Fragments.field(
                        "term", label: "Term", value: model.stageForm.term, problem: problem("term"),
                        hint: "Setting a term again replaces its stage."),
                    Fragments.select(
                        "stage", label: "Stage",
                        options: [("", "Choose a stage")]
                            + CommunityStage.allCases.map { ($0.rawValue, "\($0.title): \($0.meaning)") },
                        selected: model.stageForm.stage, problem: problem("stage")),
                    Fragments.textArea(
                        "why", label: "Why, in a sentence", value: model.stageForm.why, problem: problem("why")),
                    .button(.type(.submit), .text("Save the stage"))))
        )
    }

    private static func current(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .ariaLabel("This cycle"),
            .h2("This cycle"),
            .unwrap(
                model.current,
                { current in
                    .group(
                        .p(.a(.href(SiteURL.practiceCycle(.value(current.cycleID)).relativeURL), .text(current.label))),
                        .unwrap(current.step) { step in
                            .p(
                                .class(current.dueSoon ? "notice due" : "next-step"), .strong("Your next step: "),
                                .text(step.label))
                        },
                        .if(
                            model.isMember,
                            .p(
                                .text(
                                    current.partners.isEmpty
                                        ? "You have no debrief peer this cycle."
                                        : "Your debrief peer: \(current.partners.joined(separator: " and "))."))))
                },
                else: Fragments.emptyState(
                    "No cycle is under way: cycles run between the community's meetings, from the first meeting on.")
            )
        )
    }

    private static func schedule(_ model: Model) -> Node<HTML.BodyContext> {
        guard !model.schedule.isEmpty else { return .empty }
        return .section(
            .ariaLabel("Debrief peers"),
            .h2("Debrief peers"),
            .p(
                .class("hint"),
                .text(
                    "Everyone meets everyone once before anyone meets twice. With an odd number, one group is a trio."
                )),
            .table(
                .caption("Who debriefs with whom, cycle by cycle"),
                .thead(
                    .tr(
                        .th(.attribute(named: "scope", value: "col"), "Cycle"),
                        .th(.attribute(named: "scope", value: "col"), "Groups"))),
                .tbody(
                    .forEach(model.schedule) { row in
                        .tr(
                            .th(
                                .attribute(named: "scope", value: "row"),
                                .unwrap(
                                    row.cycleID,
                                    { .a(.href(SiteURL.practiceCycle(.value($0)).relativeURL), .text(row.label)) },
                                    else: .text(row.label))),
                            .td(
                                .ul(
                                    .class("groups"),
                                    .forEach(row.groups) { .li(.text($0.joined(separator: " · "))) }),
                                .forEach(row.changes) { .p(.class("hint"), .text($0)) })
                        )
                    })
            )
        )
    }

    private static func cycles(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .ariaLabel("Cycles"),
            .h2("Cycles"),
            .if(
                model.cycles.isEmpty, Fragments.emptyState("No cycles yet: the community needs at least two meetings.")),
            .if(
                !model.cycles.isEmpty,
                .table(
                    .caption("Every cycle of the year: how many of the members took each step (counts, never names)"),
                    .thead(
                        .tr(
                            .forEach(["Cycle", "When", "Committed", "Tried", "Captured", "Debriefed"]) {
                                .th(.attribute(named: "scope", value: "col"), .text($0))
                            })),
                    .tbody(
                        .forEach(model.cycles) { row in
                            .tr(
                                .th(
                                    .attribute(named: "scope", value: "row"),
                                    .a(
                                        .href(SiteURL.practiceCycle(.value(row.id)).relativeURL),
                                        .text("Cycle \(row.number + 1)"))),
                                .td(.text("\(row.label) (\(row.state))")),
                                .td(.text("\(row.counts.committed) of \(row.counts.members)")),
                                .td(.text("\(row.counts.tried)")),
                                .td(.text("\(row.counts.captured)")),
                                .td(.text("\(row.counts.debriefed)"))
                            )
                        })
                ))
        )
    }

    private static func activities(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        .section(
            .ariaLabel("Leadership activities"),
            .h2("Leadership activities"),
            .p(
                .class("hint"),
                .text(
                    "Activities the community designs together around the district's deeper-learning traits. Members edit a draft; once adopted, members can commit to it."
                )),
            .if(model.activities.isEmpty, Fragments.emptyState("No activities yet.")),
            .ul(
                .class("activities"),
                .forEach(model.activities) { activity in
                    .li(
                        .a(.href(SiteURL.activity(.value(activity.id)).relativeURL), .text(activity.title)),
                        .text(activity.adopted ? " — adopted" : " — draft"),
                        .if(!activity.traits.isEmpty, .text(" · \(activity.traits.joined(separator: ", "))")),
                        .unwrap(activity.decisions) { .p(.class("counts"), .text($0)) })
                }),
            .if(model.isMember, newActivity(model, csrf: csrf))
        )
    }

    private static func newActivity(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(SiteURL.communityActivities(.value(model.communityID)).relativeURL),
            Layout.csrfField(csrf),
            .h3("Draft a new activity"),
            ActivityPage.fields(
                model.draft, traits: model.traits, problems: model.problems, prefix: ""),
            .button(.type(.submit), .text("Save the draft"))
        )
    }
}
