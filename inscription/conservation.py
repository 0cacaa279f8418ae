"""Retention hooks of registration (francetravail/donnees/registre.py).

- An RSA right in force keeps the file active (the person is a beneficiary the network must accompany).
- ``conservation.non_inscrit`` (R5312-44: « usagers des services en ligne non inscrits », 13 months): a sign-up
  started online and never completed, with no activity since, is deleted with everything it held.
- ``conservation.caf_non_demandeur`` (R5312-34: data the CAF/MSA transmits about people who are not job
  seekers, 1 month): a person known only through the CAF/MSA flow, whom the flow says not subject to the
  rights and duties (TOPPERSDRODEVORSA = non, on every right), created before the date limit and on whom
  nobody acted since (no audit event, no login), is deleted.
- At the end of the archive: the NIR, birthplace, free texts and the RSA claim numbers are erased.
"""

import logging

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, ProtectedError, Q, RestrictedError, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from francetravail.audit.models import AuditEvent
from francetravail.donnees.conservation import (
    TYPES_SANS_ACTIVITE,
    effacer_historique,
    fermer_comptes,
    sans_activite_depuis,
)
from francetravail.donnees.enums import ActionConservation
from francetravail.donnees.registre import activite, anonymisation, effacer_evenements, effacer_textes, regle_courte
from francetravail.personnes.models import Personne
from inscription.enums import ETATS_CLOS, Canal, StatutInscription
from inscription.models import DossierInscription, DroitRSA, FreinIdentifie

logger = logging.getLogger(__name__)


@activite
def droit_rsa_en_vigueur(depuis):
    """A right in force at some time since ``depuis``: not ended before, its household not closed before."""
    jour = timezone.localdate(depuis)
    return DroitRSA.objects.filter(
        Q(fin_droit__isnull=True) | Q(fin_droit__gt=jour),
        Q(foyer__isnull=True) | ~Q(foyer__etat__in=sorted(ETATS_CLOS)) | Q(foyer__etat_depuis__gte=jour),
        personne=OuterRef("pk"),
    )


def _supprimer(personne_ids, maintenant):
    """Deletes these files and what they hold (cascade), their account and the history that copied them."""
    comptes = list(Personne.objects.filter(pk__in=personne_ids, user__isnull=False).values_list("pk", "user_id"))
    freins = list(FreinIdentifie.objects.filter(dossier__personne_id__in=personne_ids).values_list("pk", flat=True))
    try:
        with transaction.atomic():
            Personne.objects.filter(pk__in=personne_ids).delete()
        supprimees = list(personne_ids)
    except (ProtectedError, RestrictedError):
        # A row that must outlive the file (a message, a procedure…) keeps it: one by one, those are left out
        # (and not counted in the register); the 3 years' rule applies to them.
        supprimees = []
        for pk in personne_ids:
            try:
                with transaction.atomic():
                    Personne.objects.filter(pk=pk).delete()
                supprimees.append(pk)
            except (ProtectedError, RestrictedError):
                logger.warning("Dossier %s non supprimé : des données liées le protègent.", pk)
    effacer_historique(supprimees)
    # The barriers' history: their rows are gone with the files (cascade), their ids were read before.
    restants = set(FreinIdentifie.objects.filter(pk__in=freins).values_list("pk", flat=True))
    effacer_evenements(FreinIdentifie, ids=[pk for pk in freins if pk not in restants])
    gardees = set(personne_ids) - set(supprimees)
    fermer_comptes([user_id for pk, user_id in comptes if pk not in gardees])
    return supprimees


def _jamais_inscrits(aujourd_hui, duree):
    dossiers = DossierInscription.objects.filter(
        personne=OuterRef("pk"), canal=Canal.EN_LIGNE, statut=StatutInscription.EN_COURS, inscrit_le__isnull=True
    )
    return sans_activite_depuis(Personne.objects.filter(Exists(dossiers)), duree.debut_limite)


regle_courte(
    "conservation.non_inscrit",
    libelle="Inscription en ligne jamais terminée",
    action=ActionConservation.SUPPRESSION,
    candidats=_jamais_inscrits,
    effacer=_supprimer,
)


def _non_demandeurs_caf(aujourd_hui, duree):
    depuis = duree.debut_limite
    dossiers = DossierInscription.objects.filter(personne=OuterRef("pk"), canal=Canal.FLUX_CAF_MSA)
    droits = DroitRSA.objects.filter(personne=OuterRef("pk"))
    personnes = Personne.objects.filter(Exists(dossiers), Exists(droits), created_at__lt=depuis)
    # Every right says « not subject to the rights and duties »; unknown (None) is never taken for « non ».
    personnes = personnes.exclude(Exists(droits.filter(Q(soumis_droits_devoirs=True) | Q(soumis_droits_devoirs=None))))
    actes = AuditEvent.objects.filter(personne=OuterRef("pk"), at__gte=depuis).exclude(
        event_type__in=TYPES_SANS_ACTIVITE
    )
    return personnes.exclude(Exists(actes)).exclude(user__last_login__gte=depuis)


regle_courte(
    "conservation.caf_non_demandeur",
    libelle="Données CAF/MSA d'une personne qui n'est pas demandeur d'emploi",
    action=ActionConservation.SUPPRESSION,
    candidats=_non_demandeurs_caf,
    effacer=_supprimer,
)


@anonymisation
def effacer_inscription(personne_ids):
    dossiers = DossierInscription.objects.filter(personne_id__in=personne_ids)
    dossiers.update(nir=None, commune_naissance=None, pays_naissance="", titre_sejour_fin=None, diplome="")
    effacer_textes(dossiers, "experiences", "projet", "motif_cessation", "motif_reouverture")
    droits = DroitRSA.objects.filter(personne_id__in=personne_ids)
    # The number is unique per payer and person: one anonymous value per row keeps the constraint.
    droits.update(numero_allocataire=Concat(Value("ANONYME"), Cast("pk", CharField())))
    effacer_textes(droits, "motif_fin")
    effacer_evenements(FreinIdentifie, FreinIdentifie.objects.filter(dossier__personne_id__in=personne_ids))
