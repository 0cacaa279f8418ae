"""Rectification requests in the person's space (mon-espace/mes-donnees/rectification/): ask, follow, read
the answer. The person only ever reaches their own requests."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.donnees import rectification, rectification_acces
from francetravail.donnees.forms_rectification import DemandeRectificationForm
from francetravail.personnes.models import Personne


@acces_reserve(TypeCompte.PERSONNE)
def demander(request):
    personne = Personne.objects.select_related("organisme_referent").filter(user=request.user).first()
    if personne is None:
        return render(request, "donnees/personne/rectification_demander.html", {"personne": None})
    form = DemandeRectificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            demande = rectification.demander(
                personne,
                acting_user=request.user,
                categorie=form.cleaned_data["categorie"],
                texte=form.cleaned_data["texte"],
            )
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(request, "Votre demande de rectification est envoyée.")
            return redirect("donnees:rectification", pk=demande.pk)
    return render(
        request,
        "donnees/personne/rectification_demander.html",
        {
            "personne": personne,
            "form": form,
            "organisation": rectification.organisation_chargee(personne),
        },
    )


@acces_reserve(TypeCompte.PERSONNE)
def demande(request, pk):
    demande = rectification_acces.demande_de_la_personne(request.user, pk)
    return render(
        request,
        "donnees/personne/rectification.html",
        {"demande": demande, "en_retard": rectification.en_retard(demande)},
    )
