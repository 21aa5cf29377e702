import Fluent
import Foundation
import TrellisCore
import Vapor

/// Outcomes through the API: import a CSV (district admins; all or nothing) and read the analysis of two
/// years in the shape `trellis outcomes analyze --json` prints, cut to what the reader may see.
enum OutcomeAPIController {
    static func register(_ routes: RouteGroups) {
        let api = routes.api
        api.on(
            .POST, SiteURL.api(.outcomeImports).pathComponents,
            body: .collect(maxSize: ByteCount(value: BodyLimit.upload)), use: importCSV)
        api.get(SiteURL.api(.outcomes).pathComponents, use: analysis)
    }

    @Sendable static func importCSV(_ request: Request) async throws -> Response {
        let scope = try request.scope
        guard scope.viewer.role == .districtAdmin, let districtID = scope.viewer.districtID else {
            throw Abort(.forbidden, reason: "District admins import outcomes.")
        }
        guard request.headers.contentType?.type == "text", request.headers.contentType?.subType == "csv" else {
            throw Abort(.unsupportedMediaType, reason: "Send the CSV itself (Content-Type: text/csv).")
        }
        let text = request.body.data.map { String(buffer: $0) } ?? ""
        do {
            let counts = try await OutcomeService.parse(
                text, file: "outcomes.csv", districtID: districtID, on: request.db)
            return try .created(try await OutcomeService.store(counts, districtID: districtID, on: request.db))
        } catch let problems as RosterProblems {
            throw ValidationProblem(
                problems.problems.map { FieldProblem(field: $0.field ?? "file", message: $0.description) })
        }
    }

    /// The same shape as the command's JSON, for one measure and subgroup when asked (every one otherwise);
    /// a leader's cells are their own school's.
    @Sendable static func analysis(_ request: Request) async throws -> Response {
        let reader = try OutcomeController.reader(try request.scope)
        for key in ["before", "after"] {
            if let text = request.query[String.self, at: key], SchoolYear(text) == nil {
                throw ValidationProblem(field: key, "\(key): \"\(text)\" is not \(SchoolYear.expectedFormat).")
            }
        }
        let (_, view) = try await OutcomeController.view(request, reader: reader)
        guard let view else { throw Abort(.notFound, reason: "There are no two school years of outcomes yet.") }
        let measure = request.query[String.self, at: "measure"]
        let subgroup = request.query[String.self, at: "subgroup"].map(Subgroup.init)
        func wanted(_ cellSubgroup: Subgroup, _ cellMeasure: String) -> Bool {
            (measure == nil || measure == cellMeasure) && (subgroup == nil || subgroup == cellSubgroup)
        }
        let analysis = view.analysis
        let cut = OutcomeAnalysis(
            minN: analysis.minN,
            cells: analysis.cells.filter { wanted($0.subgroup, $0.measure) && reader.sees($0.school) },
            groups: analysis.groups.filter { wanted($0.subgroup, $0.measure) },
            did: analysis.did.filter { wanted($0.subgroup, $0.measure) })
        let response = Response(status: .ok)
        try response.content.encode(cut, as: .json)
        return response
    }
}
