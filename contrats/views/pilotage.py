"""The pilotes' contract indicators for their territory (aggregates, no person named)."""

from django.shortcuts import render
from django.utils import timezone

from contrats.indicateurs import organisations_du_territoire, tableau
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.parametres.lookup import valeur
from francetravail.rendezvous import regles as regles_rdv
from francetravail.reseau.enums import Role
from orientation import premier_rdv


@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.PILOTE})
def indicateurs(request):
    aujourdhui = timezone.localdate()
    organisations = organisations_du_territoire(request.user)
    lignes = tableau(organisations, aujourdhui=aujourdhui)
    return render(
        request,
        "contrats/pilotage/indicateurs.html",
        {
            "lignes": lignes,
            "aujourdhui": aujourdhui,
            "delai_signature": valeur("contrat.delai_signature", le=aujourdhui),
            "delai_ore": valeur("contrat.delai_ore", le=aujourdhui),
            # The first appointment, counted from the same notification (orientation.premier_rdv).
            "premiers_rdv": premier_rdv.indicateurs(organisations, aujourdhui=aujourdhui),
            "delai_premier_rdv": valeur(regles_rdv.PARAMETRE, le=aujourdhui),
        },
    )
