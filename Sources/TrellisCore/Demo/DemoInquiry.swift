/// Stories, needs and "How might we …" questions for the demo communities, written the way principals
/// talk about their buildings (after the article's four challenge areas).
public enum DemoInquiry {
    public struct Sample: Sendable {
        /// The equity challenge (its key) a community on this sample works on.
        public let focus: String
        public let privateStory: String
        public let privateNeed: String
        public let sharedStory: String
        public let sharedNeed: String
        public let checkedStory: String
        public let checkedNeed: String
        public let peerQuestion: String
        /// The first is adopted; all begin "How might we" and end with "?".
        public let questions: [String]
        /// Root causes on the community's board, by bucket, in its own challenge's words.
        public let rootCauses: [(bucket: RootCauseBucket, text: String)]
    }

    /// The sample for a community's focus; for a focus no sample has, the one at `index`.
    public static func sample(for focus: String, fallback index: Int) -> Sample {
        samples.first { $0.focus == focus } ?? samples[index % samples.count]
    }

    public static let samples: [Sample] = [
        Sample(
            focus: "inclusive-families",
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
            ],
            rootCauses: [
                (.resources, "No budget line for interpreters or translation"),
                (.resources, "No time in the schedule to plan with families"),
                (.knowledge, "We do not know which families we never hear from"),
                (.knowledge, "Little data on who benefits from our programs"),
                (.skills, "Running a meeting that families want to come to"),
                (.skills, "Welcoming a family in a language we do not speak"),
                (.dispositions, "Assuming silence means families do not care"),
                (.dispositions, "Fear of looking biased stops us from naming bias"),
                (.unsorted, "Front office hours end before parents finish work"),
            ]),
        Sample(
            focus: "funds-for-need",
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
            ],
            rootCauses: [
                (.resources, "PTA money follows the parents who raise it, not the students who need it"),
                (.resources, "Title I funds arrive after the budget is already set"),
                (.knowledge, "We do not know which students miss trips and clubs because of fees"),
                (.knowledge, "No shared picture of what each program costs per student"),
                (.skills, "Leading a budget talk with the PTA that stays about students"),
                (.skills, "Reading our own spending by student group"),
                (.dispositions, "Worry about upsetting the families who give the most"),
                (.dispositions, "Treating equal shares as if they were fair shares"),
                (.unsorted, "Fee waivers depend on families asking for them"),
            ]),
        Sample(
            focus: "operations",
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
            ],
            rootCauses: [
                (.resources, "No substitute cover, so teachers leave class for meetings"),
                (.resources, "Bus times cut the school day short for some students"),
                (.knowledge, "We have never counted the minutes lost to interruptions"),
                (.knowledge, "Nobody knows who decides when the intercom is used"),
                (.skills, "Building a timetable around students, not adults"),
                (.skills, "Saying no to requests that take time from class"),
                (.dispositions, "Believing operations are someone else's job"),
                (.dispositions, "Accepting lost time as the way things are"),
                (.unsorted, "Testing weeks move assistive tools out of classrooms"),
            ]),
        Sample(
            focus: "biased-language",
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
            ],
            rootCauses: [
                (.resources, "No shared plan for what to do after a remark is made"),
                (.resources, "No time set aside to talk about language as a staff"),
                (.knowledge, "We do not track the remarks students report"),
                (.knowledge, "Staff do not know how labels shape expectations"),
                (.skills, "Interrupting a colleague's remark without shaming them"),
                (.skills, "Repairing the relationship after the moment has passed"),
                (.dispositions, "Thinking a joke is harmless because no one complained"),
                (.dispositions, "Worry that naming it will start a conflict we cannot finish"),
                (.unsorted, "Students hear adults say 'those kids' in the hallway"),
            ]),
    ]
}
