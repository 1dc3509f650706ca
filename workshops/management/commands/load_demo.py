"""Load the reference places, the taxonomy, the demo actors and the 2021 summit."""

from django.core.management.base import BaseCommand

from actors.services import load_taxonomy, load_tech_hubs
from cities.models import Country
from cities.services import load_reference_places
from innovations.demo import load_forge_demo
from workshops.services import load_summit


class Command(BaseCommand):
    help = (
        "Load the reference and demo data: countries, AIMF member cities (GeoNames), "
        "kinds and themes, the African Tech Hubs located in AIMF countries, and the 2021 "
        "Namur summit. Idempotent: running it again only updates what changed."
    )

    def handle(self, *args, **options):
        steps = [
            ("Countries and cities (GeoNames, UN M49)", load_reference_places),
            ("Kinds and themes", load_taxonomy),
            (
                "African Tech Hubs in AIMF countries (CC BY 4.0)",
                lambda: load_tech_hubs(
                    country_codes={c.code.code for c in Country.objects.with_member_cities()}
                ),
            ),
            ("AIMF digital summit, Namur 2021", load_summit),
            ("Forge of North–South adaptations (examples)", load_forge_demo),
        ]
        for title, step in steps:
            report = step()
            self.stdout.write(self.style.MIGRATE_HEADING(title))
            for line in report.lines():
                style = self.style.WARNING if line.startswith("rejected") else str
                self.stdout.write(f"  {style(line)}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
