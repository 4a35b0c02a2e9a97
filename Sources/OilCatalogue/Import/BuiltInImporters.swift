public import ImporterAPI
import JSONFeedImporter
import XMLFeedImporter

/// The one explicit list of importers built into OilCatalogue, most specific first (recognition tries them in
/// order). External `oilcat-import-NAME` executables are found separately, by name.
public enum BuiltInImporters {
    public static let registry = ImporterRegistry([
        GoogleMerchantImporter(),
        BMEcatImporter(),
        ShopifyImporter(),
        SchemaOrgImporter(),
        NDJSONImporter(),
        MappedXMLImporter(),
        MappedJSONImporter(),
    ])
}
