"""What a page tells search engines and link previews: its canonical address and language
versions, OpenGraph/Twitter card tags and schema.org JSON-LD (published, consented data
only: an e-mail or phone appears only where the organisation agreed to publish it)."""

import json

from django.conf import settings
from django.templatetags.static import static
from django.urls import translate_url
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.models import Actor
from cities.models import City, Country
from innovations.models import ForgeStatus, Innovation
from workshops.models import Person, Summit, Workshop

# As Django's json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, default=str).translate(JSON_SCRIPT_ESCAPES)


def short(text: str, words: int = 40) -> str:
    return Truncator(" ".join(strip_tags(text or "").split())).words(words)


def place_of(city: City, absolute) -> dict:
    return {
        "@type": "Place", "name": city.name, "url": absolute(city.get_absolute_url()),
        "geo": {"@type": "GeoCoordinates", "latitude": city.latitude,
                "longitude": city.longitude},
        "address": {"@type": "PostalAddress", "addressLocality": city.name,
                    "addressCountry": str(city.country.code)},
    }


def actor_meta(actor: Actor, absolute) -> dict:
    data = {
        "@context": "https://schema.org", "@type": "Organization", "name": actor.name,
        "url": absolute(actor.get_absolute_url()),
        "description": short(actor.short_description or actor.description),
        "address": {"@type": "PostalAddress", "streetAddress": actor.address,
                    "addressLocality": actor.city.name,
                    "addressCountry": str(actor.city.country.code)},
        "geo": {"@type": "GeoCoordinates", "latitude": actor.latitude,
                "longitude": actor.longitude},
        "sameAs": [url for url in [actor.website, *actor.social_links] if url],
    }
    if actor.founded_year:
        data["foundingDate"] = str(actor.founded_year)
    if actor.public_email:
        data["email"] = actor.public_email
    if actor.public_phone:
        data["telephone"] = actor.public_phone
    image = absolute(actor.logo.url) if actor.logo else None
    if image:
        data["logo"] = image
    return {"title": actor.name, "description": data["description"], "image": image,
            "type": "profile", "json_ld": data,
            "indexable": actor.status == Actor.Status.PUBLISHED}


def city_meta(city: City, absolute) -> dict:
    description = short(city.description) or _(
        "Actors of local innovation in %(city)s.") % {"city": city.name}
    data = {"@context": "https://schema.org", **place_of(city, absolute),
            "description": description,
            "containedInPlace": {"@type": "Country", "name": city.country.name}}
    return {"title": city.name, "description": description, "json_ld": data}


def country_meta(country: Country, absolute) -> dict:
    description = _("Actors of local innovation in %(country)s.") % {"country": country.name}
    data = {"@context": "https://schema.org", "@type": "Country", "name": country.name,
            "identifier": str(country.code), "url": absolute(country.get_absolute_url())}
    return {"title": country.name, "description": description, "json_ld": data}


def innovation_meta(innovation: Innovation, absolute) -> dict:
    image = absolute(innovation.image.url) if innovation.image else None
    data = {
        "@context": "https://schema.org", "@type": "CreativeWork", "name": innovation.title,
        "url": absolute(innovation.get_absolute_url()), "abstract": innovation.summary,
        "description": short(innovation.description),
        "license": innovation.licence_url, "locationCreated": place_of(innovation.city, absolute),
        "creator": [{"@type": "Organization", "name": actor.name,
                     "url": absolute(actor.get_absolute_url())}
                    # The page prefetches its actors: read them there, published only.
                    for actor in innovation.actors.all()
                    if actor.status == Actor.Status.PUBLISHED],
        "dateModified": innovation.updated_at.isoformat(),
    }
    if innovation.documentation_url:
        data["isBasedOn"] = innovation.documentation_url
    if image:
        data["image"] = image
    return {"title": innovation.title, "description": innovation.summary, "image": image,
            "type": "article", "json_ld": data,
            "indexable": innovation.status == ForgeStatus.PUBLISHED}


def summit_meta(summit: Summit, absolute) -> dict:
    description = short(summit.description)
    data = {"@context": "https://schema.org", "@type": "Event", "name": summit.name,
            "url": absolute(summit.get_absolute_url()), "description": description,
            "startDate": summit.start_date.isoformat(), "endDate": summit.end_date.isoformat(),
            "location": {**place_of(summit.city, absolute), "name": summit.place}}
    return {"title": summit.name, "description": description, "json_ld": data}


def workshop_meta(workshop: Workshop, absolute) -> dict:
    summit = workshop.summit
    description = short(workshop.guiding_question or workshop.description)
    if workshop.venue and workshop.venue_latitude is not None:
        location = {"@type": "Place", "name": workshop.venue,
                    "address": workshop.venue_address or summit.city.name,
                    "geo": {"@type": "GeoCoordinates", "latitude": workshop.venue_latitude,
                            "longitude": workshop.venue_longitude}}
    else:
        location = {**place_of(summit.city, absolute), "name": workshop.venue or summit.place}
    if workshop.format == Workshop.Format.VIDEOCONFERENCE:
        location = {"@type": "VirtualLocation", "name": _("Video-conference")}
    day = workshop.date or summit.start_date
    data = {"@context": "https://schema.org", "@type": "Event", "name": workshop.title,
            "url": absolute(workshop.get_absolute_url()), "description": description,
            "startDate": day.isoformat(), "location": location,
            "superEvent": {"@type": "Event", "name": summit.name,
                           "url": absolute(summit.get_absolute_url())}}
    if workshop.date and workshop.start_time:
        data["startDate"] = f"{day.isoformat()}T{workshop.start_time.isoformat('minutes')}"
    return {"title": workshop.title, "description": description, "json_ld": data}


def person_meta(person: Person, absolute) -> dict:
    description = ", ".join(part for part in (person.title, person.organisation) if part)
    data = {"@context": "https://schema.org", "@type": "Person", "name": person.name,
            "url": absolute(person.get_absolute_url())}
    if person.title:
        data["jobTitle"] = person.title
    if person.organisation:
        data["affiliation"] = {"@type": "Organization", "name": person.organisation}
    return {"title": person.name, "description": description, "type": "profile",
            "json_ld": data}


BUILDERS = [(Actor, actor_meta), (City, city_meta), (Country, country_meta),
            (Innovation, innovation_meta), (Summit, summit_meta), (Workshop, workshop_meta),
            (Person, person_meta)]


# The preview title of pages without an object: their page title (the same messages).
PAGE_TITLES = {
    "actors:map": gettext_lazy("The map of local innovation"),
    "actors:actor_list": gettext_lazy("Directory of actors"),
    "cities:country_list": gettext_lazy("Countries"),
    "innovations:innovation_list": gettext_lazy("Forge of North–South adaptations"),
    "workshops:summit_list": gettext_lazy("Summits and workshops"),
    "workshops:person_list": gettext_lazy("Speakers of the AIMF summits"),
    "workshops:action_plan": gettext_lazy("AIMF action plan"),
    "stats:network": gettext_lazy("Statistics of the network"),
    "accounts:privacy": gettext_lazy("Privacy"),
    "opendata:page": gettext_lazy("Open data"),
}


def page_meta(request, obj=None) -> dict:
    """Everything the head of a page needs; `obj` is the page's object, if any."""
    absolute = request.build_absolute_uri
    meta = {}
    for model, build in BUILDERS:
        if isinstance(obj, model):
            meta = build(obj, absolute)
            break
    site = _("innovations locales")
    match = getattr(request, "resolver_match", None)
    title = PAGE_TITLES.get(match.view_name) if match else None
    meta.setdefault("title", str(title) if title else site)
    meta["description"] = meta.get("description") or _(
        "The map of the actors of local innovation in the cities of the AIMF: fablabs, "
        "incubators, cooperatives and their innovations, as open data.")
    meta["image"] = meta.get("image") or absolute(static("img/og-card.png"))
    meta.setdefault("type", "website")
    meta.setdefault("indexable", True)
    meta["site_name"] = f"{site} (AIMF)"
    meta["canonical"] = absolute(request.path)
    meta["alternates"] = [
        (code, absolute(translate_url(request.path, code))) for code, _name in settings.LANGUAGES
    ]
    meta["x_default"] = absolute(translate_url(request.path, settings.LANGUAGE_CODE))
    meta["locale"] = "en_GB" if (request.LANGUAGE_CODE or "").startswith("en") else "fr_FR"
    if meta.get("json_ld"):
        meta["json_ld_text"] = json_ld_text(meta["json_ld"])
    return meta
