"""The pilotes' dashboard of sanction procedures for their territory (aggregates, no person named)."""

from django.shortcuts import render
from django.utils import timezone

from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.enums import Role
from sanctions import queries


@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.PILOTE})
def tableau(request):
    lignes = queries.tableau(request.user)
    totaux = {
        cle: sum(ligne[cle] for ligne in lignes) for cle in ("ouvertes", "decidees", "levees", "classees", "recours")
    }
    return render(
        request,
        "sanctions/backoffice/tableau.html",
        {"lignes": lignes, "totaux": totaux, "aujourdhui": timezone.localdate()},
    )
