"""The pilotes' contract indicators for their territory (aggregates, no person named)."""

from django.shortcuts import render
from django.utils import timezone

from contrats.indicateurs import organisations_du_territoire, tableau
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.parametres.lookup import valeur
from francetravail.reseau.enums import Role


@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.PILOTE})
def indicateurs(request):
    aujourdhui = timezone.localdate()
    lignes = tableau(organisations_du_territoire(request.user), aujourdhui=aujourdhui)
    return render(
        request,
        "contrats/pilotage/indicateurs.html",
        {
            "lignes": lignes,
            "aujourdhui": aujourdhui,
            "delai_signature": valeur("contrat.delai_signature", le=aujourdhui),
            "delai_ore": valeur("contrat.delai_ore", le=aujourdhui),
        },
    )
