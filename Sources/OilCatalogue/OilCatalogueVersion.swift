/// The release of OilCatalogue: printed by `oilcat --version`, sent as the User-Agent of feed downloads.
public enum OilCatalogueVersion {
    /// The version number, e.g. `0.1.0`.
    public static let current = "0.1.0"
}
