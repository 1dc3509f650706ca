"""Country names as data sets spell them, where django-countries spells them otherwise."""

from django_countries import countries

COUNTRY_ALIASES = {
    "DR Congo": "CD",
    "Republic of the Congo": "CG",
    "Côte d'Ivoire": "CI",
    "Cabo Verde": "CV",
}


def country_code(name: str) -> str | None:
    """The ISO code of a country name (English, or one of COUNTRY_ALIASES)."""
    return COUNTRY_ALIASES.get(name) or countries.by_name(name) or None
