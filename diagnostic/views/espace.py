"""The person's space: their whole diagnostic, read-only (sensitive parts included:
it is their own file). A person reading their own file is not logged."""

from django.shortcuts import render

from diagnostic import acces, presentation, queries
from diagnostic.confidentialite import Qualite
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.models import Personne


@acces_reserve(TypeCompte.PERSONNE)
def consulter(request):
    personne = Personne.objects.filter(user=request.user).first()
    diag = queries.diagnostic_de(personne) if personne else None
    blocs, pieces = [], []
    if diag is not None:
        sections = acces.sections_lisibles(frozenset({Qualite.PERSONNE}))
        # Only what was written with the référent: registration answers the person gave
        # themself are not a diagnostic until a professional has saved the section.
        blocs = [
            b for b in presentation.blocs(queries.etat(personne, diag, sections)) if b["etat"].version is not None
        ]
        pieces = queries.pieces(diag, sections)
    return render(
        request,
        "diagnostic/espace/diagnostic.html",
        {"personne": personne, "diagnostic": diag, "blocs": blocs, "pieces": pieces},
    )
