import Plot
import Vapor

enum ErrorPage {
    struct Model: Sendable {
        let status: HTTPResponseStatus
        let detail: String
    }

    struct View {
        let model: Model
        let context: PageContext

        func response(status: HTTPResponseStatus) -> Response {
            let title = model.status.code == 404 ? "Not found" : model.status.reasonPhrase
            let html = Layout.page(
                title, context: context,
                .h1(.text(title)),
                .p(.text(model.detail)),
                .if(
                    model.status.code == 401 || context.viewer == nil,
                    .p(.a(.href(SiteURL.signIn.relativeURL), .text("Go to the sign-in page"))),
                    else: .p(.a(.href(SiteURL.home.relativeURL), .text("Back to your home page"))))
            )
            return html.response(status: status)
        }
    }
}
