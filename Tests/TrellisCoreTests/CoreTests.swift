import Testing

@testable import TrellisCore

@Test func placeholder() { #expect(Bool(true)) }
