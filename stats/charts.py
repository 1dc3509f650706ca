"""Charts as data: what a section computes, what its table, its SVG and its CSV show."""

from dataclasses import dataclass, field

# One palette for every chart, each colour at least 3:1 against the page's white
# background (WCAG 2.1, 1.4.11 non-text contrast); tests/stats/test_charts.py checks it.
# Colour-blind-safe hues after Okabe & Ito, darkened until they pass.
PALETTE = ["#0b5cad", "#a34a00", "#00754f", "#8f3f71", "#5f6b00", "#3d5a80"]
BACKGROUND = "#ffffff"


def relative_luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def percent(part: int, whole: int) -> float | None:
    """A share in percent with one decimal; None when there is nothing to divide."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


@dataclass
class Bar:
    """One row of a chart: its label, count and share of the chart's base."""

    label: str
    value: int
    share: float | None = None
    key: str = ""  # the machine value for the CSV (a slug, a code, a month)
    extra: tuple = ()  # further columns (the running total of the growth chart)


@dataclass
class Chart:
    """A titled series of bars; `base` is what the shares are shares of."""

    key: str
    title: str
    bars: list[Bar]
    base: int
    value_header: str = ""
    label_header: str = ""
    note: str = ""
    extra_headers: tuple = ()
    colour: str = PALETTE[0]
    template: str = "stats/sections/bars.html"
    rows: list = field(default_factory=list)  # rows of a table-only section
    # What the bars count, when not actors (column header and caption of the table).
    count_header: str = ""
    caption: str = ""

    @property
    def maximum(self) -> int:
        return max((bar.value for bar in self.bars), default=0)

    @property
    def is_empty(self) -> bool:
        return not any(bar.value for bar in self.bars)

    def csv_rows(self) -> list[list]:
        """Header and rows of the chart's CSV download (machine keys and raw numbers)."""
        header = ["key", "label", "count", "share_percent", *self.extra_headers]
        return [header] + [
            [bar.key, bar.label, bar.value, "" if bar.share is None else bar.share, *bar.extra]
            for bar in self.bars
        ]


# Geometry of the server-rendered bars (SVG user units; the SVG scales to the width).
ROW_HEIGHT = 44
LABEL_HEIGHT = 16
BAR_HEIGHT = 18
WIDTH = 400
VALUE_ROOM = 90  # room right of the longest bar for its figure


def bar_geometry(chart: Chart) -> dict:
    """Positions of the labels and bars: a label line above each bar (readable on a
    phone: no label column squeezing the bars)."""
    maximum = chart.maximum or 1
    usable = WIDTH - VALUE_ROOM
    rows = []
    for index, bar in enumerate(chart.bars):
        top = index * ROW_HEIGHT
        width = round(usable * bar.value / maximum, 1)
        figure = str(bar.value) if bar.share is None else f"{bar.value} ({bar.share:g} %)"
        rows.append({
            "bar": bar, "label_y": top + LABEL_HEIGHT - 3, "bar_y": top + LABEL_HEIGHT + 2,
            "width": max(width, 1 if bar.value else 0), "value_x": width + 6,
            "value_y": top + LABEL_HEIGHT + BAR_HEIGHT - 3, "figure": figure,
        })
    return {"rows": rows, "width": WIDTH, "height": max(len(rows), 1) * ROW_HEIGHT,
            "bar_height": BAR_HEIGHT}
