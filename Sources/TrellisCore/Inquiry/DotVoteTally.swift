/// The totals of a closed dot vote: one row per question, most votes first. Only totals: the
/// tally keeps no voter.
public struct DotVoteTally: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public let questionID: String
        public let votes: Int
        /// 1 for the first row, 2 for the second, and so on, ties included.
        public let place: Int
        /// Another question has as many votes; the earlier drafted one is listed first.
        public let isTied: Bool
    }

    /// Most votes first; among equal votes the earlier drafted question first, so the order never
    /// depends on how ballots arrived.
    public let rows: [Row]
    public let ballotCount: Int

    /// `questionIDs` in the order they were drafted; a repeated id counts once, at its first place.
    /// Throws on the first ballot (in the order given) that cannot count.
    public init(questionIDs: [String], ballots: [DotVoteBallot], votesPerMember: Int) throws(DotVoteProblem) {
        var drafted: [String] = []
        for id in questionIDs where !drafted.contains(id) { drafted.append(id) }
        let known = Set(drafted)
        var totals: [String: Int] = [:]
        var voters: Set<String> = []
        for ballot in ballots {
            guard voters.insert(ballot.voterID).inserted else { throw .secondBallot }
            try ballot.check(questionIDs: known, votesPerMember: votesPerMember)
            for (questionID, count) in ballot.dots { totals[questionID, default: 0] += count }
        }
        let ranked = drafted.enumerated().sorted {
            (-(totals[$0.element] ?? 0), $0.offset) < (-(totals[$1.element] ?? 0), $1.offset)
        }.map(\.element)
        var counts: [Int: Int] = [:]
        for id in drafted { counts[totals[id] ?? 0, default: 0] += 1 }
        rows = ranked.enumerated().map { index, id in
            let votes = totals[id] ?? 0
            return Row(questionID: id, votes: votes, place: index + 1, isTied: counts[votes]! > 1)
        }
        ballotCount = ballots.count
    }

    public func votes(for questionID: String) -> Int {
        rows.first { $0.questionID == questionID }?.votes ?? 0
    }

    /// The first `count` rows: the questions the community talks about before adopting one.
    public func top(_ count: Int) -> [Row] {
        Array(rows.prefix(max(count, 0)))
    }

    /// Every question with the most votes: one when there is a clear winner, several when the
    /// community has a tie to talk through, none when nobody voted.
    public var leaders: [Row] {
        guard let most = rows.first?.votes, most > 0 else { return [] }
        return rows.filter { $0.votes == most }
    }
}
