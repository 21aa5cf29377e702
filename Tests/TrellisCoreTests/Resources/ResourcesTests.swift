import Testing

/// The resource library's core: kinds and rules, uploads, PDF text, the CSV file, search and
/// recommendations. One parent suite, so `swift test --filter Resources` runs them all.
@Suite("Resources")
enum ResourcesTests {}
