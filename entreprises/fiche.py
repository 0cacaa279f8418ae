"""The job search's block on the person page (francetravail/personnes/synthese.py): the applications."""

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject

from entreprises.enums import STATUTS_CANDIDATURE_CLOS, StatutCandidature
from entreprises.models import Candidature
from francetravail.personnes.synthese import Bloc, Lecture, Rubrique, brancher, instant, lire_objet


def _annoter(qs):
    faits = (
        Candidature.objects.filter(personne=OuterRef("pk"))
        .order_by()
        .values("personne_id")
        .annotate(
            total=Count("pk"),
            en_cours=Count("pk", filter=~Q(statut__in=list(STATUTS_CANDIDATURE_CLOS))),
            embauches=Count("pk", filter=Q(statut=StatutCandidature.EMBAUCHE)),
            derniere=Max("created_at"),
        )
        .values(json=JSONObject(total="total", en_cours="en_cours", embauches="embauches", derniere="derniere"))
    )
    return qs.annotate(fiche_candidatures=Subquery(faits))


def lire(personne, aujourdhui):
    d = lire_objet(personne.fiche_candidatures)
    total = int(d.get("total") or 0)
    if not total:
        return Lecture(Bloc("emploi", "Recherche d’emploi", "Aucune candidature", lien="recherche-emploi/"))
    details = [("En cours", str(int(d["en_cours"])))]
    if d["embauches"]:
        details.append(("Embauches", str(int(d["embauches"]))))
    etat = f"{total} candidature{'s' if total > 1 else ''}"
    return Lecture(
        Bloc("emploi", "Recherche d’emploi", etat, instant(d["derniere"]), tuple(details), "recherche-emploi/")
    )


def connecter():
    """Called once from ``apps.py``: the person page shows this block."""
    brancher(Rubrique("emploi", 70, _annoter, lire, genre="entreprise"))
