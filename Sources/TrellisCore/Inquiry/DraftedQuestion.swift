/// A "How might we …" question a member drafted, linked to the buckets and notes it grew from.
public struct DraftedQuestion: Sendable, Hashable, Codable, Identifiable {
    public let id: String
    /// As `HowMightWe.validate` keeps it.
    public let text: String
    public let authorID: String
    public var buckets: [RootCauseBucket]
    public var noteIDs: [String]

    /// Only a draft that passes `HowMightWe.validate` becomes a question; a stored question passes
    /// again unchanged.
    public init(
        id: String, draft: String, authorID: String, buckets: [RootCauseBucket] = [], noteIDs: [String] = []
    ) throws(HowMightWeProblem) {
        self.id = id
        self.text = try HowMightWe.validate(draft).get()
        self.authorID = authorID
        self.buckets = buckets
        self.noteIDs = noteIDs
    }
}
