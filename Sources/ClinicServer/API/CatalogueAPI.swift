import CatalogueCore
import Hummingbird
import OilCatalogue
import StoreInterface

/// `/api/v1/ingredients` and `/api/v1/products`: the reference catalogue and the suppliers' products. Not
/// clinical, so every role may read them.
struct CatalogueAPI {
    let services: ClinicServices

    func register(_ routes: RouteTable) {
        routes.on(.get, "/api/v1/ingredients", roles: .everyone) { request, _, _ in
            let taxonomy = services.taxonomy
            let query = request.query
            var ingredients = taxonomy.ingredients
            if let name = query.text("property") {
                guard let property = taxonomy.property(named: name) else {
                    throw InputError.invalid("property", "one of " + taxonomy.properties.map(\.id.rawValue).joined(separator: ", "))
                }
                let ids = Set(property.ingredients.map(\.ingredient))
                ingredients = ingredients.filter { ids.contains($0.id) }
            }
            if let kind = query.text("kind") {
                guard let value = IngredientKind(rawValue: kind) else {
                    throw InputError.invalid("kind", "one of " + IngredientKind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                ingredients = ingredients.filter { $0.kind == value }
            }
            return try Responses.json(ingredients.map { IngredientSummaryJSON($0, taxonomy: taxonomy) })
        }

        routes.on(.get, "/api/v1/products", roles: .everyone) { request, context, _ in
            try await Responses.json(try search(request.query))
        }

        routes.on(.get, "/api/v1/products/{supplier}/{sku}", roles: .everyone) { _, context, _ in
            let supplier = try context.text("supplier"), sku = try context.text("sku")
            guard let detail = try await services.database.productDetail(supplier: supplier, sku: sku) else {
                throw InputError.notFound("no product \(supplier):\(sku)")
            }
            return try Responses.json(detail)
        }
    }

    func search(_ query: FormFields) async throws -> [ProductSummary] {
        let taxonomy = services.taxonomy
        var filter = ProductFilter()
        filter.text = query.text("q")
        filter.supplier = query.text("supplier")
        if let name = query.text("property") {
            guard let property = taxonomy.property(named: name) else {
                throw InputError.invalid("property", "one of " + taxonomy.properties.map(\.id.rawValue).joined(separator: ", "))
            }
            filter.property = property.id
        }
        if let name = query.text("ingredient") {
            guard let ingredient = taxonomy.ingredient(named: name) else { throw InputError.invalid("ingredient", "an ingredient of the reference catalogue") }
            filter.ingredient = ingredient.id
        }
        if let limit = query.text("limit") {
            guard let value = Int(limit), (1...500).contains(value) else { throw InputError.invalid("limit", "1 to 500") }
            filter.limit = value
        }
        return try await services.database.searchProducts(filter)
    }
}
