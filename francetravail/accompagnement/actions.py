"""Choosing a person's modality of accompaniment; remembering a professional's portfolio columns."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from francetravail.accompagnement import regles
from francetravail.accompagnement.acces import exiger_choix_modalite
from francetravail.accompagnement.models import ColonnesPortefeuille, ModaliteAccompagnement, ModalitePersonne
from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.personnes import portefeuille
from francetravail.personnes.models import Personne


@transaction.atomic
def choisir_modalite(personne, modalite, acting_user, fin_prevue=None, *, debut=None):
    """Puts ``personne`` in ``modalite`` from ``debut`` (today by default); returns the new period.

    The open period ends that day (it stays as history). A modality limited in time (intensive:
    ``accompagnement.duree_max_mois.<code>``, 12 months) needs a planned end within that duration,
    read with the person's département on the start day; any other takes none.
    """
    # The person's row is locked so that two choices at once cannot both close the same period.
    personne = Personne.objects.select_for_update(of=("self",), no_key=True).get(pk=personne.pk)
    exiger_choix_modalite(acting_user, personne)
    modalite = ModaliteAccompagnement.objects.get(pk=modalite.pk)
    if not modalite.actif:
        raise ValidationError({"modalite": f"La modalité « {modalite.libelle} » n'est plus proposée."})
    debut = debut or timezone.localdate()
    regles.verifier_fin_prevue(
        debut=debut,
        fin_prevue=fin_prevue,
        duree_mois=regles.duree_max_mois(modalite.code, le=debut, departement=personne.departement_id),
        libelle=modalite.libelle,
    )
    ouverte = ModalitePersonne.objects.select_for_update(of=("self",), no_key=True).filter(
        personne=personne, fin__isnull=True
    )
    precedente = ouverte.select_related("modalite").first()
    if precedente is not None:
        if debut < precedente.debut:
            raise ValidationError({"modalite": "La nouvelle modalité ne peut commencer avant la modalité en cours."})
        precedente.fin = debut
        precedente.save(update_fields=["fin"])
    periode = ModalitePersonne.objects.create(
        personne=personne, modalite=modalite, debut=debut, fin_prevue=fin_prevue, choisie_par=acting_user
    )
    enregistrer_evenement(
        TypeEvenement.MODALITE_CHOISIE,
        acting_user=acting_user,
        personne=personne,
        organisation=personne.organisme_referent,
        modalite=modalite.code,
        precedente=precedente.modalite.code if precedente else None,
        debut=debut.isoformat(),
        fin_prevue=fin_prevue.isoformat() if fin_prevue else None,
    )
    return periode


def choisir_colonnes(user, cles):
    """Remembers the portfolio columns ``user`` chose (unknown keys dropped; a preference, not audited)."""
    connues = {c.cle for c in portefeuille.colonnes()}
    ColonnesPortefeuille.objects.update_or_create(
        user=user, defaults={"colonnes": [cle for cle in cles if cle in connues]}
    )
