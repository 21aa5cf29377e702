/// What the demo leader's community tried between meetings: commitments, insights and an adopted
/// activity, written the way principals talk about their week.
public enum DemoPractice {
    public struct Commitment: Sendable {
        public let text: String
        public let prediction: String
        public let happened: String
        public let learned: String
        public let decision: InsightDecision
    }

    public static let activityTitle = "Learning walk with a student guide"
    public static let activityPurpose =
        "See our classrooms through a student's eyes: a student we rarely hear from leads a ten-minute walk and tells us where they feel they belong and where they do not."
    public static let activitySteps =
        "1. Invite a student from a group we rarely hear from, with a family call first.\n2. Walk three classrooms they choose, ten minutes in all.\n3. Ask: where do you do your best thinking? Where do you feel you belong?\n4. Write down their words, not our reading of them."
    public static let activityEvidence =
        "Students naming places and people where they belong; teachers asking for the student's words afterwards; changes in who speaks in class."

    /// One per member and cycle, taken in turn.
    public static let commitments: [Commitment] = [
        Commitment(
            text: "Run one learning walk with a student guide from our newcomer program.",
            prediction: "I expect the student to point to the library and the ELD room, and to skip the science wing.",
            happened:
                "Maribel led the walk. She stopped in **science**, not the library: the teacher there greets every student by name at the door.",
            learned:
                "My guess about where newcomers feel they belong was wrong. *Greeting* mattered more than subject.",
            decision: .adopt),
        Commitment(
            text: "Call three families who have not come to a school event this year, in their home language.",
            prediction: "I expect at least one of them to say the evening times do not work for them.",
            happened: "Two of three picked up. Both work evenings; one asked for a Saturday morning coffee.",
            learned: "Our event times decide who comes. Asking before scheduling costs ten minutes.",
            decision: .adapt),
        Commitment(
            text: "Sit in on two discipline referrals with the assistant principal and note what happened before.",
            prediction: "I expect both referrals to come from the last period of the day.",
            happened: "One was last period, one at lunch. Both followed a seat change the student did not choose.",
            learned: "Seat changes are a trigger we never track. I want to ask teachers about them.",
            decision: .adapt),
        Commitment(
            text: "Ask my leadership team to bring one piece of student work from a student they worry about.",
            prediction: "I expect the conversation to stay on behaviour rather than the work.",
            happened: "It did, for twenty minutes, until a teacher read the student's essay aloud.",
            learned: "Starting with the work, not the worry, changes the whole conversation.",
            decision: .adopt),
        Commitment(
            text: "Post the newsletter in Spanish and Vietnamese the same day as the English one.",
            prediction: "I expect more replies from families than last month.",
            happened: "Three replies instead of none, all in Vietnamese, all with questions about bus times.",
            learned: "Families read us when we write to them; the bus is what they needed to know.",
            decision: .adopt),
        Commitment(
            text: "Shadow one student with an IEP for a morning.",
            prediction: "I expect the transitions between rooms to be the hardest part.",
            happened: "Transitions were fine. Waiting with nothing to do for the aide to arrive was the hardest part.",
            learned: "I had never seen the waiting. It adds up to most of an hour a day.",
            decision: .abandon),
    ]

    /// What the demo leader commits to in the current cycle: written, not yet tried.
    public static let current = Commitment(
        text: "Run a second learning walk, this time with a student from our special day class.",
        prediction: "I expect the walk to be shorter and the student to choose the same two rooms as always.",
        happened: "", learned: "", decision: .adapt)

    public static let debriefNotes =
        "We compared what our student guides chose. Both avoided the front office. Next time we ask why."
}
