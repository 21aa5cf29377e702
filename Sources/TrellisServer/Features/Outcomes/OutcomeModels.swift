import Fluent
import Foundation

/// An outcomes file an admin uploaded, kept until they confirm what the preview said it would do.
final class PendingOutcomeImport: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "pending_outcome_imports"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District
    @Field(key: "uploaded_by") var uploadedBy: UUID

    // data
    @Field(key: "file_name") var fileName: String
    @Field(key: "csv") var csv: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(districtID: UUID, uploadedBy: UUID, fileName: String, csv: String, createdAt: Date) {
        self.$district.id = districtID
        self.uploadedBy = uploadedBy
        self.fileName = fileName
        self.csv = csv
        self.createdAt = createdAt
    }

    var owningDistrictID: UUID? { $district.id }
}
