/// Translations printed beside an INCI name on bilingual labels ("Water/Aqua/Eau", "Canola Oil/Huile De Colza",
/// "Yeast Extract\Faex\Extrait De Levure"): French and Latin words that name what the INCI name already names.
enum LabelTranslation {
    private static let words: Set<String> = [
        "eau", "de", "du", "des", "d", "la", "le", "les", "huile", "cire", "extrait", "sel", "marin", "mer", "proteine",
        "petit", "lait", "racine", "feuille", "feuilles", "fleur", "fleurs", "graine", "graines", "beurre", "vegetale",
        "vegetal", "colza", "abeille", "levure", "orge", "miel", "mais", "riz", "avoine", "noix", "noyau", "fruit",
        "fruits", "jus", "ecorce", "betterave", "tournesol", "olive", "amande", "douce", "parfum", "arome", "faex",
        "mel", "maris", "sal", "aqua", "lactis", "protein", "proteinum", "microcristalline", "carnauba", "candelilla",
        "soja", "coco", "karite", "lin", "ricin", "germe", "ble", "son", "pepins", "raisin", "sesame", "argan", "rose",
        "lavande", "camomille", "romarin", "menthe", "poivree", "citron", "orange", "pamplemousse",
        "minerale", "cera",
    ]

    /// Whether every word of `text` is a translation word (so it adds no name of its own).
    static func isTranslation(_ text: String) -> Bool {
        let key = LabelText.key(text)
        guard !key.isEmpty else { return false }
        return key.split(separator: " ").allSatisfy { words.contains(String($0)) }
    }
}
