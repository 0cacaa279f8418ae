"""JSON autocomplete of ROME appellations, for the target jobs of the diagnostic and employers' offers.

Reference data only: no personal data is read, hence no access log.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from francetravail.base.debit import depasse
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.rome.recherche import rechercher_appellations


@acces_reserve(TypeCompte.PROFESSIONNEL, TypeCompte.PERSONNE)
@require_GET
def appellations(request):
    if depasse(request.user, "rome"):
        return JsonResponse(
            {"erreur": "Trop de recherches en une minute : patientez un instant, ou tapez l'intitulé en entier."},
            status=429,
            headers={"Retry-After": "60"},
        )
    resultats = rechercher_appellations(request.GET.get("q", ""))
    return JsonResponse(
        {
            "resultats": [
                {
                    "code_ogr": a.code_ogr,
                    "libelle": a.libelle_long,
                    "code_rome": a.fiche_id,
                    "libelle_rome": a.fiche.libelle,
                }
                for a in resultats
            ]
        }
    )
