import Fluent
import Foundation

/// Uploaded OneRoster files waiting for an admin to confirm the preview. Kept so that what is confirmed
/// is exactly what was previewed; removed once applied.
final class PendingRosterImport: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "pending_roster_imports"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District
    @Parent(key: "uploaded_by") var uploadedBy: User

    // data
    @Field(key: "orgs_csv") var orgsCSV: String
    @Field(key: "users_csv") var usersCSV: String
    @OptionalField(key: "academic_sessions_csv") var academicSessionsCSV: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(districtID: UUID, uploadedBy: UUID, orgsCSV: String, usersCSV: String, academicSessionsCSV: String?) {
        self.$district.id = districtID
        self.$uploadedBy.id = uploadedBy
        self.orgsCSV = orgsCSV
        self.usersCSV = usersCSV
        self.academicSessionsCSV = academicSessionsCSV
    }

    var owningDistrictID: UUID? { $district.id }
}
