import Fluent
import Foundation
import TrellisCore
import Vapor

/// A leader's private space for equity stories, sharing with a peer or the community, and the peer's
/// assumption check.
enum StoryController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        let leaders = pages.grouped(RoleGuard(.leader))
        leaders.get(SiteURL.stories.pathComponents, use: list)
        leaders.post(SiteURL.stories.pathComponents, use: create)
        pages.get(SiteURL.story(.key).pathComponents, use: show)
        leaders.post(SiteURL.storyStep(.key, .sharing).pathComponents, use: share)
        leaders.post(SiteURL.storyStep(.key, .edit).pathComponents, use: edit)
        leaders.post(SiteURL.storyStep(.key, .deletion).pathComponents, use: delete)
        pages.post(SiteURL.storyStep(.key, .messages).pathComponents, use: message)
    }

    struct StoryForm: Content {
        var story: String?
        var need: String?
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        try await renderList(request, form: StoryForm(), problems: [], status: .ok)
    }

    static func renderList(_ request: Request, form: StoryForm, problems: [FieldProblem], status: HTTPResponseStatus)
        async throws -> Response
    {
        let scope = try request.scope
        let (own, shared) = try await scope.storiesForViewer()
        let readership = try await StoryService.readership(of: own, scope: scope)
        var items: [StoriesPage.Item] = []
        for story in own {
            items.append(
                .init(
                    id: try story.requireID(), opening: StoryService.opening(story.story),
                    sharing: try await readers(of: story, readership[try story.requireID()] ?? .init(), scope: scope)))
        }
        let model = StoriesPage.Model(
            own: items,
            sharedWithMe: try shared.map {
                (try $0.story.requireID(), $0.author, StoryService.opening($0.story.story))
            },
            story: form.story ?? "", need: form.need ?? "", problems: problems,
            notice: request.query[String.self, at: "done"] == "deleted" ? "Deleted, with its assumption check." : nil)
        return StoriesPage.view(model, context: PageContext(request)).response(status: status)
    }

    /// "only you" to the author; to anyone else, the author first by name ("Leah Goldberg, who wrote
    /// it, you, the members of …"), so a reader always knows whose words these are.
    static func readers(
        of story: Story, _ readership: StoryService.Readership, authorName: String? = nil, scope: DistrictScope
    ) async throws -> String {
        let viewerID = scope.viewer.userID
        // The viewer, when they are one of the peers, reads "you", first.
        let others = readership.peers.filter { $0.id != viewerID }.map(\.name).sorted()
        let peers: [String] = (readership.peers.contains { $0.id == viewerID } ? ["you"] : []) + others
        var parts: [String] = []
        if let community = readership.community {
            parts.append("the members of \(community) and its facilitators")
        }
        parts += peers
        guard story.$author.id != viewerID else {
            return parts.isEmpty ? "only you" : "you, " + parts.joined(separator: ", ")
        }
        var author = authorName
        if author == nil { author = try await StoryService.authorName(of: story, on: scope.database) }
        let name = author ?? "its author"
        return (["\(name), who wrote it"] + parts).joined(separator: ", ")
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(StoryForm.self)
        do {
            let story = try await StoryService.create(
                story: form.story ?? "", need: form.need ?? "", scope: try request.scope)
            return request.redirect(to: SiteURL.story(.value(try story.requireID())).relativeURL(.done(.kept)))
        } catch let problem as ValidationProblem {
            return try await renderList(request, form: form, problems: problem.problems, status: .unprocessableEntity)
        }
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        let notices = [
            "kept": "Kept. Only you can read it.", "shared": "Sharing changed.", "sent": "Sent.",
            "edited": "Saved. Whoever it is shared with reads the new words.",
        ]
        return try await renderStory(
            request, problems: [], status: .ok, message: "",
            notice: request.query[String.self, at: "done"].flatMap { notices[$0] })
    }

    static func renderStory(
        _ request: Request, problems: [FieldProblem], status: HTTPResponseStatus, message: String,
        notice: String? = nil,
        draft: (story: String, need: String)? = nil
    ) async throws -> Response {
        let scope = try request.scope
        let story = try await scope.readableStory(try request.idParameter())
        let storyID = try story.requireID()
        try await StoryService.loadAuthor(of: story, on: request.db)
        let isAuthor = story.$author.id == scope.viewer.userID
        // who reads it, read once: the peers it is shared with (by name) and the community
        let readership = try await StoryService.readership(of: [story], scope: scope)[storyID] ?? .init()
        let isPeer = readership.peers.contains { $0.id == scope.viewer.userID }
        let community = isAuthor ? try await StoryService.authorsCommunity(scope: scope) : nil
        var peers: [(String, String)] = []
        if let community, let id = community.id {
            let shared = Set(readership.peers.map(\.id))
            peers = (try await scope.communityMembers(of: [id])[id] ?? [])
                .filter { $0.person.id != scope.viewer.userID && !shared.contains($0.person.id ?? UUID()) }
                .compactMap { member in (UUIDText.lowercased(member.person.id), member.person.fullName) }
        }
        let messages = try await StoryService.messagesWithAuthors(of: storyID, on: request.db)
        let sharedPeers: [(String, String)] =
            isAuthor
            ? readership.peers.sorted { $0.name < $1.name }.map { (UUIDText.lowercased($0.id), $0.name) } : []
        let model = StoryPage.Model(
            id: storyID, author: story.author.fullName, isAuthor: isAuthor, story: story.story, need: story.need,
            readers: try await readers(of: story, readership, authorName: story.author.fullName, scope: scope),
            sharedWithCommunity: story.$sharedCommunity.id != nil,
            communityName: community?.name, peers: peers,
            messages: messages.map { ($0.author.fullName, $0.text) },
            canDiscuss: isAuthor ? !readership.peers.isEmpty : isPeer, message: message, problems: problems,
            notice: notice,
            sharedPeers: sharedPeers, draft: draft ?? (story.story, story.need))
        return StoryPage.view(model, context: PageContext(request)).response(status: status)
    }

    struct SharingForm: Content {
        var community: String?
        var peer: String?
        var removePeer: String?
        /// Sharing with the whole community asks the author to confirm who will read it.
        var confirm: String?
    }

    @Sendable static func share(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let story = try await scope.readableStory(try request.idParameter())
        let form = try request.content.decode(SharingForm.self)
        do {
            if let removed = form.removePeer {
                try await StoryService.unshareWithPeer(story, peerID: UUID(uuidString: removed) ?? UUID(), scope: scope)
            } else if let community = form.community {
                try StoryService.requireAuthor(story, scope: scope)
                guard community != "yes" || form.confirm == "yes" else {
                    throw ValidationProblem(
                        field: "confirm",
                        "Confirm: tick the box to say you want every member of your community and its facilitators to read this story."
                    )
                }
                try await StoryService.shareWithCommunity(story, community == "yes", scope: scope)
            } else {
                try await StoryService.shareWithPeer(
                    story, peerID: form.peer.flatMap(UUID.init(uuidString:)) ?? UUID(), scope: scope)
            }
        } catch let problem as ValidationProblem {
            return try await renderStory(request, problems: problem.problems, status: .unprocessableEntity, message: "")
        }
        return request.redirect(to: SiteURL.story(.value(try story.requireID())).relativeURL(.done(.shared)))
    }

    @Sendable static func edit(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let story = try await scope.readableStory(try request.idParameter())
        let form = try request.content.decode(StoryForm.self)
        do {
            try await StoryService.update(story, story: form.story ?? "", need: form.need ?? "", scope: scope)
        } catch let problem as ValidationProblem {
            return try await renderStory(
                request, problems: problem.problems, status: .unprocessableEntity, message: "",
                draft: (form.story ?? "", form.need ?? ""))
        }
        return request.redirect(to: SiteURL.story(.value(try story.requireID())).relativeURL(.done(.edited)))
    }

    struct DeletionForm: Content {
        var confirmDeletion: String?
    }

    @Sendable static func delete(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let story = try await scope.readableStory(try request.idParameter())
        guard try request.content.decode(DeletionForm.self).confirmDeletion == "yes" else {
            return try await renderStory(
                request,
                problems: [
                    .init(
                        field: "delete-confirm",
                        message: "Delete: tick the box to say you want the story gone for good.")
                ], status: .unprocessableEntity, message: "")
        }
        try await StoryService.delete(story, scope: scope)
        return request.redirect(to: SiteURL.stories.relativeURL(.done(.deleted)))
    }

    struct MessageForm: Content {
        var message: String?
    }

    @Sendable static func message(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let story = try await scope.readableStory(try request.idParameter())
        let form = try request.content.decode(MessageForm.self)
        do {
            try await StoryService.addMessage(form.message ?? "", to: story, scope: scope)
        } catch let problem as ValidationProblem {
            return try await renderStory(
                request, problems: problem.problems, status: .unprocessableEntity, message: form.message ?? "")
        }
        return request.redirect(to: SiteURL.story(.value(try story.requireID())).relativeURL(.done(.sent)))
    }
}
