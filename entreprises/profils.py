"""Keeps each person's job-search profile (``ProfilRecherche``) in step with their file.

What is derived, and from where:
- ``parcours_professionnel``: the orientation decision in force (the latest decided one, by
  decision date, as ``contrats.actions.rediger`` reads it) is the parcours professionnel;
- ``ore_codes_rome``, ``ore_communes``: the offre raisonnable d'emploi of the contract in force,
  read from the **signed** version (``version_en_vigueur``), never from a draft under revision:
  only what the person signed binds them (L5411-6-1), so only that may be called « offre
  raisonnable » in front of them or an employer;
- ``codes_rome`` default to the ORE's jobs while the person has not chosen their own: an empty
  list, or a list equal to the previous ORE's (the copy made here), follows the ORE; anything
  else is the person's choice and is kept;
- ``commune`` defaults to the person's commune: an empty commune, or the commune the person has
  just moved away from (``commune_precedente``), follows their residence; a commune they chose
  elsewhere is kept.

Only career data is copied: no diagnostic answer, no social note, no benefit (the employer-visible
profile is a subset of the file by construction, ``ProfilRecherche``'s docstring).

Where it is called: after the commit of an orientation decision, of a contract accepted or
signed, of a person's move (signals connected in ``entreprises.apps``), through the Celery task
``actualiser_profil_tache`` — idempotent, so a task run twice, or a broker that redelivers,
changes nothing the second time. ``manage.py actualiser_profils`` rebuilds every profile in
batches (``actualiser_lot``: a fixed number of queries per batch, whatever its size).
"""

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from contrats.enums import StatutContrat
from contrats.models import ContratEngagement, VersionContrat
from entreprises import acces
from entreprises.models import ProfilRecherche
from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.personnes.models import Personne
from francetravail.reseau.models import Commune
from orientation.enums import STATUTS_DECIDES, Parcours
from orientation.models import DecisionOrientation

TAILLE_LOT = 1000
# The person's own choices: never written by the derivation (except the two defaults above).
CHAMPS_DERIVES = ("parcours_professionnel", "ore_codes_rome", "ore_communes", "codes_rome", "commune_id")


def _code_rome(valeur):
    """A ROME code from the ORE's list: strings today (``contrats.actions.fixer_ore``); a dict
    with a ``code``/``code_rome`` key is read too, so a richer ORE entry does not break matching."""
    if isinstance(valeur, dict):
        valeur = valeur.get("code_rome") or valeur.get("code") or ""
    valeur = str(valeur or "").strip().upper()
    return valeur if len(valeur) == 5 else ""


def _code_commune(valeur):
    if isinstance(valeur, dict):
        valeur = valeur.get("code_insee") or valeur.get("code") or ""
    valeur = str(valeur or "").strip().upper()
    return valeur if len(valeur) == 5 else ""


def _uniques(valeurs):
    return list(dict.fromkeys(v for v in valeurs if v))


def parcours_en_vigueur(personne_ids):
    """{personne_id: parcours} of the orientation decision in force (decided, latest decision date)."""
    lignes = (
        DecisionOrientation.objects.filter(personne_id__in=personne_ids, statut__in=list(STATUTS_DECIDES))
        .order_by("personne_id", "-decidee_le", "-pk")
        .distinct("personne_id")
        .values_list("personne_id", "parcours")
    )
    return dict(lignes)


def ore_en_vigueur(personne_ids):
    """{personne_id: (codes ROME, communes)} of the ORE signed in the person's latest contract.

    The version in force is ``version_en_vigueur`` (kept while a revision is drafted), or the
    accepted version of a contract signed before that field existed (``contrats.views.espace``).
    Only the ``ore`` key of the frozen content is read, not the whole document."""
    contrats = (
        ContratEngagement.objects.filter(personne_id__in=personne_ids)
        .order_by("personne_id", "-created_at", "-pk")
        .distinct("personne_id")
        .values_list("personne_id", "statut", "version_en_vigueur_id", "version_acceptee_id")
    )
    version_de = {}
    for personne_id, statut, en_vigueur, acceptee in contrats:
        version = en_vigueur or (acceptee if statut == StatutContrat.SIGNE else None)
        if version:
            version_de[version] = personne_id
    if not version_de:
        return {}
    resultat = {}
    for version_id, ore in VersionContrat.objects.filter(pk__in=list(version_de)).values_list("pk", "contenu__ore"):
        if not ore:
            continue
        resultat[version_de[version_id]] = (
            _uniques(_code_rome(m) for m in ore.get("metiers") or ()),
            _uniques(_code_commune(c) for c in ore.get("communes") or ()),
        )
    return resultat


def _territoires(communes):
    if not communes:
        return {}
    lignes = Commune.objects.filter(pk__in=list(communes)).values_list(
        "pk", "departement_id", "departement__region_id"
    )
    return {pk: (dep or "", reg or "") for pk, dep, reg in lignes}


def _deriver(profil, *, parcours, ore, commune_personne, commune_precedente):
    """Applies the derivation to ``profil`` (in memory); returns the names of the fields changed."""
    ore_codes, ore_communes = ore or ([], [])
    valeurs = {
        "parcours_professionnel": parcours == Parcours.PROFESSIONNEL,
        "ore_codes_rome": ore_codes,
        "ore_communes": ore_communes,
    }
    # The person's jobs follow the ORE until they choose others (see the module's docstring).
    if not profil.codes_rome or set(profil.codes_rome) == set(profil.ore_codes_rome):
        valeurs["codes_rome"] = list(ore_codes) if ore_codes else list(profil.codes_rome)
    if profil.commune_id is None or (commune_precedente and profil.commune_id == commune_precedente):
        valeurs["commune_id"] = commune_personne
    changes = []
    for champ, valeur in valeurs.items():
        if getattr(profil, champ) != valeur:
            setattr(profil, champ, valeur)
            changes.append(champ)
    return changes


def _denormaliser(profil, territoires):
    """What ``ProfilRecherche.save()`` computes, for rows written by ``bulk_update`` (which skips save())."""
    profil.domaines = sorted({code[:3] for code in profil.codes_rome})
    profil.departement, profil.region = territoires.get(profil.commune_id, ("", ""))


@transaction.atomic
def actualiser_lot(personne_ids, *, communes_precedentes=None, creer=()):
    """Derives the profiles of ``personne_ids`` in a fixed number of queries; returns how many changed.

    A profile is created for a person in the parcours professionnel (or listed in ``creer``: the
    person opening their own page); others are only updated if they have one. The rows are
    locked while they are written, so a person saving their page at the same time loses nothing."""
    personne_ids = list(dict.fromkeys(int(pk) for pk in personne_ids))
    if not personne_ids:
        return 0
    communes_precedentes = communes_precedentes or {}
    communes = dict(Personne.objects.filter(pk__in=personne_ids).values_list("pk", "commune_id"))
    personne_ids = [pk for pk in personne_ids if pk in communes]
    parcours = parcours_en_vigueur(personne_ids)
    ores = ore_en_vigueur(personne_ids)

    a_creer = {pk for pk in personne_ids if parcours.get(pk) == Parcours.PROFESSIONNEL or pk in set(creer)}
    if a_creer:
        # ignore_conflicts: a profile created meanwhile (the person's own page) is then updated below.
        ProfilRecherche.objects.bulk_create(
            [ProfilRecherche(personne_id=pk) for pk in a_creer], ignore_conflicts=True, batch_size=TAILLE_LOT
        )
    profils = list(
        ProfilRecherche.objects.select_for_update(of=("self",), no_key=True).filter(personne_id__in=personne_ids)
    )
    modifies = []
    for profil in profils:
        pk = profil.personne_id
        changes = _deriver(
            profil,
            parcours=parcours.get(pk),
            ore=ores.get(pk),
            commune_personne=communes[pk],
            commune_precedente=communes_precedentes.get(pk),
        )
        if changes:
            modifies.append(profil)
    if modifies:
        territoires = _territoires({p.commune_id for p in modifies if p.commune_id})
        maintenant = timezone.now()
        for profil in modifies:
            _denormaliser(profil, territoires)
            profil.updated_at = maintenant
        ProfilRecherche.objects.bulk_update(
            modifies,
            [*CHAMPS_DERIVES, "domaines", "departement", "region", "updated_at"],
            batch_size=TAILLE_LOT,
        )
    return len(modifies)


def actualiser(personne, *, commune_precedente=None):
    """The profile of one person, derived now; returns it (None when the person needs none)."""
    pk = getattr(personne, "pk", personne)
    actualiser_lot([pk], communes_precedentes={pk: commune_precedente} if commune_precedente else None)
    return ProfilRecherche.objects.filter(personne_id=pk).first()


def profil_de(personne):
    """The person's profile for their own page: created (and derived) on first use."""
    profil = ProfilRecherche.objects.filter(personne_id=personne.pk).first()
    if profil is None:
        actualiser_lot([personne.pk], creer=[personne.pk])
        profil = ProfilRecherche.objects.get(personne_id=personne.pk)
    return profil


# The fields the person sets on their page (``emploi:profil``).
CHAMPS_PERSONNE = (
    "codes_rome",
    "commune",
    "disponible_le",
    "types_contrat",
    "temps_travail",
    "salaire_attendu",
    "visible",
)


@transaction.atomic
def enregistrer(personne, **valeurs):
    """The person's own choices, written on their locked profile (created on first use). A commune
    left empty is their commune of residence, filled at once by the derivation."""
    inconnus = set(valeurs) - set(CHAMPS_PERSONNE)
    if inconnus:
        raise TypeError(f"Champs non modifiables par la personne : {', '.join(sorted(inconnus))}")
    profil_de(personne)
    profil = ProfilRecherche.objects.select_for_update(of=("self",), no_key=True).get(personne_id=personne.pk)
    visible_avant = profil.visible
    for champ, valeur in valeurs.items():
        setattr(profil, champ, valeur)
    profil.codes_rome = list(dict.fromkeys(profil.codes_rome))
    profil.save()
    if profil.visible != visible_avant:
        # Whether employers may be offered this person is a consent: its changes are kept.
        enregistrer_evenement(
            TypeEvenement.PROFIL_RECHERCHE, acting_user=personne.user, personne=personne, visible=profil.visible
        )
    if profil.commune_id is None:
        actualiser_lot([personne.pk])
        profil.refresh_from_db()
    return profil


def actualiser_tous(*, taille_lot=TAILLE_LOT, depuis=0, sortie=None):
    """Every person, by batches of ``taille_lot`` ids in primary-key order (one transaction each).
    Returns (people seen, profiles changed)."""
    vus = changes = 0
    dernier = depuis
    while True:
        ids = list(Personne.objects.filter(pk__gt=dernier).order_by("pk").values_list("pk", flat=True)[:taille_lot])
        if not ids:
            return vus, changes
        changes += actualiser_lot(ids)
        vus += len(ids)
        dernier = ids[-1]
        if sortie is not None:
            sortie(vus, changes, dernier)


# --- After a commit: the Celery task ----------------------------------------------------------


@shared_task(ignore_result=True)
def actualiser_profil_tache(personne_id, commune_precedente=None):
    """Idempotent: derives the profile again from what is committed."""
    actualiser(personne_id, commune_precedente=commune_precedente)


@shared_task(ignore_result=True)
def actualiser_tous_profils_tache():
    """The safety net (beat, nightly): whatever a broker down at commit time left out is caught up."""
    vus, changes = actualiser_tous()
    return {"vus": vus, "changes": changes}


def planifier(personne_id, *, commune_precedente=None):
    """Queues the derivation once the current transaction commits (nothing if it rolls back).

    ``robust``: a broker down at commit time must not turn the committed change into an error;
    ``manage.py actualiser_profils`` catches up whatever was missed."""
    if not personne_id:
        return
    transaction.on_commit(
        lambda: actualiser_profil_tache.delay(personne_id, commune_precedente=commune_precedente), robust=True
    )


# --- Signals (connected by entreprises.apps) ---------------------------------------------------


def _orientation_enregistree(sender, instance, **kwargs):
    if instance.statut in STATUTS_DECIDES:
        planifier(instance.personne_id)


# A contract saved without these fields (a reminder flag, an alert date) cannot change the ORE in force.
CHAMPS_CONTRAT_SUIVIS = frozenset({"statut", "version_en_vigueur", "version_acceptee"})


def _contrat_enregistre(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not CHAMPS_CONTRAT_SUIVIS & set(update_fields):
        return
    # Accepted (the person agreed) or signed (the ORE binds from now): the version in force may have changed.
    if instance.statut in (StatutContrat.ACCEPTE, StatutContrat.SIGNE) or instance.version_en_vigueur_id:
        planifier(instance.personne_id)


def _personne_avant(sender, instance, raw=False, update_fields=None, **kwargs):
    # The commune before the save (one indexed read, only when the commune may be written): the
    # profile follows a move only if it was at the old commune (a chosen commune stays).
    instance._commune_avant_profil = None
    if raw or instance.pk is None or (update_fields is not None and "commune" not in update_fields):
        return
    instance._commune_avant_profil = (
        Personne.objects.filter(pk=instance.pk).values_list("commune_id", flat=True).first() or ""
    )


def _personne_enregistree(sender, instance, created=False, raw=False, **kwargs):
    avant = getattr(instance, "_commune_avant_profil", None)
    if raw or created or avant is None or avant == (instance.commune_id or ""):
        return
    planifier(instance.pk, commune_precedente=avant or None)


def connecter():

    post_save.connect(_orientation_enregistree, sender=DecisionOrientation, dispatch_uid="profil_orientation")
    post_save.connect(_contrat_enregistre, sender=ContratEngagement, dispatch_uid="profil_contrat")
    pre_save.connect(_personne_avant, sender=Personne, dispatch_uid="profil_personne_avant")
    post_save.connect(_personne_enregistree, sender=Personne, dispatch_uid="profil_personne")


@transaction.atomic
def reprendre_recherche(personne, *, acting_user):
    """The person's job search starts again after a hire (a trial period broken, a short contract
    ended): the person or a référent of their organisme référent says so, and matching lists them again.
    Returns the profile; a profile not « en emploi » is returned unchanged."""
    if not acces.peut_reprendre_recherche(acting_user, personne):
        raise ValidationError("Seuls la personne et son référent peuvent dire que sa recherche d'emploi reprend.")
    profil = (
        ProfilRecherche.objects.select_for_update(of=("self",), no_key=True).filter(personne_id=personne.pk).first()
    )
    if profil is None or profil.en_emploi_depuis is None:
        return profil
    profil.en_emploi_depuis = None
    profil.embauche = None
    profil.save(update_fields=["en_emploi_depuis", "embauche", "updated_at"])
    enregistrer_evenement(
        TypeEvenement.PROFIL_RECHERCHE, acting_user=acting_user, personne=personne, recherche_reprise=True
    )
    return profil
