import Fluent
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// Student outcomes in the browser: the table and charts for one measure and subgroup across two years
/// (district admins and facilitators see every school; a leader sees their own school and the groups),
/// its CSV, the import (upload → preview → confirm, all or nothing) and the minimum cell size.
enum OutcomeController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        pages.get(SiteURL.outcomes.pathComponents, use: page)
        pages.get(SiteURL.outcomesExport.pathComponents, use: export)
        let admins = pages.grouped(RoleGuard(.districtAdmin))
        admins.get(SiteURL.outcomesImport.pathComponents, use: uploadPage)
        admins.on(
            .POST, SiteURL.outcomesImport.pathComponents, body: .collect(maxSize: ByteCount(value: BodyLimit.upload)),
            use: preview)
        admins.post(SiteURL.outcomesImportConfirmation(.key).pathComponents, use: confirm)
        admins.get(SiteURL.outcomeSettings.pathComponents, use: settings)
        admins.post(SiteURL.outcomeSettings.pathComponents, use: saveSettings)
    }

    /// Whose outcomes the viewer reads: their district's, every school or only their own.
    struct Reader: Sendable {
        let districtID: UUID
        /// Set for a leader: the only school whose cells they see (nil when they have none).
        let onlySchool: String??

        func sees(_ school: String) -> Bool {
            guard let onlySchool else { return true }
            return onlySchool == school
        }
    }

    static func reader(_ scope: DistrictScope) throws -> Reader {
        let viewer = scope.viewer
        guard let districtID = viewer.districtID else {
            throw Abort(.forbidden, reason: "Outcomes belong to a district: sign in as one of its people.")
        }
        switch viewer.role {
        case .districtAdmin, .facilitator: return Reader(districtID: districtID, onlySchool: nil)
        case .leader:
            return Reader(districtID: districtID, onlySchool: .some(viewer.user.$school.id.map(PracticeService.key)))
        case .networkAdmin: throw Abort(.forbidden)
        }
    }

    /// The measure, subgroup and years asked for, or the district's defaults: the latest two years,
    /// All students, the first measure.
    struct Selection: Sendable {
        var measure: String
        var subgroup: Subgroup
        var before: SchoolYear
        var after: SchoolYear
    }

    static func selection(_ request: Request, choices: OutcomeService.Choices) -> Selection? {
        guard choices.years.count >= 2, let firstMeasure = choices.measures.first else { return nil }
        let measure = request.query[String.self, at: "measure"].flatMap { choices.measures.contains($0) ? $0 : nil }
        let subgroup = request.query[String.self, at: "subgroup"].map(Subgroup.init).flatMap {
            choices.subgroups.contains($0) ? $0 : nil
        }
        var after =
            request.query[String.self, at: "after"].flatMap(SchoolYear.init).flatMap {
                choices.years.contains($0) ? $0 : nil
            } ?? choices.years[choices.years.count - 1]
        var before =
            request.query[String.self, at: "before"].flatMap(SchoolYear.init).flatMap {
                choices.years.contains($0) ? $0 : nil
            } ?? choices.years.last { $0 < after } ?? choices.years[0]
        if before == after, let earlier = choices.years.last(where: { $0 < after }) { before = earlier }
        if before > after { swap(&before, &after) }
        return Selection(
            measure: measure ?? firstMeasure,
            subgroup: subgroup ?? (choices.subgroups.contains(.all) ? .all : choices.subgroups[0]), before: before,
            after: after)
    }

    /// The analysis cut to what the viewer may see of one measure and subgroup.
    struct View: Sendable {
        let selection: Selection
        let analysis: OutcomeAnalysis
        let cells: [OutcomeAnalysis.Cell]
        let groups: [OutcomeAnalysis.Group]
        let did: OutcomeAnalysis.DifferenceInDifferences?
        let names: [String: String]
    }

    static func view(_ request: Request, reader: Reader) async throws -> (OutcomeService.Choices, View?) {
        let db = request.db
        let counts = try await OutcomeService.counts(districtID: reader.districtID, on: db)
        let choices = OutcomeService.choices(counts)
        guard let selection = selection(request, choices: choices) else { return (choices, nil) }
        let analysis = try await OutcomeService.analysis(
            districtID: reader.districtID, counts: counts, before: selection.before, after: selection.after, on: db)
        var names: [String: String] = [:]
        for row in try await db.sql().raw(
            "SELECT id, name FROM schools WHERE district_id = \(bind: reader.districtID)"
        ).all() {
            names[PracticeService.key(try row.decodeUUID(column: "id"))] = try row.decode(
                column: "name", as: String.self)
        }
        let matches = { (subgroup: Subgroup, measure: String) in
            subgroup == selection.subgroup && measure == selection.measure
        }
        return (
            choices,
            View(
                selection: selection, analysis: analysis,
                cells: analysis.cells.filter { matches($0.subgroup, $0.measure) && reader.sees($0.school) }
                    .sorted { (names[$0.school] ?? $0.school) < (names[$1.school] ?? $1.school) },
                groups: analysis.groups.filter { matches($0.subgroup, $0.measure) },
                did: analysis.did.first { matches($0.subgroup, $0.measure) }, names: names)
        )
    }

    static let groupLabels: [OutcomeAnalysis.GroupName: String] = [
        .community: "Community schools", .comparison: "Other schools", .district: "The district",
    ]

    @Sendable static func page(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let reader = try reader(scope)
        let (choices, view) = try await view(request, reader: reader)
        let minimum = try await OutcomeService.minimum(districtID: reader.districtID, on: request.db)
        func row(
            _ label: String, _ before: OutcomeAnalysis.Year?, _ after: OutcomeAnalysis.Year?,
            _ change: OutcomeAnalysis.Change?, hidden: String?
        ) -> OutcomesPage.Row {
            OutcomesPage.Row(
                label: label, before: OutcomeFormat.rate(before), after: OutcomeFormat.rate(after),
                testedBefore: OutcomeFormat.tested(before), testedAfter: OutcomeFormat.tested(after),
                change: OutcomeFormat.change(change), relative: OutcomeFormat.relative(change),
                note: OutcomeFormat.note(change, hidden: hidden))
        }
        var model = OutcomesPage.Model(
            choices: choices, measure: "", subgroup: "", before: "", after: "", minimum: minimum, groups: [],
            schools: [], didReading: nil, slopeChart: nil, changesChart: nil,
            onlyOwnSchool: reader.onlySchool != nil, isAdmin: scope.viewer.role == .districtAdmin,
            notice: request.query[String.self, at: "done"] == SiteURL.Done.imported.rawValue
                ? "Imported: \(request.query[Int.self, at: "count"] ?? 0) counts added, \(request.query[Int.self, at: "updated"] ?? 0) replaced."
                : nil)
        if let view {
            let selection = view.selection
            model.measure = selection.measure
            model.subgroup = selection.subgroup.name
            model.before = selection.before.description
            model.after = selection.after.description
            model.groups = view.groups.map { group in
                row(
                    groupLabels[group.group] ?? group.group.rawValue, group.before, group.after, group.change,
                    hidden: group.before == nil || group.after == nil
                        ? "A year is hidden: fewer than \(minimum) students tested, or it would give a hidden count away"
                        : nil)
            }
            model.schools = view.cells.map { cell in
                row(
                    view.names[cell.school] ?? "A school", cell.before, cell.after, cell.change,
                    hidden: OutcomeFormat.hidden(cell.suppressed, minimum: minimum))
            }
            model.didReading = view.did.map(OutcomeFormat.reading)
            let percent = { (year: OutcomeAnalysis.Year?) in
                // a rate that would tell every student's result is left out of the chart, as from the table
                year.flatMap { OutcomeFormat.band($0) == nil ? ($0.rate, $0.low, $0.high) : nil }
            }
            model.slopeChart = OutcomeCharts.slopes(
                view.groups.map {
                    .init(label: groupLabels[$0.group] ?? "", before: percent($0.before), after: percent($0.after))
                },
                before: selection.before.description, after: selection.after.description,
                title:
                    "\(selection.measure), \(selection.subgroup): rate by group, \(selection.before) to \(selection.after)"
            )
            let changes = view.cells.compactMap { cell -> OutcomeCharts.Change? in
                guard let change = cell.change, let before = cell.before, let after = cell.after,
                    OutcomeFormat.band(before) == nil, OutcomeFormat.band(after) == nil
                else { return nil }
                return .init(
                    label: view.names[cell.school] ?? "A school", points: change.points, low: change.low,
                    high: change.high)
            }
            model.changesChart =
                changes.isEmpty
                ? nil
                : OutcomeCharts.changes(
                    changes, title: "\(selection.measure), \(selection.subgroup): each school's change in points")
        }
        return OutcomesPage.view(model, context: PageContext(request)).response()
    }

    /// The table as CSV: never more than the page shows, hidden cells blank with the reason.
    @Sendable static func export(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let reader = try reader(scope)
        let (_, view) = try await view(request, reader: reader)
        guard let view else { throw Abort(.notFound, reason: "There are no two school years of outcomes yet.") }
        let minimum = try await OutcomeService.minimum(districtID: reader.districtID, on: request.db)
        func cells(_ before: OutcomeAnalysis.Year?, _ after: OutcomeAnalysis.Year?, _ change: OutcomeAnalysis.Change?)
            -> [String]
        {
            func year(_ year: OutcomeAnalysis.Year?) -> [String] {
                guard let year else { return ["", "", "", ""] }
                if let band = OutcomeFormat.band(year) { return [String(year.tested), band, "", ""] }
                return [
                    String(year.tested), OutcomeFormat.number(year.rate), OutcomeFormat.number(year.low),
                    OutcomeFormat.number(year.high),
                ]
            }
            let changeCells =
                change.map {
                    [
                        OutcomeFormat.number($0.points), OutcomeFormat.number($0.low), OutcomeFormat.number($0.high),
                        $0.relative.map(OutcomeFormat.number) ?? "", $0.smallBase ? "yes" : "no",
                    ]
                } ?? ["", "", "", "", ""]
            return year(before) + year(after) + changeCells
        }
        var rows = view.groups.map { group in
            [groupLabels[group.group] ?? ""] + cells(group.before, group.after, group.change)
                + [group.before == nil || group.after == nil ? "a year hidden" : ""]
        }
        rows += view.cells.map { cell in
            [view.names[cell.school] ?? ""] + cells(cell.before, cell.after, cell.change)
                + [OutcomeFormat.hidden(cell.suppressed, minimum: minimum) ?? ""]
        }
        let s = view.selection
        let text = CSVText.document(
            header: [
                "school or group", "tested \(s.before)", "rate \(s.before) %", "low", "high", "tested \(s.after)",
                "rate \(s.after) %", "low", "high", "change in points", "low", "high", "relative change %",
                "small base", "hidden",
            ], rows: rows)
        // A byte-order mark tells Excel the file is UTF-8.
        return Download.file(
            Array(("\u{FEFF}" + text).utf8), contentType: "text/csv; charset=utf-8",
            filename: "outcomes \(s.measure), \(s.subgroup), \(s.before) to \(s.after).csv")
    }

    // MARK: - Import

    @Sendable static func uploadPage(_ request: Request) async throws -> Response {
        OutcomeImportPage.view(.init(), context: PageContext(request)).response()
    }

    struct Upload: Content {
        var file: File?
    }

    @Sendable static func preview(_ request: Request) async throws -> Response {
        let viewer = try request.viewer
        guard let districtID = viewer.districtID else { throw Abort(.forbidden) }
        let upload = try request.content.decode(Upload.self)
        guard let file = upload.file, file.data.readableBytes > 0 else {
            return OutcomeImportPage.view(
                .init(problems: ["file: choose the outcomes CSV to upload"]), context: PageContext(request)
            )
            .response(status: .unprocessableEntity)
        }
        let text = String(buffer: file.data)
        let name = file.filename.isEmpty ? "outcomes.csv" : file.filename
        do {
            let counts = try await OutcomeService.parse(text, file: name, districtID: districtID, on: request.db)
            let summary = try await OutcomeService.preview(counts, districtID: districtID, on: request.db)
            let pending = PendingOutcomeImport(
                districtID: districtID, uploadedBy: viewer.userID, fileName: name, csv: text, createdAt: request.now)
            try await pending.create(on: request.db)
            return OutcomePreviewPage.view(
                .init(
                    pendingID: try pending.requireID(), fileName: name, rows: counts.count, summary: summary,
                    years: Set(counts.map(\.year)).sorted().map(\.description), schools: Set(counts.map(\.school)).count
                ),
                context: PageContext(request)
            ).response()
        } catch let problems as RosterProblems {
            return OutcomeImportPage.view(
                .init(problems: problems.problems.map(\.description), unlisted: problems.unlisted),
                context: PageContext(request)
            ).response(status: .unprocessableEntity)
        }
    }

    @Sendable static func confirm(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let pending = try await scope.find(PendingOutcomeImport.self, try request.idParameter())
        let districtID = pending.$district.id
        do {
            // read again: the schools may have changed since the preview
            let counts = try await OutcomeService.parse(
                pending.csv, file: pending.fileName, districtID: districtID, on: request.db)
            let summary = try await OutcomeService.store(counts, districtID: districtID, on: request.db)
            try await pending.delete(on: request.db)
            return request.redirect(
                to: SiteURL.outcomes.relativeURL(.done(.imported), .count(summary.added), .updated(summary.replaced)))
        } catch let problems as RosterProblems {
            return OutcomeImportPage.view(
                .init(problems: problems.problems.map(\.description), unlisted: problems.unlisted),
                context: PageContext(request)
            ).response(status: .unprocessableEntity)
        }
    }

    // MARK: - Settings

    @Sendable static func settings(_ request: Request) async throws -> Response {
        let districtID = try reader(try request.scope).districtID
        let minimum = try await OutcomeService.minimum(districtID: districtID, on: request.db)
        return OutcomeSettingsPage.view(
            .init(
                minimum: String(minimum),
                notice: request.query[String.self, at: "done"] == SiteURL.Done.saved.rawValue ? "Saved." : nil),
            context: PageContext(request)
        ).response()
    }

    struct SettingsForm: Content {
        var minimum: String?
    }

    @Sendable static func saveSettings(_ request: Request) async throws -> Response {
        let districtID = try reader(try request.scope).districtID
        let form = try request.content.decode(SettingsForm.self)
        do {
            try await OutcomeService.setMinimum(form.minimum ?? "", districtID: districtID, on: request.db)
        } catch let problem as ValidationProblem {
            return OutcomeSettingsPage.view(
                .init(minimum: form.minimum ?? "", problems: problem.problems), context: PageContext(request)
            ).response(status: .unprocessableEntity)
        }
        return request.redirect(to: SiteURL.outcomeSettings.relativeURL(.done(.saved)))
    }
}
