import Testing

@testable import TrellisCore

@Suite("Formation score and violations")
struct FormationScoreTests {
    typealias S = FormationSamples

    @Test("P: 3, 2, 1, 0 points for a 1st, 2nd, 3rd or no choice; the given focus counts")
    func preference() {
        // setup
        let leaders = [
            S.leader("a", ["family", "funds", "bias"]),
            S.leader("b", ["funds", "family", "bias"]),
            S.leader("c", ["bias", "funds", "family"]),
            S.leader("d", ["operations"]),
            S.leader("e", []),
        ]
        let request = FormationRequest(leaders: leaders, sizes: 5...5)

        // MUT
        let onFamily = Formation.evaluate(
            [FormedCommunity(focus: "family", members: ["a", "b", "c", "d", "e"])], for: request)
        let onBias = Formation.evaluate(
            [FormedCommunity(focus: "bias", members: ["a", "b", "c", "d", "e"])], for: request)

        // validation
        #expect(onFamily.score.preference == 3 + 2 + 1 + 0 + 0)
        #expect(onBias.score.preference == 1 + 1 + 3)
        #expect(onFamily.communities[0].bestFocus == "funds")  // family 6, funds 7, bias 5
        #expect(onBias.communities[0].bestFocus == "funds")
        #expect(onFamily.violations.isEmpty)
    }

    @Test(
        "M: a community counts once when it has a leader under 3 years and one with 3 or more",
        arguments: [
            ([1, 5], 1), ([2, 3], 1), ([0, 1, 2], 0), ([3, 4, 20], 0), ([0, 0, 7, 8], 1),
        ])
    func mix(years: [Int], mixed: Int) {
        // setup
        let leaders = years.enumerated().map { S.leader("l\($0.offset)", ["family"], years: $0.element) }
        let request = FormationRequest(leaders: leaders, sizes: 1...6)

        // MUT
        let result = Formation.evaluate([FormedCommunity(focus: "family", members: leaders.map(\.id))], for: request)

        // validation
        #expect(result.score.mix == mixed)
    }

    @Test("S: pairs of leaders from the same school in the same community; unknown schools never pair")
    func sameSchoolPairs() {
        // setup
        let leaders = [
            S.leader("a", ["family"], school: "North"), S.leader("b", ["family"], school: "North"),
            S.leader("c", ["family"], school: "North"), S.leader("d", ["family"], school: "South"),
            S.leader("e", ["family"], school: "South"), S.leader("f", ["family"], school: ""),
            S.leader("g", ["family"], school: ""),
        ]
        let request = FormationRequest(leaders: leaders, sizes: 1...7)

        // MUT
        let together = Formation.evaluate([FormedCommunity(focus: "family", members: leaders.map(\.id))], for: request)
        let split = Formation.evaluate(
            [
                FormedCommunity(focus: "family", members: ["a", "d", "f"]),
                FormedCommunity(focus: "family", members: ["b", "e", "g"]),
                FormedCommunity(focus: "family", members: ["c"]),
            ], for: request)

        // validation
        #expect(together.score.sameSchoolPairs == 3 + 1)
        #expect(split.score.sameSchoolPairs == 0)
    }

    @Test("total = 10·P + 5·M − 20·S, summed over communities")
    func total() {
        // setup
        let leaders = [
            S.leader("a", ["family"], school: "North", years: 1),
            S.leader("b", ["family", "funds"], school: "North", years: 8),
            S.leader("c", ["funds"], school: "South", years: 4),
            S.leader("d", ["bias", "funds"], school: "South", years: 5),
        ]
        let request = FormationRequest(leaders: leaders, sizes: 2...2)

        // MUT
        let result = Formation.evaluate(
            [
                FormedCommunity(focus: "family", members: ["a", "b"]),
                FormedCommunity(focus: "funds", members: ["c", "d"]),
            ], for: request)

        // validation
        #expect(
            result.communities.map(\.score) == [
                FormationScore(preference: 6, mix: 1, sameSchoolPairs: 1),
                FormationScore(preference: 5, mix: 0, sameSchoolPairs: 1),
            ])
        #expect(result.communities.map(\.score.total) == [60 + 5 - 20, 50 - 20])
        #expect(result.score == FormationScore(preference: 11, mix: 1, sameSchoolPairs: 2))
        #expect(result.score.total == 110 + 5 - 40)
    }

    @Test("a facilitator's edit that breaks constraints is reported, not thrown, in plain words")
    func violations() {
        // setup
        let leaders = [
            S.leader("a", ["family"], name: "Pat Lee"), S.leader("b", ["family"], name: "Sam Roe"),
            S.leader("c", ["funds"]), S.leader("d", ["funds"]), S.leader("e", ["funds"]),
            S.leader("f", ["family"], name: "Kim Oh"),
        ]
        let request = FormationRequest(
            leaders: leaders, keptApart: [KeptApartPair("a", "b")], sizes: 2...3, communityCount: 3)

        // MUT
        let result = Formation.evaluate(
            [
                FormedCommunity(focus: "family", members: ["a", "b", "c", "d"]),
                FormedCommunity(focus: "cooking", members: ["d", "zz"]),
            ], for: request)

        // validation
        #expect(
            result.violations.map(\.message) == [
                "community 1 has 4 members; communities have 2 to 3",
                "community 2 lists \"zz\", who is not a leader",
                "community 2 has 1 member; communities have 2 to 3",
                "community 2 focuses on \"cooking\", which is not an offered challenge",
                "there are 2 communities, but 3 were asked for",
                "Pat Lee and Sam Roe are both in community 1 but must be kept apart",
                "D is in communities 1 and 2",
                "E is in no community",
                "Kim Oh is in no community",
            ])
        #expect(
            result.violations.map(\.kind) == [
                .sizeOutOfRange, .unknownLeader, .sizeOutOfRange, .focusNotOffered, .communityCount,
                .keptApartTogether, .inSeveralCommunities, .unassigned, .unassigned,
            ])
        #expect(!result.isValid)
        #expect(result.explanations.first { $0.leader == "e" }?.community == nil)
        #expect(result.explanations.first { $0.leader == "e" }?.reasons == [])
    }

    @Test("the score function gives the engine's own total for the engine's grouping")
    func matchesEngine() throws {
        // setup
        let request = FormationRequest(leaders: S.twoTrios, keptApart: [KeptApartPair("p1", "p5")], seed: 3)

        // MUT
        let proposal = try Formation.formCommunities(request)
        let rescored = Formation.evaluate(proposal.formed, for: request)

        // validation
        #expect(rescored.score == proposal.score)
        #expect(rescored.violations.isEmpty)
        #expect(rescored.communities == proposal.communities)
    }
}
