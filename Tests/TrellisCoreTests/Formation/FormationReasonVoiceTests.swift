import Testing

@testable import TrellisCore

@Suite("Reasons read by a facilitator speak of the leader, not to them")
struct FormationReasonVoiceTests {
    @Test(
        "every second-person phrase the explainer writes",
        arguments: [
            ("your 1st choice (Family engagement)", "their 1st choice (Family engagement)"),
            (
                "placed here by your facilitator; no one else from your school",
                "placed here by hand; no one else from their school"
            ),
            (
                "you named no challenges; this community focuses on PTA funds",
                "named no challenges; this community focuses on PTA funds"
            ),
            (
                "not one of your choices (it focuses on X): the community on your 2nd choice (Y) could not take you",
                "not one of their choices (it focuses on X): the community on their 2nd choice (Y) could not take them"
            ),
            (
                "your 2nd choice (Y): moving you to your 1st choice (X) would have lowered the overall score",
                "their 2nd choice (Y): moving them to their 1st choice (X) would have lowered the overall score"
            ),
            ("mixes new and seasoned leaders", "mixes new and seasoned leaders"),
        ])
    func phrases(leader: String, facilitator: String) {
        #expect(FormationReasonVoice.aboutSomeoneElse(leader) == facilitator)
    }

    @Test("nothing the explainer writes for a real proposal keeps 'you' or 'your'")
    func wholeProposal() throws {
        // Leaders with no choices, choices not offered, schoolmates: every kind of reason.
        let request = FormationRequest(
            leaders: FormationSamples.twoTrios + [
                FormationSamples.leader("p7", [], school: "A"),
                FormationSamples.leader("p8", ["language"], school: "B"),
            ],
            sizes: 2...4, foci: ["family", "funds"])
        let proposal = try Formation.formCommunities(request)
        for explanation in proposal.explanations {
            let words = FormationReasonVoice.aboutSomeoneElse(explanation.text).split(whereSeparator: { !$0.isLetter })
            #expect(!words.contains("you") && !words.contains("your"), "\(explanation.text)")
        }
    }
}
