import Testing

@testable import TrellisCore

@Suite("Intake ranking: up to three listed challenges, each once, starting with the first")
struct IntakeRankingTests {
    let keys: Set<String> = ["hiring", "discipline", "funds", "language"]

    @Test(
        "a valid answer keeps its order and drops unranked places",
        arguments: [
            (["funds", "hiring", "language"], ["funds", "hiring", "language"]),
            (["funds", "", ""], ["funds"]),
            (["", "", ""], []),
            (["discipline", "funds"], ["discipline", "funds"]),
        ])
    func valid(choices: [String], picked: [String]) {
        let read = IntakeRanking.read(choices, among: keys)
        #expect(read.problems.isEmpty)
        #expect(read.picked == picked)
    }

    @Test(
        "each wrong answer names the field to fix",
        arguments: [
            (["funds", "weather", ""], "choice2", "Choice 2: pick one of the listed challenges."),
            (["funds", "funds", ""], "choice2", "Each challenge can be ranked once."),
            (["", "funds", ""], "choice1", "Choice 1: start with your first choice."),
            (["funds", "hiring", "language", "discipline"], "choice1", "Choices: rank at most three challenges."),
        ])
    func problems(choices: [String], field: String, message: String) {
        let read = IntakeRanking.read(choices, among: keys)
        #expect(read.problems == [.init(field: field, message: message)])
    }
}
