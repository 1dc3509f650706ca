"""iCalendar files: valid RFC 5545 that calendar applications import, in the summit's zone."""

import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from tests.factories import (
    ParticipationFactory,
    PersonFactory,
    SummitFactory,
    ThemeFactory,
    WorkshopFactory,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


@pytest.fixture
def summer_summit():
    """A summit in summer time (+02:00) with two timed workshops, an all-day one and an
    undated one."""
    summit = SummitFactory(name="Sommet d'été", slug="ete-2021",
                           start_date=datetime.date(2021, 6, 14),
                           end_date=datetime.date(2021, 6, 15))
    morning = WorkshopFactory(
        summit=summit, slug="matin", title="Atelier du matin, avec; virgules",
        date=datetime.date(2021, 6, 14), start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 0), venue="Hôtel de Ligne",
        venue_address="Rue Royale 72, 1000 Bruxelles", venue_latitude=50.8486,
        venue_longitude=4.3644, format=Workshop.Format.HYBRID, theme=ThemeFactory(),
        guiding_question="Quelle innovation voulons-nous ?",
    )
    ParticipationFactory(workshop=morning, person=PersonFactory(name="Marguerite Dissake"),
                         role="chair")
    WorkshopFactory(summit=summit, slug="apres-midi", date=datetime.date(2021, 6, 15),
                    start_time=datetime.time(14, 0), end_time=datetime.time(17, 30))
    WorkshopFactory(summit=summit, slug="journee", date=datetime.date(2021, 6, 15))
    WorkshopFactory(summit=summit, slug="sans-date", date=None)
    return summit


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_url(calendar):
    return {str(event["url"]).rsplit("/", 2)[-2]: event for event in calendar.walk("VEVENT")}


def test_summit_calendar_has_one_event_per_dated_workshop(client, summer_summit):
    response = client.get("/summits/ete-2021/calendar.ics")
    assert response["Content-Disposition"] == 'attachment; filename="ete-2021.ics"'
    calendar = parse(response)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    events = events_by_url(calendar)
    assert sorted(events) == ["apres-midi", "journee", "matin"]  # the undated one left out
    for event in events.values():
        assert event["UID"] and event.decoded("DTSTAMP").tzinfo is not None
    assert len({str(event["UID"]) for event in events.values()}) == 3


def test_timed_workshops_are_local_brussels_times_with_summer_offset(client, summer_summit):
    events = events_by_url(parse(client.get("/summits/ete-2021/calendar.ics")))
    morning = events["matin"]
    start, end = morning.decoded("DTSTART"), morning.decoded("DTEND")
    assert morning["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert morning["DTEND"].params["TZID"] == "Europe/Brussels"
    assert start == datetime.datetime(2021, 6, 14, 9, 30, tzinfo=BRUSSELS)
    assert (start.hour, start.minute, end.hour) == (9, 30, 12)
    assert start.utcoffset() == datetime.timedelta(hours=2)
    assert start.astimezone(datetime.UTC).hour == 7
    afternoon = events["apres-midi"]
    assert afternoon.decoded("DTEND") == datetime.datetime(2021, 6, 15, 17, 30, tzinfo=BRUSSELS)


def test_day_without_times_is_an_all_day_event(client, summer_summit):
    event = events_by_url(parse(client.get("/summits/ete-2021/calendar.ics")))["journee"]
    assert event.decoded("DTSTART") == datetime.date(2021, 6, 15)
    assert event.decoded("DTEND") == datetime.date(2021, 6, 16)  # exclusive end
    assert event["DTSTART"].params.get("VALUE") == "DATE"


def test_event_text_place_and_link(client, summer_summit):
    event = events_by_url(parse(client.get("/summits/ete-2021/calendar.ics")))["matin"]
    assert str(event["SUMMARY"]) == "Atelier du matin, avec; virgules"  # escaped and back
    assert str(event["LOCATION"]).startswith("Hôtel de Ligne, Rue Royale 72, 1000 Bruxelles")
    assert str(event["URL"]) == "http://testserver/workshops/matin/"
    assert event.decoded("GEO") and (event["GEO"].latitude, event["GEO"].longitude) == (
        50.8486, 4.3644)
    description = str(event["DESCRIPTION"])
    assert "Quelle innovation voulons-nous ?" in description
    assert "Marguerite Dissake" in description
    assert "http://testserver/workshops/matin/" in description


def test_winter_dates_get_the_winter_offset(client):
    # 3 November 2021: after the change of 31 October, so +01:00.
    workshop = WorkshopFactory(slug="novembre", date=datetime.date(2021, 11, 3),
                               start_time=datetime.time(10, 0), end_time=datetime.time(12, 0))
    calendar = parse(client.get("/workshops/novembre/calendar.ics"))
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=1)
    assert "GEO" not in event  # no coordinates, no GEO
    zone = calendar.walk("VTIMEZONE")[0]
    offsets = {str(part["TZNAME"]) for part in zone.walk() if part.name in ("STANDARD",
                                                                             "DAYLIGHT")}
    assert {"CET", "CEST"} <= offsets
    assert str(event["UID"]) == f"workshop-{workshop.pk}@innovations-locales.aimf"


def test_uids_are_stable_between_downloads_and_files(client, summer_summit):
    first = events_by_url(parse(client.get("/summits/ete-2021/calendar.ics")))
    again = events_by_url(parse(client.get("/summits/ete-2021/calendar.ics")))
    single = parse(client.get("/workshops/matin/calendar.ics")).walk("VEVENT")[0]
    assert first["matin"]["UID"] == again["matin"]["UID"] == single["UID"]


def test_workshop_file_name_and_vtimezone(client, summer_summit):
    response = client.get("/workshops/matin/calendar.ics")
    assert response["Content-Disposition"] == 'attachment; filename="matin.ics"'
    text = response.content.decode()
    assert "BEGIN:VTIMEZONE" in text and "DTSTART;TZID=Europe/Brussels:20210614T093000" in text
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded lines


def test_undated_workshop_has_a_clear_404_page(client, summer_summit):
    response = client.get("/workshops/sans-date/calendar.ics")
    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "pas encore" in response.content.decode() or "cannot" in response.content.decode()
    assert client.get("/workshops/no-such/calendar.ics").status_code == 404
    assert client.get("/summits/no-such/calendar.ics").status_code == 404


def test_summit_without_dated_workshops_still_gives_a_valid_calendar(client):
    summit = SummitFactory(slug="vide")
    WorkshopFactory(summit=summit, date=None)
    calendar = parse(client.get("/summits/vide/calendar.ics"))
    assert calendar.walk("VEVENT") == []
    assert calendar.walk("VTIMEZONE")


def test_demo_calendar_of_namur_2021(client, demo_data):
    calendar = parse(client.get("/summits/namur-2021/calendar.ics"))
    events = events_by_url(calendar)
    # Only two sessions have a published day: the workshop of 3 November, the round table.
    assert sorted(events) == ["namur-2021-table-ronde-ministres-maires-parlementaires",
                              "namur-2021-villes-et-acteurs-de-linnovation"]
    workshop = events["namur-2021-villes-et-acteurs-de-linnovation"]
    assert workshop.decoded("DTSTART") == datetime.date(2021, 11, 3)
    assert "Rue Royale 72" in str(workshop["LOCATION"])
