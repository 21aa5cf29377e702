import Vapor

/// Which methods each registered path answers, built once after the routes are registered and never
/// changed, so a request with a method the path does not take gets `405 Method Not Allowed` with an
/// `Allow` header (RFC 9110 §15.5.6) instead of a 404 that says the address does not exist.
final class RouteMethods: @unchecked Sendable {
    // Only read after `init`; TrieRouter is a class without its own Sendable conformance.
    private let router = TrieRouter<[HTTPMethod]>()

    init(_ routes: Routes) {
        var methods: [String: (path: [PathComponent], methods: [HTTPMethod])] = [:]
        for route in routes.all {
            // Parameter names differ between routes that share a prefix; only the shape matters here.
            let path = route.path.map { component -> PathComponent in
                if case .parameter = component { return .anything }
                return component
            }
            let key = path.map(\.description).joined(separator: "/")
            methods[key, default: (path, [])].methods.append(route.method)
        }
        for (_, entry) in methods {
            var allowed = entry.methods
            // Vapor answers HEAD with the GET route.
            if allowed.contains(.GET), !allowed.contains(.HEAD) { allowed.append(.HEAD) }
            // A leading constant, as Vapor's own router has the method there: the root's path is empty.
            router.register(allowed, at: [.constant("/")] + entry.path)
        }
    }

    /// The methods `path` answers, in a stable order; empty when no route has this path.
    func allowed(for path: String) -> [HTTPMethod] {
        var parameters = Parameters()
        let components = ["/"] + path.split(separator: "/").map(String.init)
        return (router.route(path: components, parameters: &parameters) ?? []).sorted { $0.rawValue < $1.rawValue }
    }
}

struct RouteMethodsKey: StorageKey {
    typealias Value = RouteMethods
}

extension Application {
    var routeMethods: RouteMethods? { storage[RouteMethodsKey.self] }
}

/// The largest request bodies Trellis reads. Each is sized from the largest valid request, not
/// from a guess, and anything larger is refused with 413 before it is parsed.
enum BodyLimit {
    /// JSON API bodies. The largest valid one is a new story: two fields of at most 5 000 characters
    /// (code points, as JSON Schema counts them). A client may write each character outside the
    /// Basic Multilingual Plane as a surrogate pair of `\uXXXX` escapes, 12 bytes, so
    /// 2 × 5 000 × 12 = 120 000 bytes, plus room for the field names and a few short fields.
    static let api = 128 * 1024
    /// Browser forms (URL-encoded: a 4-byte character is 12 bytes as `%XX%XX%XX%XX`), with the same
    /// largest form as the API's, and trust answers with several open questions of 4 000 characters.
    static let form = 1024 * 1024
    /// The roster upload: three OneRoster CSV files in one multipart body.
    static let upload = 20 * 1024 * 1024
    /// A library resource with its file: the file may be 20 MB (checked, with a message, by `UploadKind`);
    /// the rest is room for the form's fields and the multipart framing.
    static let resourceUpload = 21 * 1024 * 1024

    /// What a browser form to this path may send.
    static func form(path: String) -> Int {
        if path == SiteURL.rosterImport.relativeURL { return upload }
        if path.hasPrefix(SiteURL.library.relativeURL + "/") { return resourceUpload }
        return form
    }
}
