import Vapor

// `vapor-floor serve --hostname 127.0.0.1 --port N`: one route, GET /plaintext, and nothing else —
// no database, no sessions, no logging per request. What Vapor itself answers on this machine.
let app = try await Application.make(.detect())
app.logger.logLevel = .error
app.get("plaintext") { _ in "Hello, World!" }
try await app.execute()
try await app.asyncShutdown()
