import Fluent
import SQLKit

/// Two more indexes for lookups whose time grew with the district rather than with what the page shows
/// (`bench/scale.sh`): a community's own meeting series, which the header's count of what is new looks up
/// on every page a leader opens (without it the count went through every series of the cohort), and a
/// cohort's members by role, which the trust results ("12 of 23 answered") and the cohort list count
/// (without it each count read every membership row of the cohort to check its role). The same
/// statements on SQLite and PostgreSQL.
struct Migration030IndexGrowingLookups: IndexMigration {
    static let indexes: [(name: String, table: String, columns: String)] = [
        ("meeting_series_community", "meeting_series", "community_id"),
        ("cohort_memberships_cohort_role", "cohort_memberships", "cohort_id, role"),
    ]
}
