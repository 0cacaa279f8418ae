"""The professionals' side: a person's modality (/conseiller/personnes/<id>/modalite/), a team's load."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from francetravail.accompagnement import queries, regles
from francetravail.accompagnement.acces import peut_choisir_modalite
from francetravail.accompagnement.actions import choisir_modalite
from francetravail.accompagnement.forms import ChoixModaliteForm
from francetravail.audit.enums import PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.acces import acces_personne
from francetravail.referents.acces import organisations_dirigees
from francetravail.reseau.enums import ROLES_DOSSIERS, Role
from francetravail.reseau.models import Organisation

ROLES_MODALITE = ROLES_DOSSIERS | {Role.RESPONSABLE_EQUIPE}


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_MODALITE)
def modalite_personne(request, pk):
    """Whoever reads the file reads its modalities; the référent's side chooses (``acces.peut_choisir_modalite``)."""
    personne = acces_personne(request, pk, partie=PartieDossier.PARCOURS)
    peut_choisir = peut_choisir_modalite(request.user, personne)
    form = None
    if peut_choisir:
        form = ChoixModaliteForm(request.POST or None)
    if request.method == "POST":
        if not peut_choisir:
            raise Http404
        if form.is_valid():
            try:
                choisir_modalite(
                    personne, form.cleaned_data["modalite"], request.user, fin_prevue=form.cleaned_data["fin_prevue"]
                )
            except ValidationError as exc:
                reporter(form, exc)
            except PermissionDenied:
                raise Http404 from None
            else:
                return redirect("backoffice:modalite_personne", pk=personne.pk)
    courante = queries.modalite_courante(personne)
    aujourdhui = timezone.localdate()
    cadence = None
    if courante is not None:
        cadence = regles.cadence_mois(courante.modalite.code, le=aujourdhui, departement=personne.departement_id)
    duree_intensif = regles.duree_max_mois("intensif", le=aujourdhui, departement=personne.departement_id)
    return render(
        request,
        "accompagnement/backoffice/modalite.html",
        {
            "personne": personne,
            "form": form,
            "courante": courante,
            "cadence": cadence,
            "prochain": queries.prochain_point_etape(personne) if courante else None,
            "historique": queries.historique(personne),
            "duree_intensif": duree_intensif,
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles={Role.RESPONSABLE_EQUIPE})
def charge_equipe(request):
    """Each team the user runs: each accompanying professional's people per modality against the targets."""
    equipes = [
        (organisation, *queries.charge_equipe(organisation))
        for organisation in Organisation.objects.filter(pk__in=organisations_dirigees(request.user)).order_by("nom")
    ]
    return render(request, "accompagnement/backoffice/charge.html", {"equipes": equipes})
