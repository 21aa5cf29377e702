import Foundation

/// The demo community's two value-creation stories: one told through to a result, one still hoped for.
public enum DemoValue {
    public static let toldTitle = "From a learning walk to families at the front door"
    public static let told: [ValueKind: String] = [
        .immediate:
            "At our first meeting a colleague described walking her building with a student guide. I had never asked a student what our hallways say to a new family.",
        .potential:
            "A protocol I could use the next week, and a partner who had tried it and would debrief with me.",
        .applied:
            "I did the learning walk with two sixth graders. They took me to the front office and said it was the place families feel least welcome. We changed who greets at arrival.",
        .realized:
            "Attendance at our autumn family conference rose, and ELA results for the whole school moved up; the outcomes page says how far that is beyond chance.",
        .reframing:
            "I used to measure welcome by the events we ran. Now I ask students where families feel it, and count who comes back.",
    ]

    public static let hopedTitle = "Hoping to change how we read attendance"
    public static let hoped: [ValueKind: String] = [
        .immediate:
            "Our community's question about family partnership made me look at which families we call about absences, and how.",
        .potential: "The playlist's reading on asset-based outreach, and a script our peer pair wrote together.",
        .applied: "I hope to move our absence calls from the office to the adults each student trusts most.",
        .realized: "I hope chronic absence falls for the students we call first, by spring.",
    ]
}
