"""How each actor kind is drawn: a colour-blind-safe colour and a shape, in one place.

Colours are the Okabe-Ito palette (distinct for the common colour-vision deficiencies);
kinds that share a shape never share a colour, so every kind is told apart by shape and
colour together, and never by colour alone. tests/actors/test_palette.py checks the
distance between colours under a deuteranopia simulation.
"""

OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#1B1F24",
}

# The inside of a 24x24 SVG; the stroke makes light colours stand out on a light map.
SHAPES = {
    "circle": '<circle class="kind-shape" cx="12" cy="12" r="8"/>',
    "square": '<rect class="kind-shape" x="5" y="5" width="14" height="14"/>',
    "diamond": '<path class="kind-shape" d="M12 2.5 21.5 12 12 21.5 2.5 12Z"/>',
    "triangle": '<path class="kind-shape" d="M12 3.5 21 19.5H3Z"/>',
}

# The kinds of actors/reference/taxonomy.json, by slug: (colour, shape).
KIND_SYMBOLS = {
    "fablab": ("vermillion", "circle"),
    "incubator": ("green", "circle"),
    "startup": ("blue", "circle"),
    "association": ("purple", "circle"),
    "tech-hub": ("sky", "circle"),
    "makerspace": ("orange", "square"),
    "accelerator": ("black", "square"),
    "coworking": ("sky", "square"),
    "research-lab": ("blue", "square"),
    "cooperative": ("green", "diamond"),
    "tiers-lieu": ("purple", "diamond"),
    "living-lab": ("yellow", "diamond"),
    "public-innovation-lab": ("vermillion", "diamond"),
    "funder": ("orange", "triangle"),
    "cultural-collective": ("purple", "triangle"),
    "digital-school": ("blue", "triangle"),
    "network": ("black", "triangle"),
}


def kind_symbol(slug: str, colour: str) -> tuple[str, str]:
    """(colour, shape) of a kind; kinds added later keep their own colour, as a circle."""
    if slug in KIND_SYMBOLS:
        name, shape = KIND_SYMBOLS[slug]
        return OKABE_ITO[name], shape
    return colour, "circle"
