"""Demo content of the forge, for `load_demo`: a few innovations of the demo actors and
their adaptations in the four directions. Idempotent; clearly labelled as examples."""

import datetime

from actors.models import Actor, Theme
from cities.services import LoadReport, upsert
from innovations.models import Adaptation, ForgeStatus, Innovation

DEMO_SOURCE = "demo"
NOTICE = ("\n\nExemple de démonstration : ce contenu illustre la forge d'adaptations "
          "Nord-Sud et ne décrit pas un projet réel de cette organisation.")

INNOVATIONS = [
    {
        "slug": "main-imprimee-3d", "title": "Main imprimée en 3D à assemblage sans outils",
        "summary": "Une aide technique de préhension imprimée en 3D, documentée pièce par "
                   "pièce avec les personnes qui l'utilisent.",
        "description": "Fichiers d'impression, nomenclature et notice de montage illustrée "
                       "d'une main mécanique actionnée par le poignet.",
        "actors": ["my-human-kit"], "themes": ["disability-accessibility", "social"],
        "licence": "CERN-OHL-S-2.0", "stage": "tested",
        "documentation_url": "https://wikilab.myhumankit.org/",
        "adaptations": [
            {"actor": "aniac", "changes": ["materials", "cost", "language"],
             "description": "Filament PLA remplacé par du PETG recyclé disponible "
                            "localement ; notice traduite et enregistrée en audio pour les "
                            "personnes aveugles.",
             "progress": "working", "started_on": datetime.date(2022, 3, 1)},
            {"actor": "simplon-co", "changes": ["tools"],
             "description": "Pièces redessinées pour les imprimantes de l'atelier de "
                            "formation, utilisées comme exercice de modélisation.",
             "progress": "in_progress", "started_on": datetime.date(2023, 1, 15)},
        ],
    },
    {
        "slug": "sechoir-solaire-low-tech", "title": "Séchoir solaire low-tech pour fruits",
        "summary": "Un séchoir en bois et tôle qui conserve mangues et piments sans "
                   "électricité.",
        "description": "Plans cotés, liste de matériaux de récupération et guide de "
                       "construction en atelier.",
        "actors": ["reffao"], "themes": ["environmental", "economic"],
        "licence": "CC-BY-SA-4.0", "stage": "produced",
        "documentation_url": "https://www.fablabs.fr/",
        "adaptations": [
            {"actor": "climate-change-lab", "changes": ["climate", "energy"],
             "description": "Surface vitrée doublée et petit ventilateur solaire pour les "
                            "étés moins ensoleillés ; utilisé pour les herbes d'un jardin "
                            "partagé.",
             "progress": "working", "started_on": datetime.date(2022, 6, 1)},
            {"actor": "ecolia-labs", "changes": ["materials", "cost"],
             "description": "Cadre en bambou au lieu du bois de coffrage, coût divisé par "
                            "deux.",
             "progress": "idea"},
        ],
    },
]


def load_forge_demo() -> LoadReport:
    report = LoadReport()
    for line, item in enumerate(INNOVATIONS, start=1):
        actors = list(Actor.objects.filter(slug__in=item["actors"]).select_related("city"))
        if not actors:
            report.rejected.append(f"line {line} ({item['slug']}): no actor {item['actors']}")
            continue
        innovation = upsert(Innovation, report, lookup={"slug": item["slug"]}, values={
            "title": item["title"], "summary": item["summary"],
            "description": item["description"] + NOTICE, "city": actors[0].city,
            "licence": item["licence"], "stage": item["stage"],
            "documentation_url": item["documentation_url"], "status": ForgeStatus.PUBLISHED,
            "source": DEMO_SOURCE,
        })
        if set(innovation.actors.all()) != set(actors):
            innovation.actors.set(actors)
        themes = set(Theme.objects.filter(slug__in=item["themes"]))
        if set(innovation.themes.all()) != themes:
            innovation.themes.set(themes)
        for data in item["adaptations"]:
            actor = Actor.objects.filter(slug=data["actor"]).select_related("city").first()
            if actor is None or actor.city_id == innovation.city_id:
                report.rejected.append(f"line {line} ({item['slug']}): no actor "
                                       f"{data['actor']} in another city")
                continue
            upsert(Adaptation, report, lookup={
                "innovation": innovation, "actor": actor, "source": DEMO_SOURCE,
            }, values={
                "city": actor.city, "origin_city": innovation.city,
                "changes": data["changes"], "description": data["description"] + NOTICE,
                "progress": data["progress"], "started_on": data.get("started_on"),
                "status": ForgeStatus.PUBLISHED,
            })
    return report
