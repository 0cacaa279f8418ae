"""The registration steps, in order. Each saves on its own; the summary confirms."""

from dataclasses import dataclass

from inscription.forms import (
    AccompagnementForm,
    CoordonneesForm,
    FreinsForm,
    IdentiteForm,
    ProjetForm,
    SituationForm,
)


@dataclass(frozen=True)
class Etape:
    slug: str
    titre: str
    formulaire: type | None


ETAPES = (
    Etape("identite", "Identité", IdentiteForm),
    Etape("coordonnees", "Coordonnées", CoordonneesForm),
    Etape("situation", "Situation", SituationForm),
    Etape("projet", "Compétences et projet", ProjetForm),
    Etape("freins", "Difficultés éventuelles", FreinsForm),
    Etape("accompagnement", "Accompagnement souhaité", AccompagnementForm),
    Etape("recapitulatif", "Vérification et confirmation", None),
)
PAR_SLUG = {e.slug: e for e in ETAPES}


def rang(slug):
    return next(i for i, e in enumerate(ETAPES) if e.slug == slug)


def suivante(slug):
    i = rang(slug)
    return ETAPES[i + 1] if i + 1 < len(ETAPES) else None


def precedente(slug):
    i = rang(slug)
    return ETAPES[i - 1] if i > 0 else None


def prochaine_a_remplir(dossier):
    """Where to resume: the step after the last one saved."""
    if dossier is None or not dossier.etape:
        return ETAPES[0]
    return suivante(dossier.etape) or ETAPES[-1]
