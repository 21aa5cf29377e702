import Foundation
import Plot
import TrellisCore

/// Student outcomes for one measure and subgroup across two years: n, the rate, the change in points
/// and the relative change side by side, for each school the viewer may see, for the community schools,
/// the others and the district, with the difference in differences and its interval; small cells hidden
/// with the reason in words.
enum OutcomesPage {
    struct Row: Sendable {
        var label: String
        var before: String
        var after: String
        var testedBefore: String
        var testedAfter: String
        var change: String
        var relative: String
        var note: String?
    }

    struct Model: Sendable {
        var choices: OutcomeService.Choices
        var measure: String
        var subgroup: String
        var before: String
        var after: String
        var minimum: Int
        var groups: [Row]
        var schools: [Row]
        var didReading: String?
        var slopeChart: String?
        var changesChart: String?
        var onlyOwnSchool: Bool
        var isAdmin: Bool
        var notice: String?
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Student outcomes", context: context,
            .h1("Student outcomes"),
            .p(
                .class("lead"),
                .text(
                    "Counts of students who met each measure, by school, subgroup and school year: no student is ever stored. Cells with fewer than \(model.minimum) students tested are hidden, and so is any cell that could otherwise be worked out from the totals."
                )),
            Fragments.notice(model.notice),
            .if(
                model.isAdmin,
                .p(
                    .a(.href(SiteURL.outcomesImport.relativeURL), .text("Import outcomes (CSV)")), .text(" · "),
                    .a(.href(SiteURL.outcomeSettings.relativeURL), .text("Minimum cell size")))),
            .if(
                model.choices.years.count < 2,
                Fragments.emptyState(
                    "Outcomes need at least two school years to compare. A district admin imports them as CSV."),
                else: .group(
                    chooser(model), explanation(), groups(model), schools(model),
                    .p(
                        .a(
                            .href(
                                SiteURL.outcomesExport.relativeURL
                                    + "?measure=\(query(model.measure))&subgroup=\(query(model.subgroup))&before=\(model.before)&after=\(model.after)"
                            ), .text("Download this table (CSV)")))))
        )
    }

    static func query(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    private static func chooser(_ model: Model) -> Node<HTML.BodyContext> {
        let years = model.choices.years.map { ($0.description, $0.description) }
        return .form(
            .method(.get), .action(SiteURL.outcomes.relativeURL), .class("chooser"),
            Fragments.select(
                "measure", label: "Measure", options: model.choices.measures.map { ($0, $0) }, selected: model.measure),
            Fragments.select(
                "subgroup", label: "Subgroup", options: model.choices.subgroups.map { ($0.name, $0.name) },
                selected: model.subgroup),
            Fragments.select("before", label: "From the school year", options: years, selected: model.before),
            Fragments.select("after", label: "To the school year", options: years, selected: model.after),
            .button(.type(.submit), .text("Show"))
        )
    }

    /// Why both figures, once, with the article's example worked out.
    private static func explanation() -> Node<HTML.BodyContext> {
        .details(
            .summary("Why the change is shown in points and as a relative change, side by side"),
            .p(
                .text(
                    "A change of five percentage points means something very different on a small base. From about 1 % to 6 % is +5 points and +442 %: on 100 students tested, that is five more students. From 40 % to 45 % is also +5 points, but +12.5 %. A relative change on a base under 5 %, or on fewer than 30 students in either year, is marked as resting on few students. The interval says how much the figure could move by chance alone: an interval that includes 0 does not show a change."
                ))
        )
    }

    private static func table(_ caption: String, first: String, _ rows: [Row]) -> Node<HTML.BodyContext> {
        .table(
            .caption(.text(caption)),
            .thead(
                .tr(
                    .forEach(
                        [
                            first, "Tested before", "Rate before", "Tested after", "Rate after", "Change in points",
                            "Relative change", "Note",
                        ]
                    ) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
            .tbody(
                .forEach(rows) { row in
                    .tr(
                        .th(.attribute(named: "scope", value: "row"), .text(row.label)),
                        .td(.text(row.testedBefore)), .td(.text(row.before)), .td(.text(row.testedAfter)),
                        .td(.text(row.after)), .td(.text(row.change)), .td(.text(row.relative)),
                        .td(.text(row.note ?? "")))
                })
        )
    }

    private static func groups(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .ariaLabel("Groups of schools"),
            .h2("Community schools, the other schools and the district"),
            .p(
                .class("hint"),
                .text(
                    "Community schools are those whose principal or assistant principal was in a community of the \(model.after) cohort. Each group pools its schools (all students met ÷ all tested)."
                )),
            .unwrap(model.slopeChart) { .div(.class("chart"), .raw($0)) },
            table("\(model.measure), \(model.subgroup): groups", first: "Group", model.groups),
            .unwrap(model.didReading) { .p(.class("notice"), .text($0)) }
        )
    }

    private static func schools(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .ariaLabel("Schools"),
            .h2(model.onlyOwnSchool ? "Your school" : "Schools"),
            .unwrap(model.changesChart) { .div(.class("chart"), .raw($0)) },
            .if(
                model.schools.isEmpty, Fragments.emptyState("No school has counts for this measure and subgroup."),
                else: table("\(model.measure), \(model.subgroup): schools", first: "School", model.schools))
        )
    }
}
