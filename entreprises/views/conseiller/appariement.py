"""The appariement pages of the network's back-office (/conseiller/).

Job-search profile and matching pages.

Person's space (/mon-espace/emploi/): their profile (``profil``: jobs, place, availability,
contract wishes, the opt-out), the published offers that fit them (``offres``) and one published
offer (``offre``; any other status is a 404).

Back-office (/conseiller/): the ranked candidates of an offer for whoever manages it
(``offre_candidats``, ``acces.gere_offre``; network-wide, see ``entreprises.appariement``), and,
through the person-file gate, a person's profile (``profil_recherche``) and the offers that fit
them (``offres_pour_personne``), both logged as a read of the parcours."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from entreprises import acces, appariement, profils
from entreprises.enums import StatutOffre
from entreprises.views.commun.appariement import resume_du_profil
from francetravail.audit.actions import journaliser_acces_liste
from francetravail.audit.enums import PartieDossier
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, ROLES_DOSSIERS
from francetravail.reseau.roles import contexte_professionnel
from francetravail.rome.models import FicheRome


def _organisation_du_lecteur(user, offre):
    """The organisation on whose behalf ``user`` reads the candidates: the company's organisation
    référente when they belong to it, else one of their accompaniment organisations."""
    organisations = contexte_professionnel(user).organisations_accompagnement
    if offre.entreprise.organisation_referente_id in organisations:
        return offre.entreprise.organisation_referente_id
    return min(organisations, default=None)


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def offre_candidats(request, pk):
    offre_ = appariement.charger_offre(acces.pk_ou_404(pk))
    if offre_ is None or not acces.gere_offre(request.user, offre_):
        raise Http404
    candidats = []
    if offre_.statut == StatutOffre.PUBLIEE:
        candidats = appariement.candidats_pour_offre(offre_)
        # The list spans the network; the file opens only where the person-file gate would open it.
        ids = [c.personne_id for c in candidats]
        visibles = set(personnes_visibles(request.user).filter(pk__in=ids).values_list("pk", flat=True))
        codes = {code for c in candidats for code in c.codes_rome}
        libelles = dict(FicheRome.objects.filter(code_rome__in=codes).values_list("code_rome", "libelle"))
        for candidat in candidats:
            candidat.dossier_accessible = candidat.personne_id in visibles
            candidat.metiers = [f"{libelles.get(code, code)} ({code})" for code in candidat.codes_rome]
        # Each row shows identity, contact and career profile: a read the person can see in their log.
        journaliser_acces_liste(
            personne_ids=ids,
            user_id=request.user.pk,
            organisation_id=_organisation_du_lecteur(request.user, offre_),
            partie=PartieDossier.PARCOURS,
        )
    return render(
        request,
        "entreprises/conseiller/appariement/candidats.html",
        {"offre": offre_, "candidats": candidats, "publiee": offre_.statut == StatutOffre.PUBLIEE},
    )


def _personne_du_dossier(request, pk):
    return acces_personne(
        request,
        pk,
        partie=PartieDossier.PARCOURS,
        queryset=Personne.objects.select_related("commune", "organisme_referent"),
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def profil_recherche(request, pk):
    personne = _personne_du_dossier(request, pk)
    profil_ = appariement.charger_profil(personne)
    return render(
        request,
        "entreprises/conseiller/appariement/profil_recherche.html",
        {"personne": personne, "profil": profil_, "resume": resume_du_profil(profil_) if profil_ else None},
    )


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def reprendre_recherche_reseau(request, pk):
    personne = _personne_du_dossier(request, pk)
    try:
        profils.reprendre_recherche(personne, acting_user=request.user)
    except ValidationError:
        raise Http404 from None  # not this person's référent: no such button for them
    messages.success(request, "La recherche d'emploi reprend : la personne est de nouveau proposée aux employeurs.")
    return redirect("backoffice:profil_recherche", pk=personne.pk)


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def offres_pour_personne(request, pk):
    personne = _personne_du_dossier(request, pk)
    profil_ = appariement.charger_profil(personne)
    resultats = appariement.offres_pour_personne(personne, profil=profil_) if profil_ is not None else []
    return render(
        request,
        "entreprises/conseiller/appariement/offres_personne.html",
        {
            "personne": personne,
            "profil": profil_,
            "offres": resultats,
            # The offer's page is the network conseillers' (a departmental decider reads the list only).
            "lien_offres": acces.est_conseiller_reseau(request.user),
        },
    )
