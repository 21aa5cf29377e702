import Foundation
import Testing

@testable import TrellisServer

@Suite("Signed-in cache")
struct SignedInCacheTests {
    @Test("a page is remembered until anything changes, and a page rendered before a change is not kept")
    func forgetsOnChange() {
        let cache = SignedInCache()
        let version = cache.currentVersion
        cache.store(page: "home v1", for: "session-a", renderedAt: version)
        #expect(cache.page(for: "session-a") == "home v1")
        #expect(cache.page(for: "session-b") == nil, "keyed by session")
        cache.forgetEverything()
        #expect(cache.page(for: "session-a") == nil)
        cache.store(page: "rendered before the change", for: "session-a", renderedAt: version)
        #expect(cache.page(for: "session-a") == nil)
    }
}
