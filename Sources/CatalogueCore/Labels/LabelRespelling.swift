/// Other spellings of a name that does not resolve as printed, each naming the same substance by construction.
///
/// Every rewrite here is one a label makes without meaning another substance: letters a font or a PDF confuses
/// ("GIycoI" for "Glycol", "3-0-Ethyl" for "3-O-Ethyl", "Of cinale" where the "ffi" ligature was lost), a
/// carbon-chain range written twice ("C14-C22" for "C14-22"), the parts of a slash name in another order
/// ("Capric/Caprylic Triglyceride"), the Latin ending of a species epithet ("Aleurites Moluccana" for
/// "Moluccanus"), and botanical synonyms of one species ("Matricaria Recutita" for "Chamomilla Recutita"). No
/// rewrite corrects a typo by similarity: "Ethylparaben" and "Methylparaben" are one letter apart and two
/// substances.
enum LabelRespelling {
    /// Rewrites of `name` to try in turn, as text (keys are taken by the caller); look-alike letters
    /// (``lookalikeLettersFixed(_:)``) are tried before these.
    static func candidates(of name: String) -> [String] {
        var out = ligatureRepairs(of: name)
        out += slashPermutations(of: name)
        let key = LabelText.key(LabelText.removingParentheticals(name))
        if let range = carbonRangeFixed(key) { out.append(range) }
        out += synonymRewrites(of: key)
        out += epithetEndingVariants(of: key)
        return out
    }

    // MARK: Look-alike letters

    /// "GIycoI" → "Glycol", "OiI" → "Oil", "AcryIates" → "Acrylates": a capital I inside a word, next to a lower-case
    /// letter, is a lower-case l in a font that draws them alike. "3-0-Ethyl" → "3-O-Ethyl": a zero between a locant
    /// and a word is the letter O. `nil` when there is nothing to fix.
    static func lookalikeLettersFixed(_ name: String) -> String? {
        var characters = Array(name)
        var changed = false
        for index in characters.indices where characters[index] == "I" && index > 0 {
            let before = characters[index - 1]
            let after = index + 1 < characters.count ? characters[index + 1] : " "
            guard before.isLetter else { continue }
            if before.isLowercase || after.isLowercase {
                characters[index] = "l"
                changed = true
            }
        }
        for index in characters.indices where characters[index] == "0" && index >= 2 && index + 2 < characters.count {
            if characters[index - 1] == "-", characters[index - 2].isNumber, characters[index + 1] == "-",
                characters[index + 2].isLetter
            {
                characters[index] = "O"
                changed = true
            }
        }
        return changed ? String(characters) : nil
    }

    // MARK: Lost ligatures

    /// "GlycolipidsCocos Nucifera (Coconut) Fruit Extract" → "Glycolipids", "Cocos Nucifera (Coconut) Fruit Extract":
    /// the text cut where a capital follows a lower-case letter inside a word, as when a page drops the comma and the
    /// space between two names. INCI names are written in capitals, so such a word is text run together; whether
    /// each piece is a name is for the caller. `nil` when there is no such place.
    static func gluedPieces(of name: String) -> [String]? {
        var pieces: [String] = []
        var current = ""
        var previous: Character?
        for character in name {
            if let previous, previous.isLowercase, previous.isLetter, character.isUppercase, character.isLetter {
                pieces.append(current)
                current = ""
            }
            current.append(character)
            previous = character
        }
        guard !pieces.isEmpty else { return nil }
        pieces.append(current)
        return pieces.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Ligatures a PDF's text layer drops ("ﬁ", "ﬀ", "ﬂ", "ﬃ", "ﬄ"), leaving a space: "Zingiber Of cinale" →
    /// "Zingiber Officinale". Tried where a word is followed by a space and a lower-case fragment.
    static func ligatureRepairs(of name: String) -> [String] {
        let characters = Array(name)
        var out: [String] = []
        for index in characters.indices where characters[index] == " " && index > 0 && index + 1 < characters.count {
            guard characters[index - 1].isLetter, characters[index + 1].isLowercase else { continue }
            let head = String(characters[..<index])
            let tail = String(characters[(index + 1)...])
            for ligature in ["ffi", "fi", "ff", "fl", "ffl"] { out.append(head + ligature + tail) }
            if out.count >= 15 { break }
        }
        return out
    }

    // MARK: Slash names

    /// Fatty-chain words, whose order in a slash name says nothing ("Caprylic/Capric" is "Capric/Caprylic"). In
    /// polymer names order can matter (CosIng lists PEG-10/PPG-10 Methicone and PPG-10/PEG-10 Methicone apart), so
    /// only these are reordered.
    private static let chainWords: Set<String> = [
        "caprylic", "capric", "lauric", "myristic", "palmitic", "stearic", "oleic", "linoleic", "behenic", "isostearic",
        "caprylyl", "capryl", "decyl", "lauryl", "myristyl", "cetyl", "stearyl", "cetearyl", "behenyl", "oleyl",
        "caprylate", "caprate", "laurate", "myristate", "palmitate", "stearate", "oleate", "behenate", "coco",
    ]

    /// "Capric/Caprylic Triglyceride" → "Caprylic/Capric Triglyceride": the fatty-chain parts of the first
    /// slash-joined word in every other order (up to three parts).
    static func slashPermutations(of name: String) -> [String] {
        let words = name.split(separator: " ", omittingEmptySubsequences: false)
        guard let position = words.firstIndex(where: { $0.contains("/") }) else { return [] }
        let parts = words[position].split(separator: "/").map(String.init)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ chainWords.contains($0.lowercased()) }) else { return [] }
        let orders: [[Int]] =
            parts.count == 2 ? [[1, 0]] : [[0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        return orders.map { order in
            var copy = words.map(String.init)
            copy[position] = order.map { parts[$0] }.joined(separator: "/")
            return copy.joined(separator: " ")
        }
    }

    /// The names a word with a slash inside stands for: "Acacia Decurrens Flower Cera/Wax" → "… Flower Cera" and
    /// "… Flower Wax". Only single words on both sides of the slash; `[]` otherwise.
    static func wordAlternatives(of name: String) -> [String] {
        let words = LabelText.removingParentheticals(name).split(separator: " ")
        guard words.count >= 2,
            let position = words.firstIndex(where: { $0.contains("/") }),
            words.filter({ $0.contains("/") }).count == 1
        else { return [] }
        let parts = words[position].split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count >= 2 && $0.allSatisfy(\.isLetter) }) else { return [] }
        return parts.map { part in
            var copy = words.map(String.init)
            copy[position] = String(part)
            return copy.joined(separator: " ")
        }
    }

    // MARK: Carbon-chain ranges

    /// "c14 c22 alcohols" → "c14 22 alcohols": INCI writes a chain-length range with one C.
    static func carbonRangeFixed(_ key: String) -> String? {
        var words = key.split(separator: " ").map(String.init)
        var changed = false
        var index = 0
        while index + 1 < words.count {
            if isCarbonCount(words[index]), isCarbonCount(words[index + 1]) {
                words[index + 1].removeFirst()
                changed = true
            }
            index += 1
        }
        return changed ? words.joined(separator: " ") : nil
    }

    private static func isCarbonCount(_ word: String) -> Bool {
        word.count >= 2 && word.count <= 3 && word.first == "c" && word.dropFirst().allSatisfy(\.isNumber)
    }

    // MARK: Botanical names

    /// Accepted names and synonyms of one species, as labels print them (keys). Each line names ONE species under
    /// two names: Plants of the World Online (Royal Botanic Gardens, Kew, powo.science.kew.org) lists the first as
    /// a synonym of the second or the reverse; INCI chose one of them.
    static let speciesSynonyms: [(String, String)] = [
        ("matricaria recutita", "chamomilla recutita"),  // German chamomile; accepted: Matricaria chamomilla
        ("matricaria chamomilla", "chamomilla recutita"),
        ("chamomilla recutita", "matricaria recutita"),
        ("chamaemelum nobile", "anthemis nobilis"),  // Roman chamomile
        ("anthemis nobilis", "chamaemelum nobile"),
        ("moringa pterygosperma", "moringa oleifera"),
        ("moringa oleifera", "moringa pterygosperma"),
        ("vitellaria paradoxa", "butyrospermum parkii"),  // shea
        ("butyrospermum parkii", "vitellaria paradoxa"),
        ("citrus sinensis", "citrus aurantium dulcis"),  // sweet orange
        ("citrus aurantium dulcis", "citrus sinensis"),
        ("citrus bergamia", "citrus aurantium bergamia"),  // bergamot
        ("citrus aurantium bergamia", "citrus bergamia"),
        ("chrysopogon zizanioides", "vetiveria zizanoides"),  // vetiver
        ("vetiveria zizanioides", "vetiveria zizanoides"),
        ("vetivera zizanoides", "vetiveria zizanoides"),
        ("vetivera zizanioides", "vetiveria zizanoides"),
        ("lavandula officinalis", "lavandula angustifolia"),
        ("helichrysum angustifolium", "helichrysum italicum"),
        ("aloe vera", "aloe barbadensis"),
        ("persea americana", "persea gratissima"),  // avocado
        ("persea gratissima", "persea americana"),
        ("prunus dulcis", "prunus amygdalus dulcis"),  // sweet almond
        ("salvia rosmarinus", "rosmarinus officinalis"),  // rosemary, moved to Salvia in 2017
        ("copernicia prunifera", "copernicia cerifera"),  // carnauba
        ("euphorbia antisyphilitica", "euphorbia cerifera"),  // candelilla
    ]

    /// The key with its species written under each synonym: "matricaria recutita flower extract" →
    /// "chamomilla recutita flower extract".
    static func synonymRewrites(of key: String) -> [String] {
        var out: [String] = []
        for (printed, other) in speciesSynonyms where key.hasPrefix(printed + " ") {
            out.append(other + key.dropFirst(printed.count))
        }
        return out
    }

    /// Endings of one Latin adjective in its three genders: a species epithet agrees with its genus, and labels
    /// get the agreement wrong ("Aleurites Moluccana" for "Moluccanus", "Zingiber Officinalis" for "Officinale").
    private static let endingGroups: [[String]] = [["us", "a", "um"], ["is", "e"], ["er", "ra", "rum"]]

    /// The key with its second word (the species epithet) in the other genders. Only names of three words or
    /// more (genus, epithet, part): the genus stays, so the species stays.
    static func epithetEndingVariants(of key: String) -> [String] {
        let words = key.split(separator: " ").map(String.init)
        guard words.count >= 3, words[0].count >= 4, words[1].count >= 5, words[1].allSatisfy(\.isLetter) else {
            return []
        }
        var out: [String] = []
        for group in endingGroups {
            guard let ending = group.first(where: { words[1].hasSuffix($0) }) else { continue }
            let stem = words[1].dropLast(ending.count)
            for other in group where other != ending {
                var copy = words
                copy[1] = stem + other
                out.append(copy.joined(separator: " "))
            }
            break
        }
        return out
    }

    // MARK: US colour names

    /// "FD&C Yellow No. 5 Aluminum Lake" → "yellow 5", "Ext. D&C Violet No. 2" → "ext violet 2": the key of a US
    /// certified colour without its prefix, "No." and lake suffix, as the inventory's spellings list it; `nil` for
    /// other names.
    static func colourNameKey(_ key: String) -> String? {
        var words = key.split(separator: " ").map(String.init)
        var external = false
        if words.first == "ext" {
            external = true
            words.removeFirst()
        }
        if words.starts(with: ["fd", "c"]) {
            words.removeFirst(2)
        } else if words.starts(with: ["d", "c"]) {
            words.removeFirst(2)
        } else {
            return nil
        }
        words.removeAll { $0 == "no" }
        if words.last == "lake" {
            words.removeLast()
            if let last = words.last, lakeSalts.contains(last) { words.removeLast() }
        }
        guard words.count == 2, words[1].allSatisfy(\.isNumber) else { return nil }
        return (external ? "ext " : "") + words.joined(separator: " ")
    }

    private static let lakeSalts: Set<String> = ["aluminum", "aluminium", "al", "calcium", "ca", "barium", "ba", "zirconium", "zr"]

    /// US names that stand for several colour-index numbers at once: "Iron Oxides" is CI 77491, 77492 and 77499
    /// (21 CFR 73.2250 lists the synthetic iron oxides as one colour).
    static let colourGroups: [String: [String]] = [
        "iron oxides": ["ci 77491", "ci 77492", "ci 77499"],
        "iron oxide": ["ci 77491", "ci 77492", "ci 77499"],
    ]
}
