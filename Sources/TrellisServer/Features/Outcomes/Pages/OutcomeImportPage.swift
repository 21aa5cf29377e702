import Foundation
import Plot
import TrellisCore

/// Upload an outcomes CSV; a file with any problem changes nothing, and every problem is listed.
enum OutcomeImportPage {
    struct Model: Sendable {
        var problems: [String] = []
        var unlisted = 0
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Import outcomes", context: context,
            .p(.a(.href(SiteURL.outcomes.relativeURL), .text("← Student outcomes"))),
            .h1("Import outcomes"),
            .p(
                .text(
                    "A CSV with the header school,year,subgroup,measure,tested,met (any order): school by its sourcedId or its name as in Trellis, year as 2025-26, subgroup All students or a name (race: African American belongs to the race family), whole numbers with met no more than tested. Counts only: never a student."
                )),
            .if(
                !model.problems.isEmpty,
                .div(
                    .class("notice error-summary"), .attribute(named: "role", value: "alert"),
                    .h2("Nothing was imported"),
                    .p("Fix these and upload the file again:"),
                    .ul(.class("problems"), .forEach(model.problems) { .li(.text($0)) }),
                    .if(model.unlisted > 0, .p(.text("… and \(model.unlisted) more."))))),
            .form(
                .method(.post), .action(SiteURL.outcomesImport.relativeURL),
                .attribute(named: "enctype", value: "multipart/form-data"),
                Layout.csrfField(context.csrfToken),
                .div(
                    .class("field"),
                    .label(.for("file"), "Outcomes CSV"),
                    .input(
                        .type(.file), .id("file"), .name("file"), .attribute(named: "accept", value: ".csv,text/csv"),
                        .required(true))),
                .button(.type(.submit), .text("Check the file"))
            )
        )
    }
}

/// What confirming an upload will do, before anything changes.
enum OutcomePreviewPage {
    struct Model: Sendable {
        var pendingID: UUID
        var fileName: String
        var rows: Int
        var summary: OutcomeService.ImportSummary
        var years: [String]
        var schools: Int
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Confirm the outcomes import", context: context,
            .h1("Confirm the outcomes import"),
            .p(
                .text(
                    "\(model.fileName): \(model.rows) rows for \(model.schools) schools, school years \(model.years.joined(separator: ", ")). Importing adds \(model.summary.added) counts and replaces \(model.summary.replaced)."
                )),
            .form(
                .method(.post), .action(SiteURL.outcomesImportConfirmation(.value(model.pendingID)).relativeURL),
                Layout.csrfField(context.csrfToken),
                .button(.type(.submit), .text("Import"))),
            .p(.a(.href(SiteURL.outcomesImport.relativeURL), .text("Choose another file")))
        )
    }
}

/// The district's minimum cell size for outcomes.
enum OutcomeSettingsPage {
    struct Model: Sendable {
        var minimum: String
        var problems: [FieldProblem] = []
        var notice: String?
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Minimum cell size", context: context,
            .p(.a(.href(SiteURL.outcomes.relativeURL), .text("← Student outcomes"))),
            .h1("Minimum cell size"),
            .p(
                .text(
                    "A school's count for a subgroup with fewer students tested than this is hidden on every page and download, and so is any count that could be worked out from it. The default is \(OutcomeAnalysis.defaultMinimum); it is never below \(OutcomeAnalysis.smallestMinimum)."
                )),
            Fragments.notice(model.notice),
            Fragments.problemSummary(model.problems),
            .form(
                .method(.post), .action(SiteURL.outcomeSettings.relativeURL),
                Layout.csrfField(context.csrfToken),
                Fragments.field(
                    "minimum", label: "Smallest number of students tested that is shown", type: .number,
                    value: model.minimum, problem: model.problems.first { $0.field == "minimum" }?.message,
                    required: true),
                .button(.type(.submit), .text("Save"))
            )
        )
    }
}
