"""Reads of the forge shared by several pages (actor and city pages, statistics)."""

from actors.models import Actor
from cities.models import City
from innovations.models import Adaptation, Direction, Innovation


def direction_rows(counts: dict[str, int]) -> list[dict]:
    """[{"direction", "label", "count"}] in the order of Direction, for tables."""
    return [{"direction": value, "label": label, "count": counts.get(value, 0)}
            for value, label in Direction.choices]


def adaptations_by_direction(*, published_only: bool = True) -> dict[str, int]:
    """{"north_south": n, "south_north": n, "south_south": n, "north_north": n}: the
    adaptations by direction (published ones of published innovations by default), in one
    query. The statistics page's entry point."""
    queryset = Adaptation.objects.published() if published_only else Adaptation.objects.all()
    return queryset.count_by_direction()


def _adaptations():
    return (Adaptation.objects.published().with_direction()
            .select_related("innovation", "actor", "city__country", "origin_city__country")
            .order_by("innovation__sort_name", "city__sort_name", "pk"))


def forge_of_actor(actor: Actor) -> dict:
    """The published innovations an actor made and the adaptations it made (two queries)."""
    return {
        "innovations": list(Innovation.objects.published().by_actor(actor)
                            .select_related("city__country").order_by("title", "pk")),
        "adaptations": list(_adaptations().by_actor(actor)),
    }


def forge_of_city(city: City) -> dict:
    """The published innovations born in a city and the adaptations made there."""
    return {
        "innovations": list(Innovation.objects.published().in_city(city)
                            .with_adaptation_count().order_by("title", "pk")),
        "adaptations": list(_adaptations().in_city(city)),
    }
