"""The admin reads people's files through the access gate, or is reserved to superusers.

Departmental staff (conseil départemental of the 59, ``is_staff``, every model permission)
see the 59's people and only them; each row opened and each list shown is logged with the
canal ADMIN; audit trails, the outbox, accounts and their secrets are for superusers only.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import Canal, PartieDossier, TypeEvenement
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.notifications.enums import Statut
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from inscription.models import DossierInscription, DoublonPotentiel, DroitRSA
from tests.admin.outils import staff_departemental, superutilisateur
from tests.factories import OrganisationFactory, PersonneFactory, commune
from tests.inscription.factories import dossier_complet


@pytest.fixture
def territoires():
    """One person in the 59, one in the 62, each with an account, a registration file and an RSA right."""
    personnes = {
        "59": PersonneFactory(nom_naissance="LILLOIS", commune=commune("59350"), avec_compte=True),
        "62": PersonneFactory(
            nom_naissance="ARRAGEOIS",
            commune=commune("62041"),
            organisme_referent=OrganisationFactory(departement_id="62"),
            avec_compte=True,
        ),
    }
    for departement, personne in personnes.items():
        dossier_complet(personne)
        DroitRSA.objects.create(
            personne=personne,
            organisme_payeur="CAF",
            numero_allocataire=f"NUM{departement}",
            role="demandeur",
            date_ouverture=datetime.date(2026, 1, 1),
        )
    return personnes


def _lectures(user, personne):
    return list(JournalAcces.objects.filter(user=user, personne=personne).values_list("canal", flat=True).distinct())


# -- audit trails, outbox, accounts: superusers only --------------------------------------------------------


@pytest.mark.parametrize(
    "liste",
    [
        "admin:audit_journalacces_changelist",
        "admin:audit_auditevent_changelist",
        "admin:notifications_notification_changelist",
        "admin:comptes_user_changelist",
        "admin:auth_group_changelist",
        "admin:account_emailaddress_changelist",
        "admin:mfa_authenticator_changelist",
        "admin:socialaccount_socialaccount_changelist",
        "admin:socialaccount_socialtoken_changelist",
        "admin:socialaccount_socialapp_changelist",
        "admin:pghistory_events_changelist",
        "admin:inscription_importfluxcaf_changelist",
    ],
)
def test_les_traces_les_comptes_et_la_boite_d_envoi_sont_reserves_aux_superutilisateurs(client, territoires, liste):
    staff = staff_departemental("59")
    JournalAcces.objects.create(personne=territoires["62"], user=staff, partie=PartieDossier.SYNTHESE)
    client.force_login(staff)
    refus = client.get(reverse(liste))
    assert refus.status_code == 403
    assert "ARRAGEOIS" not in refus.content.decode()
    client.force_login(superutilisateur())
    assert client.get(reverse(liste)).status_code == 200


def test_l_index_de_l_admin_ne_propose_pas_ces_modules_au_staff_departemental(client):
    client.force_login(staff_departemental("59"))
    index = client.get(reverse("admin:index")).content.decode()
    for module in ("/admin/audit/", "/admin/notifications/notification/", "/admin/comptes/user/", "/admin/auth/"):
        assert module not in index
    assert "/admin/personnes/personne/" in index  # the gated ones remain


def test_le_staff_departemental_n_ouvre_ni_le_journal_ni_un_evenement_d_une_autre_personne(client, territoires):
    staff = staff_departemental("59")
    autre = staff_departemental("62")
    lecture = JournalAcces.objects.create(personne=territoires["62"], user=autre, partie=PartieDossier.SYNTHESE)
    evenement = enregistrer_evenement(TypeEvenement.REFERENT_CHANGE, acting_user=autre, personne=territoires["62"])
    client.force_login(staff)
    assert client.get(reverse("admin:audit_journalacces_change", args=[lecture.pk])).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_change", args=[evenement.pk])).status_code == 403
    assert not JournalAcces.objects.filter(user=staff).exists()


def test_le_staff_ne_renvoie_pas_une_notification_et_rien_ne_change(client, territoires):
    notification = Notification.objects.create(
        destinataire=territoires["62"].user,
        adresse="arrageois@exemple.fr",
        modele="test",
        statut=Statut.ECHEC,
        tentatives=5,
        cle_idempotence="test-renvoi",
    )
    client.force_login(staff_departemental("59"))
    reponse = client.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "renvoyer", "_selected_action": [notification.pk]},
    )
    assert reponse.status_code == 403
    notification.refresh_from_db()
    assert (notification.statut, notification.tentatives) == (Statut.ECHEC, 5)
    assert client.get(reverse("admin:notifications_notification_change", args=[notification.pk])).status_code == 403


def test_un_staff_ne_se_donne_pas_les_droits_de_superutilisateur_par_l_admin_des_comptes(client):
    staff = staff_departemental("59")
    client.force_login(staff)
    url = reverse("admin:comptes_user_change", args=[staff.pk])
    assert client.get(url).status_code == 403
    reponse = client.post(
        url,
        {
            "email": staff.email,
            "first_name": "X",
            "last_name": "Y",
            "type_compte": staff.type_compte,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert reponse.status_code == 403
    staff.refresh_from_db()
    assert not staff.is_superuser and staff.first_name != "X"
    groupe = Group.objects.create(name="Lecteurs")
    reponse = client.post(reverse("admin:auth_group_change", args=[groupe.pk]), {"name": "Tous les droits"})
    assert reponse.status_code == 403
    assert Group.objects.get(pk=groupe.pk).name == "Lecteurs"


def test_les_fenetres_de_choix_des_comptes_et_l_autocompletion_sont_fermees_au_staff(client, territoires):
    client.force_login(staff_departemental("59"))
    popup = client.get(reverse("admin:comptes_user_changelist"), {"_popup": "1", "_to_field": "id"})
    assert popup.status_code == 403
    assert territoires["62"].user.email not in popup.content.decode()
    autocompletion = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "comptes", "model_name": "user", "field_name": "groups", "term": "exemple"},
    )
    assert autocompletion.status_code == 403


# -- registration files, RSA rights, duplicates: through the gate, logged ---------------------------------


@pytest.mark.parametrize(
    ("modele", "partie"),
    [(DossierInscription, PartieDossier.IDENTITE), (DroitRSA, PartieDossier.SYNTHESE)],
    ids=["dossier_inscription", "droit_rsa"],
)
def test_le_staff_departemental_ne_lit_que_son_departement_et_chaque_lecture_est_journalisee(
    client, territoires, modele, partie
):
    staff = staff_departemental("59")
    client.force_login(staff)
    nom = modele._meta.model_name
    liste = client.get(reverse(f"admin:inscription_{nom}_changelist"))
    assert liste.status_code == 200
    contenu = liste.content.decode()
    assert "LILLOIS" in contenu or "NUM59" in contenu
    assert "ARRAGEOIS" not in contenu and "NUM62" not in contenu
    assert _lectures(staff, territoires["59"]) == [Canal.ADMIN]  # the list shown is logged
    assert _lectures(staff, territoires["62"]) == []

    ligne_62 = modele.objects.get(personne=territoires["62"])
    assert client.get(reverse(f"admin:inscription_{nom}_change", args=[ligne_62.pk])).status_code == 302
    assert _lectures(staff, territoires["62"]) == []  # refused: the admin says it does not exist, nothing logged

    ligne_59 = modele.objects.get(personne=territoires["59"])
    JournalAcces.objects.all().delete()
    assert client.get(reverse(f"admin:inscription_{nom}_change", args=[ligne_59.pk])).status_code == 200
    assert list(JournalAcces.objects.filter(user=staff).values_list("personne", "partie", "canal")) == [
        (territoires["59"].pk, partie, Canal.ADMIN)
    ]


def test_le_staff_departemental_ne_modifie_pas_un_dossier_par_l_admin(client, territoires):
    """Registration files and RSA rights are written by actions (registration, CAF import), not by hand."""
    client.force_login(staff_departemental("59"))
    dossier = DossierInscription.objects.get(personne=territoires["59"])
    reponse = client.post(
        reverse("admin:inscription_dossierinscription_change", args=[dossier.pk]),
        {"personne": territoires["62"].pk, "canal": "en_ligne", "statut": "en_cours", "categorie": "B"},
    )
    assert reponse.status_code == 403
    dossier.refresh_from_db()
    assert (dossier.personne_id, dossier.categorie) == (territoires["59"].pk, "A")
    droit = DroitRSA.objects.get(personne=territoires["59"])
    assert client.post(reverse("admin:inscription_droitrsa_delete", args=[droit.pk]), {"post": "yes"}).status_code in {
        302,
        403,
    }
    assert DroitRSA.objects.filter(pk=droit.pk).exists()
    personne = territoires["59"]
    reponse = client.post(
        reverse("admin:personnes_personne_change", args=[personne.pk]),
        {"nom_naissance": "Changé", "prenoms": "X", "date_naissance": "1990-01-01"},
    )
    assert reponse.status_code == 403
    assert Personne.objects.get(pk=personne.pk).nom_naissance == "LILLOIS"


def test_les_doublons_hors_du_departement_ne_sont_ni_listes_ni_fusionnables(client, territoires):
    recente = PersonneFactory(nom_naissance="LILLOIS", commune=commune("59350"))
    dans_59 = DoublonPotentiel.objects.create(personne=recente, autre=territoires["59"], motif="test")
    a_cheval = DoublonPotentiel.objects.create(personne=recente, autre=territoires["62"], motif="test")
    staff = staff_departemental("59")
    client.force_login(staff)
    liste = client.get(reverse("admin:inscription_doublonpotentiel_changelist"))
    assert liste.status_code == 200
    assert "ARRAGEOIS" not in liste.content.decode()
    assert reverse("admin:inscription_doublonpotentiel_change", args=[dans_59.pk]) in liste.content.decode()
    assert client.get(reverse("admin:inscription_doublonpotentiel_change", args=[a_cheval.pk])).status_code == 302
    client.post(
        reverse("admin:inscription_doublonpotentiel_changelist"),
        {"action": "fusionner_en_gardant_l_existant", "_selected_action": [a_cheval.pk]},
    )
    assert Personne.objects.filter(pk__in=[recente.pk, territoires["62"].pk]).count() == 2
    a_cheval.refresh_from_db()
    assert a_cheval.statut == "a_examiner"
    assert _lectures(staff, territoires["62"]) == []
    # Opening the visible pair logs both files it shows.
    JournalAcces.objects.all().delete()
    assert client.get(reverse("admin:inscription_doublonpotentiel_change", args=[dans_59.pk])).status_code == 200
    assert set(JournalAcces.objects.filter(user=staff).values_list("personne", "canal")) == {
        (recente.pk, Canal.ADMIN),
        (territoires["59"].pk, Canal.ADMIN),
    }


def test_fusionner_des_doublons_demande_le_droit_de_modifier(client, territoires):
    from django.contrib.auth.models import Permission

    recente = PersonneFactory(nom_naissance="LILLOIS", commune=commune("59350"))
    doublon = DoublonPotentiel.objects.create(personne=recente, autre=territoires["59"], motif="test")
    lecteur = staff_departemental("59", permissions=Permission.objects.filter(codename="view_doublonpotentiel"))
    client.force_login(lecteur)
    for action in ("fusionner_en_gardant_l_existant", "ecarter"):
        client.post(
            reverse("admin:inscription_doublonpotentiel_changelist"),
            {"action": action, "_selected_action": [doublon.pk]},
        )
    doublon.refresh_from_db()
    assert doublon.statut == "a_examiner"
    assert Personne.objects.filter(pk=recente.pk).exists()
    assert not AuditEvent.objects.filter(event_type__startswith="inscription.doublon").exists()


def test_la_fenetre_de_choix_d_une_personne_passe_par_la_porte_et_est_journalisee(client, territoires):
    staff = staff_departemental("59")
    client.force_login(staff)
    popup = client.get(reverse("admin:personnes_personne_changelist"), {"_popup": "1", "_to_field": "id"})
    assert popup.status_code == 200
    assert "LILLOIS" in popup.content.decode() and "ARRAGEOIS" not in popup.content.decode()
    assert _lectures(staff, territoires["59"]) == [Canal.ADMIN]
    assert _lectures(staff, territoires["62"]) == []


def test_un_superutilisateur_lit_tout_et_ses_lectures_sont_journalisees(client, territoires):
    national = superutilisateur()
    client.force_login(national)
    liste = client.get(reverse("admin:inscription_dossierinscription_changelist")).content.decode()
    assert "LILLOIS" in liste and "ARRAGEOIS" in liste
    assert _lectures(national, territoires["62"]) == [Canal.ADMIN]
    assert client.get(reverse("admin:audit_journalacces_changelist")).status_code == 200
    assert User.objects.filter(pk=national.pk, is_superuser=True).exists()


def test_le_staff_departemental_ecarte_un_doublon_de_son_departement(client, territoires):
    recente = PersonneFactory(nom_naissance="LILLOIS", commune=commune("59350"))
    doublon = DoublonPotentiel.objects.create(personne=recente, autre=territoires["59"], motif="test")
    staff = staff_departemental("59")
    client.force_login(staff)
    client.post(
        reverse("admin:inscription_doublonpotentiel_changelist"),
        {"action": "ecarter", "_selected_action": [doublon.pk]},
    )
    doublon.refresh_from_db()
    assert (doublon.statut, doublon.examine_par) == ("ecarte", staff)
    assert AuditEvent.objects.filter(event_type=TypeEvenement.DOUBLON_ECARTE, acting_user=staff).exists()
