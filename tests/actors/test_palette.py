"""Kinds stay distinct for colour-blind readers: shape and colour together, never colour alone."""

import itertools
import json
import math
from pathlib import Path

from actors.palette import KIND_SYMBOLS, OKABE_ITO, SHAPES, kind_symbol

# Machado, Oliveira & Fernandes (2009), deuteranopia at full severity, on linear RGB.
DEUTERANOPIA = [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.011820, 0.042940, 0.968881],
]
MIN_DELTA_E = 15  # CIE76; the issue found pairs at 1.9 before


def linear(hex_colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    return [channel(int(hex_colour[i:i + 2], 16)) for i in (1, 3, 5)]


def deuteranope(rgb):
    return [min(1, max(0, sum(m * c for m, c in zip(row, rgb, strict=True))))
            for row in DEUTERANOPIA]


def lab(rgb):
    x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047
    y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(first, second, simulate=lambda rgb: rgb):
    return math.dist(lab(simulate(linear(first))), lab(simulate(linear(second))))


def test_every_kind_of_the_taxonomy_has_a_symbol():
    taxonomy = json.loads(Path("actors/reference/taxonomy.json").read_text())
    assert {kind["slug"] for kind in taxonomy["kinds"]} <= set(KIND_SYMBOLS)
    assert all(shape in SHAPES and colour in OKABE_ITO
               for colour, shape in KIND_SYMBOLS.values())


def test_no_two_kinds_look_the_same():
    assert len(set(KIND_SYMBOLS.values())) == len(KIND_SYMBOLS)


def test_kinds_of_the_same_shape_differ_in_colour_for_deuteranopes_too():
    for (slug_a, (colour_a, shape_a)), (slug_b, (colour_b, shape_b)) in itertools.combinations(
            KIND_SYMBOLS.items(), 2):
        if shape_a != shape_b:
            continue
        a, b = OKABE_ITO[colour_a], OKABE_ITO[colour_b]
        assert delta_e(a, b) >= MIN_DELTA_E, (slug_a, slug_b)
        assert delta_e(a, b, deuteranope) >= MIN_DELTA_E, (slug_a, slug_b)


def test_a_kind_outside_the_palette_keeps_its_colour():
    assert kind_symbol("new-kind", "#123456") == ("#123456", "circle")
    assert kind_symbol("fablab", "#d9480f") == (OKABE_ITO["vermillion"], "circle")
