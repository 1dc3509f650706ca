"""Attach the cities older than the gazetteer to their GeoNames place, where unambiguous:
one place of that name in the city's country, within 20 km of the city's point, and no
other city attached to it. The rest is left to `manage.py tidy_cities`."""

from django.db import migrations

NEAR_KM = 20.0


def attach(apps, schema_editor):
    from cities.gazetteer import gazetteer
    from cities.gazetteer.index import distance_km

    City = apps.get_model("cities", "City")
    unattached = City.objects.filter(geonames_id__isnull=True).select_related("country")
    if not unattached.exists():
        return  # a new database: nothing to load the gazetteer for
    taken = set(City.objects.filter(geonames_id__isnull=False)
                .values_list("geonames_id", flat=True))
    index = gazetteer()
    for city in unattached:
        places = index.named(city.name, str(city.country.code))
        if len(places) != 1 or places[0].geonames_id in taken:
            continue
        place = places[0]
        if distance_km(city.latitude, city.longitude, place.latitude,
                       place.longitude) > NEAR_KM:
            continue
        City.objects.filter(pk=city.pk).update(geonames_id=place.geonames_id)
        taken.add(place.geonames_id)


class Migration(migrations.Migration):
    dependencies = [("cities", "0006_city_slug_redirect")]

    # Backwards: the ids stay (they are right, and 0006's field accepts them).
    operations = [migrations.RunPython(attach, migrations.RunPython.noop)]
