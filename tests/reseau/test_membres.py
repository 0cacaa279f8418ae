"""An organisation's admin opens and closes professionals' access (no public sign-up for them)."""

from django.urls import reverse

from francetravail.audit.models import AuditEvent
from francetravail.comptes.enums import TypeCompte
from francetravail.comptes.models import User
from francetravail.notifications.models import Notification
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, UserFactory, professionnel


def _form(**kw):
    data = {
        "email": "Nouvelle.Conseillere@France-Travail.fr",
        "first_name": "Léa",
        "last_name": "Morel",
        "role": "conseiller",
    }
    data.update(kw)
    return data


def test_l_admin_ouvre_l_acces_d_un_professionnel_qui_recoit_une_invitation(
    client, django_capture_on_commit_callbacks
):
    org = OrganisationFactory()
    admin = professionnel(org, Role.ADMIN_ORGANISATION)
    client.force_login(admin)
    with django_capture_on_commit_callbacks():
        response = client.post(reverse("backoffice:membres", args=[org.pk]), _form())
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.conseillere@france-travail.fr")
    assert user.type_compte == TypeCompte.PROFESSIONNEL
    assert not user.has_usable_password()
    assert user.memberships.get().role == Role.CONSEILLER
    notification = Notification.objects.get(destinataire=user)
    assert notification.modele == "reseau/invitation_professionnel"
    assert "/comptes/password/reset/key/" in notification.contexte["lien"]
    assert AuditEvent.objects.filter(event_type="reseau.rattachement_ajoute", acting_user=admin).exists()


def test_l_admin_d_une_autre_organisation_recoit_un_404(client):
    org, autre = OrganisationFactory(), OrganisationFactory()
    client.force_login(professionnel(autre, Role.ADMIN_ORGANISATION))
    assert client.get(reverse("backoffice:membres", args=[org.pk])).status_code == 404
    assert client.post(reverse("backoffice:membres", args=[org.pk]), _form()).status_code == 404
    assert not User.objects.filter(email="nouvelle.conseillere@france-travail.fr").exists()


def test_l_adresse_d_un_compte_personne_est_refusee_avec_un_message(client):
    org = OrganisationFactory()
    UserFactory(email="personne@exemple.fr")
    client.force_login(professionnel(org, Role.ADMIN_ORGANISATION))
    response = client.post(reverse("backoffice:membres", args=[org.pk]), _form(email="personne@exemple.fr"))
    assert response.status_code == 200
    assert "n&#x27;est pas un compte professionnel" in response.content.decode()
    assert not User.objects.get(email="personne@exemple.fr").memberships.exists()


def test_retirer_un_role_ferme_l_acces_et_reste_trace(client):
    org = OrganisationFactory()
    admin = professionnel(org, Role.ADMIN_ORGANISATION)
    conseiller = professionnel(org)
    m = conseiller.memberships.get()
    client.force_login(admin)
    response = client.post(reverse("backoffice:retirer_membre", args=[org.pk, m.pk]))
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.actif is False
    assert AuditEvent.objects.filter(event_type="reseau.rattachement_retire").exists()
    # Same id under another organisation: 404, nothing changes.
    autre = OrganisationFactory()
    client.force_login(professionnel(autre, Role.ADMIN_ORGANISATION))
    assert client.post(reverse("backoffice:retirer_membre", args=[autre.pk, m.pk])).status_code == 404
