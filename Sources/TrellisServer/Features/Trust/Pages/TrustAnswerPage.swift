import Foundation
import Plot
import TrellisCore

enum TrustAnswerPage {
    struct Model: Sendable {
        var roundID: UUID
        var title: String
        var instrument: TrustInstrument
        var questions: [(id: UUID, text: String)]
        var chosen: [String: Int]
        var written: [UUID: String]
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            model.title, context: context,
            .h1(.text(model.title)),
            .p(
                "Think of your community of practice. How much do you agree with each statement? Your answers are stored without your name, and results are only shown for groups where enough people answered."
            ),
            Fragments.problemSummary(model.problems),
            .form(
                .method(.post), .action(SiteURL.trustAnswer(.value(model.roundID)).relativeURL), .class("survey"),
                // The server lists every missing statement at once; the browser would stop at the first.
                .novalidate(),
                Layout.csrfField(context.csrfToken),
                .forEach(model.instrument.items) { item in
                    .fieldset(
                        .id(item.id),
                        .class(model.problems.contains { $0.field == item.id } ? "likert has-error" : "likert"),
                        .element(named: "legend", text: item.text),
                        .if(
                            model.problems.contains { $0.field == item.id },
                            .p(.class("error"), .id("\(item.id)-error"), .text("Choose an answer for this statement."))),
                        .div(
                            .class("likert-options"),
                            .forEach(1...model.instrument.scale) { value in
                                .label(
                                    .input(
                                        .type(.radio), .name("item-\(item.id)"), .value("\(value)"),
                                        .required(true),
                                        .attribute(
                                            named: "aria-describedby",
                                            value: model.problems.contains { $0.field == item.id }
                                                ? "\(item.id)-error" : nil),
                                        model.chosen[item.id] == value ? .checked(true) : .empty),
                                    .span(.text(model.instrument.label(for: value) ?? "\(value)"))
                                )
                            }
                        )
                    )
                },
                .forEach(model.questions) { question in
                    .div(
                        .class("field"),
                        .label(.for("open-\(question.id)"), .text(question.text + " (optional)")),
                        .textarea(
                            .id("open-\(question.id)"), .name("open-\(question.id)"), .rows(4),
                            .text(model.written[question.id] ?? ""))
                    )
                },
                .button(.type(.submit), .class("primary"), .text("Send my answers"))
            )
        )
    }
}
