"""The indicateurs pages of the network's back-office (/conseiller/).

The pilotes' dashboard of the employers' side for their territory (aggregates, nobody named)."""

from django.shortcuts import render
from django.utils import timezone

from entreprises import indicateurs
from entreprises.forms.candidatures import PeriodeIndicateursForm
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.enums import Role


@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.PILOTE})
def tableau(request):
    periode = PeriodeIndicateursForm(request.GET or None)
    criteres = periode.cleaned_data if periode.is_valid() else {}
    resultat = indicateurs.tableau(request.user, du=criteres.get("du"), au=criteres.get("au"))
    return render(
        request,
        "entreprises/conseiller/indicateurs.html",
        {"tableau": resultat, "periode": periode, "aujourdhui": timezone.localdate()},
    )
