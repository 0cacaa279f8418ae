"""The copy of a person's file: asking for it, downloading it, letting it expire.

The ZIP itself is built by the worker (``copie_zip.construire``, task ``donnees.tasks_copie.construire_copie``).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.donnees import tasks_copie
from francetravail.donnees.copie_acces import REFUS_EN_COURS, CopieRefusee, exiger_demandeur
from francetravail.donnees.enums import StatutCopie
from francetravail.donnees.models import CopieDossier
from francetravail.personnes.models import Personne

EN_PREPARATION = (StatutCopie.EN_ATTENTE, StatutCopie.EN_COURS)


@transaction.atomic
def demander_copie(personne, *, par):
    """The person (or their référent, on the person's request) asks for a copy of the file: one at a time.

    Raises ``CopieRefusee`` (nothing written) for anyone else, an archived file, or while a copy is
    being prepared. The worker builds it once the request is committed."""
    # The person's row is locked (no key update: readers of the file still log their reads) so that two
    # requests at once make one copy.
    personne = Personne.objects.select_for_update(of=("self",), no_key=True).get(pk=personne.pk)
    exiger_demandeur(par, personne)
    if CopieDossier.objects.filter(personne=personne, statut__in=EN_PREPARATION).exists():
        raise CopieRefusee(REFUS_EN_COURS)
    copie = CopieDossier.objects.create(personne=personne, demandee_par=par)
    enregistrer_evenement(
        TypeEvenement.COPIE_DEMANDEE,
        acting_user=par,
        personne=personne,
        copie=copie.pk,
        pour_la_personne=par.pk != personne.user_id,
    )
    transaction.on_commit(lambda: tasks_copie.construire_copie.delay(copie.pk), robust=True)
    return copie


@transaction.atomic
def enregistrer_telechargement(copie, *, par):
    """Logs the person's download of their copy (the view checked ``copie_acces.peut_telecharger``)."""
    enregistrer_evenement(TypeEvenement.COPIE_TELECHARGEE, acting_user=par, personne=copie.personne, copie=copie.pk)


def expirer_copies(*, maintenant=None, lot=200):
    """Deletes the files of the copies past their availability (``COPIE_DOSSIER_DUREE_JOURS``) and marks them
    expired: a bounded batch, one transaction per copy, SKIP LOCKED, re-checked under the lock. Returns how
    many expired."""
    maintenant = maintenant or timezone.now()
    ids = list(
        CopieDossier.objects.filter(statut=StatutCopie.PRETE, expire_le__lte=maintenant)
        .order_by("expire_le")
        .values_list("pk", flat=True)[:lot]
    )
    nombre = 0
    for pk in ids:
        with transaction.atomic():
            copie = (
                CopieDossier.objects.select_for_update(skip_locked=True, of=("self",), no_key=True)
                .filter(pk=pk, statut=StatutCopie.PRETE, expire_le__lte=maintenant)
                .first()
            )
            if copie is None:
                continue
            nom = copie.fichier.name
            copie.statut = StatutCopie.EXPIREE
            copie.fichier = ""
            copie.save(update_fields=["statut", "fichier"])
            if nom:
                stockage = copie.fichier.storage
                transaction.on_commit(lambda nom=nom, stockage=stockage: stockage.delete(nom), robust=True)
            nombre += 1
    return nombre


# A copy still waiting after this long was queued while the broker was down: it is queued again by the sweep.
# One being built for longer than ``INTERROMPUE_APRES`` lost its worker (killed, restarted): it is marked failed,
# the person asks again. Building one takes seconds (``make bench``: export_person_s).
RELANCE_APRES = datetime.timedelta(minutes=10)
INTERROMPUE_APRES = datetime.timedelta(hours=1)
ERREUR_INTERROMPUE = "La préparation a été interrompue. Demandez une nouvelle copie."


def relancer_copies_en_souffrance(*, maintenant=None, lot=50):
    """Queues again the copies left waiting (broker down at commit time); fails the ones whose building was
    interrupted. Returns how many were queued again."""
    maintenant = maintenant or timezone.now()
    CopieDossier.objects.filter(statut=StatutCopie.EN_COURS, demandee_le__lte=maintenant - INTERROMPUE_APRES).update(
        statut=StatutCopie.ECHEC, erreur=ERREUR_INTERROMPUE
    )
    ids = list(
        CopieDossier.objects.filter(statut=StatutCopie.EN_ATTENTE, demandee_le__lte=maintenant - RELANCE_APRES)
        .order_by("demandee_le")
        .values_list("pk", flat=True)[:lot]
    )
    for pk in ids:
        tasks_copie.construire_copie.delay(pk)
    return len(ids)
