import Foundation
import Plot

enum SchoolPage {
    struct Leader: Sendable {
        var id: UUID
        var name: String
        var position: String?
        var yearsInRole: Int?
    }

    struct Model: Sendable {
        var name: String
        var level: String
        var identifier: String?
        var archived: Bool
        var leaders: [Leader]
        var linkPeople: Bool
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            model.name, context: context,
            .h1(.text(model.name)),
            .p(
                .text(
                    [model.level, model.identifier.map { "School code \($0)" }, model.archived ? "Archived" : nil]
                        .compactMap { $0 }.joined(separator: " · "))),
            .h2("Leaders"),
            .if(model.leaders.isEmpty, Fragments.emptyState("No leaders recorded at this school.")),
            .ul(
                .forEach(model.leaders) { leader in
                    .li(
                        model.linkPeople
                            ? .a(.href(SiteURL.person(.value(leader.id)).relativeURL), .text(leader.name))
                            : .text(leader.name),
                        .text(
                            [leader.position, leader.yearsInRole.map { "\($0) yrs" }].compactMap { $0 }.map {
                                " · \($0)"
                            }.joined())
                    )
                }),
            .p(.a(.href(SiteURL.schools.relativeURL), .text("All schools")))
        )
    }
}
