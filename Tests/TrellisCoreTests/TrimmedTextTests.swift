import Foundation
import Testing

@testable import TrellisCore

@Suite("Text trimmed of spaces")
struct TrimmedTextTests {
    @Test(
        "trims what Foundation trims, stored values coming back as they are",
        arguments: [
            "", " ", "x", " x ", "\tx", "x\t", "\u{00A0}x", "x\u{2003}", "é ", " é", "America/Los_Angeles", "a b",
            "\u{7F}", "\n x \n", "15:30",
        ])
    func likeFoundation(text: String) {
        #expect(text.trimmedOfSpaces == text.trimmingCharacters(in: .whitespaces))
    }
}
