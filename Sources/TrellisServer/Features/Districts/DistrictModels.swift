import Fluent
import Foundation

/// A school district: the boundary of everyone's data. Nothing crosses from one district to another.
final class District: Model, @unchecked Sendable {
    static let schema = "districts"

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String

    // data
    @Field(key: "name") var name: String
    /// Smallest group whose survey aggregates may be shown (PRODUCT.md: default 4, never below 3).
    @Field(key: "minimum_group_size") var minimumGroupSize: Int
    /// The IANA zone a new meeting series starts from (a series keeps its own).
    @Field(key: "time_zone") var timeZone: String

    /// The district's clock, for the times its pages show.
    var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(identifier: Self.defaultTimeZone)! }

    /// The clock of the district `id` (the default zone if it is gone).
    static func zone(of id: UUID, on db: any Database) async throws -> TimeZone {
        try await find(id, on: db)?.zone ?? TimeZone(identifier: defaultTimeZone)!
    }
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(
        id: UUID? = nil, name: String, slug: String, minimumGroupSize: Int = 4, timeZone: String = defaultTimeZone
    ) {
        self.id = id
        self.name = name
        self.slug = slug
        self.minimumGroupSize = minimumGroupSize
        self.timeZone = timeZone
    }

    /// Until a district says otherwise; the demo district is in California.
    static let defaultTimeZone = "America/Los_Angeles"
}

/// Every table that belongs to a district carries its id in this column; `DistrictScope` filters on it.
protocol DistrictOwned: Model where IDValue == UUID {
    static var districtKey: FieldKey { get }
    var owningDistrictID: UUID? { get }
}

extension DistrictOwned {
    static var districtKey: FieldKey { "district_id" }
}
