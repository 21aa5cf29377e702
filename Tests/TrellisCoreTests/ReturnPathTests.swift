import Testing

@testable import TrellisCore

@Suite("Return path after sign-in")
struct ReturnPathTests {
    @Test(
        "paths on this site are kept",
        arguments: ["/", "/cohorts", "/cohorts/8f1c?view=all&x=1", "/communities/a-b/board#notes", "/a%20b", "/%C3%A9"])
    func kept(path: String) {
        #expect(ReturnPath.validated(path) == path)
    }

    @Test(
        "anything a browser could read as another site is refused",
        arguments: [
            "/%09/evil.example", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/\\evil.example",
            "/%5Cevil.example", "/%5cevil.example", "//evil.example", "/%2F%2Fevil.example", "/%2f/evil.example",
            "https://evil.example", "https:evil.example", "javascript:alert(1)", " /cohorts", "/coh orts",
            "evil.example", "", "/%", "/%zz", "/%FF", "/\u{301}", "/x\"\u{301} autofocus",
        ])
    func refused(path: String) {
        #expect(ReturnPath.validated(path) == nil)
    }

    @Test("a refused prefix is refused in either spelling")
    func refusedPrefix() {
        #expect(ReturnPath.validated("/signin?x=1", refusingPrefixes: ["/signin"]) == nil)
        #expect(ReturnPath.validated("/%73ignin", refusingPrefixes: ["/signin"]) == nil)
        #expect(ReturnPath.validated("/stories", refusingPrefixes: ["/signin"]) == "/stories")
    }

    @Test("a path longer than the limit is refused")
    func tooLong() {
        #expect(ReturnPath.validated("/" + String(repeating: "a", count: ReturnPath.maximumLength)) == nil)
    }
}
