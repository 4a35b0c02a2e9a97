#!/usr/bin/env python3
"""Generates cosing-inventory.tsv, the inventory tier of the reference catalogue, from the EU CosIng inventory.

Usage: python3 Catalogue/inventory/generate-inventory.py PATH/TO/cosing-inventory.csv > Catalogue/inventory/cosing-inventory.tsv

Source: EU CosIng, the European Commission's database of cosmetic ingredients (Regulation (EC) No 1223/2009),
ingredient inventory as exported on 2020-12-30 (columns inci_name, cas_number, einecs_number, function). Only
facts are taken: INCI names, CAS and EC numbers, functions.

Output (UTF-8, tab-separated, one ingredient a line, sorted by key in byte order so the loader can binary-search
it without building an index):
  line 1: "# ..." provenance
  line 2: "#functions" then every function name; a row's functions are indexes into this list
  rows:   key  INCI  CAS  EC  functions  flags
  then "#compact", then one line per compact key: the key without spaces, a tab, the row's index (0-based), sorted
  by compact key: labels glue words ("Cetearylalcohol", "Ethylhexyl Glycerin"). Label spellings (below) have
  compact keys too. A compact key shared by two rows is left out: it would not say which is meant.
  then "#spellings", then one line per label spelling of an INCI name that is not itself an INCI name (US adopted
  names, English names: LABEL_SPELLINGS below): its key, a tab, the row's index, sorted by key.
- key: the matching key of the INCI name (lower case, every run of non-alphanumerics one space), the same as
  LabelText.key in CatalogueCore. CosIng spellings of one name that differ only in spacing or punctuation
  ("ADIANTUM CAPILLUS VENERIS LEAF EXTRACT" / "...CAPILLUS-VENERIS...") share a key: a label cannot tell them
  apart, so they are one row (first spelling; CAS numbers and functions united).
- flags: "n" for a natural complex substance: a plant oil, absolute, extract, water, resin, balsam... listed with
  a perfuming or fragrance function. Its constituents are not in the reference data, so for a client allergic to
  a fragrance substance it is never "safe". Substances that merely appear in the fragrance inventory (butylene
  glycol, hydrogenated oils, esters) are not flagged.
"""
import csv
import re
import sys

NCS_LAST_WORDS = {
    "OIL", "OILS", "EXTRACT", "ABSOLUTE", "CONCRETE", "RESINOID", "RESIN", "BALSAM", "TINCTURE", "WATER",
    "DISTILLATE", "HYDROSOL", "OLEORESIN", "GUM", "JUICE", "INFUSION", "LEAF", "FLOWER", "BARK", "ROOT", "WOOD",
    "PEEL", "SEED", "FRUIT", "HERB", "STEM", "TWIG", "BUD", "NEEDLE", "RHIZOME", "POWDER",
}
NOT_NCS_WORDS = {
    "HYDROGENATED", "PEG", "PPG", "SODIUM", "POTASSIUM", "MAGNESIUM", "CALCIUM", "ZINC", "ETHYL", "METHYL",
    "ESTERS", "ESTER", "SULFATED", "SULFONATED", "ETHOXYLATED", "POLYGLYCERYL", "GLYCERETH", "ACID", "ACIDS",
    "MINERAL", "PARAFFINUM", "SILICONE", "DIMETHICONE", "AMMONIUM", "TEA", "DEA", "MEA", "LAURETH", "HYDROLYZED",
    "FERMENT", "FILTRATE", "LYSATE", "WAX",
}
PERFUMING = {"Perfuming", "Fragrance"}

# Names printed on labels for an INCI name that are not INCI names themselves: US adopted names (USAN) of UV
# filters, and common English names. Each names the same substance as the INCI name, never a relative.
LABEL_SPELLINGS = {
    "BUTYL METHOXYDIBENZOYLMETHANE": ["Avobenzone"],
    "ETHYLHEXYL SALICYLATE": ["Octisalate"],
    "ETHYLHEXYL METHOXYCINNAMATE": ["Octinoxate"],
    "BENZOPHENONE-3": ["Oxybenzone"],
    "PHENYLBENZIMIDAZOLE SULFONIC ACID": ["Ensulizole"],
    "PARAFFINUM LIQUIDUM": ["Mineral Oil", "Liquid Paraffin"],
    "ALCOHOL DENAT.": ["Denatured Alcohol"],
    "OENOTHERA BIENNIS OIL": ["Evening Primrose Oil"],
    "CYAMOPSIS TETRAGONOLOBA GUM": ["Guar Gum"],
    "TOCOPHERYL ACETATE": ["Tocopherol Acetate", "Vitamin E Acetate", "DL-Alpha-Tocopheryl Acetate", "D-Alpha-Tocopheryl Acetate"],
    "CARTHAMUS TINCTORIUS SEED OIL": ["Carthamus Tinctorius Oil", "Safflower Seed Oil"],
    "SODIUM HYALURONATE": ["Hyaluronate Sodium"],
    # Citrus medica limonum is the former INCI name of lemon (Citrus limon).
    "CITRUS LIMON PEEL EXTRACT": ["Citrus Medica Limonum Peel Extract"],
    "CITRUS LIMON FRUIT EXTRACT": ["Citrus Medica Limonum Fruit Extract"],
    "CITRUS LIMON JUICE": ["Citrus Medica Limonum Juice"],
    "GLYCINE SOJA STEROLS": ["Glycine Soja Sterol"],
    "3-O-ETHYL ASCORBIC ACID": ["Ethyl Ascorbic Acid", "Ethyl Ascorbate"],
    # The INCI name this polymer had until the INCI committee renamed it; labels still print it.
    "AMMONIUM POLYACRYLOYLDIMETHYL TAURATE": ["Ammonium Polyacryldimethyltauramide"],
    # US names of colours the EU lists by colour index (FDA certified colours, their lakes included).
    "CI 77163": ["Bismuth Oxychloride"],
    "CI 17200": ["Red 33", "D&C Red No. 33", "Red 33 Lake"],
    "CI 19140": ["Yellow 5", "FD&C Yellow No. 5", "Yellow 5 Lake"],
    "CI 16035": ["Red 40", "FD&C Red No. 40", "Red 40 Lake"],
    "CI 42090": ["Blue 1", "FD&C Blue No. 1", "Blue 1 Lake"],
    "CI 15985": ["Yellow 6", "FD&C Yellow No. 6", "Yellow 6 Lake"],
    "CI 45410": ["Red 28", "Red 27", "Red 28 Lake", "Red 27 Lake"],
    "CI 73360": ["Red 30", "Red 30 Lake"],
    "CI 61570": ["Green 5"],
    "CI 45380": ["Red 21", "Red 22", "Red 21 Lake", "Red 22 Lake"],
    "CI 12085": ["Red 36"],
    "CI 15850": ["Red 6", "Red 7", "Red 6 Lake", "Red 7 Lake"],
    # More of 21 CFR part 74 (FDA, "List of Permanently Listed Color Additives Subject to U.S. Certification", which
    # gives each colour's CI number and CAS number; the CAS numbers match CosIng's). "Iron Oxides" alone names the
    # three iron oxides together, so the resolver maps it to all three (ColourName in CatalogueCore).
    "CI 14700": ["Red 4"],
    "CI 15510": ["Orange 4"],
    "CI 15880": ["Red 34"],
    "CI 20170": ["Brown 1"],
    "CI 26100": ["Red 17"],
    "CI 42053": ["Green 3"],
    "CI 45370": ["Orange 5"],
    "CI 47005": ["Yellow 10"],
    "CI 60725": ["Violet 2"],
    "CI 60730": ["Ext. Violet 2"],
    "CI 61565": ["Green 6"],
    # Colours 21 CFR part 73 exempts from certification, by their US INCI names.
    "CI 75470": ["Carmine"],
    "CI 77000": ["Aluminum Powder"],
    "CI 77288": ["Chromium Oxide Greens"],
    "CI 77289": ["Chromium Hydroxide Green"],
    "CI 77491": ["Red Iron Oxide", "Iron Oxide Red"],
    "CI 77492": ["Yellow Iron Oxide", "Iron Oxide Yellow"],
    "CI 77499": ["Black Iron Oxide", "Iron Oxide Black"],
    "CI 77510": ["Ferric Ferrocyanide"],
    "CI 77742": ["Manganese Violet"],
}


def key(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", name.lower()))


def tidy(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def is_natural_complex(name: str, functions: set) -> bool:
    if not functions & PERFUMING:
        return False
    words = re.findall(r"[A-Z0-9]+", name.upper())
    if len(words) < 2 or words[-1] not in NCS_LAST_WORDS:
        return False
    if any(word in NOT_NCS_WORDS for word in words) or any(ch.isdigit() for ch in name):
        return False
    return True


def main(path: str) -> None:
    rows = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            name = tidy(record["inci_name"])
            row_key = key(name)
            if not row_key:
                continue
            functions = [f.strip() for f in record["function"].split(",") if f.strip()]
            cas = [c.strip() for c in re.split(r"[,/;]| and ", record["cas_number"]) if c.strip() and c.strip() != "-"]
            ec = [c.strip() for c in re.split(r"[,/;]| and ", record["einecs_number"]) if c.strip() and c.strip() != "-"]
            entry = rows.setdefault(row_key, {"name": name, "cas": [], "ec": [], "functions": []})
            for target, values in (("cas", cas), ("ec", ec), ("functions", functions)):
                for value in values:
                    if value not in entry[target]:
                        entry[target].append(value)
    names = sorted({f for entry in rows.values() for f in entry["functions"]})
    index = {name: i for i, name in enumerate(names)}
    out = sys.stdout
    out.write("# EU CosIng ingredient inventory (export of 2020-12-30); generated by generate-inventory.py; do not edit\n")
    out.write("#functions\t" + "\t".join(names) + "\n")
    for row_key in sorted(rows, key=lambda k: k.encode("utf-8")):
        entry = rows[row_key]
        flags = "n" if is_natural_complex(entry["name"], set(entry["functions"])) else ""
        fields = [
            row_key, entry["name"], ", ".join(entry["cas"]), ", ".join(entry["ec"]),
            ",".join(str(index[f]) for f in entry["functions"]), flags,
        ]
        assert all("\t" not in f and "\n" not in f for f in fields), fields
        out.write("\t".join(fields) + "\n")
    compact = {}
    for row, row_key in enumerate(sorted(rows, key=lambda k: k.encode("utf-8"))):
        compact.setdefault(row_key.replace(" ", ""), []).append(row)
    row_of = {k: i for i, k in enumerate(sorted(rows, key=lambda k: k.encode("utf-8")))}
    spellings = {}
    for inci, names_ in LABEL_SPELLINGS.items():
        target = row_of[key(inci)]
        for spelling in names_:
            assert key(spelling) not in rows, f"{spelling} is itself an INCI name"
            spellings[key(spelling)] = target
    # A spelling glued together ("DL-Alpha TocopherylAcetate") is looked up by its compact key too, unless that
    # key already stands for another row.
    for spelling_key, target in spellings.items():
        rows_ = compact.setdefault(spelling_key.replace(" ", ""), [])
        if target not in rows_:
            rows_.append(target)
    out.write("#compact\n")
    for compact_key in sorted(compact, key=lambda k: k.encode("utf-8")):
        if len(compact[compact_key]) == 1:
            out.write(f"{compact_key}\t{compact[compact_key][0]}\n")
    out.write("#spellings\n")
    for spelling_key in sorted(spellings, key=lambda k: k.encode("utf-8")):
        out.write(f"{spelling_key}\t{spellings[spelling_key]}\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: generate-inventory.py PATH/TO/cosing-inventory.csv > cosing-inventory.tsv")
    main(sys.argv[1])
