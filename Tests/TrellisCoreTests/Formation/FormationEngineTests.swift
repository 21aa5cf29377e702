import Testing

@testable import TrellisCore

@Suite("Formation engine")
struct FormationEngineTests {
    typealias S = FormationSamples

    /// `count` leaders who all chose family engagement first, with the given years and schools
    /// (cycled).
    static func sameChoice(_ count: Int, years: [Int] = [5], schools: [String] = [""]) -> [FormationLeader] {
        (0..<count).map {
            S.leader("l\($0)", ["family"], school: schools[$0 % schools.count], years: years[$0 % years.count])
        }
    }

    // MARK: - Hard constraints

    @Test("every leader is in exactly one community, and every size is within the range")
    func everyoneOnceWithinSizes() throws {
        // setup
        let request = FormationRequest(leaders: Self.sameChoice(10), sizes: 5...5)

        // MUT
        let proposal = try Formation.formCommunities(request)

        // validation
        #expect(proposal.communities.map(\.members.count) == [5, 5])
        #expect(S.brokenConstraints(proposal, request) == [])
    }

    @Test("exactly K communities when K is asked for, even when more would score higher")
    func exactCount() throws {
        // setup: four communities of three could each mix a new leader; two are asked for
        let request = FormationRequest(
            leaders: Self.sameChoice(12, years: [1, 5, 6]), sizes: 3...6, communityCount: 2)

        // MUT
        let proposal = try Formation.formCommunities(request)

        // validation
        #expect(proposal.communities.count == 2)
        #expect(proposal.score.mix == 2)
        #expect(S.brokenConstraints(proposal, request) == [])
    }

    @Test("without K, the engine picks the number of communities that scores best")
    func chosenCount() throws {
        // setup
        let request = FormationRequest(leaders: Self.sameChoice(12, years: [1, 5, 6]), sizes: 3...6)

        // MUT
        let proposal = try Formation.formCommunities(request)

        // validation
        #expect(proposal.communities.count == 4)
        #expect(proposal.score == FormationScore(preference: 36, mix: 4, sameSchoolPairs: 0))
    }

    @Test("kept-apart pairs are never together, even at a cost")
    func keptApart() throws {
        // setup: without the pairs the two trios would stay whole
        let request = FormationRequest(
            leaders: S.twoTrios, keptApart: [KeptApartPair("p1", "p2"), KeptApartPair("p6", "p4")])

        // MUT
        let proposal = try Formation.formCommunities(request)

        // validation
        #expect(S.brokenConstraints(proposal, request) == [])
        #expect(proposal.score.preference < 18)
    }

    @Test("each community has one focus: the best for its members, among the offered challenges")
    func focus() throws {
        // setup
        let open = FormationRequest(leaders: S.twoTrios)
        let restricted = FormationRequest(leaders: S.twoTrios, foci: ["language", "funds"])

        // MUT
        let free = try Formation.formCommunities(open)
        let limited = try Formation.formCommunities(restricted)

        // validation
        #expect(free.communities.map(\.focus) == ["family", "funds"])
        #expect(free.communities.allSatisfy { $0.focus == $0.bestFocus })
        #expect(Set(limited.communities.map(\.focus)).isSubset(of: ["language", "funds"]))
        #expect(limited.communities.allSatisfy { $0.focus == $0.bestFocus })
        #expect(S.brokenConstraints(limited, restricted) == [])
    }

    // MARK: - Objective

    @Test("P: leaders are grouped by their 1st choice when they can be")
    func preference() throws {
        // MUT
        let proposal = try Formation.formCommunities(FormationRequest(leaders: S.twoTrios))

        // validation
        #expect(
            proposal.formed == [
                FormedCommunity(focus: "family", members: ["p1", "p2", "p3"]),
                FormedCommunity(focus: "funds", members: ["p4", "p5", "p6"]),
            ])
        #expect(proposal.score == FormationScore(preference: 18, mix: 2, sameSchoolPairs: 0))
        #expect(proposal.score.total == 190)
    }

    @Test("M: new leaders are spread so that every community mixes")
    func mix() throws {
        // setup: the two new leaders are listed first, so a naive cut would put them together
        let request = FormationRequest(leaders: Self.sameChoice(6, years: [0, 1, 7, 8, 9, 10]), sizes: 3...3)

        // MUT
        let proposal = try Formation.formCommunities(request)

        // validation
        #expect(proposal.score.mix == 2)
        #expect(proposal.communities.allSatisfy { $0.members.contains("l0") != $0.members.contains("l1") })
    }

    @Test("S: leaders from the same school are split up")
    func sameSchool() throws {
        // setup
        let request = FormationRequest(
            leaders: Self.sameChoice(6, schools: ["A", "A", "B", "B", "C", "C"]), sizes: 3...3)

        // MUT
        let proposal = try Formation.formCommunities(request)

        // validation
        #expect(proposal.score.sameSchoolPairs == 0)
    }

    @Test("S and M outweigh P: splitting a school is worth two 2nd choices")
    func schoolOverPreference() throws {
        // setup: a and b, new leaders from one school, want family; c and d, seasoned, want funds.
        // Keeping each pair together earns P = 12 but S = 1 and M = 0 (120 − 20 = 100); mixing them
        // earns P = 10, S = 0 and M = 2 (100 + 10 = 110).
        let leaders = [
            S.leader("a", ["family", "funds"], school: "North", years: 1),
            S.leader("b", ["family", "funds"], school: "North", years: 1),
            S.leader("c", ["funds", "family"], school: "South", years: 5),
            S.leader("d", ["funds", "family"], school: "East", years: 5),
        ]
        let request = FormationRequest(leaders: leaders, sizes: 2...2)

        // MUT
        let proposal = try Formation.formCommunities(request)

        // validation
        #expect(proposal.score == FormationScore(preference: 10, mix: 2, sameSchoolPairs: 0))
        #expect(proposal.score.total == 110)
    }

    // MARK: - Determinism

    static let cohort: [FormationLeader] = {
        var random = SeededGenerator(seed: 11)
        let keys = ["family", "funds", "operations", "language", "bias", "listening"]
        return (0..<40).map { i in
            let choices = Array(keys.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random)))
            return S.leader(
                "c\(i)", choices, school: "S\(Int.random(in: 0..<20, using: &random))",
                years: Int.random(in: 0...20, using: &random))
        }
    }()

    @Test("the same request and seed give the same proposal; other seeds give valid ones")
    func determinism() throws {
        // setup
        let pairs = [KeptApartPair("c1", "c2"), KeptApartPair("c3", "c30"), KeptApartPair("c7", "c8")]
        let request = FormationRequest(leaders: Self.cohort, keptApart: pairs, seed: 42)
        var other = request
        other.seed = 43

        // MUT
        let first = try Formation.formCommunities(request)
        let second = try Formation.formCommunities(request)
        let third = try Formation.formCommunities(other)

        // validation
        #expect(first.formed == second.formed)
        #expect(first.score == second.score)
        #expect(first.explanations == second.explanations)
        #expect(S.brokenConstraints(first, request) == [])
        #expect(S.brokenConstraints(third, other) == [])
    }

    // MARK: - Explanations

    @Test("every leader has reasons, and their community holds them")
    func explanationsForEveryone() throws {
        // setup
        let request = FormationRequest(leaders: Self.cohort, sizes: 4...6, communityCount: 8)

        // MUT
        let proposal = try Formation.formCommunities(request)

        // validation
        #expect(proposal.explanations.map(\.leader) == Self.cohort.map(\.id))
        for explanation in proposal.explanations {
            let community = try #require(explanation.community)
            #expect(proposal.communities[community].members.contains(explanation.leader))
            #expect(explanation.reasons.count == 3)
            #expect(!explanation.text.isEmpty)
        }
    }

    @Test("a leader at their 1st choice, in a mixed community, alone from their school")
    func idealExplanation() throws {
        // setup
        let request = FormationRequest(leaders: S.twoTrios, titles: ["family": "family engagement"])

        // MUT
        let proposal = try Formation.formCommunities(request)

        // validation
        #expect(
            proposal.explanations[0].text
                == "your 1st choice (family engagement); mixes new and seasoned leaders; no one else from your school")
        #expect(proposal.explanations[0].reasons.map(\.kind) == [.choice(rank: 1), .mixesExperience, .noSchoolmate])
    }

    @Test("honest reasons when a place is not ideal")
    func honestExplanations() throws {
        // setup: four want x first but a community holds three; z is wanted by one leader only;
        // w and v share a school and there is only room for one community of three.
        let full = FormationRequest(
            leaders: [
                S.leader("q1", ["x", "y"]), S.leader("q2", ["x", "y"]), S.leader("q3", ["x", "y"]),
                S.leader("q4", ["x", "y"]), S.leader("q5", ["y"]), S.leader("q6", ["z", "y"]),
            ],
            sizes: 3...3, titles: ["x": "family engagement", "y": "funds"])
        let together = FormationRequest(
            leaders: [
                S.leader("w", [], school: "North", name: "Pat Lee"), S.leader("v", ["x"], school: "North"),
                S.leader("u", ["x"], school: "South"),
            ])

        // MUT
        let fullProposal = try Formation.formCommunities(full)
        let togetherProposal = try Formation.formCommunities(together)

        // validation
        let texts = fullProposal.explanations.map(\.reasons[0].text)
        #expect(texts.filter { $0 == "your 1st choice (family engagement)" }.count == 3)
        #expect(
            texts.contains("your 2nd choice (funds): the community on your 1st choice (family engagement) was full"))
        #expect(texts.contains("your 1st choice (funds)"))
        #expect(texts.contains("your 2nd choice (funds): no community has your 1st choice (z) as its focus"))
        #expect(fullProposal.explanations[0].reasons[1].text == "everyone here has 3 or more years in the role")
        #expect(
            togetherProposal.explanations.map(\.text) == [
                "you named no challenges; this community focuses on x; everyone here has 3 or more years in the role; shares a school with V",
                "your 1st choice (x); everyone here has 3 or more years in the role; shares a school with Pat Lee",
                "your 1st choice (x); everyone here has 3 or more years in the role; no one else from your school",
            ])
    }

    @Test("after a move by hand: the moved leader is told so, and nobody is told of a score no search made")
    func handPlacedExplanations() {
        // setup: two communities of three on x and y; a1 wants y first but sits on x
        let request = FormationRequest(
            leaders: [
                S.leader("a1", ["y", "x"]), S.leader("a2", ["x"]), S.leader("a3", ["x"]),
                S.leader("b1", ["y"]), S.leader("b2", ["y"]), S.leader("b3", ["y"]),
            ],
            sizes: 3...4, titles: ["x": "family engagement", "y": "funds"])
        let grouping = [
            FormedCommunity(focus: "x", members: ["a1", "a2", "a3"]),
            FormedCommunity(focus: "y", members: ["b1", "b2", "b3"]),
        ]

        // MUT
        let asSearched = Formation.evaluate(grouping, for: request)
        let edited = Formation.evaluate(grouping, for: request, handPlaced: ["a1"])

        // validation
        #expect(asSearched.explanations[0].text.contains("would have lowered the overall score"))
        #expect(edited.explanations[0].reasons[0].text == "placed here by your facilitator")
        #expect(edited.explanations[0].reasons[1].text == "your 2nd choice (family engagement)")
        #expect(!edited.explanations.contains { $0.text.contains("would have lowered") })
        #expect(edited.score == asSearched.score, "how a leader got there does not change the score")
    }

    // MARK: - Infeasible requests

    static let infeasible: [(name: String, request: FormationRequest, messages: [String])] = [
        (
            "sizes cannot fit", FormationRequest(leaders: sameChoice(7), sizes: 4...5),
            ["7 leaders cannot be split into communities of 4 to 5 leaders each"]
        ),
        (
            "K·max < n", FormationRequest(leaders: sameChoice(20), communityCount: 3),
            ["3 communities of at most 6 hold 18 leaders, but there are 20"]
        ),
        (
            "K·min > n", FormationRequest(leaders: sameChoice(10), communityCount: 4),
            ["4 communities of at least 3 need 12 leaders, but there are only 10"]
        ),
        (
            "bad sizes and K", FormationRequest(leaders: sameChoice(10), sizes: 0...4, communityCount: 0),
            [
                "the smallest community size (0) must be at least 1",
                "the number of communities (0) must be at least 1",
            ]
        ),
        (
            "no leaders", FormationRequest(leaders: []),
            [
                "there are no leaders to form communities from",
                "there are no challenges to focus on: no leader chose one",
            ]
        ),
        (
            "ids and pairs",
            FormationRequest(
                leaders: sameChoice(6) + [S.leader("l2", ["x"]), S.leader("", ["x"])],
                keptApart: [KeptApartPair("l1", "nobody"), KeptApartPair("l3", "l3")]),
            [
                "leader id \"l2\" appears more than once",
                "a leader has an empty id",
                "the kept-apart pair l1–nobody names \"nobody\", who is not a leader",
                "\"l3\" is kept apart from themself",
            ]
        ),
        (
            "one community, one pair", FormationRequest(leaders: sameChoice(5), keptApart: [KeptApartPair("l3", "l1")]),
            ["L1 and L3 must be kept apart, but the sizes allow only one community"]
        ),
        (
            "three apart, two communities",
            FormationRequest(
                leaders: sameChoice(6),
                keptApart: [KeptApartPair("l0", "l1"), KeptApartPair("l1", "l2"), KeptApartPair("l2", "l0")]),
            ["L0, L1 and L2 must all be kept apart, but there can be at most 2 communities"]
        ),
        (
            "apart from nearly everyone",
            FormationRequest(
                leaders: sameChoice(9),
                keptApart: (1..<8).map { KeptApartPair("l0", "l\($0)") }),
            ["L0 is kept apart from 7 of the other 8 leaders, too many to share a community of at least 3"]
        ),
    ]

    @Test("infeasible requests throw every problem in plain words", arguments: 0..<infeasible.count)
    func infeasibleRequest(_ index: Int) {
        let (name, request, messages) = Self.infeasible[index]
        #expect(throws: FormationProblems.self, "\(name)") {
            try Formation.formCommunities(request)
        }
        do {
            _ = try Formation.formCommunities(request)
        } catch {
            #expect(error.problems.map(\.description) == messages, "\(name)")
        }
    }
}
