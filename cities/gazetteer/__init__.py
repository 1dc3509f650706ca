"""The gazetteer: every populated place of GeoNames, matched by name, point or postcode.

`gazetteer()` loads the committed extract (data/places.tsv.gz) once, lazily; names are
indexed per country on first use. See data/README.md for the data and its licence.
"""

from cities.gazetteer.index import Gazetteer, Place, gazetteer
from cities.gazetteer.names import place_key

__all__ = ["Gazetteer", "Place", "gazetteer", "place_key"]
