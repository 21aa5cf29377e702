import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// The only way to read a story. A story nobody shared is its author's alone: not the facilitator's,
/// not an admin's, not a supervisor's. Shared with a peer, that peer reads it; shared with the
/// community, its members and the cohort's facilitators read it. Everyone else is told it does not exist.
extension DistrictScope {
    func readableStory(_ id: UUID) async throws -> Story {
        guard let story = try await query(Story.self).filter(\.$id == id).first() else { throw Abort(.notFound) }
        guard try await canRead(story) else { throw Abort(.notFound) }
        return story
    }

    func canRead(_ story: Story) async throws -> Bool {
        if story.$author.id == viewer.userID { return true }
        let storyID = try story.requireID()
        if try await StoryShare.query(on: database).filter(\.$story.$id == storyID)
            .filter(\.$peer.$id == viewer.userID).count() > 0
        {
            return true
        }
        guard let communityID = story.$sharedCommunity.id,
            let community = try await query(Community.self).filter(\.$id == communityID).first()
        else { return false }
        if try await CommunityMembership.query(on: database).filter(\.$community.$id == communityID)
            .filter(\.$user.$id == viewer.userID).count() > 0
        {
            return true
        }
        guard viewer.role == .facilitator else { return false }
        return try await viewerRoles(in: community.$cohort.id).contains(.facilitator)
    }

    /// The viewer's own stories, newest first, and those peers shared with them directly with their
    /// authors' names, newest first.
    func storiesForViewer() async throws -> (own: [Story], sharedWithMe: [(story: Story, author: String)]) {
        let own = try await query(Story.self).filter(\.$author.$id == viewer.userID).sort(\.$createdAt, .descending)
            .all()
        let inDistrict = districtCondition("st.district_id")
        let shared = try await database.sql().raw(
            """
            SELECT st.*, u.given_name AS author_given_name, u.family_name AS author_family_name
            FROM story_shares sh JOIN stories st ON st.id = sh.story_id JOIN users u ON u.id = st.author_id
            WHERE sh.peer_id = \(bind: viewer.userID) AND \(inDistrict) ORDER BY st.created_at DESC
            """
        ).all().map { row in
            (
                story: try row.decode(fluentModel: Story.self),
                author: MemberPerson.fullName(
                    given: try row.decode(column: "author_given_name", as: String.self),
                    family: try row.decode(column: "author_family_name", as: String.self))
            )
        }
        return (own, shared)
    }

    /// A story shared with a community, as the community page lists it.
    struct SharedStory: Sendable {
        let id: UUID
        let author: String
        let story: String
    }

    /// Stories shared with a community, newest first, for those who may read them there: one statement
    /// for the stories and their authors' names, one more only for a reader outside the community.
    func sharedStories(in community: Community) async throws -> [SharedStory] {
        let communityID = try community.requireID()
        let inDistrict = districtCondition("st.district_id")
        let rows = try await database.sql().raw(
            """
            SELECT st.id AS id, st.author_id AS author_id, st.story AS story,
              u.given_name AS given_name, u.family_name AS family_name
            FROM stories st JOIN users u ON u.id = st.author_id
            WHERE st.shared_community_id = \(bind: communityID) AND \(inDistrict) ORDER BY st.created_at DESC
            """
        ).all()
        let stories = try rows.map { row in
            (
                authorID: try row.decodeUUID(column: "author_id"),
                story: SharedStory(
                    id: try row.decodeUUID(column: "id"),
                    author: MemberPerson.fullName(
                        given: try row.decode(column: "given_name", as: String.self),
                        family: try row.decode(column: "family_name", as: String.self)),
                    story: try row.decode(column: "story", as: String.self))
            )
        }
        guard !stories.isEmpty else { return [] }
        // `canRead` for every story at once: all of them are shared with this community, so its members
        // and the cohort's facilitators read them all; anyone else, their own and those shared with them.
        if try await viewerCommunityIDs().contains(communityID) { return stories.map(\.story) }
        if viewer.role == .facilitator, try await viewerRoles(in: community.$cohort.id).contains(.facilitator) {
            return stories.map(\.story)
        }
        let sharedWithViewer = Set(
            try await StoryShare.query(on: database).filter(\.$story.$id ~~ stories.map(\.story.id))
                .filter(\.$peer.$id == viewer.userID).all().map { $0.$story.id })
        return stories.filter { $0.authorID == viewer.userID || sharedWithViewer.contains($0.story.id) }.map(\.story)
    }

    /// What a facilitator may know of a community's private work: how much, never what.
    func storyCounts(in community: Community) async throws -> (written: Int, shared: Int) {
        let members = try await CommunityMembership.query(on: database).filter(
            \.$community.$id == community.requireID()
        )
        .all().map { $0.$user.id }
        guard !members.isEmpty else { return (0, 0) }
        let written = try await query(Story.self).filter(\.$author.$id ~~ members).count()
        let shared = try await query(Story.self).filter(\.$sharedCommunity.$id == community.requireID()).count()
        return (written, shared)
    }
}

/// Writing, sharing and discussing stories.
enum StoryService {

    /// How many stories the cohort's leaders have written (a count only: stories stay private).
    static func counts(byLeadersOf cohortIDs: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !cohortIDs.isEmpty else { return [:] }
        var counts: [UUID: Int] = [:]
        for row in try await db.sql().raw(
            """
            SELECT m.cohort_id AS cohort_id, COUNT(DISTINCT st.id) AS stories
            FROM cohort_memberships m JOIN cohorts c ON c.id = m.cohort_id
            JOIN stories st ON st.author_id = m.user_id AND st.district_id = c.district_id
            WHERE m.cohort_id IN (\(SQLList(cohortIDs.map { SQLBind($0) }))) AND m.role = \(bind: CohortRole.leader.rawValue)
            GROUP BY m.cohort_id
            """
        ).all() {
            counts[try row.decodeUUID(column: "cohort_id")] = try row.decode(column: "stories", as: Int.self)
        }
        return counts
    }

    /// The first words of a story, for lists: its first line, cut at 90 characters.
    static func opening(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 90 ? String(line.prefix(90)) + "…" : line
    }

    static let longest = 5_000

    static func validate(story: String, need: String) throws -> (String, String) {
        let story = story.trimmingCharacters(in: .whitespacesAndNewlines)
        let need = need.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if story.isEmpty || story.count > longest {
            problems.append(
                .init(
                    field: "story",
                    message:
                        "Your story: tell it in up to 5 000 characters (a time you could not address an equity concern)."
                ))
        }
        if need.isEmpty || need.count > longest {
            problems.append(
                .init(
                    field: "need",
                    message: "What you needed: up to 5 000 characters (what you needed but did not have)."))
        }
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        return (story, need)
    }

    static func create(story: String, need: String, scope: DistrictScope) async throws -> Story {
        let (story, need) = try validate(story: story, need: need)
        guard let districtID = scope.viewer.districtID else { throw Abort(.forbidden) }
        let record = Story(districtID: districtID, authorID: scope.viewer.userID, story: story, need: need)
        try await record.create(on: scope.database)
        return record
    }

    /// The author's published community, in their most recent cohort that has one.
    static func authorsCommunity(scope: DistrictScope) async throws -> Community? {
        let communities = try await scope.publishedCommunities(of: scope.viewer.userID)
        guard !communities.isEmpty else { return nil }
        return try await scope.visibleCohorts().lazy.compactMap { communities[$0.id ?? UUID()] }.first
    }

    static func requireAuthor(_ story: Story, scope: DistrictScope) throws {
        guard story.$author.id == scope.viewer.userID else {
            throw Abort(.forbidden, reason: "Only the story's author shares it.")
        }
    }

    /// Shares with (or takes back from) the author's community.
    static func shareWithCommunity(_ story: Story, _ share: Bool, scope: DistrictScope) async throws {
        try requireAuthor(story, scope: scope)
        if share {
            guard let community = try await authorsCommunity(scope: scope) else {
                throw ValidationProblem(field: "community", "Share: you are not in a published community yet.")
            }
            story.$sharedCommunity.id = try community.requireID()
            story.sharedAt = scope.clock.now()
        } else {
            story.$sharedCommunity.id = nil
            story.sharedAt = nil
        }
        try await story.save(on: scope.database)
    }

    /// Shares with one peer of the author's community, who can then check the author's assumptions.
    static func shareWithPeer(_ story: Story, peerID: UUID, scope: DistrictScope) async throws {
        try requireAuthor(story, scope: scope)
        guard let community = try await authorsCommunity(scope: scope),
            let members = try await scope.communityMembers(of: [community.requireID()])[community.requireID()],
            members.contains(where: { $0.person.id == peerID }), peerID != scope.viewer.userID
        else {
            throw ValidationProblem(field: "peer", "Peer: choose someone from your community.")
        }
        let storyID = try story.requireID()
        guard
            try await StoryShare.query(on: scope.database).filter(\.$story.$id == storyID).filter(\.$peer.$id == peerID)
                .count() == 0
        else { return }
        try await StoryShare(storyID: storyID, peerID: peerID).create(on: scope.database)
    }

    /// Takes the story back from one peer: they no longer read it or its assumption check.
    static func unshareWithPeer(_ story: Story, peerID: UUID, scope: DistrictScope) async throws {
        try requireAuthor(story, scope: scope)
        try await StoryShare.query(on: scope.database).filter(\.$story.$id == story.requireID())
            .filter(\.$peer.$id == peerID).delete()
    }

    /// The author rewrites their story; whoever it is shared with reads the new words.
    static func update(_ story: Story, story text: String, need: String, scope: DistrictScope) async throws {
        try requireAuthor(story, scope: scope)
        let (text, need) = try validate(story: text, need: need)
        story.story = text
        story.need = need
        try await story.save(on: scope.database)
    }

    /// The author deletes their story, with its shares and its assumption check, for everyone.
    static func delete(_ story: Story, scope: DistrictScope) async throws {
        try requireAuthor(story, scope: scope)
        let storyID = try story.requireID()
        try await scope.database.transaction { db in
            try await PeerCheckMessage.query(on: db).filter(\.$story.$id == storyID).delete()
            try await StoryShare.query(on: db).filter(\.$story.$id == storyID).delete()
            try await story.delete(on: db)
        }
    }

    /// A message in the assumption check: from the author or a peer the story was shared with.
    static func addMessage(_ text: String, to story: Story, scope: DistrictScope) async throws {
        let storyID = try story.requireID()
        let isPeer =
            try await StoryShare.query(on: scope.database).filter(\.$story.$id == storyID)
            .filter(\.$peer.$id == scope.viewer.userID).count() > 0
        guard story.$author.id == scope.viewer.userID || isPeer else {
            throw Abort(.forbidden, reason: "Only the author and the peers they asked take part in the check.")
        }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= longest else {
            throw ValidationProblem(field: "message", "Your message: write something, up to 5 000 characters.")
        }
        try await PeerCheckMessage(storyID: storyID, authorID: scope.viewer.userID, text: text)
            .create(on: scope.database)
    }

    // MARK: reading what surrounds a story

    /// Loads the story's author.
    static func loadAuthor(of story: Story, on db: any Database) async throws {
        try await story.$author.load(on: db)
    }

    /// The full name of the story's author, if their account still exists.
    static func authorName(of story: Story, on db: any Database) async throws -> String? {
        try await User.find(story.$author.id, on: db)?.fullName
    }

    /// The story's shares with single peers (the peers themselves not loaded).
    static func shares(of storyID: UUID, on db: any Database) async throws -> [StoryShare] {
        try await StoryShare.query(on: db).filter(\.$story.$id == storyID).all()
    }

    /// Who reads a story besides its author: the peers it is shared with, by name, and the community it
    /// is shared with when that community is in the viewer's district.
    struct Readership: Sendable {
        var peers: [(id: UUID, name: String)] = []
        var community: String?
    }

    /// The readership of each story, by story id: two statements for any number of stories.
    static func readership(of stories: [Story], scope: DistrictScope) async throws -> [UUID: Readership] {
        let ids = try stories.map { try $0.requireID() }
        guard !ids.isEmpty else { return [:] }
        var readership: [UUID: Readership] = [:]
        for row in try await scope.database.sql().raw(
            """
            SELECT sh.story_id AS story_id, u.id AS peer_id, u.given_name AS given_name, u.family_name AS family_name
            FROM story_shares sh JOIN users u ON u.id = sh.peer_id
            WHERE sh.story_id IN (\(SQLList(ids.map { SQLBind($0) })))
            """
        ).all() {
            readership[try row.decodeUUID(column: "story_id"), default: .init()].peers.append(
                (
                    try row.decodeUUID(column: "peer_id"),
                    MemberPerson.fullName(
                        given: try row.decode(column: "given_name", as: String.self),
                        family: try row.decode(column: "family_name", as: String.self))
                ))
        }
        let communityIDs = Set(stories.compactMap { $0.$sharedCommunity.id })
        if !communityIDs.isEmpty {
            var names: [UUID: String] = [:]
            for row in try await scope.database.sql().raw(
                """
                SELECT id, name FROM communities WHERE id IN (\(SQLList(communityIDs.map { SQLBind($0) })))
                AND \(scope.districtCondition("district_id"))
                """
            ).all() {
                names[try row.decodeUUID(column: "id")] = try row.decode(column: "name", as: String.self)
            }
            for story in stories {
                if let communityID = story.$sharedCommunity.id, let name = names[communityID] {
                    readership[try story.requireID(), default: .init()].community = name
                }
            }
        }
        return readership
    }

    /// Whether the story was shared with this person as a peer.
    static func isPeer(_ userID: UUID, of storyID: UUID, on db: any Database) async throws -> Bool {
        try await StoryShare.query(on: db).filter(\.$story.$id == storyID).filter(\.$peer.$id == userID).count() > 0
    }

    /// The story's assumption check, oldest message first (authors not loaded).
    static func messages(of storyID: UUID, on db: any Database) async throws -> [PeerCheckMessage] {
        try await PeerCheckMessage.query(on: db).filter(\.$story.$id == storyID).sort(\.$createdAt).all()
    }

    /// The story's assumption check, oldest message first, each with its author loaded.
    static func messagesWithAuthors(of storyID: UUID, on db: any Database) async throws -> [PeerCheckMessage] {
        try await PeerCheckMessage.query(on: db).filter(\.$story.$id == storyID).sort(\.$createdAt)
            .with(\.$author).all()
    }
}
