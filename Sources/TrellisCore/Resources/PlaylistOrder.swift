/// The order of a playlist's items, changed by a keyboard's up and down or by dragging one to a new place.
public enum PlaylistOrder {
    /// The ids with `id` moved one place up (`by: -1`) or down (`by: 1`); unchanged at either end or when
    /// `id` is not there.
    public static func move<ID: Equatable>(_ id: ID, by step: Int, in ids: [ID]) -> [ID] {
        guard let index = ids.firstIndex(of: id) else { return ids }
        let target = index + step
        guard ids.indices.contains(target) else { return ids }
        var moved = ids
        moved.swapAt(index, target)
        return moved
    }

    /// The ids with the one at `from` dragged to the place of the one at `to`; nil when either place is
    /// not in the list (a stale page).
    public static func dragged<ID>(from: Int, to: Int, in ids: [ID]) -> [ID]? {
        guard ids.indices.contains(from), ids.indices.contains(to) else { return nil }
        var moved = ids
        moved.insert(moved.remove(at: from), at: to)
        return moved
    }

    /// A new order sent by a browser, accepted only when it names exactly the playlist's items, each once:
    /// a stale page (an item added or removed meanwhile) must not drop or duplicate anything.
    public static func reordered<ID: Hashable>(_ current: [ID], to requested: [ID]) -> [ID]? {
        guard requested.count == current.count, Set(requested) == Set(current), Set(requested).count == requested.count
        else { return nil }
        return requested
    }
}

/// What a leader says about a playlist item: their own, shown to nobody else (staff see counts only).
public enum PlaylistProgress: String, CaseIterable, Codable, Sendable {
    case toRead = "to-read"
    case done
    case withPartner = "with-partner"

    public var title: String {
        switch self {
        case .toRead: "To read"
        case .done: "Done"
        case .withPartner: "Studying with a partner"
        }
    }
}
