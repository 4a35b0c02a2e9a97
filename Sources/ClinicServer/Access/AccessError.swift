import CatalogueCore
import HTTPTypes

/// Why a request may not go on. Pages turn `unauthenticated` into a redirect to the login page.
enum AccessError: Error, Equatable {
    case unauthenticated
    case invalidToken
    case forbidden
    case csrf

    var status: HTTPResponse.Status {
        switch self {
        case .unauthenticated, .invalidToken: .unauthorized
        case .forbidden, .csrf: .forbidden
        }
    }

    var code: String {
        switch self {
        case .unauthenticated: "AUTH-REQUIRED"
        case .invalidToken: "AUTH-INVALID-TOKEN"
        case .forbidden: "AUTH-FORBIDDEN"
        case .csrf: "AUTH-CSRF"
        }
    }

    var message: String {
        switch self {
        case .unauthenticated: "sign in first, or send an API token as 'Authorization: Bearer <token>'"
        case .invalidToken: "the API token is unknown or revoked; ask an admin for a new one"
        case .forbidden: "your role may not use this; ask an admin if you need it"
        case .csrf: "the form's security token is missing or out of date; reload the page and submit again"
        }
    }
}
