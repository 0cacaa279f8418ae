"""The candidatures pages of the network's back-office (/conseiller/).

Applications: the employer's list and page, the person's applications, the network's pages.

- Employer (/entreprise/): the applications to one of their offers (``acces.offre_de_l_employeur_ou_404``)
  and one application (``acces.candidature_pour_employeur_ou_404``, which logs the read). They see
  identity, contact, target jobs and commune, the message and the steps: never a diagnostic, a
  contract or anything social. Opening an application marks it seen.
- Person (/mon-espace/emploi/): their applications with their steps, applying to a published offer,
  withdrawing.
- Network (/conseiller/): putting a person forward for an offer, one application (the conseiller
  who put the person forward, or whoever reads the person's file through the gate), and the
  person's applications.
Every refusal and unknown id is a 404; an action's refusal is shown at the field, input kept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from entreprises import acces, candidatures
from entreprises.forms.candidatures import (
    MiseEnRelationForm,
)
from entreprises.models import Candidature
from francetravail.audit.enums import PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.acces import acces_personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.roles import contexte_professionnel


def _offre_du_reseau_ou_404(user, pk):
    offre = (
        acces.offres_du_reseau(user)
        .select_related("entreprise", "commune", "fiche_rome")
        .filter(pk=acces.pk_ou_404(pk))
        .first()
    )
    if offre is None:
        raise Http404
    return offre


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def mettre_en_relation(request, pk, personne_pk):
    offre = _offre_du_reseau_ou_404(request.user, pk)
    personne = acces_personne(request, personne_pk, partie=PartieDossier.IDENTITE)
    existante = candidatures.candidature_de(personne, offre)
    form = MiseEnRelationForm(request.POST or None) if existante is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            candidature = candidatures.mettre_en_relation(offre, personne, request.user, form.cleaned_data["message"])
        except ValidationError as e:
            reporter(form, e)
        else:
            messages.success(request, "Mise en relation transmise à l'employeur ; la personne est prévenue.")
            return redirect("backoffice:candidature", pk=candidature.pk)
    return render(
        request,
        "entreprises/conseiller/candidatures/mise_en_relation.html",
        {"offre": offre, "personne": personne, "form": form, "candidature": existante},
    )


def candidature_du_reseau_ou_404(request, pk):
    """One application, for whoever reads the person's file through the gate, or for the conseiller
    who put the person forward (their mission on this application); the read is logged."""
    candidature = (
        Candidature.objects.select_related("offre__entreprise", "offre__commune", "mise_en_relation_par")
        .filter(pk=acces.pk_ou_404(pk))
        .first()
    )
    if candidature is None:
        raise Http404

    def par_mise_en_relation(user, personne):
        if candidature.mise_en_relation_par_id != user.pk:
            return None
        organisations = sorted(contexte_professionnel(user).organisations_accompagnement)
        return organisations[0] if organisations else None

    candidature.personne = acces_personne(
        request, candidature.personne_id, partie=PartieDossier.CANDIDATURE, par_mission=par_mise_en_relation
    )
    return candidature


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def candidature_reseau(request, pk):
    candidature = candidature_du_reseau_ou_404(request, pk)
    return render(
        request,
        "entreprises/conseiller/candidatures/detail.html",
        {
            "candidature": candidature,
            "offre": candidature.offre,
            "personne": candidature.personne,
            "historique": candidatures.historique(candidature),
            "cv": candidatures.cv_de(candidature),
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def candidatures_personne(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.CANDIDATURE)
    lignes = list(
        Candidature.objects.filter(personne=personne)
        .select_related("offre__entreprise", "offre__commune", "mise_en_relation_par")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "entreprises/conseiller/candidatures/personne.html",
        {
            "personne": personne,
            "candidatures": lignes,
            "peut_prescrire": acces.peut_prescrire_immersion(request.user, personne),
        },
    )
