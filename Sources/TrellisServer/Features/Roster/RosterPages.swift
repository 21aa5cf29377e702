import Foundation
import Plot
import TrellisCore

enum RosterUploadPage {
    struct Model: Sendable {
        var problems: [String]
        /// Every problem found; only the first `RosterProblems.listedLimit` are in `problems`.
        var problemCount: Int
        var missingFiles: [String]

        init(problems: [String] = [], problemCount: Int = 0, missingFiles: [String] = []) {
            self.problems = problems
            self.problemCount = max(problemCount, problems.count)
            self.missingFiles = missingFiles
        }

        init(_ found: RosterProblems) {
            self.init(problems: found.problems.map(\.description), problemCount: found.total)
        }
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Import the roster", context: context,
            .h1("Import the roster"),
            .p(
                "Upload the district's OneRoster 1.1 CSV files. Schools come from orgs of type school; leaders from users with the role administrator, at the school their orgSourcedIds name. Teachers and students are counted and skipped: Trellis stores no student data."
            ),
            .p(
                "Importing the same files again updates what changed and creates nothing twice. A user or org with status tobedeleted is archived."
            ),
            .if(
                !model.missingFiles.isEmpty,
                .div(
                    .class("notice error-summary"), .attribute(named: "role", value: "alert"),
                    .h2("Nothing was imported"),
                    .p(
                        .text(
                            "Choose \(model.missingFiles.joined(separator: " and ")): \(model.missingFiles.count == 1 ? "it is" : "they are") required."
                        ))
                )),
            .if(
                !model.problems.isEmpty,
                .div(
                    .class("notice error-summary"), .attribute(named: "role", value: "alert"),
                    .h2(
                        .text(
                            "Nothing was imported: \(model.problemCount) \(model.problemCount == 1 ? "problem" : "problems") to fix"
                        )),
                    .p(
                        "Each line says the file, the line in it, the column and what was expected. Fix them all and upload again."
                    ),
                    .ul(.class("problems"), .forEach(model.problems) { .li(.code(.text($0))) }),
                    .if(
                        model.problemCount > model.problems.count,
                        .p(
                            .text(
                                "The first \(model.problems.count) are listed; \(model.problemCount - model.problems.count) more are not. Often one mistake repeats on every row: fix these and upload again to see what remains."
                            )))
                )),
            .form(
                .method(.post), .action(SiteURL.rosterImport.relativeURL), .enctype(.multipartData),
                Layout.csrfField(context.csrfToken),
                fileField("orgs", label: "orgs.csv (required)"),
                fileField("users", label: "users.csv (required)"),
                fileField("academicSessions", label: "academicSessions.csv (optional)"),
                .button(.type(.submit), .class("primary"), .text("Preview the import"))
            )
        )
    }

    private static func fileField(_ name: String, label: String) -> Node<HTML.FormContext> {
        .div(
            .class("field"),
            .label(.for(name), .text(label)),
            .input(.type(.file), .id(name), .name(name), .attribute(named: "accept", value: ".csv,text/csv"))
        )
    }
}

enum RosterCountsTable {
    static func table(_ plan: RosterImportPlan, caption: String) -> Node<HTML.BodyContext> {
        .table(
            .caption(.text(caption)),
            .thead(.tr(.th("Record"), .th("Create"), .th("Update"), .th("Archive"), .th("Unchanged"))),
            .tbody(
                row("Schools", plan.schools),
                row("Leaders", plan.leaders)
            )
        )
    }

    private static func row(_ title: String, _ counts: RosterImportPlan.Counts) -> Node<HTML.TableContext> {
        .tr(
            .th(.attribute(named: "scope", value: "row"), .text(title)), .td(.text("\(counts.create)")),
            .td(.text("\(counts.update)")), .td(.text("\(counts.archive)")), .td(.text("\(counts.unchanged)")))
    }

    static func skipped(_ plan: RosterImportPlan) -> Node<HTML.BodyContext> {
        let s = plan.skipped
        return .ul(
            .li(
                .text(
                    "\(s.teachers) teachers and \(s.students) students counted and skipped (no student data is stored)")
            ),
            .li(.text("\(s.otherUsers) other users (aides, guardians, …) skipped")),
            .li(
                .text(
                    "\(s.administratorsWithoutSchool) administrators without a school skipped (add central-office staff by hand)"
                )),
            .li(.text("\(s.nonSchoolOrgs) orgs that are not schools skipped")),
            .if(
                !plan.schoolYears.isEmpty,
                .li(.text("School years in the file: \(plan.schoolYears.map(\.title).joined(separator: ", "))")))
        )
    }
}

enum RosterPreviewPage {
    struct Model: Sendable {
        var pendingID: UUID
        var plan: RosterImportPlan
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Preview the import", context: context,
            .h1("Preview the import"),
            .p("The files are valid. Nothing has changed yet: this is what confirming will do."),
            RosterCountsTable.table(model.plan, caption: "What the import will change"),
            RosterCountsTable.skipped(model.plan),
            names(model.plan),
            .form(
                .method(.post), .action(SiteURL.rosterImportConfirmation(.value(model.pendingID)).relativeURL),
                Layout.csrfField(context.csrfToken),
                .button(.type(.submit), .class("primary"), .text("Confirm the import"))
            ),
            .p(.a(.href(SiteURL.rosterImport.relativeURL), .text("Cancel and upload other files")))
        )
    }
}

extension RosterPreviewPage {
    /// Who and what changes, by name: each list folded, so a large import stays one screen.
    static func names(_ plan: RosterImportPlan) -> Node<HTML.BodyContext> {
        let lists: [(String, [String])] = [
            ("Schools to add", plan.schoolNames[.create] ?? []), ("Schools to update", plan.schoolNames[.update] ?? []),
            ("Schools to archive", plan.schoolNames[.archive] ?? []),
            ("Leaders to add", plan.leaderNames[.create] ?? []), ("Leaders to update", plan.leaderNames[.update] ?? []),
            ("Leaders to archive (they are signed out at once)", plan.leaderNames[.archive] ?? []),
        ]
        return .section(
            .class("import-names"),
            .h2("By name"),
            .forEach(lists.filter { !$0.1.isEmpty }) { title, names in
                .details(
                    .summary(.text("\(title) (\(names.count))")),
                    .ul(.forEach(names) { .li(.text($0)) }))
            })
    }
}

enum RosterResultPage {
    struct Model: Sendable {
        var plan: RosterImportPlan
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Roster imported", context: context,
            .h1("Roster imported"),
            Fragments.notice("The roster is imported."),
            RosterCountsTable.table(model.plan, caption: "What the import changed"),
            RosterCountsTable.skipped(model.plan),
            .p("Imported leaders cannot sign in until you give them a password-reset link from their page."),
            .p(.a(.href(SiteURL.people.relativeURL + "?role=leader"), .text("See the leaders")))
        )
    }
}
