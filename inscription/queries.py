"""Reads of registrations shown on pages."""

import contextlib
import datetime

from allauth.socialaccount.models import SocialAccount
from django.db.models import Exists, OuterRef, Q

from francetravail.personnes.acces import personnes_visibles
from inscription import etapes
from inscription.enums import ETATS_CLOS, Canal, StatutInscription
from inscription.models import DossierInscription, DroitRSA

MAX_A_REPRENDRE = 50


def guichet_a_reprendre(user, organisations):
    """The desk registrations of ``organisations`` still in progress, newest first, each with the step to
    resume at (``etape_suivante``); only files ``user`` may open (the resume page reads them through the gate)."""
    dossiers = list(
        DossierInscription.objects.filter(
            canal=Canal.GUICHET,
            statut=StatutInscription.EN_COURS,
            organisation_id__in=organisations,
            personne__in=personnes_visibles(user),
        )
        .select_related("personne")
        .order_by("-pk")[:MAX_A_REPRENDRE]
    )
    for dossier in dossiers:
        dossier.etape_suivante = etapes.prochaine_a_remplir(dossier)
    return dossiers


def identite_connue_du_compte(user):
    """What the account already says of the person's identity, to pre-fill the first step.

    The account's names, and, when the person logged in with FranceConnect, its identity: the birth
    name (``family_name``), all the given names and the birth date, as the civil registry knows them.
    """
    connue = {"prenoms": user.first_name.strip(), "nom_naissance": user.last_name.strip(), "date_naissance": None}
    compte_fc = SocialAccount.objects.filter(user=user, provider="franceconnect").only("extra_data").first()
    if compte_fc is not None:
        donnees = compte_fc.extra_data or {}
        # allauth keeps the userinfo answer under "userinfo" (or the ID token's claims under "id_token").
        donnees = donnees.get("userinfo") or donnees.get("id_token") or donnees
        connue["prenoms"] = (donnees.get("given_name") or connue["prenoms"]).strip()
        connue["nom_naissance"] = (donnees.get("family_name") or connue["nom_naissance"]).strip()
        # Absent, or a partial date (FranceConnect gives one for some people born abroad): not pre-filled.
        with contextlib.suppress(ValueError):
            connue["date_naissance"] = datetime.date.fromisoformat(donnees.get("birthdate") or "")
    return connue


def personnes_sorties_du_rsa(personne="pk"):
    """A condition true for the people the flow took out of the RSA: a right of theirs belongs to a
    closed household, and none is in force (``en_vigueur``). A right ended by the département alone
    (``fin_droit``, issue 15) keeps its own meaning: it changes the orientation rules, not the lists."""
    return Q(Exists(DroitRSA.objects.filter(personne=OuterRef(personne), foyer__etat__in=sorted(ETATS_CLOS)))) & ~Q(
        Exists(DroitRSA.objects.en_vigueur().filter(personne=OuterRef(personne)))
    )
