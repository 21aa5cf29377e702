import Foundation

/// Reasons are written to the leader ("your 1st choice"); the facilitators read the same reasons
/// about someone else. This turns every second-person phrase the explainer writes into the third
/// person ("their 1st choice"), so both read true.
public enum FormationReasonVoice {
    private static let phrases: [(String, String)] = [
        ("placed here by your facilitator", "placed here by hand"),
        ("you named no challenges", "named no challenges"),
        ("not one of your choices", "not one of their choices"),
        ("could not take you", "could not take them"),
        ("moving you to", "moving them to"),
        ("from your school", "from their school"),
        ("your ", "their "),
    ]

    public static func aboutSomeoneElse(_ reasons: String) -> String {
        phrases.reduce(reasons) { text, phrase in text.replacingOccurrences(of: phrase.0, with: phrase.1) }
    }
}
