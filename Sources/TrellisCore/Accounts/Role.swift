/// What a person does in Trellis. The raw values are the words used on the command line and in the API.
public enum Role: String, CaseIterable, Codable, Sendable {
    /// Runs Trellis for a network of districts; sees every district.
    case networkAdmin = "network-admin"
    /// Central office or IT: sets up the district and its roster.
    case districtAdmin = "admin"
    /// Leads leadership development and runs cohorts.
    case facilitator
    /// A principal or assistant principal.
    case leader

    public var label: String {
        switch self {
        case .networkAdmin: "Network admin"
        case .districtAdmin: "District admin"
        case .facilitator: "Facilitator"
        case .leader: "Leader"
        }
    }

    /// Roles that belong to one district. A network admin belongs to none.
    public var belongsToDistrict: Bool { self != .networkAdmin }

    /// Admins manage the roster and cohorts.
    public var isAdmin: Bool { self == .networkAdmin || self == .districtAdmin }
}
