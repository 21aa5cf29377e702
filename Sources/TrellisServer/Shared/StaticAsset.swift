import Foundation
import Vapor

/// A file compiled into the binary and served as it is: the stylesheet, the script that enhances pages,
/// and the OpenAPI document. Nothing is read from disk at run time, so the binary is the whole app.
struct StaticAsset: Sendable {
    let body: String
    let contentType: HTTPMediaType
    /// Style and script may be cached briefly; everything else Trellis serves is `no-store`.
    let isCacheable: Bool

    static let stylesheet = StaticAsset(
        body: String(decoding: PackageResources.trellis_css, as: UTF8.self),
        contentType: HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"]), isCacheable: true)
    static let script = StaticAsset(
        body: String(decoding: PackageResources.trellis_js, as: UTF8.self),
        contentType: HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]),
        isCacheable: true)
    static let favicon = StaticAsset(
        body: String(decoding: PackageResources.favicon_svg, as: UTF8.self),
        contentType: HTTPMediaType(type: "image", subType: "svg+xml"), isCacheable: true)
    static let openAPI = StaticAsset(
        body: String(decoding: PackageResources.openapi_json, as: UTF8.self), contentType: .json,
        isCacheable: false)

    static func register(_ routes: RouteGroups) {
        let assets: [(SiteURL, StaticAsset)] = [
            (.stylesheet, stylesheet), (.script, script), (.favicon, favicon), (.faviconFallback, favicon),
            (.api(.openAPI), openAPI),
        ]
        for (url, asset) in assets {
            routes.open.get(url.pathComponents) { _ in asset.response() }
        }
    }

    static func isCacheable(path: String) -> Bool {
        [SiteURL.stylesheet, .script, .favicon, .faviconFallback].contains { $0.relativeURL == path }
    }

    func response() -> Response {
        var headers = HTTPHeaders()
        headers.contentType = contentType
        if isCacheable { headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300") }
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}
