/// What the analysis needs to know about one item: its facet and direction, not its wording. A
/// long-form CSV describes its items this way, without text.
public struct TrustItemKey: Sendable, Hashable, Codable {
    public let id: String
    public let facet: TrustFacet
    public let reverse: Bool

    public init(id: String, facet: TrustFacet, reverse: Bool) {
        self.id = id
        self.facet = facet
        self.reverse = reverse
    }
}

/// A problem with one submitted set of answers; the server turns it into a form error.
public enum TrustAnswerProblem: Error, Sendable, Hashable {
    case unknownItem(String)
    case outOfRange(item: String, value: Int, scale: Int)
}

/// The anonymous responses of one round: one row per response, one column per item, stored flat
/// (`values[response * items.count + item]`) so the analysis runs over contiguous bytes without a
/// dictionary in sight. A response carries only its answers and its community, never a person.
public struct TrustResponseMatrix: Sendable {
    /// `notAnswered` in a cell: the response skipped that item.
    public static let notAnswered: UInt8 = 0
    /// `communityOfResponse` for a response that belongs to no community (before communities are
    /// formed, or a leader outside them); it still counts in the cohort.
    public static let noCommunity: Int32 = -1

    public let scale: Int
    public let items: [TrustItemKey]
    /// Answers as given (not yet reversed), 1...scale, or `notAnswered`.
    public private(set) var values: [UInt8]
    /// Community names, in the order they were first named.
    public private(set) var communities: [String]
    /// For each response, its position in `communities`, or `noCommunity`.
    public private(set) var communityOfResponse: [Int32]
    private var communityPositions: [String: Int32]

    /// `communities` lists communities to report even when none of their members answered (they
    /// show as suppressed with n = 0); others are added as responses name them.
    public init(scale: Int, items: [TrustItemKey], communities: [String] = []) {
        precondition((2...255).contains(scale), "a scale has 2 to 255 points")
        self.scale = scale
        self.items = items
        self.values = []
        self.communities = []
        self.communityOfResponse = []
        self.communityPositions = [:]
        for community in communities {
            _ = position(of: community)
        }
    }

    public init(instrument: TrustInstrument, communities: [String] = []) {
        self.init(scale: instrument.scale, items: instrument.items.map(\.key), communities: communities)
    }

    /// Assembled by a reader that has already checked every value; `values` is row-major with
    /// `items.count` columns.
    init(scale: Int, items: [TrustItemKey], values: [UInt8], communities: [String], communityOfResponse: [Int32]) {
        self.scale = scale
        self.items = items
        self.values = values
        self.communities = communities
        self.communityOfResponse = communityOfResponse
        self.communityPositions = Dictionary(
            uniqueKeysWithValues: communities.enumerated().map { ($0.element, Int32($0.offset)) })
    }

    /// The number of responses.
    public var count: Int { communityOfResponse.count }

    /// Adds a response given in item order; `notAnswered` marks a skipped item. The values must be
    /// in range: this is for callers that built them from the instrument.
    public mutating func append(values row: [UInt8], community: String?) {
        precondition(row.count == items.count, "one value per item")
        precondition(row.allSatisfy { Int($0) <= scale }, "values within the scale")
        values.append(contentsOf: row)
        communityOfResponse.append(community.map { position(of: $0) } ?? Self.noCommunity)
    }

    /// Adds a response given as item id → value, as a submitted form carries it; items left out
    /// count as skipped.
    public mutating func append(answers: [String: Int], community: String?) throws(TrustAnswerProblem) {
        var row = [UInt8](repeating: Self.notAnswered, count: items.count)
        for (id, value) in answers {
            guard let column = items.firstIndex(where: { $0.id == id }) else {
                throw .unknownItem(id)
            }
            guard (1...scale).contains(value) else {
                throw .outOfRange(item: id, value: value, scale: scale)
            }
            row[column] = UInt8(value)
        }
        append(values: row, community: community)
    }

    /// The answer of `response` to the item in `column`, or nil when it was skipped.
    public func value(response: Int, column: Int) -> Int? {
        let value = values[response * items.count + column]
        return value == Self.notAnswered ? nil : Int(value)
    }

    public func community(ofResponse response: Int) -> String? {
        let position = communityOfResponse[response]
        return position == Self.noCommunity ? nil : communities[Int(position)]
    }

    private mutating func position(of community: String) -> Int32 {
        if let position = communityPositions[community] { return position }
        let position = Int32(communities.count)
        communities.append(community)
        communityPositions[community] = position
        return position
    }
}
