"""« Mes données » in the person's space: what the platform holds, the copy of one's file, rectification,
who read the file, and how to reach the data protection officer (R5312-45)."""

from django.shortcuts import render

from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.models import Personne


@acces_reserve(TypeCompte.PERSONNE)
def mes_donnees(request):
    personne = Personne.objects.filter(user=request.user).first()
    return render(request, "donnees/personne/mes_donnees.html", {"personne": personne})
