import Fluent
import Foundation
import TrellisCore

final class School: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "schools"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District
    /// The OneRoster `sourcedId`, which makes re-imports update rather than duplicate.
    @OptionalField(key: "sourced_id") var sourcedID: String?

    // data
    @Field(key: "name") var name: String
    @Field(key: "level") var level: SchoolLevel
    @OptionalField(key: "identifier") var identifier: String?
    @Field(key: "archived") var archived: Bool

    init() {}

    init(
        id: UUID? = nil, districtID: UUID, name: String, level: SchoolLevel, sourcedID: String? = nil,
        identifier: String? = nil, archived: Bool = false
    ) {
        self.id = id
        self.$district.id = districtID
        self.name = name
        self.level = level
        self.sourcedID = sourcedID
        self.identifier = identifier
        self.archived = archived
    }

    var owningDistrictID: UUID? { $district.id }
}
