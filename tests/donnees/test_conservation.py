"""The nightly retention sweep (francetravail/donnees/conservation.py): time moved on both sides of each bound.

« Moving time »: the sweep runs at a given ``maintenant``, and the file's last activity is written on the rows
(``updated_at``, audit events, login) at the instant that matters: the day of the date limit (kept) and the
instant before it (due).
"""

import datetime
import hashlib
import hmac
from decimal import Decimal

import pytest
from django.utils import timezone

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.donnees import conservation
from francetravail.donnees.empreintes import empreinte
from francetravail.donnees.enums import ActionConservation
from francetravail.donnees.models import PreavisArchivage, RegistrePurge
from francetravail.notifications.models import Notification
from francetravail.parametres.models import ParametreLegal
from francetravail.personnes.models import Personne
from tests.factories import PersonneFactory, UserFactory

TZ = timezone.get_default_timezone()


def instant(annee, mois, jour, heure=0, minute=0, seconde=0, micro=0):
    return datetime.datetime(annee, mois, jour, heure, minute, seconde, micro, tzinfo=TZ)


# A run on 15 March 2026 (R5312-44's version in force until 30 June 2026): 3 years → date limit 15 March 2023.
MAINTENANT = instant(2026, 3, 15, 2, 10)
JOUR_LIMITE = instant(2023, 3, 15)
VEILLE = JOUR_LIMITE - datetime.timedelta(microseconds=1)


def personne(derniere_activite, *, joignable=False, **kwargs):
    """A file whose last activity is ``derniere_activite`` (its core record's last save), by default without
    e-mail nor phone (no notice needed before its archive)."""
    if not joignable:
        kwargs.setdefault("email", "")
        kwargs.setdefault("telephone", "")
    p = PersonneFactory(**kwargs)
    Personne.objects.filter(pk=p.pk).update(updated_at=derniere_activite, created_at=derniere_activite)
    return p


def relue(p):
    return Personne.objects.get(pk=p.pk)


def ligne(lignes, action):
    (trouvee,) = [lg for lg in lignes if lg.action == action]
    return trouvee


def test_archive_a_trois_ans_de_la_derniere_activite_pas_un_jour_avant():
    gardee = personne(JOUR_LIMITE)
    due = personne(VEILLE)

    lignes = conservation.balayer(MAINTENANT)

    assert relue(gardee).archivee_le is None
    assert relue(due).archivee_le == MAINTENANT
    archivage = ligne(lignes, ActionConservation.ARCHIVAGE)
    assert archivage.regle == "conservation.base_active"
    assert archivage.date_limite == datetime.date(2023, 3, 15)
    assert archivage.nombre == 1
    assert archivage.identifiants == [empreinte(due.pk)]
    assert "R5312-44" in archivage.reference_legale
    evenement = AuditEvent.objects.get(personne=due, event_type=TypeEvenement.DOSSIER_ARCHIVE)
    assert evenement.data["regle"] == "conservation.base_active"
    assert not AuditEvent.objects.filter(personne=gardee).exists()


def test_l_empreinte_n_est_pas_l_identifiant_et_depend_de_la_cle(settings):
    premiere = empreinte(42)
    cle = settings.CONSERVATION_CLE_EMPREINTE.encode()
    assert premiere == hmac.new(cle, b"personne:42", hashlib.sha256).hexdigest()
    assert premiere != hashlib.sha256(b"42").hexdigest()
    settings.CONSERVATION_CLE_EMPREINTE = "une-autre-cle-de-test-0123456789abcdef"
    assert empreinte(42) != premiere
    assert settings.CONSERVATION_CLE_EMPREINTE != settings.SECRET_KEY


def test_un_passage_ecrit_une_ligne_par_regle_meme_sans_dossier():
    lignes = conservation.balayer(MAINTENANT)

    assert sorted(lg.regle for lg in lignes) == [
        "conservation.archive_intermediaire",
        "conservation.base_active",
        "conservation.caf_non_demandeur",
        "conservation.handicap",
        "conservation.incarceration",
        "conservation.non_inscrit",
        "conservation.preavis_archivage",
    ]
    assert RegistrePurge.objects.count() == 7
    assert all(lg.nombre == 0 and lg.identifiants == [] for lg in lignes)


@pytest.mark.parametrize("signe", ["audit", "connexion", "droit_rsa"])
def test_une_activite_le_jour_limite_garde_le_dossier_la_veille_non(signe):
    from inscription.models import DroitRSA

    gardee, due = personne(VEILLE, avec_compte=True), personne(VEILLE, avec_compte=True)
    for p, quand in ((gardee, JOUR_LIMITE), (due, VEILLE)):
        # Told in time (an account has an e-mail address): only the activity decides.
        PreavisArchivage.objects.create(personne=p, envoye_le=MAINTENANT - datetime.timedelta(days=40), canal="email")
        if signe == "audit":
            evt = enregistrer_evenement(TypeEvenement.COORDONNEES_MODIFIEES, personne=p)
            AuditEvent.objects.filter(pk=evt.pk).update(at=quand)
        elif signe == "connexion":
            type(p.user).objects.filter(pk=p.user_id).update(last_login=quand)
        else:
            # A right ended the day after the limit was in force on it; one ended on its eve was not.
            DroitRSA.objects.create(
                personne=p,
                organisme_payeur="CAF",
                numero_allocataire=f"12345{p.pk}",
                role="demandeur",
                date_ouverture=datetime.date(2020, 1, 1),
                fin_droit=timezone.localdate(quand) + datetime.timedelta(days=1),
                motif_fin="Fin de droit.",
            )

    conservation.balayer(MAINTENANT)

    assert relue(gardee).archivee_le is None
    assert relue(due).archivee_le is not None


def test_les_evenements_de_la_conservation_ne_sont_pas_une_activite():
    p = personne(VEILLE)
    evt = enregistrer_evenement(TypeEvenement.ARCHIVE_CONSULTEE, personne=p)
    AuditEvent.objects.filter(pk=evt.pk).update(at=MAINTENANT - datetime.timedelta(days=1))

    conservation.balayer(MAINTENANT)

    assert relue(p).archivee_le is not None


def test_un_passage_repete_ne_fait_rien_de_plus():
    p = personne(VEILLE)
    conservation.balayer(MAINTENANT)
    lignes = conservation.balayer(MAINTENANT + datetime.timedelta(hours=1))

    assert relue(p).archivee_le == MAINTENANT
    assert ligne(lignes, ActionConservation.ARCHIVAGE).nombre == 0
    assert AuditEvent.objects.filter(personne=p, event_type=TypeEvenement.DOSSIER_ARCHIVE).count() == 1


def test_deux_passages_en_meme_temps_sont_refuses():
    from django.db import connections

    p = personne(VEILLE)
    autre = connections.create_connection("default")  # another worker, holding the run's lock
    try:
        with autre.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s::int, 0)", [conservation.VERROU_CONSERVATION])
        with pytest.raises(conservation.BalayageEnCours):
            conservation.balayer(MAINTENANT)
    finally:
        autre.close()
    assert relue(p).archivee_le is None
    assert not RegistrePurge.objects.exists()
    conservation.balayer(MAINTENANT)  # the lock went with the other session
    assert relue(p).archivee_le is not None


# --- The notice ---------------------------------------------------------------------------------------------


def test_la_personne_joignable_est_prevenue_un_mois_avant_et_archivee_apres_le_preavis():
    p = personne(VEILLE, joignable=True, email="lea@exemple.fr")

    lignes = conservation.balayer(MAINTENANT)

    assert relue(p).archivee_le is None
    assert ligne(lignes, ActionConservation.PREAVIS).identifiants == [empreinte(p.pk)]
    preavis = PreavisArchivage.objects.get(personne=p)
    assert preavis.envoye_le == MAINTENANT and preavis.canal == "email"
    notification = Notification.objects.get(type_notification="donnees.preavis_archivage")
    assert notification.adresse == "lea@exemple.fr"
    assert notification.contexte["date_archivage"] == "15 avril 2026"

    # The day before the end of the notice: still not archived, and not told twice.
    veille = instant(2026, 4, 14, 2, 10)
    lignes = conservation.balayer(veille)
    assert relue(p).archivee_le is None
    assert ligne(lignes, ActionConservation.PREAVIS).nombre == 0
    assert Notification.objects.filter(type_notification="donnees.preavis_archivage").count() == 1

    lendemain = instant(2026, 4, 15, 2, 10)
    conservation.balayer(lendemain)
    assert relue(p).archivee_le == lendemain


def test_le_preavis_part_un_mois_avant_l_echeance_pas_plus_tot():
    # On 15 March 2026, due within one month: no activity since 15 April 2023.
    prevenue = personne(instant(2023, 4, 15) - datetime.timedelta(microseconds=1), joignable=True)
    trop_tot = personne(instant(2023, 4, 15), joignable=True)

    conservation.balayer(MAINTENANT)

    assert PreavisArchivage.objects.filter(personne=prevenue).exists()
    assert not PreavisArchivage.objects.filter(personne=trop_tot).exists()
    assert relue(prevenue).archivee_le is None


def test_sans_courriel_le_preavis_part_par_sms():
    p = personne(VEILLE, joignable=True, email="", telephone="0611223344")
    conservation.balayer(MAINTENANT)
    assert Notification.objects.get(type_notification="donnees.preavis_archivage").adresse == "0611223344"
    assert PreavisArchivage.objects.get(personne=p).canal == "sms"


def test_une_activite_apres_le_preavis_garde_le_dossier():
    p = personne(VEILLE, joignable=True)
    conservation.balayer(MAINTENANT)
    Personne.objects.filter(pk=p.pk).update(updated_at=MAINTENANT + datetime.timedelta(days=3))

    conservation.balayer(instant(2026, 4, 16, 2, 10))

    assert relue(p).archivee_le is None


# --- Holds --------------------------------------------------------------------------------------------------


def test_un_recours_pendant_retient_le_dossier_jusqu_a_sa_decision():
    from sanctions.enums import StatutProcedure, StatutRecours
    from sanctions.models import ProcedureSanction, Recours
    from tests.sanctions.factories import Situation

    situation = Situation(email="", telephone="")
    procedure = situation.ouverte()
    Recours.objects.create(
        procedure=procedure,
        voie="mediation",
        forme_le=datetime.date(2023, 1, 10),
        echeance=datetime.date(2023, 2, 10),
        motifs="Je conteste.",
        forme_par=situation.personne.user,
    )
    p = situation.personne
    type(p.user).objects.filter(pk=p.user_id).update(email="anonyme@exemple.invalid", last_login=None)
    Personne.objects.filter(pk=p.pk).update(updated_at=VEILLE, user=None)
    AuditEvent.objects.filter(personne=p).update(at=VEILLE)

    conservation.balayer(MAINTENANT)
    assert relue(p).archivee_le is None  # the procedure and its appeal are pending

    ProcedureSanction.objects.filter(pk=procedure.pk).update(
        statut=StatutProcedure.CLASSEE, motif_classement="Sans suite."
    )
    conservation.balayer(MAINTENANT)
    assert relue(p).archivee_le is None  # the appeal is still pending

    Recours.objects.filter(procedure=procedure).update(
        statut=StatutRecours.MAINTENUE, motivation="Maintenue.", statue_le=MAINTENANT
    )
    conservation.balayer(MAINTENANT)
    assert relue(p).archivee_le is not None


def test_un_dossier_retenu_n_est_pas_anonymise():
    from sanctions.enums import StatutProcedure
    from sanctions.models import ProcedureSanction
    from tests.sanctions.factories import Situation

    situation = Situation()
    procedure = situation.ouverte()
    p = situation.personne
    Personne.objects.filter(pk=p.pk).update(archivee_le=instant(2016, 1, 1))

    conservation.balayer(MAINTENANT)
    assert relue(p).anonymisee_le is None

    ProcedureSanction.objects.filter(pk=procedure.pk).update(
        statut=StatutProcedure.CLASSEE, motif_classement="Sans suite."
    )
    conservation.balayer(MAINTENANT)
    assert relue(p).anonymisee_le == MAINTENANT


# --- Anonymisation ------------------------------------------------------------------------------------------


def test_anonymise_a_sept_ans_d_archive_pas_un_jour_avant():
    # 7 years before 15 March 2026: 15 March 2019.
    gardee = personne(VEILLE, archivee_le=instant(2019, 3, 15))
    due = personne(VEILLE, archivee_le=instant(2019, 3, 15) - datetime.timedelta(microseconds=1), avec_compte=True)
    naissance = relue(due).date_naissance

    lignes = conservation.balayer(MAINTENANT)

    assert relue(gardee).anonymisee_le is None
    assert relue(gardee).nom_naissance != conservation.ANONYME
    apres = relue(due)
    assert apres.anonymisee_le == MAINTENANT
    assert (apres.nom_naissance, apres.prenoms, apres.nom_usage) == ("Anonyme", "Anonyme", "")
    assert (apres.email, apres.telephone, apres.adresse, apres.code_postal, apres.user_id) == ("", "", "", "", None)
    assert apres.date_naissance == datetime.date(naissance.year, 1, 1)
    assert apres.departement_id == "59"  # the territory stays for the indicators
    anonymisation = ligne(lignes, ActionConservation.ANONYMISATION)
    assert anonymisation.identifiants == [empreinte(due.pk)]
    assert anonymisation.date_limite == datetime.date(2019, 3, 15)
    assert AuditEvent.objects.filter(personne=due, event_type=TypeEvenement.DOSSIER_ANONYMISE).exists()


def test_l_anonymisation_efface_le_compte_le_nir_les_textes_et_l_historique():
    from francetravail.personnes.models import PersonneEvent
    from inscription.models import DossierInscription, DossierInscriptionEvent

    user = UserFactory(email="karim@exemple.fr", first_name="Karim")
    p = personne(VEILLE, archivee_le=instant(2018, 1, 1), user=user, nom_naissance="Benali")
    DossierInscription.objects.create(
        personne=p, canal="guichet", nir="184127645108946", experiences="Dix ans chez Dupont SA", projet="Cariste"
    )
    assert PersonneEvent.objects.filter(pgh_obj_id=p.pk, nom_naissance="Benali").exists()

    conservation.balayer(MAINTENANT)

    user.refresh_from_db()
    assert not user.is_active and user.email == f"anonyme-{user.pk}@anonyme.invalid" and user.first_name == ""
    assert not user.has_usable_password()
    dossier = DossierInscription.objects.get(personne=p)  # the row stays (counts)
    assert dossier.nir is None and dossier.experiences == "[effacé]" and dossier.projet == "[effacé]"
    assert not PersonneEvent.objects.filter(pgh_obj_id=p.pk).exclude(nom_naissance="Anonyme").exists()
    assert not DossierInscriptionEvent.objects.filter(pgh_obj_id=dossier.pk, nir__isnull=False).exists()


# --- The 1 July 2026 version of R5312-44 --------------------------------------------------------------------


def test_la_duree_est_lue_a_la_date_du_passage_avant_et_apres_le_1er_juillet_2026():
    # Were the new paragraph to say 2 years: a file inactive since 1 January 2024 stays on 30 June, goes on 1 July.
    ParametreLegal.objects.filter(cle="conservation.base_active", valide_du=datetime.date(2026, 7, 1)).update(
        valeur=Decimal("2")
    )
    p = personne(instant(2024, 1, 1))

    lignes = conservation.balayer(instant(2026, 6, 30, 2, 10))
    assert relue(p).archivee_le is None
    assert "jusqu'au 30 juin 2026" in ligne(lignes, ActionConservation.ARCHIVAGE).reference_legale

    lignes = conservation.balayer(instant(2026, 7, 1, 2, 10))
    assert relue(p).archivee_le is not None
    archivage = ligne(lignes, ActionConservation.ARCHIVAGE)
    assert "1er juillet 2026" in archivage.reference_legale
    assert archivage.date_limite == datetime.date(2024, 7, 1)


# --- Shorter categories -------------------------------------------------------------------------------------


def _cessee(p, le):
    from inscription.models import DossierInscription

    return DossierInscription.objects.create(
        personne=p,
        canal="guichet",
        statut="cessee",
        cessee_le=le,
        motif_cessation="Reprise d'emploi",
        motif_fin_accompagnement="reprise_emploi",
    )


def _diagnostic(p):
    from diagnostic.enums import Section
    from diagnostic.models import Diagnostic, VersionSection
    from tests.factories import professionnel

    auteur = professionnel()
    diagnostic = Diagnostic.objects.create(personne=p, created_by=auteur)
    for section, texte in (
        (Section.SANTE, "RQTH en cours"),
        (Section.JUSTICE, "Sortie de détention"),
        ("projet", "Cariste"),
    ):
        VersionSection.objects.create(
            diagnostic=diagnostic, section=section, numero=1, contenu={"details": texte}, auteur=auteur
        )
    return diagnostic


def _contenus(diagnostic):
    return {v.section: v.contenu for v in diagnostic.versions.all()}


def test_sante_effacee_six_mois_apres_la_fin_de_l_inscription_pas_un_jour_avant():
    # 6 months before 15 March 2026: 15 September 2025 (data strictly before is due).
    gardee, due = PersonneFactory(), PersonneFactory()
    _cessee(gardee, datetime.date(2025, 9, 15))
    _cessee(due, datetime.date(2025, 9, 14))
    dg, dd = _diagnostic(gardee), _diagnostic(due)

    lignes = conservation.balayer(MAINTENANT)

    assert _contenus(dg)["sante"] == {"details": "RQTH en cours"}
    assert _contenus(dd)["sante"] == {}
    assert _contenus(dd)["justice"] == {}  # 3 months passed too
    assert _contenus(dd)["projet"] == {"details": "Cariste"}  # not a shorter category
    handicap = [lg for lg in lignes if lg.regle == "conservation.handicap"][0]
    assert handicap.identifiants == [empreinte(due.pk)]
    assert handicap.action == ActionConservation.EFFACEMENT_CHAMPS
    assert handicap.date_limite == datetime.date(2025, 9, 15)


def test_justice_effacee_trois_mois_apres_la_fin_de_l_inscription_pas_un_jour_avant():
    from diagnostic.models import VersionSectionEvent

    gardee, due = PersonneFactory(), PersonneFactory()
    _cessee(gardee, datetime.date(2025, 12, 15))
    _cessee(due, datetime.date(2025, 12, 14))
    dg, dd = _diagnostic(gardee), _diagnostic(due)

    lignes = conservation.balayer(MAINTENANT)

    assert _contenus(dg)["justice"] == {"details": "Sortie de détention"}
    assert _contenus(dd)["justice"] == {}
    assert _contenus(dd)["sante"] == {"details": "RQTH en cours"}  # 6 months not reached
    assert not VersionSectionEvent.objects.filter(pgh_obj__diagnostic=dd, section="justice").exists()
    incarceration = [lg for lg in lignes if lg.regle == "conservation.incarceration"][0]
    assert incarceration.identifiants == [empreinte(due.pk)]


def test_une_inscription_en_ligne_jamais_terminee_est_supprimee_apres_treize_mois_d_inactivite():
    from inscription.models import DossierInscription

    # 13 months before 15 March 2026: 15 February 2025.
    limite = instant(2025, 2, 15)
    gardee = personne(limite, avec_compte=True)
    due = personne(limite - datetime.timedelta(microseconds=1), avec_compte=True)
    inscrite = personne(limite - datetime.timedelta(microseconds=1), email="", telephone="")
    for p in (gardee, due):
        DossierInscription.objects.create(personne=p, canal="en_ligne", statut="en_cours", etape="identite")
    DossierInscription.objects.create(personne=inscrite, canal="en_ligne", statut="inscrit", inscrit_le=limite)
    compte = due.user

    lignes = conservation.balayer(MAINTENANT)

    assert Personne.objects.filter(pk=gardee.pk).exists()
    assert not Personne.objects.filter(pk=due.pk).exists()
    assert Personne.objects.filter(pk=inscrite.pk).exists()  # registered: the 3 years' rule, not this one
    compte.refresh_from_db()
    assert not compte.is_active and compte.email.endswith("@anonyme.invalid")
    non_inscrit = [lg for lg in lignes if lg.regle == "conservation.non_inscrit"][0]
    assert non_inscrit.action == ActionConservation.SUPPRESSION
    assert non_inscrit.identifiants == [empreinte(due.pk)]
    from francetravail.personnes.models import PersonneEvent

    assert not PersonneEvent.objects.filter(pgh_obj_id=due.pk).exists()


@pytest.mark.parametrize(
    ("soumis", "cree_le", "supprimee"),
    [
        (False, instant(2026, 2, 15) - datetime.timedelta(microseconds=1), True),
        (False, instant(2026, 2, 15), False),
        (True, instant(2026, 1, 1), False),
        (None, instant(2026, 1, 1), False),
    ],
)
def test_les_donnees_caf_d_un_non_demandeur_sont_supprimees_apres_un_mois(soumis, cree_le, supprimee):
    from inscription.models import DossierInscription, DroitRSA

    p = personne(cree_le)
    DossierInscription.objects.create(personne=p, canal="flux_caf_msa", statut="inscrit", inscrit_le=cree_le)
    DroitRSA.objects.create(
        personne=p,
        organisme_payeur="CAF",
        numero_allocataire="7654321",
        role="conjoint",
        date_ouverture=datetime.date(2025, 12, 1),
        soumis_droits_devoirs=soumis,
    )

    lignes = conservation.balayer(MAINTENANT)

    assert Personne.objects.filter(pk=p.pk).exists() is not supprimee
    caf = [lg for lg in lignes if lg.regle == "conservation.caf_non_demandeur"][0]
    assert caf.identifiants == ([empreinte(p.pk)] if supprimee else [])
    assert "R5312-34" in caf.reference_legale


def test_un_non_demandeur_sur_qui_un_professionnel_a_agi_est_garde():
    from inscription.models import DossierInscription, DroitRSA

    cree_le = instant(2026, 1, 1)
    p = personne(cree_le)
    DossierInscription.objects.create(personne=p, canal="flux_caf_msa", statut="inscrit", inscrit_le=cree_le)
    DroitRSA.objects.create(
        personne=p,
        organisme_payeur="CAF",
        numero_allocataire="7654322",
        role="demandeur",
        date_ouverture=datetime.date(2025, 12, 1),
        soumis_droits_devoirs=False,
    )
    evt = enregistrer_evenement(TypeEvenement.COORDONNEES_MODIFIEES, personne=p)
    AuditEvent.objects.filter(pk=evt.pk).update(at=instant(2026, 2, 15))

    conservation.balayer(MAINTENANT)

    assert Personne.objects.filter(pk=p.pk).exists()


def test_l_anonymisation_efface_les_messages_et_leur_historique():
    from francetravail.messagerie.models import Message, MessageEvent

    p = personne(VEILLE, archivee_le=instant(2018, 1, 1), avec_compte=True)
    message = Message.objects.create(
        personne=p,
        organisme=p.organisme_referent,
        auteur=p.user,
        de_la_personne=True,
        corps="Bonjour, ici Karim Benali, 06 11 22 33 44.",
    )
    assert MessageEvent.objects.filter(pgh_obj_id=message.pk).exists()

    conservation.balayer(MAINTENANT)

    message.refresh_from_db()
    assert message.corps == "[effacé]"  # the row stays: the indicators count the answers
    assert not MessageEvent.objects.filter(pgh_obj_id=message.pk).exclude(corps="[effacé]").exists()


def test_une_inscription_jamais_terminee_protegee_par_un_message_est_gardee_et_pas_comptee():
    from francetravail.messagerie.models import Message
    from inscription.models import DossierInscription

    avant = instant(2025, 2, 15) - datetime.timedelta(microseconds=1)
    protegee, supprimee = personne(avant, avec_compte=True), personne(avant, avec_compte=True)
    for p in (protegee, supprimee):
        DossierInscription.objects.create(personne=p, canal="en_ligne", statut="en_cours", etape="identite")
    Message.objects.create(
        personne=protegee, organisme=protegee.organisme_referent, auteur=protegee.user, de_la_personne=True, corps="?"
    )
    Message.objects.filter(personne=protegee).update(envoye_le=avant)

    lignes = conservation.balayer(MAINTENANT)

    assert Personne.objects.filter(pk=protegee.pk).exists()
    assert not Personne.objects.filter(pk=supprimee.pk).exists()
    protegee.user.refresh_from_db()
    assert protegee.user.is_active  # its account is left as it was
    non_inscrit = [lg for lg in lignes if lg.regle == "conservation.non_inscrit"][0]
    assert non_inscrit.identifiants == [empreinte(supprimee.pk)]


def test_l_anonymisation_vide_les_versions_du_contrat_et_son_plan():
    from contrats.models import ActionPlan, ActionPlanEvent, VersionContrat
    from tests.contrats.factories import Situation as SituationContrat

    situation = SituationContrat()
    contrat = situation.soumis()
    p = situation.personne
    Personne.objects.filter(pk=p.pk).update(archivee_le=instant(2018, 1, 1))
    assert VersionContrat.objects.filter(contrat=contrat).exclude(contenu={}).exists()
    # This contract's history only: other tests' committed data (the demo's) may hold the same text.
    historique = ActionPlanEvent.objects.filter(contrat_id=contrat.pk, description="Formation de cariste")
    assert historique.exists()

    conservation.balayer(MAINTENANT)

    assert relue(p).anonymisee_le == MAINTENANT
    versions = VersionContrat.objects.filter(contrat=contrat)
    assert [v.contenu for v in versions] == [{}] * versions.count()
    assert set(ActionPlan.objects.filter(contrat=contrat).values_list("description", flat=True)) == {"[effacé]"}
    assert not historique.exists()


def test_une_procedure_en_cours_retient_aussi_les_categories_courtes():
    from tests.sanctions.factories import Situation

    situation = Situation()
    situation.ouverte()
    _cessee(situation.personne, datetime.date(2025, 1, 1))
    diagnostic = _diagnostic(situation.personne)

    conservation.balayer(MAINTENANT)

    assert _contenus(diagnostic)["sante"] == {"details": "RQTH en cours"}


def test_la_tache_de_nuit_lance_un_passage_et_rend_ses_comptes():
    from francetravail.beat import BEAT_SCHEDULE
    from francetravail.donnees.tasks import balayer_conservation

    assert BEAT_SCHEDULE["donnees-balayer-conservation"]["task"] == "francetravail.donnees.tasks.balayer_conservation"
    p = personne(timezone.now() - datetime.timedelta(days=4 * 365))

    comptes = balayer_conservation()

    assert comptes["conservation.base_active:archivage"] == 1
    assert relue(p).archivee_le is not None


def test_l_anonymisation_supprime_les_pieces_jointes_et_les_copies_avec_leurs_fichiers(
    django_capture_on_commit_callbacks,
):
    from django.core.files.base import ContentFile

    from francetravail.documents.models import Document
    from francetravail.donnees.models import CopieDossier, DemandeRectification

    p = personne(VEILLE, archivee_le=instant(2018, 1, 1), avec_compte=True)
    document = Document(
        personne=p,
        nature="observations",
        nom="preuve.pdf",
        type_fichier="application/pdf",
        taille=8,
        empreinte="0" * 64,
        depose_par=p.user,
    )
    document.fichier.save("preuve.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    copie = CopieDossier(personne=p, demandee_par=p.user)
    copie.fichier.save("copie.zip", ContentFile(b"PK"), save=False)
    copie.save()
    DemandeRectification.objects.create(
        personne=p,
        demandee_par=p.user,
        categorie="identite",
        texte="Je m'appelle Karim Benali.",
        echeance="2018-02-01",
    )
    stockage, noms = document.fichier.storage, [document.fichier.name, copie.fichier.name]
    assert all(stockage.exists(nom) for nom in noms)

    with django_capture_on_commit_callbacks(execute=True):
        conservation.balayer(MAINTENANT)

    assert not Document.objects.filter(personne=p).exists()
    assert not CopieDossier.objects.filter(personne=p).exists()
    assert DemandeRectification.objects.get(personne=p).texte == "[effacé]"
    assert not any(stockage.exists(nom) for nom in noms)


def test_le_preavis_part_a_l_adresse_du_compte_quand_le_dossier_n_en_a_pas():
    p = personne(VEILLE, avec_compte=True)  # no e-mail nor phone on the file, one on the account
    conservation.balayer(MAINTENANT)
    notification = Notification.objects.get(type_notification="donnees.preavis_archivage")
    assert notification.adresse == p.user.email and notification.destinataire_id == p.user_id
    assert relue(p).archivee_le is None
