"""What the pages of several audiences share for appariement (see ``entreprises.views.<audience>.appariement``)."""

from entreprises.enums import TempsTravail, TypeContrat
from francetravail.reseau.communes import libelle_commune
from francetravail.rome.models import FicheRome


def metiers_du_profil(codes):
    libelles = dict(FicheRome.objects.filter(code_rome__in=codes).values_list("code_rome", "libelle")) if codes else {}
    return [{"code": code, "libelle": libelles.get(code, "")} for code in codes]


def resume_du_profil(profil):
    """What the profile pages print (both sides): labels, not codes."""
    return {
        "metiers": metiers_du_profil(list(profil.codes_rome)),
        "ore_metiers": metiers_du_profil(list(profil.ore_codes_rome)),
        "commune": libelle_commune(profil.commune) if profil.commune_id else "",
        "contrats": [TypeContrat(t).label for t in profil.types_contrat if t in TypeContrat.values],
        "temps": TempsTravail(profil.temps_travail).label if profil.temps_travail else "",
    }
