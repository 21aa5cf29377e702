/// A structured conversation a community runs in a meeting, with timed steps. Kept as data so an
/// agenda can be built from it and its steps shown with their prompts.
public struct MeetingProtocol: Sendable, Hashable, Identifiable {
    public struct Step: Sendable, Hashable {
        public let title: String
        public let minutes: Int
        /// What the facilitator says or asks to open the step.
        public let prompt: String

        public init(title: String, minutes: Int, prompt: String) {
            self.title = title
            self.minutes = minutes
            self.prompt = prompt
        }
    }

    /// Stable, stored with agenda items: "consultancy".
    public let key: String
    public let name: String
    public let purpose: String
    public let steps: [Step]

    public init(key: String, name: String, purpose: String, steps: [Step]) {
        self.key = key
        self.name = name
        self.purpose = purpose
        self.steps = steps
    }

    public var id: String { key }

    public var minutes: Int { steps.reduce(0) { $0 + $1.minutes } }

    /// The protocols a facilitator can choose from, in the order a meeting usually uses them.
    public static let library: [MeetingProtocol] = [checkIn, consultancy, tuning, successAnalysis, reflection]

    public static func named(_ key: String) -> MeetingProtocol? {
        library.first { $0.key == key }
    }

    public static let checkIn = MeetingProtocol(
        key: "check-in", name: "Check-in",
        purpose: "Arrive, hear every voice once, and notice what each leader brings into the room today.",
        steps: [
            Step(title: "Frame", minutes: 1, prompt: "Share one thing on your mind from your school this week."),
            Step(
                title: "Go-round", minutes: 8,
                prompt: "Each leader speaks for about a minute, without cross-talk; others only listen."),
            Step(title: "Notice", minutes: 1, prompt: "What did we hear in common? Name it, then set it aside."),
        ])

    /// The School Reform Initiative's consultancy, timed for a peer group of four to six.
    public static let consultancy = MeetingProtocol(
        key: "consultancy", name: "Consultancy",
        purpose: "Help one leader think more expansively about a dilemma they are facing at their school.",
        steps: [
            Step(
                title: "Presenter overview", minutes: 5,
                prompt: "Describe the dilemma and end with the question you want the group to think about."),
            Step(
                title: "Clarifying questions", minutes: 5,
                prompt: "Ask brief, factual questions the presenter can answer quickly: who, what, when, how many."),
            Step(
                title: "Probing questions", minutes: 10,
                prompt:
                    "Ask questions that help the presenter think more deeply; the presenter may answer or hold them."),
            Step(
                title: "Discussion", minutes: 15,
                prompt: "Talk about the dilemma with each other while the presenter listens and takes notes."),
            Step(
                title: "Presenter response", minutes: 5,
                prompt: "The presenter shares what struck them and what next steps they are considering."),
            Step(title: "Debrief", minutes: 5, prompt: "How did the protocol help our thinking? What would we change?"),
        ])

    /// The tuning protocol: warm and cool feedback on a piece of work, a plan or a tool.
    public static let tuning = MeetingProtocol(
        key: "tuning", name: "Tuning",
        purpose: "Give a leader warm and cool feedback on a plan or piece of work to improve it.",
        steps: [
            Step(
                title: "Introduction", minutes: 3,
                prompt: "Review the norms and the steps; the presenter is not to defend, only to listen."),
            Step(
                title: "Presentation", minutes: 10,
                prompt: "Share the work, its context and the focusing question you want feedback on."),
            Step(title: "Clarifying questions", minutes: 5, prompt: "Ask short questions of fact about the work."),
            Step(
                title: "Silent reflection", minutes: 2,
                prompt: "Write down the warm and cool feedback you will offer, tied to the focusing question."),
            Step(
                title: "Warm and cool feedback", minutes: 15,
                prompt:
                    "Offer what works (warm) and where the work could go further (cool), as questions or wonderings."),
            Step(
                title: "Presenter reflection", minutes: 5,
                prompt: "The presenter says what they heard and what they will take away; no need to answer each point."
            ),
            Step(title: "Debrief", minutes: 5, prompt: "How did the feedback feel, and how was it useful?"),
        ])

    public static let successAnalysis = MeetingProtocol(
        key: "success-analysis", name: "Success analysis",
        purpose: "Learn from what already works by naming the conditions behind a success so others can use them.",
        steps: [
            Step(title: "Frame", minutes: 2, prompt: "Think of a time a practice worked for the students you serve."),
            Step(
                title: "Write the success", minutes: 5,
                prompt: "Describe what you did, for whom, and how you know it made a difference."),
            Step(title: "Share", minutes: 5, prompt: "One leader reads or tells their success; the group listens."),
            Step(
                title: "Analyze", minutes: 10,
                prompt: "Why did it work? Name the conditions, decisions and relationships that made it succeed."),
            Step(
                title: "Transfer", minutes: 5,
                prompt: "Which of these conditions could we create at our own schools, and how?"),
            Step(title: "Debrief", minutes: 3, prompt: "What did looking at success show that a problem would not?"),
        ])

    /// "What? So what? Now what?", closing a meeting with a commitment to try before the next one.
    public static let reflection = MeetingProtocol(
        key: "reflection", name: "Reflection",
        purpose: "Close the meeting by making sense of it and committing to one thing to try before the next.",
        steps: [
            Step(title: "What?", minutes: 4, prompt: "Write what happened today: what you heard, saw and did."),
            Step(title: "So what?", minutes: 4, prompt: "Write why it matters for you and for the students you serve."),
            Step(
                title: "Now what?", minutes: 4,
                prompt: "Write one thing you will try at your school before we meet again."),
            Step(title: "Share commitments", minutes: 5, prompt: "Each leader says their commitment in a sentence."),
            Step(title: "Close", minutes: 3, prompt: "One word for how you leave today."),
        ])
}
