"""sitemap.xml: every public page, in French and English (hreflang alternates)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from actors.models import Actor
from cities.models import City, Country
from innovations.models import Innovation
from workshops.models import Person, Summit, Workshop


class BilingualSitemap(Sitemap):
    """Each page in both languages, each naming the other (and x-default: French)."""

    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(BilingualSitemap):
    priority = 0.8

    def items(self):
        return ["actors:map", "actors:actor_list", "cities:country_list",
                "innovations:innovation_list", "workshops:summit_list",
                "workshops:person_list", "workshops:action_plan", "stats:network",
                "opendata:page"]

    def location(self, item):
        return reverse(item)


class ActorSitemap(BilingualSitemap):
    def items(self):
        return Actor.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, actor):
        return actor.updated_at


def public_cities():
    """Cities with a page worth finding: AIMF members and places of published actors."""
    return City.objects.filter(
        Q(is_aimf_member=True)
        | Exists(Actor.objects.published().filter(city=OuterRef("pk")))
    )


class CitySitemap(BilingualSitemap):
    def items(self):
        return public_cities().order_by("pk").only("slug", "updated_at")

    def lastmod(self, city):
        return city.updated_at


class CountrySitemap(BilingualSitemap):
    def items(self):
        return Country.objects.filter(
            Exists(public_cities().filter(country=OuterRef("pk")))).order_by("pk")


class InnovationSitemap(BilingualSitemap):
    def items(self):
        return Innovation.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, innovation):
        return innovation.updated_at


class SlugSitemap(BilingualSitemap):
    model = None

    def items(self):
        return self.model.objects.order_by("pk")


class SummitSitemap(SlugSitemap):
    model = Summit


class WorkshopSitemap(SlugSitemap):
    model = Workshop


class PersonSitemap(SlugSitemap):
    model = Person


SITEMAPS = {
    "pages": PagesSitemap, "actors": ActorSitemap, "cities": CitySitemap,
    "countries": CountrySitemap, "innovations": InnovationSitemap, "summits": SummitSitemap,
    "workshops": WorkshopSitemap, "people": PersonSitemap,
}
