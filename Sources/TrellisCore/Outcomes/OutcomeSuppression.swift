import Foundation

/// Which cells of a table of counts to hide so that no student can be singled out. A cell with fewer
/// tested than the minimum is hidden (primary). Then, so that no hidden cell can be worked out by
/// subtracting what is shown from a total that is shown, more cells are hidden (complementary) until
/// every shown total's hidden cells are at least two and hold at least the minimum together, and
/// likewise within a school for a family of subgroups that adds up to All students. Hiding a cell for
/// one total can leave it alone in another, so the rules run again over everything until nothing
/// changes.
public enum OutcomeSuppression {
    public enum Reason: String, Sendable, Hashable, Codable {
        /// Fewer tested than the minimum.
        case primary
        /// Hidden so that another hidden cell cannot be worked out.
        case complementary
    }

    /// A family of subgroups at one school, year and measure, complete (every subgroup of the family that
    /// the file has for that year and measure has a row here), so that its cells add up to All students.
    public struct Partition: Sendable, Hashable {
        public let all: Int
        public let parts: [Int]

        public init(all: Int, parts: [Int]) {
            self.all = all
            self.parts = parts
        }
    }

    public struct Outcome: Sendable, Equatable {
        /// Why each cell is hidden; nil for a cell that is shown.
        public var cells: [Reason?]
        /// Whether each total is hidden: fewer tested in all than the minimum, or no way to protect a cell.
        public var totals: [Bool]
    }

    /// - Parameters:
    ///   - tested: each cell's number tested.
    ///   - totals: the cells each shown total adds up (a group of schools, the district).
    ///   - partitions: within a school, All students and a complete family of subgroups.
    public static func hide(tested: [Int], totals: [[Int]], partitions: [Partition], minimum: Int) -> Outcome {
        var hidden: [Reason?] = tested.map { $0 < minimum ? .primary : nil }
        var totalHidden = totals.map { cells in cells.reduce(0) { $0 + tested[$1] } < minimum }
        /// The shown cell among `cells` with the fewest tested (then the first), or nil.
        func smallestShown(_ cells: [Int]) -> Int? {
            cells.filter { hidden[$0] == nil }.min { (tested[$0], $0) < (tested[$1], $1) }
        }
        /// Whether the hidden ones among `cells` are safe: none, or at least two holding the minimum.
        func protected(_ cells: [Int]) -> Bool {
            let hiddenCells = cells.filter { hidden[$0] != nil }
            return hiddenCells.isEmpty
                || (hiddenCells.count >= 2 && hiddenCells.reduce(0) { $0 + tested[$1] } >= minimum)
        }
        var changed = true
        while changed {
            changed = false
            for (index, cells) in totals.enumerated() where !totalHidden[index] {
                while !protected(cells) {
                    changed = true
                    if let next = smallestShown(cells) {
                        hidden[next] = .complementary
                    } else {
                        totalHidden[index] = true
                        break
                    }
                }
            }
            for partition in partitions {
                if hidden[partition.all] == nil {
                    while !protected(partition.parts) {
                        changed = true
                        if let next = smallestShown(partition.parts) {
                            hidden[next] = .complementary
                        } else {
                            // a family of one subgroup: it is All students, so All goes too
                            hidden[partition.all] = .complementary
                            break
                        }
                    }
                } else if !partition.parts.isEmpty, partition.parts.allSatisfy({ hidden[$0] == nil }),
                    let next = smallestShown(partition.parts)
                {
                    hidden[next] = .complementary
                    changed = true
                }
            }
        }
        return Outcome(cells: hidden, totals: totalHidden)
    }
}
