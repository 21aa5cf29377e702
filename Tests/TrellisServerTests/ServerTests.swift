import Testing
import VaporTesting

@testable import TrellisServer

@Test func placeholder() { #expect(Bool(true)) }
