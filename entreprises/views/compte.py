"""The employer's home, companies and members."""

from django.shortcuts import render

from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte


@acces_reserve(TypeCompte.EMPLOYEUR)
def espace(request):
    return render(request, "entreprises/espace.html")
