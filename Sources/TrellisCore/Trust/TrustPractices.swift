extension TrustFacet {
    /// Concrete things a facilitator can do when this facet is the weakest, in plain sentences,
    /// most immediate first. Shown beside the results; the article's cohort fixed predictability
    /// with smaller groups and a fixed monthly rhythm.
    public var practices: [String] {
        switch self {
        case .benevolence:
            [
                "Open each meeting with a short check-in where every leader says how their week at school went.",
                "Pair leaders as between-meeting partners and rotate the pairs, so each one has someone who checks in on them.",
                "When a leader shares a problem, have the group ask questions before anyone offers advice.",
                "Celebrate a success from each school at least once a term, named by a peer rather than by the leader.",
            ]
        case .integrity:
            [
                "Agree on confidentiality norms together in the first meeting and read them aloud at the start of each one.",
                "End every meeting by writing down who committed to what, and open the next one by reviewing those commitments.",
                "Model candour as the facilitator: share something that did not work at your level and what you learned.",
                "Keep what a supervisor hears about a community to what the community has agreed to share.",
            ]
        case .predictability:
            [
                "Set a fixed meeting pattern for the year (for example the second Tuesday of every month) and publish it in everyone's calendar.",
                "Send the agenda at least three days before each meeting, built from the same protocol sequence each time.",
                "Keep communities small (four to six leaders) so every member speaks and knows what to expect from the others.",
                "Revisit the group's norms every few months and after any meeting where they were strained.",
            ]
        case .competence:
            [
                "Ask each leader to bring one practice that worked at their school, with the evidence that it worked.",
                "Use a consultancy protocol so advice is grounded in the presenting leader's data and context.",
                "Curate a short playlist of readings and examples for the community's inquiry question before each meeting.",
                "Invite a leader from outside the community who has solved a similar problem to share how they did it.",
            ]
        }
    }
}
