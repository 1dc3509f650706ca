"""iCalendar (RFC 5545) files of summits and workshops, for calendar applications."""

import datetime
from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from workshops.models import Participation, Summit, Workshop

PRODUCT_ID = "-//AIMF//innovations locales//FR"
# UIDs must never change for a given event, or calendars would duplicate it on re-import:
# they are built from the primary key (slugs and host names can change) and a fixed name.
UID_DOMAIN = "innovations-locales.aimf"

# A function turning a site path into an absolute URL (request.build_absolute_uri).
AbsoluteUrl = Callable[[str], str]


def workshop_uid(workshop: Workshop) -> str:
    return f"workshop-{workshop.pk}@{UID_DOMAIN}"


def is_in_calendar(workshop: Workshop) -> bool:
    """Only workshops whose day is known become events.

    An undated workshop cannot be placed in a calendar at all; inventing a day (the first
    of the summit, say) would put a wrong event in people's agendas, so it is left out and
    the summit page says its date is not published. A day without times becomes an all-day
    event."""
    return workshop.date is not None


def _location(workshop: Workshop) -> str:
    parts = [part for part in (workshop.venue, workshop.venue_address) if part]
    if workshop.format != Workshop.Format.IN_PERSON:
        parts.append(str(workshop.get_format_display()))
    return ", ".join(parts)


def _description(workshop: Workshop, url: str) -> str:
    lines = []
    if workshop.guiding_question:
        lines += [workshop.guiding_question, ""]
    if workshop.description:
        lines += [workshop.description, ""]
    people: dict[str, list[str]] = {}
    for participation in workshop.participations.all():
        people.setdefault(participation.role, []).append(participation.person.name)
    labels = {Participation.Role.CHAIR: _("Chair: %(names)s"),
              Participation.Role.MODERATOR: _("Moderator: %(names)s"),
              Participation.Role.SPEAKER: _("Speakers: %(names)s")}
    for role, label in labels.items():
        if people.get(role):
            lines.append(label % {"names": ", ".join(people[role])})
    lines.append(url)
    return "\n".join(lines).strip()


def workshop_event(workshop: Workshop, *, absolute_url: AbsoluteUrl,
                   stamp: datetime.datetime) -> Event:
    """The VEVENT of a dated workshop (see `is_in_calendar`)."""
    event = Event()
    event.add("uid", workshop_uid(workshop))
    event.add("dtstamp", stamp)
    if workshop.starts_at:
        # Aware datetimes in the summit's zone: written with TZID, and the calendar gets
        # the matching VTIMEZONE (see `_calendar`).
        event.add("dtstart", workshop.starts_at)
        if workshop.ends_at:
            event.add("dtend", workshop.ends_at)
    else:
        # All-day event: DTEND is exclusive (RFC 5545, 3.6.1), hence the next day.
        event.add("dtstart", workshop.date)
        event.add("dtend", workshop.date + datetime.timedelta(days=1))
    url = absolute_url(workshop.get_absolute_url())
    event.add("summary", workshop.title)
    event.add("description", _description(workshop, url))
    location = _location(workshop)
    if location:
        event.add("location", location)
    if workshop.has_venue_point:
        event.add("geo", (workshop.venue_latitude, workshop.venue_longitude))
    event.add("url", url)
    if workshop.theme:
        event.add("categories", [workshop.theme.name])
    return event


def _calendar(name: str, summit: Summit, events: Iterable[Event]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # Non-standard but read by Google Calendar, Outlook and Apple Calendar.
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", summit.time_zone)
    for event in events:
        calendar.add_component(event)
    # VTIMEZONE from the tz database, limited to the summit's years to keep the file small.
    # The summit's zone is always there (X-WR-TIMEZONE names it), even when every event
    # is all-day and so refers to no TZID.
    years = {"first_date": datetime.date(summit.start_date.year, 1, 1),
             "last_date": datetime.date(summit.end_date.year + 1, 1, 1)}
    if summit.time_zone not in {zone["TZID"] for zone in calendar.timezones}:
        calendar.add_component(Timezone.from_tzid(summit.time_zone, **years))
    calendar.add_missing_timezones(**years)
    # RFC 5545 wants the VTIMEZONE before the events that use it (3.6.5).
    calendar.subcomponents.sort(key=lambda component: component.name != "VTIMEZONE")
    return calendar


def workshop_calendar(workshop: Workshop, *, absolute_url: AbsoluteUrl) -> bytes:
    """One dated workshop as an .ics file (the caller checks `is_in_calendar`)."""
    event = workshop_event(workshop, absolute_url=absolute_url, stamp=timezone.now())
    return _calendar(workshop.title, workshop.summit, [event]).to_ical()


def summit_calendar(summit: Summit, workshops: Iterable[Workshop], *,
                    absolute_url: AbsoluteUrl) -> bytes:
    """The summit's dated workshops as one .ics file; undated ones are left out."""
    stamp = timezone.now()
    events = [workshop_event(workshop, absolute_url=absolute_url, stamp=stamp)
              for workshop in workshops if is_in_calendar(workshop)]
    return _calendar(summit.name, summit, events).to_ical()
