import Foundation
import Plot
import TrellisCore

/// Importing the library from CSV: all or nothing, every problem named by file, line and column.
enum LibraryImportPage {
    struct Model: Sendable {
        var problems: [String] = []
        var unlisted = 0
        var missingFile = false
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Import the library", context: context,
            .p(.a(.href(SiteURL.library.relativeURL), .text("← Library"))),
            .h1("Import the library from CSV"),
            .p(
                .text("One resource a row, with the header "),
                .code(.text(LibraryCSV.header.joined(separator: ","))),
                .text(
                    ". Buckets, equity challenges, traits and keywords hold several values separated by semicolons. A row whose title is already in the library updates it; the others are added. If any row has a problem, nothing changes."
                )),
            .if(
                !model.problems.isEmpty,
                .div(
                    .class("notice error-summary"), .attribute(named: "role", value: "alert"),
                    .h2("Nothing was imported"),
                    .ul(.forEach(model.problems) { .li(.text($0)) }),
                    .if(model.unlisted > 0, .p(.text("… and \(model.unlisted) more.")))
                )),
            .form(
                .method(.post), .action(SiteURL.libraryImport.relativeURL), .enctype(.multipartData),
                Layout.csrfField(context.csrfToken),
                .div(
                    .class(model.missingFile ? "field has-error" : "field"),
                    .label(.for("file"), .text("CSV file")),
                    .if(
                        model.missingFile, .p(.id("file-error"), .class("error"), .text("Choose a CSV file to import."))
                    ),
                    .input(
                        .type(.file), .id("file"), .name("file"), .attribute(named: "accept", value: ".csv,text/csv"),
                        .attribute(named: "aria-describedby", value: model.missingFile ? "file-error" : nil))
                ),
                .button(.type(.submit), .class("primary"), .text("Import"))
            )
        )
    }
}
