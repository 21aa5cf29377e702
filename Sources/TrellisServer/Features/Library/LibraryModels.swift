import Fluent
import Foundation
import TrellisCore

/// One of the district's deeper-learning traits. Resources are tagged by the trait's id, so renaming a
/// trait keeps its tags; a trait in use is retired rather than deleted.
final class DeeperLearningTrait: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "deeper_learning_traits"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District

    // data
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @Field(key: "position") var position: Int
    @OptionalField(key: "retired_at") var retiredAt: Date?

    /// Listed by hand in declaration order: Fluent otherwise finds them by reflection on every row it
    /// reads (`ModelPropertyTests` checks the list against reflection).
    var properties: [any AnyProperty] { [$id, $district, $name, $description, $position, $retiredAt] }

    init() {}

    init(districtID: UUID, name: String, description: String, position: Int) {
        self.$district.id = districtID
        self.name = name
        self.description = description
        self.position = position
    }

    var owningDistrictID: UUID? { $district.id }

    /// Mehta and Fine's three, which every district starts with and may rename, add to or retire.
    static func defaults(districtID: UUID) -> [DeeperLearningTrait] {
        [
            ("Mastery", "Students come to know a field deeply and do its work well."),
            ("Identity", "Students come to see themselves as people who do this work and belong in it."),
            ("Creativity", "Students make something of their own with what they learn, not only reproduce it."),
        ].enumerated().map { index, trait in
            DeeperLearningTrait(districtID: districtID, name: trait.0, description: trait.1, position: index)
        }
    }
}

/// A resource in the district's library: a link or an uploaded file, with a summary, minutes to use and
/// tags. A leader's suggestion waits in `suggested` until a facilitator accepts it.
final class LibraryResource: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "resources"

    enum State: String, Codable, Sendable {
        case suggested, listed, retired
    }

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District

    // data
    @Field(key: "title") var title: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "url") var url: String?
    @Field(key: "summary") var summary: String
    @OptionalField(key: "minutes") var minutes: Int?
    /// Free keywords, lowercased, joined by ", ".
    @Field(key: "keywords") var keywords: String
    @Enum(key: "state") var state: State
    @OptionalParent(key: "added_by_id") var addedBy: User?
    @OptionalField(key: "file_name") var fileName: String?
    @OptionalField(key: "file_type") var fileType: String?
    @OptionalField(key: "file_size") var fileSize: Int?
    /// The text of an uploaded PDF, where it could be read: searched, never shown.
    @Field(key: "body_text") var bodyText: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var owningDistrictID: UUID? { $district.id }
}
