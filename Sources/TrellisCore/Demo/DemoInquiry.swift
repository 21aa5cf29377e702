/// Stories, needs and "How might we …" questions for the demo communities, written the way principals
/// talk about their buildings (after the article's four challenge areas).
public enum DemoInquiry {
    public struct Sample: Sendable {
        public let privateStory: String
        public let privateNeed: String
        public let sharedStory: String
        public let sharedNeed: String
        public let checkedStory: String
        public let checkedNeed: String
        public let peerQuestion: String
        /// The first is adopted; all begin "How might we" and end with "?".
        public let questions: [String]
    }

    public static let samples: [Sample] = [
        Sample(
            privateStory:
                "At back-to-school night a grandmother waited twenty minutes at the front desk because nobody could speak Spanish with her. She left before I got there.",
            privateNeed:
                "Someone at the front desk who speaks the languages our families speak, and a plan for when they are out.",
            sharedStory:
                "Our welcome banner and newsletter were in English only. A parent told me she assumed the school was not for families like hers.",
            sharedNeed:
                "Time and a small budget to translate what we send home, and families to tell us what feels welcoming.",
            checkedStory: "Only a handful of parents came to the site council, always the same ones.",
            checkedNeed: "A way to hear from families who never come to meetings.",
            peerQuestion: "What do you know about when those families can come? Who have you asked?",
            questions: [
                "How might we make every family feel the school is theirs from the first visit?",
                "How might we hear from families who never come to meetings?",
                "How might we translate what we send home without waiting for the district?",
            ]),
        Sample(
            privateStory:
                "The PTA raised twelve thousand dollars and voted to spend it on a new playground structure while our reading intervention had no materials.",
            privateNeed:
                "A way to bring the data on who needs support into the PTA's decisions without taking their money away from them.",
            sharedStory:
                "The field trip fee kept the same five students home every time. Nobody said anything because the families were embarrassed to ask.",
            sharedNeed: "A quiet, automatic way to cover fees for the students who need it.",
            checkedStory: "Our after-school club filled in an hour with students whose parents check email at work.",
            checkedNeed: "Sign-up that reaches families who do not use email.",
            peerQuestion: "How did the other families find out about the club? What did the sign-up ask of them?",
            questions: [
                "How might we direct extra funds to the students who need them most?",
                "How might we make fees invisible for families who cannot pay?",
                "How might we give PTA members the data behind our priorities?",
            ]),
        Sample(
            privateStory:
                "Our bell schedule put the newest teachers' planning time during lunch duty, so the people who needed collaboration most never had it.",
            privateNeed: "A schedule built around instruction first, and the authority to change duties.",
            sharedStory:
                "Three weeks of state testing took every computer cart, and the students with accommodations lost their assistive tools.",
            sharedNeed: "A device plan that protects accommodations during testing.",
            checkedStory:
                "Substitutes were placed in the classrooms that were easiest to cover, not the ones that needed the most support.",
            checkedNeed: "A rule for placing substitutes that puts students first.",
            peerQuestion: "Who decides where substitutes go on the day? What would they need to decide differently?",
            questions: [
                "How might we make our operations protect instructional time for every student?",
                "How might we schedule collaboration for the teachers who need it most?",
                "How might we keep assistive tools with students during testing?",
            ]),
        Sample(
            privateStory:
                "In a staff meeting a colleague called a group of our students 'those kids'. I let it pass, and two teachers told me later they noticed.",
            privateNeed:
                "Words ready for the moment, and a shared agreement with staff about how we talk about students.",
            sharedStory:
                "A student told me a substitute mocked her name. I did not know how to follow up with the substitute's agency.",
            sharedNeed: "A clear way to report and follow up on biased language from people outside our staff.",
            checkedStory:
                "Discipline referrals for 'defiance' came mostly from two classrooms and mostly about Black boys.",
            checkedNeed: "A way to look at referral data with teachers without it becoming blame.",
            peerQuestion: "What happened right before those referrals? What do the two teachers say about them?",
            questions: [
                "How might we interrupt biased language in the moment, every time?",
                "How might we look at referral data with teachers without blame?",
                "How might we agree as a staff on how we talk about students?",
            ]),
    ]

    /// Root causes on every demo board, by bucket (the same for each community, in the article's words).
    public static let rootCauses: [(bucket: RootCauseBucket, text: String)] = [
        (.resources, "No budget line for interpreters or translation"),
        (.resources, "No time in the schedule to plan with families"),
        (.knowledge, "We do not know which families we never hear from"),
        (.knowledge, "Little data on who benefits from our programs"),
        (.skills, "Interrupting a colleague's remark without shaming them"),
        (.skills, "Running a meeting that families want to come to"),
        (.dispositions, "Assuming silence means families do not care"),
        (.dispositions, "Fear of looking biased stops us from naming bias"),
        (.unsorted, "Front office hours end before parents finish work"),
    ]
}
