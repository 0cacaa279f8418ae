"""The diagnostic's block on the person page (francetravail/personnes/synthese.py).

Only the common sections are counted: whether a confidential section (health, justice, finances)
was written is itself a detail the page's readers may not all see (diagnostic.confidentialite).
"""

from django.db.models import Count, OuterRef, Subquery

from diagnostic.enums import SECTIONS_COMMUNES
from diagnostic.models import Diagnostic, VersionSection
from francetravail.personnes.synthese import Bloc, Lecture, Rubrique, brancher, instant, lire_objet, objet


def _annoter(qs):
    diagnostic = Diagnostic.objects.filter(personne=OuterRef("pk")).order_by("pk")
    sections = (
        VersionSection.objects.filter(diagnostic=OuterRef("pk"), section__in=list(SECTIONS_COMMUNES))
        .order_by()
        .values("diagnostic")
        .annotate(n=Count("section", distinct=True))
        .values("n")
    )
    return qs.annotate(
        fiche_diagnostic=objet(
            diagnostic,
            ouvert_le="created_at",
            modifie_le="updated_at",
            confirme_le="parcours_confirme_le",
            reorientation_le="reorientation_demandee_le",
            sections=Subquery(sections),
        )
    )


def lire(personne, aujourdhui):
    d = lire_objet(personne.fiche_diagnostic)
    if not d:
        return Lecture(Bloc("diagnostic", "Diagnostic", "Pas encore commencé", lien="diagnostic/"))
    total = len(SECTIONS_COMMUNES)
    faites = int(d["sections"] or 0)
    details = [("Sections renseignées", f"{faites} sur {total}")]
    if d["reorientation_le"]:
        etat = "Réorientation demandée"
    elif d["confirme_le"]:
        etat = "Parcours confirmé"
    elif faites >= total:
        etat = "Sections renseignées"
    else:
        etat = "En cours"
    return Lecture(Bloc("diagnostic", "Diagnostic", etat, instant(d["modifie_le"]), tuple(details), "diagnostic/"))


def connecter():
    """Called once from ``apps.py``: the person page shows this block."""
    brancher(Rubrique("diagnostic", 40, _annoter, lire, genre="diagnostic"))
