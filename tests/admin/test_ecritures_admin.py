"""What opens files is not written through the admin by non-superusers: memberships and their roles,
organisations (their type and département), and the orientation simulation of another territory."""

from django.urls import reverse

from francetravail.reseau.enums import Role, TypeOrganisation
from francetravail.reseau.models import Membership
from orientation.models import Referentiel
from tests.admin.outils import staff_departemental, superutilisateur
from tests.factories import OrganisationFactory, PersonneFactory, commune
from tests.inscription.factories import dossier_complet
from tests.orientation.factories import ReferentielFactory, RegleFactory, VersionReferentielFactory


def _roles():
    return sorted(Membership.objects.values_list("user", "organisation", "role", "actif"))


def test_un_staff_ne_se_donne_pas_un_role_par_l_admin(client):
    agence = OrganisationFactory(departement_id="59")
    staff = staff_departemental("59")
    client.force_login(staff)
    avant = _roles()
    ajout = client.post(
        reverse("admin:reseau_membership_add"),
        {"user": staff.pk, "organisation": agence.pk, "role": Role.EQUIPE_PLURIDISCIPLINAIRE, "actif": "on"},
    )
    assert ajout.status_code == 403
    rattachement = Membership.objects.get(user=staff)
    changement = client.post(
        reverse("admin:reseau_membership_change", args=[rattachement.pk]),
        {"user": staff.pk, "organisation": agence.pk, "role": Role.CONSEILLER, "actif": "on"},
    )
    assert changement.status_code == 403
    assert _roles() == avant
    assert client.get(reverse("admin:reseau_membership_changelist")).status_code == 200  # staff still read


def test_un_staff_ne_change_ni_le_type_ni_le_departement_d_une_organisation(client):
    agence = OrganisationFactory(departement_id="62")
    client.force_login(staff_departemental("59"))
    reponse = client.post(
        reverse("admin:reseau_organisation_change", args=[agence.pk]),
        {
            "nom": agence.nom,
            "type_organisation": TypeOrganisation.CONSEIL_DEPARTEMENTAL,
            "departement": "59",
            "actif": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert reponse.status_code == 403
    agence.refresh_from_db()
    assert (agence.type_organisation, agence.departement_id) == (TypeOrganisation.AGENCE_FRANCE_TRAVAIL, "62")


def test_un_superutilisateur_ajoute_un_rattachement_par_l_admin(client):
    agence = OrganisationFactory(departement_id="59")
    professionnel_ = staff_departemental("59")
    client.force_login(superutilisateur())
    reponse = client.post(
        reverse("admin:reseau_membership_add"),
        {"user": professionnel_.pk, "organisation": agence.pk, "role": Role.CONSEILLER, "actif": "on"},
    )
    assert reponse.status_code == 302
    assert Membership.objects.filter(user=professionnel_, organisation=agence, role=Role.CONSEILLER).exists()


def test_la_simulation_d_un_autre_territoire_est_refusee_au_staff_departemental(client):
    for code in ("59350", "62041"):
        dossier_complet(PersonneFactory(commune=commune(code)), freins=["moyen"])
    versions = {}
    for departement in ("59", "62"):
        versions[departement] = VersionReferentielFactory(referentiel=ReferentielFactory(departement_id=departement))
        RegleFactory(version=versions[departement], conditions={"intensite_freins": ["moyen"]})
    nationale = Referentiel.objects.get(departement__isnull=True).versions.first()
    client.force_login(staff_departemental("59"))

    def simulation(version):
        return client.get(reverse("admin:orientation_versionreferentiel_simulation", args=[version.pk]))

    assert simulation(versions["59"]).status_code == 200
    assert simulation(versions["62"]).status_code == 403
    assert simulation(nationale).status_code == 403


def test_un_agenda_ne_prend_pas_le_compte_d_une_personne_pour_conseiller(client):
    """The raw_id field would show the name of any account id typed in, and save it."""
    from francetravail.rendezvous.models import Agenda
    from tests.factories import UserFactory
    from tests.rendezvous.factories import AgendaFactory

    agence = OrganisationFactory(departement_id="59")
    agenda = AgendaFactory(organisation=agence, conseiller=None)
    compte_personne = UserFactory(first_name="Zoé", last_name="Secrète")
    client.force_login(staff_departemental("59"))
    reponse = client.post(
        reverse("admin:rendezvous_agenda_change", args=[agenda.pk]),
        {
            "organisation": agence.pk,
            "conseiller": compte_personne.pk,
            "libelle": agenda.libelle,
            "actif": "on",
            "creneaux-TOTAL_FORMS": "0",
            "creneaux-INITIAL_FORMS": "0",
        },
    )
    assert reponse.status_code == 200
    assert reponse.context["adminform"].form.errors["conseiller"]
    assert "Secrète" not in reponse.content.decode()
    assert Agenda.objects.get(pk=agenda.pk).conseiller_id is None


def test_l_admin_ne_reecrit_pas_les_coordonnees_d_une_personne(client):
    """Contact details change only through modifier_coordonnees (check + audit event), never by the admin form."""
    from francetravail.audit.models import AuditEvent

    superuser = superutilisateur()
    personne = PersonneFactory(email="avant@example.org", telephone="0611111111")
    client.force_login(superuser)
    page = client.get(reverse("admin:personnes_personne_change", args=[personne.pk]))
    assert page.status_code == 200
    assert 'name="email"' not in page.content.decode()
    assert 'name="telephone"' not in page.content.decode()
    personne.refresh_from_db()
    assert (personne.email, personne.telephone) == ("avant@example.org", "0611111111")
    assert not AuditEvent.objects.filter(personne=personne, event_type="personne.coordonnees_modifiees").exists()
