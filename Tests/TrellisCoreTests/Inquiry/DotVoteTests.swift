import Testing

@testable import TrellisCore

extension InquiryTests {
    @Suite("Dot voting")
    struct DotVoteTests {
        /// Drafted in this order.
        static let questions = ["q1", "q2", "q3", "q4"]

        static func ballot(_ voter: String, _ dots: [String: Int]) -> DotVoteBallot {
            DotVoteBallot(voterID: voter, dots: dots)
        }

        static func tally(_ ballots: [DotVoteBallot]) throws -> DotVoteTally {
            try DotVoteTally(questionIDs: questions, ballots: ballots, votesPerMember: 3)
        }

        @Test("totals per question, most votes first, dots stacked as members like")
        func totals() throws {
            let tally = try Self.tally([
                Self.ballot("kim", ["q3": 2, "q1": 1]),
                Self.ballot("lee", ["q1": 1, "q3": 1, "q2": 1]),
                Self.ballot("ana", ["q2": 3]),
            ])
            #expect(tally.rows.map(\.questionID) == ["q2", "q3", "q1", "q4"])
            #expect(tally.rows.map(\.votes) == [4, 3, 2, 0])
            #expect(tally.rows.map(\.place) == [1, 2, 3, 4])
            #expect(tally.rows.allSatisfy { !$0.isTied })
            #expect(tally.ballotCount == 3)
            #expect(tally.votes(for: "q3") == 3 && tally.votes(for: "nope") == 0)
            #expect(tally.top(2).map(\.questionID) == ["q2", "q3"])
            #expect(tally.top(9).count == 4 && tally.top(-1).isEmpty)
            #expect(tally.leaders.map(\.questionID) == ["q2"])
        }

        @Test("ties go to the question drafted first, whatever order the ballots came in")
        func ties() throws {
            let ballots = [
                Self.ballot("kim", ["q2": 1, "q4": 2]),
                Self.ballot("lee", ["q4": 1, "q2": 2]),
                Self.ballot("ana", ["q1": 1]),
            ]
            let tally = try Self.tally(ballots)
            #expect(tally.rows.map(\.questionID) == ["q2", "q4", "q1", "q3"])
            #expect(tally.rows.map(\.votes) == [3, 3, 1, 0])
            #expect(tally.rows.map(\.isTied) == [true, true, false, false])
            #expect(tally.leaders.map(\.questionID) == ["q2", "q4"])
            #expect(try Self.tally(ballots.reversed()) == tally)
            #expect(try Self.tally([ballots[2], ballots[0], ballots[1]]) == tally)
        }

        @Test("nobody voted: every question at 0, in drafting order, no leader")
        func empty() throws {
            let tally = try Self.tally([])
            #expect(tally.rows.map(\.questionID) == Self.questions)
            #expect(tally.rows.allSatisfy { $0.votes == 0 && $0.isTied })
            #expect(tally.leaders.isEmpty)
        }

        @Test(
            "ballots that cannot count are refused, naming what is wrong",
            arguments: [
                ([ballot("kim", ["q1": 2, "q2": 2])], DotVoteProblem.overAllowance(used: 4, allowed: 3)),
                ([ballot("kim", ["q1": 4])], .overAllowance(used: 4, allowed: 3)),
                ([ballot("kim", ["q1": 1]), ballot("lee", ["q9": 1])], .unknownQuestion("q9")),
                ([ballot("kim", ["q1": 4, "q2": -1])], .negative(questionID: "q2", votes: -1)),
                ([ballot("kim", ["q1": 1]), ballot("kim", ["q2": 1])], .secondBallot),
            ])
        func refused(ballots: [DotVoteBallot], problem: DotVoteProblem) {
            #expect(throws: problem) { try Self.tally(ballots) }
        }

        @Test("the over-allowance message says how many were used and how many are allowed")
        func overAllowanceMessage() {
            #expect(
                DotVoteProblem.overAllowance(used: 5, allowed: 3).description
                    == "This ballot uses 5 votes, but each member has 3. Take 2 off and vote again.")
        }

        @Test("a form's dots, one field per dot, stack on repeated questions")
        func ballotFromForm() {
            let ballot = DotVoteBallot(voterID: "kim", questionIDs: ["q1", "q3", "q1"])
            #expect(ballot.dots == ["q1": 2, "q3": 1])
            #expect(ballot.used == 3)
            #expect(DotVoteBallot(voterID: "kim", dots: ["q1": 0, "q2": 1]).dots == ["q2": 1])
        }

        @Test("while open, each member sees only their own dots; once closed, only totals")
        func hiddenWhileOpen() throws {
            var vote = try DotVote(questionIDs: Self.questions)
            #expect(vote.votesPerMember == 3 && vote.isOpen)
            try vote.cast(Self.ballot("kim", ["q1": 3]))
            try vote.cast(Self.ballot("lee", ["q2": 1]))
            // A member changes their mind: the new ballot replaces the old one.
            try vote.cast(Self.ballot("kim", ["q2": 1, "q3": 1]))
            #expect(vote.results == nil)
            #expect(vote.voterCount == 2)
            #expect(vote.ballot(of: "kim")?.dots == ["q2": 1, "q3": 1])
            #expect(vote.votesLeft(for: "kim") == 1 && vote.votesLeft(for: "ana") == 3)
            #expect(throws: DotVoteProblem.overAllowance(used: 4, allowed: 3)) {
                try vote.cast(Self.ballot("ana", ["q4": 4]))
            }

            vote.close()
            #expect(throws: DotVoteProblem.closed) { try vote.cast(Self.ballot("ana", ["q4": 1])) }
            let results = try #require(vote.results)
            #expect(results.rows.map(\.questionID) == ["q2", "q3", "q1", "q4"])
            #expect(results.rows.map(\.votes) == [2, 1, 0, 0])
            #expect(results.ballotCount == 2)
        }

        @Test("a vote needs questions and at least one vote each")
        func setUp() throws {
            #expect(throws: DotVoteProblem.noQuestions) { try DotVote(questionIDs: []) }
            #expect(throws: DotVoteProblem.noVotes(0)) { try DotVote(questionIDs: ["q1"], votesPerMember: 0) }
            var five = try DotVote(questionIDs: ["q1"], votesPerMember: 5)
            try five.cast(Self.ballot("kim", ["q1": 5]))
            #expect(five.votesLeft(for: "kim") == 0)
        }
    }
}
