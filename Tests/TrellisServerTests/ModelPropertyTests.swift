import Fluent
import Foundation
import Testing

@testable import TrellisServer

/// The models read most list their properties by hand (`properties`), so Fluent does not reflect on each
/// row it reads. A property left out of a list would be neither saved nor read.
@Suite("Models listed by hand")
struct ModelPropertyTests {
    /// The properties reflection finds, in declaration order.
    static func reflected(_ model: some Model) -> [ObjectIdentifier] {
        Mirror(reflecting: model).children.compactMap { $0.value as? any AnyProperty }.map {
            ObjectIdentifier($0 as AnyObject)
        }
    }

    @Test("every model that lists its properties lists each one reflection finds, in the same order")
    func listsMatchReflection() {
        func check<M: Model>(_ type: M.Type) {
            let model = M()
            let listed = model.properties.map { ObjectIdentifier($0 as AnyObject) }
            #expect(!listed.isEmpty && listed == Self.reflected(model), "\(M.self)")
        }
        check(User.self)
        check(MeetingSeriesRecord.self)
        check(Community.self)
        check(Cohort.self)
        check(TrustRound.self)
        check(DeeperLearningTrait.self)
        check(MeetingChange.self)
        check(MeetingAgendaRecord.self)
    }

    @Test("a person read back has every field they were saved with")
    func savedAndReadBack() async throws {
        try await withTrellis { app, _ in
            // setup: a leader with every optional field set
            let fixture = try await Fixture.make(app)
            let user = try #require(try await User.find(fixture.own.leader, on: app.db))
            user.sourcedID = "src-17"
            user.yearsInRole = 4
            try await user.save(on: app.db)
            // MUT: read back through Fluent
            let read = try #require(try await User.find(fixture.own.leader, on: app.db))
            #expect(read.email == user.email && read.givenName == user.givenName && read.familyName == user.familyName)
            #expect(read.sourcedID == "src-17" && read.yearsInRole == 4 && read.role == user.role)
            #expect(read.$district.id == fixture.own.districtID && read.$school.id == fixture.own.schoolID)
            #expect(read.createdAt != nil && read.archived == false && read.passwordHash == user.passwordHash)
        }
    }
}
