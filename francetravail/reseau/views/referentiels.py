"""JSON autocomplete of the COG's communes, for every form where a person, an employer or a
professional names a commune. Reference data only: no personal data is read, hence no access log."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from francetravail.base.debit import depasse
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.communes import libelle_commune, rechercher_communes


@acces_reserve(TypeCompte.PROFESSIONNEL, TypeCompte.PERSONNE, TypeCompte.EMPLOYEUR)
@require_GET
def communes(request):
    if depasse(request.user, "communes"):
        return JsonResponse(
            {"erreur": "Trop de recherches en une minute : patientez un instant, ou tapez le nom en entier."},
            status=429,
            headers={"Retry-After": "60"},
        )
    return JsonResponse(
        {
            "resultats": [
                {
                    "code_insee": c.code_insee,
                    "nom": c.nom,
                    "codes_postaux": c.codes_postaux,
                    "departement": c.departement_id,
                    "libelle": libelle_commune(c),
                }
                for c in rechercher_communes(request.GET.get("q", ""))
            ]
        }
    )
