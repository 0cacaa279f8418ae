"""The purge register in the back-office (/conseiller/registre-des-purges/), for the data protection officer
(``Role.PROTECTION_DONNEES``): every run of the retention sweep, by rule, with its legal reference, how many
files and when; and whether a given file was treated (its id hashed the way the register keeps it)."""

import datetime

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.donnees.conservation import debut_du_jour
from francetravail.donnees.empreintes import empreinte
from francetravail.donnees.forms import FiltreRegistreForm
from francetravail.donnees.models import RegistrePurge
from francetravail.reseau.enums import Role

LIGNES_PAR_PAGE = 50


@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.PROTECTION_DONNEES})
def registre_purges(request):
    regles = sorted(RegistrePurge.objects.values_list("regle", flat=True).distinct())
    filtre = FiltreRegistreForm(request.GET or None, regles=regles)
    # The empreintes (up to one per file treated) are never loaded for the list: only looked up.
    lignes = RegistrePurge.objects.defer("identifiants").order_by("-execute_le", "regle", "-pk")
    dossier = None
    if filtre.is_valid():
        donnees = filtre.cleaned_data
        if donnees["regle"]:
            lignes = lignes.filter(regle=donnees["regle"])
        if donnees["action"]:
            lignes = lignes.filter(action=donnees["action"])
        if donnees["du"]:
            lignes = lignes.filter(execute_le__gte=debut_du_jour(donnees["du"]))
        if donnees["au"]:
            lignes = lignes.filter(execute_le__lt=debut_du_jour(donnees["au"] + datetime.timedelta(days=1)))
        if donnees["dossier"]:
            dossier = donnees["dossier"]
            lignes = lignes.filter(identifiants__contains=[empreinte(dossier)])
    page = Paginator(lignes, LIGNES_PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "donnees/backoffice/registre.html",
        {"filtre": filtre, "page": page, "dossier": dossier, "maintenant": timezone.now()},
    )
