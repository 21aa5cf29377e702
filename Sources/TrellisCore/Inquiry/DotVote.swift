/// A community's dot vote on its drafted questions.
///
/// Each member has `votesPerMember` dots and may stack them (all of them on one question if they
/// like), as with paper dots on a wall: a strong preference counts as strongly as it is felt. A
/// member's new ballot replaces their earlier one while the vote is open. Nobody sees any count
/// while the vote is open, so early dots cannot sway later ones; once it closes, only the totals
/// show, never who voted for what.
public struct DotVote: Sendable, Hashable {
    public static let defaultVotesPerMember = 3

    /// In the order they were drafted, which is the order that breaks ties.
    public let questionIDs: [String]
    public let votesPerMember: Int
    public private(set) var isOpen = true
    /// By voter; kept private so that no caller can read another member's dots.
    private var ballots: [String: DotVoteBallot] = [:]

    public init(questionIDs: [String], votesPerMember: Int = defaultVotesPerMember) throws(DotVoteProblem) {
        guard !questionIDs.isEmpty else { throw .noQuestions }
        guard votesPerMember >= 1 else { throw .noVotes(votesPerMember) }
        self.questionIDs = questionIDs
        self.votesPerMember = votesPerMember
    }

    /// Records the member's ballot, replacing any earlier one.
    public mutating func cast(_ ballot: DotVoteBallot) throws(DotVoteProblem) {
        guard isOpen else { throw .closed }
        try ballot.check(questionIDs: Set(questionIDs), votesPerMember: votesPerMember)
        ballots[ballot.voterID] = ballot
    }

    /// The member's own ballot, so their page can show where their dots are.
    public func ballot(of voterID: String) -> DotVoteBallot? {
        ballots[voterID]
    }

    public func votesLeft(for voterID: String) -> Int {
        votesPerMember - (ballots[voterID]?.used ?? 0)
    }

    /// How many members have voted: the one number shown while the vote is open.
    public var voterCount: Int { ballots.count }

    public mutating func close() {
        isOpen = false
    }

    /// The totals, or nil while the vote is open.
    public var results: DotVoteTally? {
        guard !isOpen else { return nil }
        // Every ballot was checked when cast, against the same questions and allowance.
        return try? DotVoteTally(
            questionIDs: questionIDs, ballots: Array(ballots.values), votesPerMember: votesPerMember)
    }
}

/// One member's dots: how many they put on each question.
public struct DotVoteBallot: Sendable, Hashable, Codable {
    public let voterID: String
    /// Question id → dots on it; questions without dots are left out.
    public let dots: [String: Int]

    public init(voterID: String, dots: [String: Int]) {
        self.voterID = voterID
        self.dots = dots.filter { $0.value != 0 }
    }

    /// One dot per listed question id, a repeated id stacking dots, as a form with one field per
    /// dot sends them.
    public init(voterID: String, questionIDs: [String]) {
        self.init(voterID: voterID, dots: questionIDs.reduce(into: [:]) { $0[$1, default: 0] += 1 })
    }

    public var used: Int { dots.values.reduce(0, +) }

    func check(questionIDs: Set<String>, votesPerMember: Int) throws(DotVoteProblem) {
        for (questionID, count) in dots.sorted(by: { $0.key < $1.key }) {
            guard questionIDs.contains(questionID) else { throw .unknownQuestion(questionID) }
            guard count > 0 else { throw .negative(questionID: questionID, votes: count) }
        }
        guard used <= votesPerMember else { throw .overAllowance(used: used, allowed: votesPerMember) }
    }
}

/// Why a vote cannot be set up or a ballot cannot count. Messages never name a voter: a vote is
/// anonymous even in its errors.
public enum DotVoteProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case noQuestions
    case noVotes(Int)
    case closed
    case unknownQuestion(String)
    case negative(questionID: String, votes: Int)
    case overAllowance(used: Int, allowed: Int)
    /// Two ballots from one member reached a tally; `cast` replaces instead.
    case secondBallot

    public var description: String {
        switch self {
        case .noQuestions:
            "Draft at least one \"How might we …\" question before opening the vote."
        case .noVotes(let votes):
            "Give each member at least 1 vote (this vote gives \(votes))."
        case .closed:
            "The vote has closed; your votes were not changed."
        case .unknownQuestion(let id):
            "A vote is for a question that is not in this vote (\(id)); reload the page to see the questions."
        case .negative(let id, let votes):
            "A question cannot get fewer than 0 votes (question \(id) got \(votes))."
        case .overAllowance(let used, let allowed):
            "This ballot uses \(used) votes, but each member has \(allowed). "
                + "Take \(used - allowed) off and vote again."
        case .secondBallot:
            "A member has two ballots in this vote; each member counts once."
        }
    }
}
