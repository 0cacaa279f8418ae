"""Merging two files found to be the same person: decided by a person, never automatic.

The file kept receives everything that pointed to the other (access log, involvements,
RSA rights, appointments, orientation decisions, audit rows…), found through the
model metadata so that a relation added later is moved too. When both files hold
something that cannot be held twice (two accounts, two different NIRs, two open
orientation decisions…), the merge is refused with the reason, and nothing changes.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.personnes.models import Personne
from inscription.enums import StatutDoublon
from inscription.models import DossierInscription, DoublonPotentiel, FreinIdentifie

# Identity and contact fields the kept file takes from the other when it has none.
_CHAMPS_PERSONNE = ("nom_usage", "email", "telephone", "adresse", "commune", "code_postal")


class FusionImpossible(Exception):
    """The message says what to settle first, in French."""


def _relations_a_deplacer():
    for champ in Personne._meta.get_fields(include_hidden=True):
        if not (champ.one_to_many and champ.auto_created):
            continue
        modele = champ.related_model
        if getattr(modele, "pgh_tracked_model", None) is not None or modele._meta.label.endswith("Event"):
            continue  # history rows keep pointing to the id they recorded
        if modele in (DossierInscription, DoublonPotentiel):
            continue  # handled explicitly
        yield modele, champ.field.name


@transaction.atomic
def fusionner(doublon, *, garder, acting_user):
    """Merges the two files of ``doublon`` into ``garder`` (one of them); returns the kept file."""
    # FOR UPDATE, not NO KEY: the pair's row goes with the absorbed file (deleted below).
    doublon = DoublonPotentiel.objects.select_for_update().get(pk=doublon.pk)
    if doublon.statut != StatutDoublon.A_EXAMINER:
        raise FusionImpossible("Ce doublon a déjà été examiné.")
    ids = {doublon.personne_id, doublon.autre_id}
    if garder.pk not in ids:
        raise FusionImpossible("Le dossier à garder doit être l'un des deux dossiers du doublon.")
    # FOR UPDATE, not NO KEY: the absorbed file is deleted below (and the pair's row with it).
    personnes = {p.pk: p for p in Personne.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    gardee, absorbee = personnes[garder.pk], personnes[(ids - {garder.pk}).pop()]

    if gardee.user_id and absorbee.user_id:
        raise FusionImpossible("Les deux dossiers ont chacun un compte personnel : la personne doit en fermer un.")
    dossier_garde = DossierInscription.objects.filter(personne=gardee).first()
    dossier_absorbe = DossierInscription.objects.filter(personne=absorbee).first()
    nirs = {d.nir for d in (dossier_garde, dossier_absorbe) if d is not None and d.nir}
    if len(nirs) > 1:
        raise FusionImpossible("Les deux dossiers portent des NIR différents : ce ne sont pas la même personne.")

    _completer_personne(gardee, absorbee)
    _fusionner_dossiers(gardee, dossier_garde, dossier_absorbe)
    for modele, champ in _relations_a_deplacer():
        try:
            with transaction.atomic():
                modele._base_manager.filter(**{champ: absorbee}).update(**{champ: gardee})
        except IntegrityError:
            raise FusionImpossible(
                f"Les deux dossiers ont chacun des « {modele._meta.verbose_name_plural} » qui ne peuvent pas "
                "coexister dans un seul dossier : réglez ce point avant de fusionner."
            ) from None

    autres_paires = DoublonPotentiel.objects.exclude(pk=doublon.pk)
    autres_paires.filter(personne=absorbee, autre=gardee).delete()
    autres_paires.filter(personne=gardee, autre=absorbee).delete()
    DoublonPotentiel.objects.filter(personne=absorbee).exclude(pk=doublon.pk).update(personne=gardee)
    DoublonPotentiel.objects.filter(autre=absorbee).exclude(pk=doublon.pk).update(autre=gardee)
    enregistrer_evenement(
        TypeEvenement.DOUBLON_FUSIONNE, acting_user=acting_user, personne=gardee, dossier_absorbe=absorbee.pk
    )
    doublon.statut, doublon.examine_par, doublon.examine_le = StatutDoublon.FUSIONNE, acting_user, timezone.now()
    doublon.save(update_fields=["statut", "examine_par", "examine_le"])
    # The pair's row goes with the absorbed file (CASCADE): the audit row above keeps the trace.
    absorbee.delete()
    return gardee


def _completer_personne(gardee, absorbee):
    if absorbee.user_id and not gardee.user_id:
        compte = absorbee.user
        absorbee.user = None
        absorbee.save(update_fields=["user"])
        gardee.user = compte
    for champ in _CHAMPS_PERSONNE:
        attname = gardee._meta.get_field(champ).attname
        if not getattr(gardee, attname) and getattr(absorbee, attname):
            setattr(gardee, attname, getattr(absorbee, attname))
    gardee.save()


def _fusionner_dossiers(gardee, dossier_garde, dossier_absorbe):
    if dossier_absorbe is None:
        return
    if dossier_garde is None:
        dossier_absorbe.personne = gardee
        dossier_absorbe.save(update_fields=["personne"])
        return
    nir = dossier_absorbe.nir
    if nir and not dossier_garde.nir:
        dossier_absorbe.nir = None
        dossier_absorbe.save(update_fields=["nir"])
        dossier_garde.nir = nir
    for champ in DossierInscription._meta.concrete_fields:
        if champ.primary_key or champ.name in ("personne", "nir", "created_at", "updated_at"):
            continue
        valeur_gardee = getattr(dossier_garde, champ.attname)
        if valeur_gardee in (None, "", []) and getattr(dossier_absorbe, champ.attname) not in (None, "", []):
            setattr(dossier_garde, champ.attname, getattr(dossier_absorbe, champ.attname))
    dossier_garde.save()
    deja = set(FreinIdentifie.objects.filter(dossier=dossier_garde).values_list("type_frein", flat=True))
    FreinIdentifie.objects.filter(dossier=dossier_absorbe).exclude(type_frein__in=deja).update(dossier=dossier_garde)
    dossier_absorbe.delete()
