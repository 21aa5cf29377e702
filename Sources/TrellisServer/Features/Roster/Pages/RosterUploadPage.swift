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

    static func view(_ model: Model, context: PageContext) -> FramedPage {
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
