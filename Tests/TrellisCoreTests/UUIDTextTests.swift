import Foundation
import Testing

@testable import TrellisCore

@Suite("Reading stored ids")
struct UUIDTextTests {
    @Test(
        "a thousand random ids read back the same, in upper and lower case, and are written in either case as Foundation writes them"
    )
    func randomIDs() {
        for _ in 0..<1000 {
            let id = UUID()
            #expect(UUIDText.parse(id.uuidString) == id)
            #expect(UUIDText.parse(id.uuidString.lowercased()) == id)
            #expect(UUIDText.lowercased(id) == id.uuidString.lowercased() && UUIDText.uppercased(id) == id.uuidString)
        }
    }

    @Test(
        "anything that is not a UUID is refused, as Foundation refuses it",
        arguments: [
            "", "C1E4BBC3-DE96-4D87-B04D-73EB6CE6F58", "C1E4BBC3-DE96-4D87-B04D-73EB6CE6F5833",
            "C1E4BBC3DE96-4D87-B04D-73EB6CE6F5833", "C1E4BBC3-DE96-4D87-B04D-73EB6CE6F58G",
            "C1E4BBC3 DE96 4D87 B04D 73EB6CE6F583", "{1E4BBC3-DE96-4D87-B04D-73EB6CE6F583",
            "C1E4BBC3-DE96-4D87-B04D-73EB6CE6F58é",
        ])
    func refused(text: String) {
        #expect(UUIDText.parse(text) == nil)
        #expect(UUID(uuidString: text) == nil, "the case is one Foundation refuses too")
    }

    @Test("a sign inside a group, which Foundation's sscanf lets through, is refused")
    func signInsideAGroup() {
        #expect(UUIDText.parse("C1E4BBC3-DE96-4D87-B04D-73EB6CE6F5-3") == nil)
        #expect(UUIDText.parse("C1E4BBC3-DE96-4D87-B04D-73EB6CE6F5+3") == nil)
    }

    @Test("the edge values")
    func edges() {
        for text in [
            "00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
        ] {
            #expect(UUIDText.parse(text) == UUID(uuidString: text))
        }
    }
}
