import StoreInterface
import Foundation
import Hummingbird
import Mustache

/// Server-rendered pages: every page is `layout-top`, its own template, `layout-bottom`, rendered with a
/// ``PageModel`` whose `content` is the page's own model.
enum Pages {
    static func render(
        _ services: ClinicServices, _ template: String, _ content: Any, user: ClinicUser?, title: String,
        notice: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let model = PageModel(title: title, user: user.map(UserView.init), csrf: user?.csrf ?? "", notice: notice, content: content)
        guard let html = services.templates.render(model, withTemplate: template) else {
            return Responses.html("<!doctype html><title>Error</title><p>The page template \(template) is missing.</p>", status: .internalServerError)
        }
        return Responses.html(html, status: status)
    }
}

/// What every page's layout reads.
struct PageModel {
    var title: String
    var user: UserView?
    var csrf: String
    var notice: String?
    var content: Any
}

/// The signed-in user as the layout shows them, with the navigation their role allows.
struct UserView {
    var name: String
    var role: String
    var isAdmin: Bool
    var isClinical: Bool

    init(_ user: ClinicUser) {
        name = user.account.name
        role = user.account.role.rawValue
        isAdmin = user.account.role == .admin
        isClinical = user.account.role.seesClinicalDetail
    }
}
