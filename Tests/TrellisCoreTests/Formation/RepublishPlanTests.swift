import Testing

@testable import TrellisCore

@Suite("Re-publishing keeps communities that carry over")
struct RepublishPlanTests {
    @Test("the same groups again change nothing")
    func unchanged() {
        let groups: [String: Set<String>] = ["a": ["ana", "tom", "lee"], "b": ["kim", "joe", "sam"]]
        let plan = RepublishPlan(
            published: groups, drafts: ["d1": ["kim", "joe", "sam"], "d2": ["ana", "tom", "lee"]])
        #expect(plan.isUnchanged)
        #expect(plan.continuing.map(\.draft) == ["d2", "d1"])
        #expect(plan.new.isEmpty && plan.ended.isEmpty)
    }

    @Test("moving one person: both communities continue, one gains and one loses")
    func oneMove() {
        let plan = RepublishPlan(
            published: ["a": ["ana", "tom", "lee"], "b": ["kim", "joe", "sam"]],
            drafts: ["d1": ["ana", "lee"], "d2": ["kim", "joe", "sam", "tom"]])
        #expect(
            plan.continuing == [
                .init(community: "a", draft: "d1", gains: [], losses: ["tom"]),
                .init(community: "b", draft: "d2", gains: ["tom"], losses: []),
            ])
        #expect(!plan.isUnchanged)
    }

    @Test("a community whose members scatter ends; a draft that continues nothing is new")
    func endsAndNew() {
        let plan = RepublishPlan(
            published: ["a": ["ana", "tom", "lee", "kim"], "b": ["joe", "sam"]],
            drafts: ["d1": ["ana", "joe", "sam"], "d2": ["tom", "x1"], "d3": ["lee", "x2"], "d4": ["kim", "x3"]])
        #expect(plan.continuing.map(\.community) == ["b"])
        #expect(plan.ended == ["a"])
        #expect(plan.new == ["d2", "d3", "d4"])
    }

    @Test("two communities merging into one draft: the one with more members there continues")
    func merge() {
        let plan = RepublishPlan(
            published: ["a": ["ana", "tom"], "b": ["kim", "joe", "sam"]],
            drafts: ["d1": ["ana", "tom", "kim", "joe", "sam"]])
        #expect(plan.continuing.map(\.community) == ["b"])
        #expect(plan.continuing.first?.gains == ["ana", "tom"])
        #expect(plan.ended == ["a"])
    }

    @Test("exactly half carries a community over; ties between drafts go to the smaller id")
    func half() {
        let plan = RepublishPlan(
            published: ["a": ["ana", "tom", "lee", "kim"]], drafts: ["d2": ["ana", "tom"], "d1": ["lee", "kim"]])
        #expect(plan.continuing.map(\.draft) == ["d1"])
        #expect(plan.new == ["d2"])
        #expect(plan.ended.isEmpty)
    }

    @Test("the first publish makes every draft new")
    func first() {
        let plan = RepublishPlan(published: [:], drafts: ["d1": ["ana"], "d2": ["tom"]])
        #expect(plan.new == ["d1", "d2"])
        #expect(plan.continuing.isEmpty && plan.ended.isEmpty)
    }
}
