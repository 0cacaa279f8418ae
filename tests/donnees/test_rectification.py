"""Rectification requests through the actions: routing, deadline from the legal parameter (both sides of
each bound), answer, notices, audit; refusals leave the data unchanged."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.donnees import rectification
from francetravail.donnees.enums import CategorieDonnees, StatutRectification
from francetravail.donnees.models import DemandeRectification
from francetravail.notifications.dispatch import rendre_courriel
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.parametres.models import ParametreLegal
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Commune
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel

pytestmark = pytest.mark.django_db

TEXTE = "Mon nom d'usage est Martin, pas Martins."
SECRET = "Je suis suivi pour une dépression"


def demander(personne, **kw):
    kw = {"acting_user": personne.user, "categorie": CategorieDonnees.IDENTITE, "texte": TEXTE} | kw
    return rectification.demander(personne, **kw)


def habitant(departement):
    """A person with an account, not oriented yet, living in ``departement`` (taken from their commune)."""
    commune = Commune.objects.filter(departement_id=departement).first() or Commune.objects.create(
        code_insee=f"{departement}999", nom="Commune de test", departement_id=departement
    )
    return PersonneFactory(avec_compte=True, organisme_referent=None, commune=commune, code_postal=f"{departement}000")


def a_l_instant(monkeypatch, jour, heure=10):
    instant = timezone.make_aware(datetime.datetime.combine(jour, datetime.time(heure)))
    monkeypatch.setattr("django.utils.timezone.now", lambda: instant)


# --- Asking ---------------------------------------------------------------------------------------


def test_la_demande_va_a_l_organisme_referent_avec_son_echeance_et_le_referent_est_prevenu(
    monkeypatch, personne, conseiller, org
):
    a_l_instant(monkeypatch, datetime.date(2026, 3, 10))
    demande = demander(personne, texte=f"  {SECRET}  ")
    assert demande.organisation == org and demande.statut == StatutRectification.OUVERTE
    assert demande.texte == SECRET and demande.demandee_par == personne.user
    assert demande.echeance == datetime.date(2026, 4, 10)
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.RECTIFICATION_DEMANDEE)
    assert evenement.personne == personne and evenement.organisation == org
    assert evenement.acting_user == personne.user and SECRET not in str(evenement.data)
    assert evenement.data == {"demande": demande.pk, "categorie": "identite", "echeance": "2026-04-10"}
    (notification,) = Notification.objects.all()
    assert notification.destinataire == conseiller
    sujet, corps = rendre_courriel(notification)
    assert SECRET not in sujet + corps and personne.nom_naissance not in corps
    assert f"/conseiller/rectifications/{demande.pk}/" in corps and "10 avril 2026" in sujet


@pytest.mark.parametrize(
    ("jour", "echeance"),
    [
        (datetime.date(2026, 1, 15), datetime.date(2026, 2, 15)),
        # A month from 31 January ends on the last day of February (calendar months, not 30 days).
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28)),
        (datetime.date(2026, 12, 31), datetime.date(2027, 1, 31)),
    ],
)
def test_l_echeance_est_un_mois_calendaire(monkeypatch, personne, jour, echeance):
    a_l_instant(monkeypatch, jour)
    assert demander(personne).echeance == echeance


def test_le_delai_est_lu_dans_le_parametre_en_vigueur_le_jour_de_la_demande(monkeypatch, personne):
    """Not a constant: a new version of the parameter (here 45 days from 1 June 2026) applies to the
    requests made from that day, not to those made the day before."""
    ParametreLegal.objects.filter(cle=rectification.PARAMETRE_DELAI).update(valide_au=datetime.date(2026, 6, 1))
    ParametreLegal.objects.create(
        cle=rectification.PARAMETRE_DELAI,
        libelle="Délai de réponse à une demande de rectification",
        valeur=Decimal(45),
        unite="jours",
        reference_legale="Texte de test",
        valide_du=datetime.date(2026, 6, 1),
    )
    a_l_instant(monkeypatch, datetime.date(2026, 5, 31))
    assert demander(personne).echeance == datetime.date(2026, 6, 30)
    a_l_instant(monkeypatch, datetime.date(2026, 6, 1))
    assert demander(personne).echeance == datetime.date(2026, 7, 16)


def test_en_retard_le_lendemain_de_l_echeance_pas_le_jour_meme(monkeypatch, personne):
    a_l_instant(monkeypatch, datetime.date(2026, 3, 10))
    demande = demander(personne)
    assert not rectification.en_retard(demande, le=datetime.date(2026, 4, 10))
    assert rectification.en_retard(demande, le=datetime.date(2026, 4, 11))


def test_sans_organisme_referent_la_demande_va_a_l_agence_france_travail_du_departement(org):
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    OrganisationFactory(departement_id="62")  # another département's agency
    agence = OrganisationFactory(departement_id="59")
    personne = habitant("59")
    assert rectification.organisation_chargee(personne) in (org, agence)
    assert rectification.organisation_chargee(personne) != cd
    # Without a France Travail agency in the département: its conseil départemental.
    autre = habitant("62")
    assert rectification.organisation_chargee(autre).departement_id == "62"


def test_sans_organisme_referent_l_agence_du_bassin_de_la_commune_passe_devant():
    from francetravail.reseau.models import BassinEmploi

    personne = habitant("59")
    OrganisationFactory(departement_id="59")  # the département's first agency, not the person's area
    proche = OrganisationFactory(departement_id="59")
    bassin = BassinEmploi.objects.create(code="test-bassin", nom="Bassin de test", departement_id="59")
    bassin.communes.add(personne.commune)
    proche.bassins.add(bassin)
    assert rectification.organisation_chargee(personne) == proche
    assert demander(personne).organisation == proche


def test_sans_agence_le_conseil_departemental_et_sans_rien_un_refus_clair():
    cd = OrganisationFactory(conseil_departemental=True, departement_id="80")
    personne = habitant("80")
    assert demander(personne).organisation == cd
    seule = habitant("02")
    with pytest.raises(ValidationError) as exc:
        demander(seule)
    assert "délégué à la protection des données" in exc.value.messages[0]
    assert not DemandeRectification.objects.filter(personne=seule).exists()


def test_un_dossier_archive_ne_peut_plus_saisir_un_organisme(personne):
    personne.archivee_le = timezone.now()
    personne.save(update_fields=["archivee_le"])
    with pytest.raises(ValidationError) as exc:
        demander(personne)
    assert exc.value.messages == [rectification.DOSSIER_ARCHIVE]
    assert not DemandeRectification.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize("qui", ["conseiller", "autre_personne", "anonyme", "compte_desactive"])
def test_seule_la_personne_demande(personne, conseiller, qui):
    from django.contrib.auth.models import AnonymousUser

    if qui == "compte_desactive":
        personne.user.is_active = False
        personne.user.save(update_fields=["is_active"])
    acting_user = {
        "conseiller": conseiller,
        "autre_personne": PersonneFactory(avec_compte=True).user,
        "anonyme": AnonymousUser(),
        "compte_desactive": personne.user,
    }[qui]
    with pytest.raises(ValidationError) as exc:
        demander(personne, acting_user=acting_user)
    assert exc.value.messages == [rectification.REFUS_PERSONNE]
    assert not DemandeRectification.objects.exists() and not AuditEvent.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("kw", "champ", "message"),
    [
        ({"texte": "   "}, "texte", "Dites ce qui est inexact"),
        ({"categorie": "nir"}, "categorie", "Choisissez les données concernées"),
    ],
)
def test_une_demande_incomplete_est_refusee(personne, kw, champ, message):
    with pytest.raises(ValidationError) as exc:
        demander(personne, **kw)
    assert message in exc.value.message_dict[champ][0]
    assert not DemandeRectification.objects.exists()


def test_la_longueur_maximale_est_acceptee_un_caractere_de_plus_est_refuse(personne):
    demander(personne, texte="a" * rectification.LONGUEUR_MAX)
    with pytest.raises(ValidationError) as exc:
        demander(personne, texte="a" * (rectification.LONGUEUR_MAX + 1))
    assert "trop long" in exc.value.message_dict["texte"][0]
    assert DemandeRectification.objects.count() == 1


def test_au_plus_cinq_demandes_en_attente_a_la_fois(personne, conseiller):
    demandes = [demander(personne) for _ in range(rectification.OUVERTES_MAX)]
    with pytest.raises(ValidationError) as exc:
        demander(personne)
    assert "déjà 5 demandes en attente" in exc.value.messages[0]
    assert DemandeRectification.objects.count() == rectification.OUVERTES_MAX
    # One answered: a place is free again.
    rectification.repondre(
        demandes[0], acting_user=conseiller, statut=StatutRectification.RECTIFIEE, reponse="Corrigé."
    )
    demander(personne)
    assert DemandeRectification.objects.count() == rectification.OUVERTES_MAX + 1


def test_sans_referent_unique_personne_n_est_prevenu_par_courriel_la_file_suffit(org):
    personne = PersonneFactory(avec_compte=True, organisme_referent=org, referent_unique=None)
    demander(personne)
    assert not Notification.objects.exists()


def test_un_referent_parti_dans_une_autre_organisation_n_est_pas_prevenu(org):
    ancien = professionnel(OrganisationFactory(), Role.CONSEILLER)
    personne = PersonneFactory(avec_compte=True, organisme_referent=org, referent_unique=ancien)
    demander(personne)
    assert not Notification.objects.exists()


# --- Answering ------------------------------------------------------------------------------------


@pytest.mark.parametrize("statut", [StatutRectification.RECTIFIEE, StatutRectification.REFUSEE])
def test_le_conseiller_repond_la_personne_est_prevenue_sans_le_contenu(monkeypatch, personne, conseiller, statut):
    a_l_instant(monkeypatch, datetime.date(2026, 3, 10))
    demande = demander(personne)
    Notification.objects.all().delete()
    a_l_instant(monkeypatch, datetime.date(2026, 4, 10), heure=23)  # the deadline's last hour: in time
    rectification.repondre(demande, acting_user=conseiller, statut=statut, reponse=f" {SECRET} ")
    demande.refresh_from_db()
    assert demande.statut == statut and demande.reponse == SECRET and demande.repondue_par == conseiller
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.RECTIFICATION_TRAITEE)
    assert evenement.acting_user == conseiller and evenement.personne == personne
    assert evenement.data == {"demande": demande.pk, "statut": statut, "dans_le_delai": True}
    courriel = Notification.objects.get(canal=Canal.EMAIL)
    assert courriel.destinataire == personne.user and courriel.adresse == personne.email
    sujet, corps = rendre_courriel(courriel)
    assert SECRET not in sujet + corps and f"/mon-espace/mes-donnees/rectification/{demande.pk}/" in corps
    assert Notification.objects.filter(canal=Canal.IN_APP, destinataire=personne.user).count() == 1


def test_une_reponse_apres_l_echeance_est_marquee_hors_delai(monkeypatch, personne, conseiller):
    a_l_instant(monkeypatch, datetime.date(2026, 3, 10))
    demande = demander(personne)
    a_l_instant(monkeypatch, datetime.date(2026, 4, 11), heure=0)
    rectification.repondre(demande, acting_user=conseiller, statut=StatutRectification.REFUSEE, reponse="Exact.")
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.RECTIFICATION_TRAITEE)
    assert evenement.data["dans_le_delai"] is False


@pytest.mark.parametrize("statut", [StatutRectification.RECTIFIEE, StatutRectification.REFUSEE])
def test_une_reponse_vide_est_refusee_et_un_refus_est_motive(personne, conseiller, statut):
    demande = demander(personne)
    with pytest.raises(ValidationError) as exc:
        rectification.repondre(demande, acting_user=conseiller, statut=statut, reponse="  ")
    attendu = "ce qui a été corrigé" if statut == StatutRectification.RECTIFIEE else "pourquoi"
    assert attendu in exc.value.message_dict["reponse"][0]
    demande.refresh_from_db()
    assert demande.statut == StatutRectification.OUVERTE and demande.reponse == ""
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.RECTIFICATION_TRAITEE).exists()


def test_la_reponse_de_longueur_maximale_est_acceptee_un_caractere_de_plus_est_refuse(personne, conseiller):
    une, deux = demander(personne), demander(personne)
    with pytest.raises(ValidationError):
        rectification.repondre(
            une, acting_user=conseiller, statut="refusee", reponse="a" * (rectification.LONGUEUR_MAX + 1)
        )
    rectification.repondre(deux, acting_user=conseiller, statut="refusee", reponse="a" * rectification.LONGUEUR_MAX)
    une.refresh_from_db()
    deux.refresh_from_db()
    assert une.statut == StatutRectification.OUVERTE and deux.statut == StatutRectification.REFUSEE


def test_une_demande_ne_recoit_qu_une_reponse(personne, conseiller):
    demande = demander(personne)
    rectification.repondre(demande, acting_user=conseiller, statut="rectifiee", reponse="Corrigé.")
    with pytest.raises(ValidationError) as exc:
        rectification.repondre(demande, acting_user=conseiller, statut="refusee", reponse="Finalement non.")
    assert exc.value.messages == [rectification.DEJA_TRAITEE]
    demande.refresh_from_db()
    assert demande.statut == StatutRectification.RECTIFIEE and demande.reponse == "Corrigé."


@pytest.mark.parametrize("statut", ["ouverte", "inconnu", ""])
def test_une_reponse_sans_decision_est_refusee(personne, conseiller, statut):
    demande = demander(personne)
    with pytest.raises(ValidationError):
        rectification.repondre(demande, acting_user=conseiller, statut=statut, reponse="Oui")
    demande.refresh_from_db()
    assert demande.statut == StatutRectification.OUVERTE


@pytest.mark.parametrize(
    "qui", ["la_personne", "conseiller_autre_org", "decideur_departemental", "pilote_de_l_org", "employeur"]
)
def test_seuls_les_professionnels_de_l_organisation_chargee_repondent(personne, org, qui):
    demande = demander(personne)
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    acting_user = {
        "la_personne": lambda: personne.user,
        "conseiller_autre_org": lambda: professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER),
        "decideur_departemental": lambda: professionnel(cd, Role.DECIDEUR_DEPARTEMENTAL),
        "pilote_de_l_org": lambda: professionnel(org, Role.PILOTE),
        "employeur": lambda: UserFactory(employeur=True),
    }[qui]()
    with pytest.raises(ValidationError) as exc:
        rectification.repondre(demande, acting_user=acting_user, statut="rectifiee", reponse="Corrigé.")
    assert exc.value.messages == [rectification.REFUS_REPONSE]
    demande.refresh_from_db()
    assert demande.statut == StatutRectification.OUVERTE and demande.repondue_par is None


def test_un_travailleur_social_du_departement_organisme_referent_repond():
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    travailleur = professionnel(cd, Role.TRAVAILLEUR_SOCIAL)
    demande = demander(PersonneFactory(avec_compte=True, organisme_referent=cd))
    rectification.repondre(demande, acting_user=travailleur, statut="rectifiee", reponse="Corrigé.")
    demande.refresh_from_db()
    assert demande.repondue_par == travailleur


def test_l_organisation_saisie_repond_meme_apres_un_changement_d_organisme_referent(personne, conseiller):
    demande = demander(personne)
    personne.organisme_referent = OrganisationFactory(mission_locale=True, departement_id="59")
    personne.save(update_fields=["organisme_referent"])
    rectification.repondre(demande, acting_user=conseiller, statut="refusee", reponse="Données exactes.")
    demande.refresh_from_db()
    assert demande.statut == StatutRectification.REFUSEE
