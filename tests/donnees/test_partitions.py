"""The access log and the notification outbox are partitioned by month (issue 21): beat creates the
months ahead, drops whole months past ``conservation.journaux`` (6 months, read on the day), writes one
purge-register line per dropped month, and a row of a month without partition waits in the DEFAULT
partition until its month is created. Time is moved by running the maintenance on a given day."""

import datetime
import itertools

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from francetravail.audit.actions import journaliser_acces
from francetravail.audit.models import JournalAcces
from francetravail.base import partitionnement
from francetravail.base.calendrier import ajouter_mois
from francetravail.donnees import partitions
from francetravail.donnees.enums import ActionConservation
from francetravail.donnees.models import RegistrePurge
from francetravail.notifications.enums import Canal, Statut, StatutRemise
from francetravail.notifications.models import EvenementRemise, Notification
from francetravail.parametres.models import ParametreLegal
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

pytestmark = pytest.mark.django_db

JOURNAL, OUTBOX = "audit_journalacces", "notifications_notification"
_NUMEROS = itertools.count()


def _partition_de(table, pk):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT tableoid::regclass::text FROM "{table}" WHERE id = %s', [pk])  # noqa: S608
        ligne = cursor.fetchone()
    return ligne[0] if ligne else None


def _mois_existants(table):
    with connection.cursor() as cursor:
        return set(partitionnement.partitions(cursor, table))


def _a(jour, heure=12):
    return partitionnement.minuit(jour) + datetime.timedelta(hours=heure)


@pytest.fixture
def lecture():
    org = OrganisationFactory()
    personne, lecteur = PersonneFactory(organisme_referent=org), professionnel(org)

    def ecrire(at):
        return JournalAcces.objects.create(personne=personne, user=lecteur, organisation=org, partie="synthese", at=at)

    return ecrire


def _notification(created_at, statut=Statut.ENVOYEE, cle=None):
    return Notification.objects.create(
        adresse="personne@example.org",
        canal=Canal.EMAIL,
        modele="essai",
        statut=statut,
        cle_idempotence=cle or f"essai-partitions-{next(_NUMEROS)}",
        created_at=created_at,
        prochaine_tentative=created_at,
    )


def test_les_deux_tables_sont_partitionnees_par_mois_avec_la_date_dans_la_cle_primaire():
    with connection.cursor() as cursor:
        for table, colonne in ((JOURNAL, "at"), (OUTBOX, "created_at")):
            assert partitionnement.partitionnee(cursor, table)
            cursor.execute(
                """SELECT array_agg(a.attname ORDER BY a.attname) FROM pg_constraint c
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
                   WHERE c.conrelid = %s::regclass AND c.contype = 'p'""",
                [table],
            )
            assert cursor.fetchone()[0] == sorted(["id", colonne])
            cursor.execute("SELECT 1 FROM pg_class WHERE relname = %s", [partitionnement.nom_defaut(table)])
            assert cursor.fetchone()


def test_une_lecture_ecrite_en_sql_brut_va_dans_la_partition_de_son_mois():
    org = OrganisationFactory()
    personne = PersonneFactory(organisme_referent=org)
    journaliser_acces(
        personne_id=personne.pk, user_id=professionnel(org).pk, organisation_id=org.pk, partie="synthese", canal="web"
    )
    ligne = JournalAcces.objects.get(personne=personne)
    mois = partitionnement.debut_mois(timezone.localdate())
    assert _partition_de(JOURNAL, ligne.pk) == partitionnement.nom_partition(JOURNAL, mois)


def test_beat_cree_le_mois_courant_et_les_trois_suivants_a_l_avance():
    le = timezone.localdate() + datetime.timedelta(days=400)  # beyond what the migration created
    voulus = set(partitionnement.mois_entre(le, ajouter_mois(partitionnement.debut_mois(le), 3)))
    assert len(voulus) == 4
    assert not voulus & _mois_existants(JOURNAL)

    partitions.entretenir(le=le)

    assert voulus <= _mois_existants(JOURNAL)
    assert voulus <= _mois_existants(OUTBOX)
    # A second run (or a second worker) changes nothing.
    assert partitions.entretenir(le=le) == {
        JOURNAL: {"creees": {}, "supprimees": {}},
        OUTBOX: {"creees": {}, "supprimees": {}},
    }


def test_une_ligne_d_un_mois_sans_partition_attend_dans_la_partition_par_defaut_puis_rejoint_son_mois(lecture):
    """The failure mode of a missing month: nothing fails, the row waits in the DEFAULT partition."""
    jour = timezone.localdate() + datetime.timedelta(days=400)
    mois = partitionnement.debut_mois(jour)
    assert mois not in _mois_existants(JOURNAL)
    ligne = lecture(_a(jour))
    notification = _notification(_a(jour))
    assert _partition_de(JOURNAL, ligne.pk) == partitionnement.nom_defaut(JOURNAL)
    assert _partition_de(OUTBOX, notification.pk) == partitionnement.nom_defaut(OUTBOX)

    resultat = partitions.entretenir(le=timezone.localdate())

    assert resultat[JOURNAL]["creees"][mois] == 1
    assert resultat[OUTBOX]["creees"][mois] == 1
    assert _partition_de(JOURNAL, ligne.pk) == partitionnement.nom_partition(JOURNAL, mois)
    assert _partition_de(OUTBOX, notification.pk) == partitionnement.nom_partition(OUTBOX, mois)
    assert JournalAcces.objects.get(pk=ligne.pk).at == ligne.at


@pytest.mark.parametrize(("le", "garde"), [(datetime.date(2026, 11, 30), True), (datetime.date(2026, 12, 1), False)])
def test_le_journal_d_un_mois_est_supprime_quand_toutes_ses_lignes_ont_passe_six_mois(lecture, le, garde):
    # May 2026: its last row (31 May, 23:00) is 6 months old at the end of 30 November.
    premiere, derniere = lecture(_a(datetime.date(2026, 5, 1), 0)), lecture(_a(datetime.date(2026, 5, 31), 23))
    juin = lecture(_a(datetime.date(2026, 6, 1), 0))

    resultat = partitions.entretenir(le=le)

    mai = datetime.date(2026, 5, 1)
    assert JournalAcces.objects.filter(pk__in=[premiere.pk, derniere.pk]).count() == (2 if garde else 0)
    assert JournalAcces.objects.filter(pk=juin.pk).exists()
    assert (mai in _mois_existants(JOURNAL)) is garde
    lignes = RegistrePurge.objects.filter(identifiants=[partitionnement.nom_partition(JOURNAL, mai)])
    if garde:
        assert not lignes.exists()
        assert resultat[JOURNAL]["supprimees"] == {}
    else:
        assert resultat[JOURNAL]["supprimees"] == {mai: 2}
        ligne = lignes.get()
        assert (ligne.regle, ligne.action, ligne.nombre) == ("conservation.journaux", ActionConservation.PARTITIONS, 2)
        assert ligne.date_limite == datetime.date(2026, 6, 1)
        assert "R5312-44" in ligne.reference_legale


def test_la_duree_est_lue_dans_le_parametre_en_vigueur_le_jour_du_passage(lecture):
    """Never a constant: the 1 July 2026 row (unconfirmed) applies from that day, with its own reference."""
    ligne = lecture(_a(datetime.date(2025, 12, 15)))
    ParametreLegal.objects.filter(cle="conservation.journaux", valide_du=datetime.date(2026, 7, 1)).update(valeur=7)

    partitions.entretenir(le=datetime.date(2026, 6, 30))  # 6 months: December 2025 goes on 1 July...
    assert JournalAcces.objects.filter(pk=ligne.pk).exists()
    partitions.entretenir(le=datetime.date(2026, 7, 1))  # ...but from 1 July the law's row says 7
    assert JournalAcces.objects.filter(pk=ligne.pk).exists()
    partitions.entretenir(le=datetime.date(2026, 8, 1))
    assert not JournalAcces.objects.filter(pk=ligne.pk).exists()
    registre = RegistrePurge.objects.get(
        identifiants=[partitionnement.nom_partition(JOURNAL, datetime.date(2025, 12, 1))]
    )
    assert registre.date_limite == datetime.date(2026, 1, 1)
    assert "1er juillet 2026" in registre.reference_legale


@pytest.mark.parametrize(("le", "garde"), [(datetime.date(2026, 11, 30), True), (datetime.date(2026, 12, 1), False)])
def test_l_outbox_d_un_mois_est_supprimee_apres_six_mois_et_ses_references_sont_videes(le, garde):
    notification = _notification(_a(datetime.date(2026, 5, 31), 23), statut=Statut.ENVOYEE)
    echec = _notification(_a(datetime.date(2026, 5, 2)), statut=Statut.ECHEC)
    evenement = EvenementRemise.objects.create(
        fournisseur="essai",
        identifiant=f"evt-{next(_NUMEROS)}",
        notification=notification,
        evenement="delivered",
        remise=StatutRemise.REMISE,
        survenu_le=notification.created_at,
    )

    partitions.entretenir(le=le)

    assert Notification.objects.filter(pk__in=[notification.pk, echec.pk]).count() == (2 if garde else 0)
    evenement.refresh_from_db()
    assert evenement.notification_id == (notification.pk if garde else None)
    assert (
        RegistrePurge.objects.filter(
            identifiants=[partitionnement.nom_partition(OUTBOX, datetime.date(2026, 5, 1))]
        ).exists()
        is not garde
    )


def test_un_mois_de_l_outbox_qui_garde_une_notification_en_attente_n_est_pas_supprime():
    en_attente = _notification(_a(datetime.date(2026, 3, 10)), statut=Statut.EN_ATTENTE)
    envoyee = _notification(_a(datetime.date(2026, 3, 11)))

    partitions.entretenir(le=datetime.date(2026, 12, 1))

    assert Notification.objects.filter(pk__in=[en_attente.pk, envoyee.pk]).count() == 2
    assert not RegistrePurge.objects.filter(action=ActionConservation.PARTITIONS).exists()

    Notification.objects.filter(pk=en_attente.pk).update(statut=Statut.ECHEC)
    partitions.entretenir(le=datetime.date(2026, 12, 1))
    assert not Notification.objects.filter(pk__in=[en_attente.pk, envoyee.pk]).exists()


def test_la_tache_de_beat_tourne_sur_le_jour_courant():
    resultat = partitions.entretenir_partitions.apply().get()
    assert set(resultat) == {JOURNAL, OUTBOX}
    mois = partitionnement.debut_mois(timezone.localdate())
    assert set(partitionnement.mois_entre(mois, ajouter_mois(mois, 3))) <= _mois_existants(JOURNAL)


def test_une_cle_d_idempotence_reste_unique_d_un_mois_a_l_autre():
    _notification(_a(datetime.date(2026, 1, 10)), cle="une-seule-fois")
    with pytest.raises(IntegrityError, match="cle_idempotence"), transaction.atomic():
        _notification(_a(timezone.localdate()), cle="une-seule-fois")
    assert Notification.objects.filter(cle_idempotence="une-seule-fois").count() == 1
    # Changing a row's key to one already written is refused too.
    autre = _notification(_a(timezone.localdate()))
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.filter(pk=autre.pk).update(cle_idempotence="une-seule-fois")
    autre.refresh_from_db()
    assert autre.cle_idempotence != "une-seule-fois"


def _connexion_brute():
    import psycopg

    parametres = connection.get_connection_params()
    return psycopg.connect(
        **{k: parametres[k] for k in ("dbname", "user", "password", "host", "port") if parametres.get(k)}
    )


_INSERTION = (
    "INSERT INTO notifications_notification (adresse, canal, modele, type_notification, contexte, statut, "
    "tentatives, prochaine_tentative, derniere_erreur, cle_idempotence, created_at, identifiant_fournisseur, "
    "remise, remise_detail) VALUES ('', 'email', 'essai', '', '{}', 'envoyee', 0, %s, '', %s, %s, '', "
    "'inconnue', '')"
)


def test_deux_ecritures_simultanees_de_la_meme_cle_n_en_gardent_qu_une():
    """Two transactions writing the same key at once (two workers retrying one action), in two months:
    the second waits for the first, then is refused, as a unique index would do."""
    import threading

    import psycopg

    cle = f"concurrence-{timezone.now().timestamp()}"
    premiere, seconde = _connexion_brute(), _connexion_brute()
    erreurs = []

    def ecrire_la_seconde():
        try:
            seconde.execute(_INSERTION, [timezone.now(), cle, timezone.now()])
            seconde.commit()
        except psycopg.errors.UniqueViolation as erreur:
            erreurs.append(erreur)
            seconde.rollback()

    try:
        premiere.execute(_INSERTION, [timezone.now(), cle, _a(datetime.date(2026, 1, 10))])
        fil = threading.Thread(target=ecrire_la_seconde)
        fil.start()
        fil.join(timeout=1)
        assert fil.is_alive(), "la seconde écriture aurait dû attendre la première"
        premiere.commit()
        fil.join(timeout=10)
        assert not fil.is_alive()
        assert len(erreurs) == 1 and "notifications_notification_cle_idempotence_key" in str(erreurs[0])
        assert premiere.execute(
            "SELECT count(*) FROM notifications_notification WHERE cle_idempotence = %s", [cle]
        ).fetchone() == (1,)
    finally:
        premiere.rollback()
        premiere.execute("DELETE FROM notifications_notification WHERE cle_idempotence = %s", [cle])
        premiere.commit()
        premiere.close()
        seconde.close()


def test_l_ecriture_en_masse_saute_les_cles_deja_ecrites_meme_dans_un_autre_mois():
    from francetravail.notifications.actions import notifier_en_masse, notifier_en_masse_externe
    from tests.notifications.types import ESSAI

    ancienne = _notification(_a(datetime.date(2026, 1, 10)), cle="masse-1")
    destinataire = professionnel(OrganisationFactory())

    donnees = [(destinataire.pk, {"n": 1}, "masse-1", None), (destinataire.pk, {"n": 2}, "masse-2", None)]
    assert notifier_en_masse(ESSAI, [*donnees, (destinataire.pk, {"n": 3}, "masse-2", None)]) == 3

    assert list(Notification.objects.filter(cle_idempotence="masse-1").values_list("pk", flat=True)) == [ancienne.pk]
    assert list(Notification.objects.filter(cle_idempotence="masse-2").values_list("contexte", flat=True)) == [
        {"n": 2}
    ]
    ids = notifier_en_masse_externe(
        ESSAI,
        [(None, Canal.EMAIL, "a@example.org", {}, "masse-1"), (None, Canal.EMAIL, "b@example.org", {}, "masse-3")],
    )
    assert ids["masse-1"] == ancienne.pk
    assert Notification.objects.get(pk=ids["masse-3"]).adresse == "b@example.org"


def test_chaque_cle_etrangere_vers_une_table_partitionnee_est_sans_contrainte_et_videe_a_la_suppression():
    """PostgreSQL would need the partition column in a referenced key: every foreign key to these tables
    has ``db_constraint=False`` and is nullable, so the monthly drop can clear it (hidden ones included)."""
    for table in partitions.TABLES:
        for champ in partitions.references(table.model):
            assert not champ.db_constraint and champ.null, champ
    noms = {str(champ) for champ in partitions.references(Notification)}
    assert {
        "notifications.EvenementRemise.notification",
        "invitations.EnvoiInvitation.notification",
        "sanctions.CourrierProcedure.notification",
    } <= noms


def test_une_table_occupee_garde_son_mois_jusqu_au_passage_suivant(lecture):
    """A long read holding the access log: the drop gives up after lock_timeout (nothing dropped, no register
    line, no reader queued behind it for longer), and the next run drops the month."""
    ligne = lecture(_a(datetime.date(2026, 5, 10)))
    lecteur_long = _connexion_brute()
    try:
        lecteur_long.execute("LOCK TABLE audit_journalacces IN ACCESS SHARE MODE")
        resultat = partitions.entretenir(le=datetime.date(2026, 12, 1))
        assert resultat[JOURNAL]["supprimees"] == {}
        assert JournalAcces.objects.filter(pk=ligne.pk).exists()
        assert not RegistrePurge.objects.filter(action=ActionConservation.PARTITIONS).exists()
    finally:
        lecteur_long.rollback()
        lecteur_long.close()
    assert partitions.entretenir(le=datetime.date(2026, 12, 1))[JOURNAL]["supprimees"] == {
        datetime.date(2026, 5, 1): 1
    }
    assert not JournalAcces.objects.filter(pk=ligne.pk).exists()


def test_un_courrier_de_sanction_garde_son_contenu_quand_le_mois_de_sa_notification_est_supprime():
    """The letter's own reference is PROTECT for the ORM; past the outbox's retention the sending trace
    goes and the letter (its frozen content, PDF and dates) stays in the file."""
    from sanctions.models import CourrierProcedure, TypeCourrier
    from tests.sanctions.factories import Situation

    procedure = Situation().avertie()
    courrier = CourrierProcedure.objects.get(procedure=procedure, type_courrier=TypeCourrier.AVERTISSEMENT_PREALABLE)
    envoi = _notification(_a(datetime.date(2026, 5, 20)))
    CourrierProcedure.objects.filter(pk=courrier.pk).update(notification=envoi)

    partitions.entretenir(le=datetime.date(2026, 11, 30))
    assert CourrierProcedure.objects.get(pk=courrier.pk).notification_id == envoi.pk
    partitions.entretenir(le=datetime.date(2026, 12, 1))

    apres = CourrierProcedure.objects.get(pk=courrier.pk)
    assert apres.notification_id is None
    assert (apres.contenu, apres.empreinte) == (courrier.contenu, courrier.empreinte)
    assert not Notification.objects.filter(pk=envoi.pk).exists()
