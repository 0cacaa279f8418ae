"""The nightly retention sweep (issue 21; C. trav. R5312-44, R5312-34): the law's durations applied to the
files, each step written in the purge register (``RegistrePurge``, one line per rule per run).

1. The shorter categories (incarceration, disability, sign-ups never registered, CAF/MSA data about non job
   seekers), each applied to its fields by the app holding them (``<app>/conservation.py``, ``registre``).
2. The notice (« préavis »): a file that will be due for the archive within ``conservation.preavis_archivage``
   and whose person has an e-mail address or a mobile number: the person is told (e-mail, else SMS), once
   per inactivity period (``PreavisArchivage``).
3. The archive: a file with no activity since ``conservation.base_active`` (3 years) is archived
   (``Personne.archivee_le``): out of every list, readable by the data protection role only. When the person
   has an address, only once their notice is older than the préavis.
4. The anonymisation: an archive older than ``conservation.archive_intermediaire`` (7 years) has its identity,
   contact, NIR and free texts erased (each app's ``anonymisation`` hook); the rows stay, so that the
   indicators' counts do not change.

A file held by an appeal or a litigation (an app's ``retenue`` hook: a sanction procedure not closed, an
appeal being instructed) is neither archived nor anonymised, nor are its shorter categories erased, until it
ends (R5312-44: « prorogé en cas de contentieux »).

**Last activity**, chosen to be cheap over a million files (indexed anti-joins, no per-file computation): a
file lived on or after a day when, since that day, its core record was saved (``Personne.updated_at``:
identity, address, référent, orientation…), its person logged in (``last_login``), any action on the file wrote
an audit event (every action writes one: the house rule; the end of an accompaniment is one, so « three years
after the end of the accompaniment » is this same rule), or an app's ``activite`` hook says so (an RSA right in
force). Reads are not activity (a professional or the data protection officer reading the file does not keep it
alive), nor are the sweep's own events.

Every duration is the legal parameter in force on the day of the run (never a constant). The date limit is
computed in calendar months (``ajouter_mois``): data strictly before that day is due, data of that day is not.
Safe to run twice and on two workers (one run at a time by an advisory lock; each batch re-checks its files
under ``FOR UPDATE SKIP LOCKED``).
"""

import contextlib
import datetime
import json
import logging
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat, TruncYear
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.base.calendrier import ajouter_mois
from francetravail.base.verrous import Verrou, verrous_de_session
from francetravail.documents.models import Document
from francetravail.donnees import registre
from francetravail.donnees.empreintes import empreintes
from francetravail.donnees.enums import ActionConservation
from francetravail.donnees.models import CopieDossier, DemandeRectification, PreavisArchivage, RegistrePurge
from francetravail.donnees.notifications import envoyer_preavis
from francetravail.parametres.lookup import parametre
from francetravail.parametres.models import Unite
from francetravail.personnes.models import Personne

logger = logging.getLogger(__name__)

VERROU_CONSERVATION = 0x434F4E53  # "CONS"

CLE_BASE_ACTIVE = "conservation.base_active"
CLE_ARCHIVE = "conservation.archive_intermediaire"
CLE_PREAVIS = "conservation.preavis_archivage"

# The sweep's own events and the reads of an archive are not a sign of life of the file.
TYPES_SANS_ACTIVITE = (
    TypeEvenement.DOSSIER_ARCHIVE,
    TypeEvenement.DOSSIER_ANONYMISE,
    TypeEvenement.ARCHIVE_CONSULTEE,
)

ANONYME = "Anonyme"


class BalayageEnCours(RuntimeError):
    pass


# --- Durations --------------------------------------------------------------------------------------------


def _en_mois(ligne):
    mois = {Unite.MOIS: 1, Unite.ANS: 12}.get(ligne.unite)
    if mois is None or ligne.valeur != int(ligne.valeur):
        raise ValueError(
            f"Durée de conservation « {ligne.cle} » : {ligne.valeur} {ligne.unite} (mois ou ans entiers)."
        )
    return int(ligne.valeur) * mois


@dataclass(frozen=True)
class Duree:
    """A retention duration in force on ``aujourd_hui``: its parameter row and the date limit it gives."""

    ligne: object
    date_limite: datetime.date

    @property
    def debut_limite(self):
        """The first instant of the date limit (local time): anything before it is due."""
        return debut_du_jour(self.date_limite)


def debut_du_jour(jour):
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time.min))


def duree(cle, aujourd_hui):
    ligne = parametre(cle, le=aujourd_hui)
    return Duree(ligne=ligne, date_limite=ajouter_mois(aujourd_hui, -_en_mois(ligne)))


# --- Which files ------------------------------------------------------------------------------------------


def activite_depuis(depuis):
    """The condition « the file lived on or after ``depuis`` » (an aware datetime), on ``Personne``."""
    condition = Q(updated_at__gte=depuis) | Q(user__last_login__gte=depuis)
    condition |= Exists(
        AuditEvent.objects.filter(personne=OuterRef("pk"), at__gte=depuis).exclude(event_type__in=TYPES_SANS_ACTIVITE)
    )
    for fonction in registre.activites():
        condition |= Exists(fonction(depuis))
    return condition


def sans_activite_depuis(personnes, depuis):
    return personnes.exclude(activite_depuis(depuis))


def non_retenues(personnes, maintenant):
    """``personnes`` without the files held by an appeal or a litigation (the apps' ``retenue`` hooks)."""
    for fonction in registre.retenues():
        personnes = personnes.exclude(Exists(fonction(maintenant)))
    return personnes


def _adresse_connue():
    return ~Q(email="") | ~Q(telephone="") | (Q(user__isnull=False) & ~Q(user__email=""))


def a_prevenir(maintenant):
    """Files that will be due for the archive within the préavis, whose person can be told and was not yet."""
    aujourd_hui = timezone.localdate(maintenant)
    base = duree(CLE_BASE_ACTIVE, aujourd_hui)
    preavis = _en_mois(parametre(CLE_PREAVIS, le=aujourd_hui))
    seuil = debut_du_jour(ajouter_mois(base.date_limite, preavis))
    personnes = Personne.objects.filter(archivee_le__isnull=True, anonymisee_le__isnull=True).filter(_adresse_connue())
    personnes = personnes.exclude(
        Exists(PreavisArchivage.objects.filter(personne=OuterRef("pk"), envoye_le__gte=base.debut_limite))
    )
    return non_retenues(sans_activite_depuis(personnes, seuil), maintenant)


def a_archiver(maintenant):
    """Files with no activity since the active period's date limit, not held; told in time where possible."""
    aujourd_hui = timezone.localdate(maintenant)
    base = duree(CLE_BASE_ACTIVE, aujourd_hui)
    preavis = _en_mois(parametre(CLE_PREAVIS, le=aujourd_hui))
    fin_preavis = debut_du_jour(ajouter_mois(aujourd_hui, -preavis) + datetime.timedelta(days=1))
    prevenue = Exists(
        PreavisArchivage.objects.filter(
            personne=OuterRef("pk"), envoye_le__gte=base.debut_limite, envoye_le__lt=fin_preavis
        )
    )
    personnes = Personne.objects.filter(archivee_le__isnull=True, anonymisee_le__isnull=True)
    personnes = personnes.filter(~_adresse_connue() | prevenue)
    return non_retenues(sans_activite_depuis(personnes, base.debut_limite), maintenant)


def a_anonymiser(maintenant):
    aujourd_hui = timezone.localdate(maintenant)
    archive = duree(CLE_ARCHIVE, aujourd_hui)
    personnes = Personne.objects.filter(archivee_le__lt=archive.debut_limite, anonymisee_le__isnull=True)
    return non_retenues(personnes, maintenant)


# --- The run ----------------------------------------------------------------------------------------------


def balayer(maintenant=None, taille_lot=None):
    """One run of every rule; returns the register lines written (one per rule). Refuses to run twice at once."""
    maintenant = maintenant or timezone.now()
    taille_lot = taille_lot or settings.CONSERVATION_TAILLE_LOT
    with verrous_de_session(Verrou(VERROU_CONSERVATION)) as tenu, sans_jit():
        if not tenu:
            raise BalayageEnCours("Un passage de la conservation est déjà en cours.")
        lignes = [appliquer_regle_courte(regle, maintenant, taille_lot) for regle in registre.regles_courtes()]
        lignes.append(prevenir(maintenant, taille_lot))
        lignes.append(archiver(maintenant, taille_lot))
        lignes.append(anonymiser(maintenant, taille_lot))
    return lignes


@contextlib.contextmanager
def sans_jit():
    """PostgreSQL's JIT off for the run: the selections' cost estimates (anti-joins over every file) pass its
    thresholds, and compiling them took 2.3 s of a 2.8 s query over 100 000 files (``make bench``), each time."""
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")


def _ids(queryset):
    return list(queryset.order_by("pk").values_list("pk", flat=True))


def _lots(ids, taille):
    for debut in range(0, len(ids), taille):
        yield ids[debut : debut + taille]


def parmi(ids):
    """``pk__in=parmi(ids)``: one array parameter rather than one placeholder per id (a batch holds thousands:
    binding them one by one cost more than the statement, ``make bench``)."""
    return RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))


def _verrouiller(queryset, lot):
    """The files of ``lot`` that still qualify, locked (skipping those another transaction holds)."""
    return _ids(queryset.filter(pk__in=parmi(lot)).select_for_update(skip_locked=True, of=("self",)))


def _par_lots(candidats, taille_lot, traiter):
    """Every file ``candidats()`` gives, by batches of ``taille_lot``, each batch in its own transaction:
    the queryset is read again under the lock (a file that changed since the list was taken, or that
    another run holds, is left), then ``traiter(ids)`` acts on the batch and returns the ids it treated
    (``None``: all of them). Returns the ids treated, for the register line."""
    traites = []
    for lot in _lots(_ids(candidats()), taille_lot):
        with transaction.atomic():
            ids = _verrouiller(candidats(), lot)
            if ids:
                faits = traiter(ids)
                traites.extend(ids if faits is None else faits)
    return traites


def _inscrire(cle, ligne, action, date_limite, ids, debut):
    return RegistrePurge.objects.create(
        execute_le=timezone.now(),
        regle=cle,
        reference_legale=ligne.reference_legale,
        action=action,
        date_limite=date_limite,
        nombre=len(ids),
        identifiants=empreintes(ids),
        duree_ms=int((time.monotonic() - debut) * 1000),
    )


def _evenements(event_type, ids, maintenant, **data):
    """One audit event per file, in one statement (the same row for each but its file; no acting user: the
    platform acts, by law)."""
    meta = AuditEvent._meta
    colonnes = ", ".join(
        connection.ops.quote_name(meta.get_field(nom).column)
        for nom in ("at", "event_type", "personne", "motif", "data")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({colonnes}) "  # noqa: S608 — names from the model
            "SELECT %s, %s, unnest(%s::bigint[]), '', %s::jsonb",
            [maintenant, str(event_type), list(ids), json.dumps(data)],
        )


def appliquer_regle_courte(regle, maintenant, taille_lot):
    debut = time.monotonic()
    aujourd_hui = timezone.localdate(maintenant)
    d = duree(regle.cle, aujourd_hui)

    def candidats():
        personnes = regle.candidats(aujourd_hui, d).filter(anonymisee_le__isnull=True)
        return non_retenues(personnes, maintenant)

    traites = _par_lots(candidats, taille_lot, lambda ids: regle.effacer(ids, maintenant))
    return _inscrire(regle.cle, d.ligne, regle.action, d.date_limite, traites, debut)


def prevenir(maintenant, taille_lot):
    debut = time.monotonic()
    aujourd_hui = timezone.localdate(maintenant)
    base = duree(CLE_BASE_ACTIVE, aujourd_hui)
    ligne_preavis = parametre(CLE_PREAVIS, le=aujourd_hui)
    date_archivage = ajouter_mois(aujourd_hui, _en_mois(ligne_preavis))

    def prevenir_le_lot(ids):
        personnes = list(
            Personne.objects.filter(pk__in=parmi(ids))
            .select_related("user")
            .only("pk", "prenoms", "email", "telephone", "user__email")
        )
        canaux = envoyer_preavis(personnes, aujourd_hui=aujourd_hui, date_archivage=date_archivage)
        PreavisArchivage.objects.bulk_create(
            [PreavisArchivage(personne_id=pk, envoye_le=maintenant, canal=canal) for pk, canal in canaux.items()],
            update_conflicts=True,
            unique_fields=["personne"],
            update_fields=["envoye_le", "canal"],
        )
        return list(canaux)

    prevenus = _par_lots(lambda: a_prevenir(maintenant), taille_lot, prevenir_le_lot)
    return _inscrire(CLE_PREAVIS, ligne_preavis, ActionConservation.PREAVIS, base.date_limite, prevenus, debut)


def archiver(maintenant, taille_lot):
    debut = time.monotonic()
    aujourd_hui = timezone.localdate(maintenant)
    base = duree(CLE_BASE_ACTIVE, aujourd_hui)

    def archiver_le_lot(ids):
        Personne.objects.filter(pk__in=parmi(ids)).update(archivee_le=maintenant)
        _evenements(
            TypeEvenement.DOSSIER_ARCHIVE,
            ids,
            maintenant,
            regle=CLE_BASE_ACTIVE,
            date_limite=base.date_limite.isoformat(),
        )

    archives = _par_lots(lambda: a_archiver(maintenant), taille_lot, archiver_le_lot)
    return _inscrire(CLE_BASE_ACTIVE, base.ligne, ActionConservation.ARCHIVAGE, base.date_limite, archives, debut)


def anonymiser(maintenant, taille_lot):
    debut = time.monotonic()
    aujourd_hui = timezone.localdate(maintenant)
    archive = duree(CLE_ARCHIVE, aujourd_hui)

    def anonymiser_le_lot(ids):
        anonymiser_personnes(ids, maintenant)
        _evenements(
            TypeEvenement.DOSSIER_ANONYMISE,
            ids,
            maintenant,
            regle=CLE_ARCHIVE,
            date_limite=archive.date_limite.isoformat(),
        )

    anonymises = _par_lots(lambda: a_anonymiser(maintenant), taille_lot, anonymiser_le_lot)
    return _inscrire(
        CLE_ARCHIVE, archive.ligne, ActionConservation.ANONYMISATION, archive.date_limite, anonymises, debut
    )


# --- Erasing ----------------------------------------------------------------------------------------------


def anonymiser_personnes(ids, maintenant):
    """Erases the identity, contact details and accounts of these files, every app's identifying data (hooks),
    their attached documents, the copies of the file, the texts of rectification requests and the history
    that copied them; keeps the rows, the territory and the year of birth (the indicators count by
    département and age band)."""
    comptes = list(Personne.objects.filter(pk__in=parmi(ids), user__isnull=False).values_list("user_id", flat=True))
    Personne.objects.filter(pk__in=parmi(ids)).update(
        nom_naissance=ANONYME,
        nom_usage="",
        prenoms=ANONYME,
        date_naissance=TruncYear("date_naissance"),
        email="",
        telephone="",
        adresse="",
        code_postal="",
        user=None,
        anonymisee_le=maintenant,
    )
    fermer_comptes(comptes)
    for fonction in registre.anonymisations():
        fonction(ids)
    # The attached documents and the copies of the file (ZIPs of everything): deleted, files after the commit.
    for modele in (Document, CopieDossier):
        lignes = modele.objects.filter(personne_id__in=parmi(ids))
        noms = [nom for nom in lignes.exclude(fichier="").values_list("fichier", flat=True) if nom]
        lignes.delete()
        transaction.on_commit(lambda modele=modele, noms=noms: _supprimer_fichiers(modele, noms), robust=True)
    registre.effacer_textes(
        DemandeRectification.objects.filter(personne_id__in=parmi(ids)), "texte", "reponse", "motif_prolongation"
    )
    PreavisArchivage.objects.filter(personne_id__in=parmi(ids)).delete()
    effacer_historique(ids)


def fermer_comptes(user_ids):
    """The person's account can no longer be used nor name them (its rows may be referenced elsewhere)."""
    if not user_ids:
        return
    User = apps.get_model(settings.AUTH_USER_MODEL)
    User.objects.filter(pk__in=user_ids).update(
        email=Concat(Value("anonyme-"), Cast("pk", CharField()), Value("@anonyme.invalid")),
        first_name="",
        last_name="",
        telephone="",
        is_active=False,
        password="!",  # unusable
    )
    for label in ("account.EmailAddress", "socialaccount.SocialAccount", "mfa.Authenticator"):
        try:
            modele = apps.get_model(label)
        except LookupError:
            continue
        modele.objects.filter(user_id__in=user_ids).delete()


def _supprimer_fichiers(modele, noms):
    stockage = modele._meta.get_field("fichier").storage
    for nom in noms:
        try:
            stockage.delete(nom)
        except OSError:
            logger.warning("Fichier d'une pièce jointe non supprimé : %s", nom)


def effacer_historique(personne_ids):
    """Deletes the history rows (pghistory events) that copied these people's data: those of ``Personne``
    itself and those of every tracked model with a ``personne`` key. Apps erase deeper ones in their hook."""
    for modele in registre.modeles_evenements():
        suivi = modele._meta.get_field("pgh_obj").related_model
        if suivi is Personne:
            modele.objects.filter(pgh_obj_id__in=personne_ids).delete()
        elif any(f.name == "personne" for f in modele._meta.concrete_fields):
            modele.objects.filter(personne_id__in=personne_ids).delete()
