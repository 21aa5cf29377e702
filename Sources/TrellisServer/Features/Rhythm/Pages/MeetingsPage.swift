import Foundation
import Plot
import TrellisCore

enum MeetingsPage {
    struct Upcoming: Sendable {
        var seriesID: UUID
        var key: String
        var title: String
        var when: String
        var status: String
    }

    struct SeriesSummary: Sendable {
        var id: UUID
        var title: String
        var pattern: String
        var audience: String
        var location: String
        /// Runners only.
        var measures: PredictabilityMeasures?
        var leaderNames: [String: String]
    }

    struct Model: Sendable {
        var cohortID: UUID
        var cohortName: String
        var upcoming: [Upcoming]
        var series: [SeriesSummary]
        /// The trust survey's predictability facet in the latest closed round, when it may be shown.
        var trustPredictability: (round: String, mean: Double)?
        /// Set for the cohort's runners: the new-series form.
        var form: RhythmService.SeriesForm?
        var communities: [(id: String, name: String)]
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Meetings", context: context,
            .h1(.text("Meetings: \(model.cohortName)")),
            Fragments.problemSummary(model.problems),
            comingUp(model),
            seriesSection(model),
            .unwrap(model.form) { form in newSeriesForm(form, model: model, context: context) }
        )
    }

    /// The meetings of the next two months, with any that differ from the schedule marked.
    private static func comingUp(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2("Coming up"),
            .if(model.upcoming.isEmpty, Fragments.emptyState("No meetings in the next two months.")),
            .ul(
                .forEach(model.upcoming) { meeting in
                    .li(
                        .a(
                            .href(SiteURL.meeting(.value(meeting.seriesID), day: .value(meeting.key)).relativeURL),
                            .text("\(meeting.when) — \(meeting.title)")),
                        .if(meeting.status != "as scheduled", .strong(.text(" (\(meeting.status))"))))
                })
        )
    }

    /// The meeting series, one card each, and the trust survey's predictability for comparison.
    private static func seriesSection(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2("Meeting series"),
            .if(model.series.isEmpty, Fragments.emptyState("No meetings are scheduled yet.")),
            .forEach(model.series) { series in seriesCard(series) },
            .unwrap(model.trustPredictability) { trust in trustComparison(trust, model: model) }
        )
    }

    /// One series: its schedule, audience and place, and for runners how predictable it has been.
    private static func seriesCard(_ series: SeriesSummary) -> Node<HTML.BodyContext> {
        .article(
            .class("card"),
            .h3(
                .a(
                    .href(SiteURL.meetingSeries(.value(series.id)).relativeURL),
                    .text("\(series.title) · \(series.audience)"))),
            .p(.text(series.pattern)),
            .p(.text("Where: "), MeetingFormat.location(series.location)),
            .unwrap(series.measures) { measures in predictability(measures, series: series) }
        )
    }

    /// How often the series was held as scheduled, attended, and had its agenda out in time.
    private static func predictability(_ measures: PredictabilityMeasures, series: SeriesSummary)
        -> Node<HTML.BodyContext>
    {
        .group(
            .h4("Predictability so far"),
            .dl(
                .dt("Held as scheduled"),
                .dd(.text(MeetingFormat.percent(measures.heldAsScheduled))),
                .dt("Attendance"),
                .dd(
                    .text(
                        MeetingFormat.percent(measures.attendance)
                            + (measures.attendance.total > 0
                                ? " (excused absences not counted)" : ""))),
                .dt("Agendas out \(RhythmService.agendaLeadDays)+ days ahead"),
                .dd(.text(MeetingFormat.percent(measures.agendaPublishedAhead)))
            ),
            .if(!measures.attendanceByLeader.isEmpty, attendanceByLeader(measures, series: series))
        )
    }

    /// Each leader's share of meetings attended, by name.
    private static func attendanceByLeader(_ measures: PredictabilityMeasures, series: SeriesSummary)
        -> Node<HTML.BodyContext>
    {
        .div(
            .class("table-wrap"),
            .table(
                .caption(.text("Attendance by leader: \(series.audience)")),
                .thead(.tr(.th("Leader"), .th("Present"))),
                .tbody(
                    .forEach(
                        measures.attendanceByLeader.sorted {
                            (series.leaderNames[$0.key] ?? "")
                                < (series.leaderNames[$1.key] ?? "")
                        }
                    ) { leader, proportion in
                        .tr(
                            .td(.text(series.leaderNames[leader] ?? "a former member")),
                            .td(.text(MeetingFormat.percent(proportion))))
                    })
            ))
    }

    /// The trust survey's predictability facet in the latest closed round, with a link to the survey.
    private static func trustComparison(_ trust: (round: String, mean: Double), model: Model)
        -> Node<HTML.BodyContext>
    {
        .p(
            .class("notice"),
            .text(
                "For comparison, the trust survey's predictability facet: \(FixedDecimal.text(trust.mean, places: 1)) of 7 in “\(trust.round)”. "
            ),
            .a(
                .href(SiteURL.cohortTrust(.value(model.cohortID)).relativeURL),
                .text("See the trust survey")))
    }

    private static func newSeriesForm(_ form: RhythmService.SeriesForm, model: Model, context: PageContext)
        -> Node<HTML.BodyContext>
    {
        let problem = { (field: String) in model.problems.first { $0.field == field }?.message }
        let weekdays: [(String, String)] = Weekday.allCases.map { ($0.code, $0.name) }
        return .section(
            .h2("Schedule a meeting series"),
            .form(
                .method(.post), .action(SiteURL.cohortMeetings(.value(model.cohortID)).relativeURL),
                Layout.csrfField(context.csrfToken),
                Fragments.field(
                    "title", label: "Title", value: form.title ?? "", problem: problem("title"), required: true,
                    autocomplete: "off", hint: "For example “Monthly community meeting”."),
                Fragments.select(
                    "community", label: "For",
                    options: [("", "The whole cohort")] + model.communities.map { ($0.id, $0.name) },
                    selected: form.community ?? "", problem: problem("community")),
                Fragments.select(
                    "kind", label: "Repeats",
                    options: [("monthly", "Monthly"), ("weekly", "Weekly"), ("biweekly", "Every other week")],
                    selected: form.kind ?? "monthly"),
                Fragments.select(
                    "week", label: "Which week of the month (monthly only)",
                    options: [("1", "First"), ("2", "Second"), ("3", "Third"), ("4", "Fourth"), ("last", "Last")],
                    selected: form.week ?? "2"),
                Fragments.select(
                    "weekday", label: "Day of the week", options: weekdays, selected: form.weekday ?? "tue",
                    problem: problem("weekday")),
                Fragments.field(
                    "startTime", label: "Starts at (hh:mm, 24-hour)", value: form.startTime ?? "15:30",
                    problem: problem("startTime")),
                Fragments.field(
                    "endTime", label: "Ends at (hh:mm, 24-hour)", value: form.endTime ?? "17:00",
                    problem: problem("endTime")),
                Fragments.field(
                    "startDay", label: "First day (yyyy-mm-dd)", value: form.startDay ?? "",
                    problem: problem("startDay")),
                Fragments.field(
                    "endDay", label: "Last day (yyyy-mm-dd)", value: form.endDay ?? "", problem: problem("endDay")),
                Fragments.field(
                    "timeZone", label: "Time zone", value: form.timeZone ?? "", problem: problem("timeZone"),
                    hint: "An IANA time zone such as America/Los_Angeles; summer time is handled."),
                Fragments.field(
                    "location", label: "Place or video link", value: form.location ?? "", problem: problem("location")),
                .button(.type(.submit), .class("primary"), .text("Schedule"))
            )
        )
    }
}
