"""Admin: socles written as new versions and published by national staff; contracts read-only."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from contrats.models import SocleDroitsDevoirs
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from orientation.enums import Parcours
from tests.contrats.factories import Situation, socle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(client):
    user = UserFactory(professionnel=True, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def staff_lecteur(client):
    user = UserFactory(professionnel=True, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="contrats", codename__startswith="view_")
    )
    client.force_login(user)
    return user


def test_une_nouvelle_version_est_un_brouillon_numerote_a_la_suite(client, national):
    socle(Parcours.SOCIAL, version=1)
    response = client.post(
        reverse("admin:contrats_socledroitsdevoirs_add"),
        {
            "parcours": Parcours.SOCIAL,
            "texte": "Nouveaux droits",
            "obligations_parcours": "",
            "voies_recours": "Recours",
        },
    )
    assert response.status_code == 302
    nouveau = SocleDroitsDevoirs.objects.get(parcours=Parcours.SOCIAL, version=2)
    assert nouveau.publie_le is None


def test_publier_par_l_action_avec_audit_puis_lecture_seule(client, national):
    brouillon = SocleDroitsDevoirs.objects.create(
        parcours=Parcours.SOCIAL, version=7, texte="Droits", voies_recours="Recours"
    )
    url = reverse("admin:contrats_socledroitsdevoirs_changelist")
    response = client.post(url, {"action": "publier", "_selected_action": [brouillon.pk]})
    assert response.status_code == 302
    brouillon.refresh_from_db()
    assert brouillon.publie_le is not None
    audit = AuditEvent.objects.get(event_type=TypeEvenement.SOCLE_PUBLIE)
    assert (audit.acting_user, audit.data["version"]) == (national, 7)
    # Published: the change page no longer saves anything.
    change = reverse("admin:contrats_socledroitsdevoirs_change", args=[brouillon.pk])
    client.post(change, {"texte": "Réécrit", "voies_recours": "Recours"})
    brouillon.refresh_from_db()
    assert brouillon.texte == "Droits"
    # Publishing twice does nothing more.
    client.post(url, {"action": "publier", "_selected_action": [brouillon.pk]})
    assert AuditEvent.objects.filter(event_type=TypeEvenement.SOCLE_PUBLIE).count() == 1


def test_nouvelle_version_a_partir_d_une_publiee(client, national):
    publie = socle(Parcours.PROFESSIONNEL, version=3, texte="Texte publié")
    client.post(
        reverse("admin:contrats_socledroitsdevoirs_changelist"),
        {"action": "nouvelle_version", "_selected_action": [publie.pk]},
    )
    copie = SocleDroitsDevoirs.objects.get(parcours=Parcours.PROFESSIONNEL, version=4)
    assert (copie.texte, copie.publie_le) == ("Texte publié", None)


def test_un_membre_du_staff_non_national_lit_sans_rien_changer(client):
    staff_lecteur(client)
    brouillon = SocleDroitsDevoirs.objects.create(parcours=Parcours.SOCIAL, version=9, texte="D", voies_recours="R")
    assert client.get(reverse("admin:contrats_socledroitsdevoirs_changelist")).status_code == 200
    assert client.get(reverse("admin:contrats_socledroitsdevoirs_add")).status_code == 403
    client.post(
        reverse("admin:contrats_socledroitsdevoirs_changelist"),
        {"action": "publier", "_selected_action": [brouillon.pk]},
    )
    brouillon.refresh_from_db()
    assert brouillon.publie_le is None


def test_contrats_et_versions_en_lecture_seule_avec_historique(client, national):
    s = Situation()
    contrat = s.signe()
    page = client.get(reverse("admin:contrats_contratengagement_change", args=[contrat.pk]))
    assert page.status_code == 200
    assert "Accepté par la personne" in page.content.decode()  # the transition history inline
    assert client.get(reverse("admin:contrats_contratengagement_add")).status_code == 403
    version = contrat.versions.get()
    assert client.get(reverse("admin:contrats_versioncontrat_change", args=[version.pk])).status_code == 200
    assert client.post(reverse("admin:contrats_versioncontrat_delete", args=[version.pk])).status_code == 403


def test_un_non_staff_n_entre_pas(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:contrats_socledroitsdevoirs_changelist"))
    assert response.status_code == 302


def test_un_staff_ne_lit_que_les_contrats_que_la_porte_lui_ouvre_et_chaque_lecture_est_journalisee(client):
    from francetravail.audit.enums import PartieDossier
    from francetravail.audit.models import JournalAcces
    from tests.factories import professionnel

    s = Situation()
    contrat = s.signe()
    url = reverse("admin:contrats_contratengagement_change", args=[contrat.pk])
    dehors = staff_lecteur(client)
    assert client.get(url).status_code == 302  # not in the gate's queryset: the admin says it does not exist
    assert not JournalAcces.objects.filter(user=dehors).exists()
    dedans = professionnel(s.organisme, is_staff=True)
    dedans.user_permissions.set(
        Permission.objects.filter(content_type__app_label="contrats", codename__startswith="view_")
    )
    client.force_login(dedans)
    assert client.get(url).status_code == 200
    version = contrat.versions.get()
    assert client.get(reverse("admin:contrats_versioncontrat_change", args=[version.pk])).status_code == 200
    assert JournalAcces.objects.filter(user=dedans, personne=s.personne, partie=PartieDossier.CONTRAT).count() == 2
