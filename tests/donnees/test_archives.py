"""The data protection officer's « Archives » (issue 21): find an archived file by name and birth date,
open it only with a written reason (access log ``ARCHIVE`` + audit event ``ARCHIVE_CONSULTEE``), read it;
nobody else reaches these pages, and the role reads no active file. Who may grant the role."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from francetravail.audit.enums import Canal, PartieDossier, TypeEvenement
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.donnees import archives
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.personnes.models import Personne
from francetravail.reseau import actions
from francetravail.reseau.enums import Role, TypeOrganisation
from francetravail.reseau.models import Membership
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel

NAISSANCE = datetime.date(1980, 3, 14)
RECHERCHE = reverse("backoffice:archives")
MOTIF = "Demande d'accès de la personne reçue par courrier le 2 décembre."


def _archiver(personne, *, anonymisee=False):
    maintenant = timezone.now()
    Personne.objects.filter(pk=personne.pk).update(
        archivee_le=maintenant, anonymisee_le=maintenant if anonymisee else None
    )
    personne.refresh_from_db()
    return personne


@pytest.fixture
def agence():
    return OrganisationFactory(type_organisation=TypeOrganisation.AGENCE_FRANCE_TRAVAIL, nom="Agence de Lille")


@pytest.fixture
def dpo(agence):
    return professionnel(agence, role=Role.PROTECTION_DONNEES, first_name="Claire", last_name="Vasseur")


@pytest.fixture
def archivee():
    return _archiver(
        PersonneFactory(nom_naissance="Lefèvre", prenoms="Hélène", date_naissance=NAISSANCE, adresse="3 rue Basse")
    )


def _url(personne):
    return reverse("backoffice:archive", args=[personne.pk])


def _consultations():
    return AuditEvent.objects.filter(event_type=TypeEvenement.ARCHIVE_CONSULTEE)


# --- Finding a file ---------------------------------------------------------------------------------------------


def test_le_delegue_trouve_le_dossier_archive_par_nom_et_date_de_naissance(client, dpo, archivee):
    PersonneFactory(nom_naissance="Lefevre", prenoms="Active", date_naissance=NAISSANCE)  # active: not here
    _archiver(PersonneFactory(nom_naissance="Lefevre", prenoms="Autre", date_naissance=datetime.date(1981, 3, 14)))
    _archiver(
        PersonneFactory(nom_naissance="Lefevre", prenoms="Anonymisee", date_naissance=NAISSANCE), anonymisee=True
    )
    client.force_login(dpo)

    page = client.get(RECHERCHE, {"nom": "LEFEVRE", "date_naissance": "1980-03-14"}).content.decode()

    assert "Hélène" in page
    assert _url(archivee) in page
    for absente in ("Active", "Autre", "Anonymisee"):
        assert absente not in page
    assert "3 rue Basse" not in page  # the list shows no more than who the file is
    recherche = AuditEvent.objects.get(event_type=TypeEvenement.RECHERCHE_NATIONALE)
    assert (recherche.acting_user, recherche.data["perimetre"], recherche.data["nb_resultats"]) == (dpo, "archives", 1)
    # Finding is not reading: nothing in the person's access log yet.
    assert not JournalAcces.objects.exists()


def test_le_nom_seul_ne_suffit_pas(client, dpo, archivee):
    client.force_login(dpo)
    reponse = client.get(RECHERCHE, {"nom": "Lefèvre"})
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "Hélène" not in page
    assert "Ce champ est obligatoire." in page
    assert not AuditEvent.objects.exists()


def test_un_dossier_archive_sous_son_nom_d_usage(client, dpo):
    personne = _archiver(
        PersonneFactory(nom_naissance="Durand", nom_usage="Martin", prenoms="Inès", date_naissance=NAISSANCE)
    )
    client.force_login(dpo)
    page = client.get(RECHERCHE, {"nom": "martin", "date_naissance": "1980-03-14"}).content.decode()
    assert _url(personne) in page


# --- Opening it: a reason, logged --------------------------------------------------------------------------------


def test_ouvrir_demande_un_motif_et_ne_montre_rien_avant(client, dpo, archivee):
    client.force_login(dpo)
    page = client.get(_url(archivee)).content.decode()
    assert "Motif de la consultation" in page
    assert "Hélène" not in page
    assert "3 rue Basse" not in page
    assert not JournalAcces.objects.exists()
    assert not _consultations().exists()


def test_le_motif_est_journalise_avec_la_consultation(client, dpo, agence, archivee):
    client.force_login(dpo)
    reponse = client.post(_url(archivee), {"motif": f"  {MOTIF}  "})

    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "Hélène" in page and "3 rue Basse" in page
    assert escape(MOTIF) in page
    lecture = JournalAcces.objects.get()
    assert (lecture.personne, lecture.user, lecture.organisation, lecture.partie, lecture.canal) == (
        archivee,
        dpo,
        agence,
        PartieDossier.ARCHIVE,
        Canal.WEB,
    )
    evenement = _consultations().get()
    assert (evenement.personne, evenement.acting_user, evenement.organisation, evenement.motif) == (
        archivee,
        dpo,
        agence,
        MOTIF,
    )
    # Read-only: the page offers no form that changes the file, and the file is unchanged.
    assert "<form" not in page.split("<main", 1)[-1]
    avant = archivee.archivee_le
    archivee.refresh_from_db()
    assert archivee.archivee_le == avant


def test_chaque_lecture_est_une_consultation_motivee(client, dpo, archivee):
    client.force_login(dpo)
    client.post(_url(archivee), {"motif": MOTIF})
    client.post(_url(archivee), {"motif": "Réquisition judiciaire du parquet de Lille, dossier 2026/123."})
    assert JournalAcces.objects.filter(partie=PartieDossier.ARCHIVE).count() == 2
    assert _consultations().count() == 2


@pytest.mark.parametrize(
    ("motif", "accepte"),
    [
        ("", False),
        ("   ", False),
        ("x" * (archives.MOTIF_MIN - 1), False),
        ("x" * archives.MOTIF_MIN, True),
        (" " * 10 + "x" * (archives.MOTIF_MIN - 1) + " " * 10, False),  # the spaces do not count
        ("x" * archives.MOTIF_MAX, True),
        ("x" * (archives.MOTIF_MAX + 1), False),
    ],
)
def test_les_bornes_du_motif(client, dpo, archivee, motif, accepte):
    client.force_login(dpo)
    reponse = client.post(_url(archivee), {"motif": motif})
    if accepte:
        assert reponse.status_code == 200
        assert _consultations().count() == 1
        assert JournalAcces.objects.count() == 1
    else:
        assert reponse.status_code == 200  # the form again, with its error
        assert "Motif de la consultation" in reponse.content.decode()
        assert "Hélène" not in reponse.content.decode()
        assert not _consultations().exists()
        assert not JournalAcces.objects.exists()


def test_le_motif_est_aussi_exige_par_l_action(dpo, archivee):
    with pytest.raises(ValidationError) as exc:
        archives.consulter(archivee.pk, acting_user=dpo, motif="court")
    assert "au moins" in " ".join(exc.value.message_dict["motif"])
    assert not JournalAcces.objects.exists()
    assert not _consultations().exists()


@pytest.mark.parametrize("etat", ["active", "anonymisee", "inconnue"])
def test_le_delegue_n_ouvre_que_les_dossiers_en_archive(client, dpo, etat):
    if etat == "inconnue":
        pk = 999_999_999
    else:
        personne = PersonneFactory()
        if etat == "anonymisee":
            _archiver(personne, anonymisee=True)
        pk = personne.pk
    client.force_login(dpo)
    url = reverse("backoffice:archive", args=[pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"motif": MOTIF}).status_code == 404
    assert not JournalAcces.objects.exists()
    assert not _consultations().exists()


def test_le_delegue_ne_lit_aucun_dossier_actif(client, dpo, agence):
    active = PersonneFactory(organisme_referent=agence)
    request = RequestFactory().get("/")
    request.user = dpo
    with pytest.raises(Http404):
        acces_personne(request, active.pk, partie=PartieDossier.SYNTHESE)
    assert not personnes_visibles(dpo).exists()
    client.force_login(dpo)
    assert client.get(reverse("backoffice:fiche_personne", args=[active.pk])).status_code == 404
    assert client.get(reverse("backoffice:personnes")).status_code == 404
    assert client.get(reverse("backoffice:recherche"), {"nom": active.nom_naissance}).status_code == 404


# --- Nobody else ------------------------------------------------------------------------------------------------


def _autres(agence):
    return {
        "conseiller": lambda: professionnel(agence),
        "administrateur": lambda: professionnel(agence, role=Role.ADMIN_ORGANISATION),
        "pilote": lambda: professionnel(agence, role=Role.PILOTE),
        "mediateur": lambda: professionnel(agence, role=Role.MEDIATEUR),
        "personne": lambda: UserFactory(),
        "staff": lambda: UserFactory(professionnel=True, is_staff=True),
    }


@pytest.mark.parametrize("qui", ["conseiller", "administrateur", "pilote", "mediateur", "personne", "staff"])
def test_les_autres_n_atteignent_pas_les_archives(client, agence, archivee, qui):
    client.force_login(_autres(agence)[qui]())
    assert client.get(RECHERCHE, {"nom": "Lefèvre", "date_naissance": "1980-03-14"}).status_code == 404
    assert client.get(_url(archivee)).status_code == 404
    assert client.post(_url(archivee), {"motif": MOTIF}).status_code == 404
    assert not JournalAcces.objects.exists()
    assert not AuditEvent.objects.exists()


def test_anonyme_renvoye_vers_la_connexion(client, archivee):
    for reponse in (client.get(RECHERCHE), client.get(_url(archivee)), client.post(_url(archivee), {"motif": MOTIF})):
        assert reponse.status_code == 302
        assert reponse["Location"].startswith(reverse("account_login"))
    assert not JournalAcces.objects.exists()


def test_un_role_retire_ferme_les_archives(client, dpo, archivee):
    Membership.objects.filter(user=dpo).update(actif=False)
    client.force_login(User.objects.get(pk=dpo.pk))
    assert client.get(_url(archivee)).status_code == 404
    with pytest.raises(PermissionDenied):
        archives.consulter(archivee.pk, acting_user=User.objects.get(pk=dpo.pk), motif=MOTIF)
    assert not JournalAcces.objects.exists()


# --- The dashboard -----------------------------------------------------------------------------------------------


def test_le_tableau_de_bord_du_delegue_mene_aux_archives(client, dpo):
    client.force_login(dpo)
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert 'id="tuile-archives"' in page
    assert RECHERCHE in page


def test_le_tableau_de_bord_d_un_conseiller_n_a_pas_les_archives(client, agence):
    client.force_login(professionnel(agence))
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert 'id="tuile-archives"' not in page
    assert RECHERCHE not in page


# --- Who grants the role -----------------------------------------------------------------------------------------


def _ouvrir(organisation, acting_user, email="dpo@exemple.fr"):
    return actions.creer_professionnel(
        organisation,
        email=email,
        first_name="Claire",
        last_name="Vasseur",
        role=Role.PROTECTION_DONNEES,
        acting_user=acting_user,
    )


def test_l_administrateur_d_une_agence_donne_le_role_a_un_autre(client, agence, archivee):
    admin = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    membership = _ouvrir(agence, admin)
    assert (membership.role, membership.statut, membership.actif) == (Role.PROTECTION_DONNEES, "confirme", True)
    # The new officer reaches the archive at once.
    client.force_login(membership.user)
    assert client.post(_url(archivee), {"motif": MOTIF}).status_code == 200


def test_l_administrateur_ne_se_donne_pas_le_role(agence):
    admin = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    with pytest.raises(ValidationError) as exc:
        _ouvrir(agence, admin, email=admin.email)
    assert "vous-même" in " ".join(exc.value.message_dict["role"])
    assert list(Membership.objects.filter(user=admin).values_list("role", flat=True)) == [Role.ADMIN_ORGANISATION]


def test_un_conseiller_de_l_agence_ne_donne_pas_le_role(agence):
    conseiller = professionnel(agence)
    with pytest.raises(ValidationError) as exc:
        _ouvrir(agence, conseiller)
    assert NON_FIELD_ERRORS in exc.value.message_dict
    assert not User.objects.filter(email="dpo@exemple.fr").exists()


@pytest.mark.parametrize(
    "type_organisation", [t for t in TypeOrganisation if t != TypeOrganisation.AGENCE_FRANCE_TRAVAIL]
)
def test_le_role_n_existe_que_dans_une_agence_france_travail(type_organisation):
    organisation = OrganisationFactory(type_organisation=type_organisation)
    admin = professionnel(organisation, role=Role.ADMIN_ORGANISATION)
    with pytest.raises(ValidationError) as exc:
        _ouvrir(organisation, admin)
    assert "ne peut pas être attribué" in " ".join(exc.value.message_dict["role"])
    assert not User.objects.filter(email="dpo@exemple.fr").exists()


def test_le_role_tenu_hors_d_une_agence_n_ouvre_pas_les_archives(client, archivee):
    # Legacy data (a row written around the action): the gate of the roles ignores it.
    mission_locale = OrganisationFactory(type_organisation=TypeOrganisation.MISSION_LOCALE)
    usurpateur = professionnel(mission_locale, role=Role.PROTECTION_DONNEES)
    client.force_login(usurpateur)
    assert client.get(RECHERCHE).status_code == 404
    assert client.post(_url(archivee), {"motif": MOTIF}).status_code == 404
    assert not JournalAcces.objects.exists()


def test_la_personne_voit_la_consultation_dans_son_journal_des_acces(client, dpo):
    personne = _archiver(PersonneFactory(avec_compte=True, date_naissance=NAISSANCE))
    archives.consulter(personne.pk, acting_user=dpo, motif=MOTIF)
    client.force_login(personne.user)
    page = client.get(reverse("personnes:acces")).content.decode()
    assert "Dossier archivé (consultation motivée)" in page
    assert "Vasseur" in page
