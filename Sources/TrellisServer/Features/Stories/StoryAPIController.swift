import Fluent
import Foundation
import TrellisCore
import Vapor

/// `POST /api/v1/stories` and `GET /api/v1/stories/{id}`: a leader's own stories through the API, under
/// the same rules as the pages.
enum StoryAPIController {
    static func register(_ routes: RouteGroups) {
        let api = routes.api
        api.grouped(RoleGuard(.leader)).post(SiteURL.api(.stories).pathComponents, use: create)
        api.grouped(RoleGuard(.leader)).get(SiteURL.api(.stories).pathComponents, use: list)
        api.get(SiteURL.api(.story(.key)).pathComponents, use: show)
        api.post(SiteURL.api(.storyStep(.key, .sharing)).pathComponents, use: share)
        api.get(SiteURL.api(.storyStep(.key, .messages)).pathComponents, use: messages)
        api.post(SiteURL.api(.storyStep(.key, .messages)).pathComponents, use: addMessage)
    }

    struct SharingBody: Content {
        /// true shares with the author's community, false takes it back.
        var community: Bool?
        /// A member of the author's community, who can then check the author's assumptions.
        var peerId: UUID?
    }

    /// The author shares; 422 names the field when the peer is not in their community or they have none.
    @Sendable static func share(_ request: Request) async throws -> StoryDTO {
        let scope = try request.scope
        let story = try await scope.readableStory(try request.idParameter())
        try request.requireJSONBody()
        let body = try request.content.decode(SharingBody.self)
        try StoryService.requireAuthor(story, scope: scope)
        guard body.community != nil || body.peerId != nil else {
            throw ValidationProblem(field: "community", "Say whom to share with: community, or peerId.")
        }
        // The peer first: it is the share that can be refused, and a refusal must leave nothing changed
        // (a peer can only be chosen by an author who has a community to share with).
        if let peer = body.peerId { try await StoryService.shareWithPeer(story, peerID: peer, scope: scope) }
        if let community = body.community { try await StoryService.shareWithCommunity(story, community, scope: scope) }
        return try await StoryDTO(story, on: request.db)
    }

    struct MessageDTO: Content {
        var authorId: UUID
        var text: String
        var createdAt: Date?
    }

    /// The assumption check: only the author and the peers they asked read or write it (403 for others who
    /// may read the story, 404 for everyone else).
    static func checkMessages(_ request: Request) async throws -> (Story, ItemList<MessageDTO>) {
        let scope = try request.scope
        let story = try await scope.readableStory(try request.idParameter())
        let storyID = try story.requireID()
        let isPeer = try await StoryService.isPeer(scope.viewer.userID, of: storyID, on: request.db)
        guard story.$author.id == scope.viewer.userID || isPeer else {
            throw Abort(.forbidden, reason: "Only the author and the peers they asked take part in the check.")
        }
        let messages = try await StoryService.messages(of: storyID, on: request.db)
        return (
            story,
            ItemList(
                items: messages.map { MessageDTO(authorId: $0.$author.id, text: $0.text, createdAt: $0.createdAt) })
        )
    }

    @Sendable static func messages(_ request: Request) async throws -> ItemList<MessageDTO> {
        try await checkMessages(request).1
    }

    struct NewMessage: Content {
        var text: String?
    }

    @Sendable static func addMessage(_ request: Request) async throws -> Response {
        let (story, _) = try await checkMessages(request)
        try request.requireJSONBody()
        let body = try request.content.decode(NewMessage.self)
        try await StoryService.addMessage(body.text ?? "", to: story, scope: try request.scope)
        return try .created(try await checkMessages(request).1)
    }

    struct StoryDTO: Content {
        var id: UUID
        var authorId: UUID
        var story: String
        var need: String
        var sharedCommunityId: UUID?
        var sharedWith: [UUID]

        init(_ story: Story, on db: any Database) async throws {
            try self.init(
                story, sharedWith: try await StoryService.shares(of: story.requireID(), on: db).map { $0.$peer.id })
        }

        init(_ story: Story, sharedWith: [UUID]) throws {
            id = try story.requireID()
            authorId = story.$author.id
            self.story = story.story
            need = story.need
            sharedCommunityId = story.$sharedCommunity.id
            self.sharedWith = sharedWith
        }
    }

    struct NewStory: Content {
        var story: String?
        var need: String?
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        try request.requireJSONBody()
        let body = try request.content.decode(NewStory.self)
        let story = try await StoryService.create(
            story: body.story ?? "", need: body.need ?? "", scope: try request.scope)
        return try .created(
            try await StoryDTO(story, on: request.db), at: SiteURL.api(.story(.value(try story.requireID()))))
    }

    @Sendable static func list(_ request: Request) async throws -> ItemList<StoryDTO> {
        let scope = try request.scope
        let (own, shared) = try await scope.storiesForViewer()
        let stories = own + shared.map(\.story)
        let readership = try await StoryService.readership(of: stories, scope: scope)
        return ItemList(
            items: try stories.map { story in
                try StoryDTO(story, sharedWith: readership[try story.requireID()]?.peers.map(\.id) ?? [])
            })
    }

    @Sendable static func show(_ request: Request) async throws -> StoryDTO {
        try await StoryDTO(try await request.scope.readableStory(try request.idParameter()), on: request.db)
    }
}
