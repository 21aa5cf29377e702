/// A checked request as arrays of small integers, so the search reads it without hashing strings:
/// leaders are numbered in request order, focus keys in `FormationRequest.focusKeys` order,
/// schools in order of first appearance.
struct FormationInstance: Sendable {
    let leaderCount: Int
    let focusKeys: [String]
    let sizes: ClosedRange<Int>
    /// `preference[leader * focusCount + focus]`: 3, 2, 1 or 0 points.
    let preference: [Int32]
    /// `choices[leader * 3 + rank]`: the focus index of the leader's choice of that rank, or -1
    /// when they named fewer or named a key that is not a focus.
    let choices: [Int32]
    /// -1 when the school is unknown.
    let school: [Int32]
    let isNew: [Bool]
    /// The kept-apart partners of leader `i` are `apartList[apartStart[i]..<apartStart[i + 1]]`.
    let apartStart: [Int32]
    let apartList: [Int32]

    var focusCount: Int { focusKeys.count }

    /// Expects a request without problems (see `Formation.problems(in:)`).
    init(_ request: FormationRequest) {
        let leaders = request.leaders
        leaderCount = leaders.count
        focusKeys = request.focusKeys
        sizes = request.sizes
        var focusIndex: [String: Int32] = [:]
        for (index, key) in focusKeys.enumerated() {
            focusIndex[key] = Int32(index)
        }
        let focusCount = focusKeys.count
        var preference = [Int32](repeating: 0, count: leaders.count * focusCount)
        var choices = [Int32](repeating: -1, count: leaders.count * 3)
        var schoolIndex: [String: Int32] = [:]
        var school = [Int32](repeating: -1, count: leaders.count)
        for (i, leader) in leaders.enumerated() {
            for (rank, key) in leader.choices.prefix(3).enumerated() {
                guard let f = focusIndex[key], preference[i * focusCount + Int(f)] == 0 else { continue }
                preference[i * focusCount + Int(f)] = Int32(3 - rank)
                choices[i * 3 + rank] = f
            }
            if !leader.school.isEmpty {
                let next = Int32(schoolIndex.count)
                school[i] = schoolIndex[leader.school, default: next]
                schoolIndex[leader.school] = school[i]
            }
        }
        self.preference = preference
        self.choices = choices
        self.school = school
        isNew = leaders.map(\.isNew)

        var leaderIndex: [String: Int32] = [:]
        for (i, leader) in leaders.enumerated() {
            leaderIndex[leader.id] = Int32(i)
        }
        var partners = [[Int32]](repeating: [], count: leaders.count)
        for pair in request.keptApart {
            guard let a = leaderIndex[pair.a], let b = leaderIndex[pair.b], a != b else { continue }
            if !partners[Int(a)].contains(b) {
                partners[Int(a)].append(b)
                partners[Int(b)].append(a)
            }
        }
        var apartStart: [Int32] = [0]
        var apartList: [Int32] = []
        for list in partners {
            apartList += list.sorted()
            apartStart.append(Int32(apartList.count))
        }
        self.apartStart = apartStart
        self.apartList = apartList
    }

    func partners(of leader: Int) -> ArraySlice<Int32> {
        apartList[Int(apartStart[leader])..<Int(apartStart[leader + 1])]
    }
}
