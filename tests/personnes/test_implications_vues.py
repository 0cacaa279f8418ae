"""The pages of the people around a file: the file's list and the invitation form, the invitations
received, one invitation (accept, refuse), ending; the dashboard's tile, the person page's link, the
person's group in their space. Refusals are 404 and change nothing; the lists' query counts are flat."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.personnes import actions
from francetravail.personnes.enums import RoleImplication, StatutImplication
from francetravail.personnes.models import HistoriqueImplication, Implication
from francetravail.personnes.queries import compter_invitations_recues, implications_du_dossier
from francetravail.reseau.enums import Role
from francetravail.reseau.roles import contexte_professionnel
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.personnes.entourage import dossier, frais, inviter

pytestmark = pytest.mark.django_db


def _etat():
    return list(Implication.objects.order_by("pk").values()), HistoriqueImplication.objects.count()


def _page(d, user):
    return reverse("backoffice:entourage", kwargs={"pk": d.personne.pk})


def test_le_referent_cherche_l_organisation_par_son_nom_puis_invite(client):
    d = dossier()
    client.force_login(d.referent)
    url = _page(d, d.referent)

    reponse = client.get(url, {"q": "mission LOCALE de lille"})
    assert reponse.status_code == 200
    assert "Mission locale de Lille" in reponse.content.decode()
    assert "Conseil départemental 62" not in client.get(url, {"q": "conseil"}).content.decode()  # another département

    reponse = client.get(url, {"q": "mission locale", "organisation": d.ml.pk})
    assert reponse.context["form"] is not None
    assert list(reponse.context["form"].fields["professionnel"].queryset) == [d.conseiller_ml]

    reponse = client.post(
        f"{url}?q=mission+locale&organisation={d.ml.pk}",
        {
            "organisation": d.ml.pk,
            "professionnel": d.conseiller_ml.pk,
            "role": RoleImplication.INTERVENANT,
            "motif": "Atelier CV de la Mission locale",
            "fin_prevue": "",
        },
    )
    assert reponse.status_code == 302
    implication = Implication.objects.get()
    assert (implication.organisation, implication.professionnel, implication.statut) == (
        d.ml,
        d.conseiller_ml,
        StatutImplication.PROPOSEE,
    )
    page = client.get(url).content.decode()
    assert "Atelier CV de la Mission locale" in page and "Proposée" in page and "Retirer l’invitation" in page


def test_une_invitation_refusee_par_l_action_revient_sur_le_champ_sans_rien_changer(client):
    d = dossier()
    client.force_login(d.referent)
    avant = _etat()
    reponse = client.post(
        _page(d, d.referent),
        {"organisation": d.ml.pk, "role": "co_referent", "motif": "x", "fin_prevue": "2000-01-01"},
    )
    assert reponse.status_code == 200
    assert "La date de fin ne peut pas être passée." in reponse.content.decode()
    assert _etat() == avant


def test_une_organisation_d_un_autre_departement_n_est_pas_proposee_ni_acceptee_en_post(client):
    d = dossier()
    client.force_login(d.referent)
    avant = _etat()
    reponse = client.post(_page(d, d.referent), {"organisation": d.cd62.pk, "role": "co_referent", "motif": "x"})
    assert reponse.status_code == 200 and reponse.context["form"].errors["organisation"]
    assert _etat() == avant


def test_un_lecteur_du_dossier_voit_la_liste_sans_formulaire_et_ne_peut_pas_inviter(client):
    d = dossier()
    inviter(d)
    decideur = professionnel(
        OrganisationFactory(conseil_departemental=True, departement_id="59"), Role.DECIDEUR_DEPARTEMENTAL
    )
    client.force_login(decideur)
    reponse = client.get(_page(d, decideur))
    assert reponse.status_code == 200
    assert not reponse.context["peut_inviter"] and "Retirer" not in reponse.content.decode()
    avant = _etat()
    assert (
        client.post(_page(d, decideur), {"organisation": d.ml.pk, "role": "intervenant", "motif": "x"}).status_code
        == 404
    )
    assert _etat() == avant


def test_le_responsable_d_equipe_ouvre_la_page_et_invite(client):
    d = dossier()
    client.force_login(d.responsable)
    assert client.get(_page(d, d.responsable)).status_code == 200
    reponse = client.post(
        _page(d, d.responsable), {"organisation": d.cd.pk, "role": "co_referent", "motif": "Logement"}
    )
    assert reponse.status_code == 302
    assert Implication.objects.get().created_by == d.responsable


def test_l_invite_ne_voit_que_le_nom_et_le_motif_avant_d_accepter_puis_le_dossier(client):
    d = dossier()
    implication = inviter(d)
    client.force_login(d.ts)
    assert client.get(_page(d, d.ts)).status_code == 404
    assert client.get(reverse("backoffice:fiche_personne", kwargs={"pk": d.personne.pk})).status_code == 404

    liste = client.get(reverse("backoffice:invitations")).content.decode()
    assert "Invitations reçues (1)" in liste and d.personne.nom_complet in liste

    page = client.get(reverse("backoffice:invitation", kwargs={"pk": implication.pk}))
    contenu = page.content.decode()
    assert page.status_code == 200
    assert d.personne.nom_complet in contenu and implication.motif in contenu
    assert d.personne.email not in contenu and d.personne.telephone not in contenu

    reponse = client.post(reverse("backoffice:invitation", kwargs={"pk": implication.pk}), {"reponse": "accepter"})
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("backoffice:fiche_personne", kwargs={"pk": d.personne.pk})
    assert client.get(reponse["Location"]).status_code == 200
    assert client.get(_page(d, d.ts)).status_code == 200
    # Answered: the invitation's page is gone (404), the list empty.
    assert client.get(reverse("backoffice:invitation", kwargs={"pk": implication.pk})).status_code == 404
    assert "Invitations reçues (0)" in client.get(reverse("backoffice:invitations")).content.decode()


def test_refuser_demande_un_motif_puis_ferme(client):
    d = dossier()
    implication = inviter(d)
    client.force_login(d.ts)
    url = reverse("backoffice:invitation", kwargs={"pk": implication.pk})
    avant = _etat()
    reponse = client.post(url, {"reponse": "refuser", "motif": ""})
    assert reponse.status_code == 200 and reponse.context["refus"].errors
    assert _etat() == avant
    assert client.post(url, {"reponse": "refuser", "motif": "Pas de place"}).status_code == 302
    implication.refresh_from_db()
    assert implication.statut == StatutImplication.REFUSEE


@pytest.mark.parametrize("qui", ["ts62", "conseiller_ml", "referent"])
def test_l_invitation_d_un_autre_est_introuvable(client, qui):
    d = dossier()
    implication = inviter(d)
    client.force_login(getattr(d, qui))
    url = reverse("backoffice:invitation", kwargs={"pk": implication.pk})
    avant = _etat()
    assert client.get(url).status_code == 404
    assert client.post(url, {"reponse": "accepter"}).status_code == 404
    assert _etat() == avant


def test_mettre_fin_depuis_la_page_et_un_tiers_recoit_404(client):
    d = dossier()
    implication = inviter(d)
    actions.accepter(implication, acting_user=frais(d.ts))
    url = reverse("backoffice:terminer_implication", kwargs={"pk": d.personne.pk, "implication_pk": implication.pk})
    decideur = professionnel(
        OrganisationFactory(conseil_departemental=True, departement_id="59"), Role.DECIDEUR_DEPARTEMENTAL
    )
    avant = _etat()
    for tiers in (decideur, d.conseiller_ml, d.ts62):
        client.force_login(tiers)
        assert client.post(url, {"motif": "Non"}).status_code == 404
    assert _etat() == avant
    client.force_login(d.ts)
    reponse = client.post(url, {"motif": "Accompagnement social terminé"})
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("backoffice:invitations")  # the file closed to them
    implication.refresh_from_db()
    assert (implication.statut, implication.motif_fin) == (StatutImplication.TERMINEE, "Accompagnement social terminé")


def test_le_tableau_de_bord_mene_aux_invitations_et_la_fiche_a_la_page(client):
    d = dossier()
    inviter(d)
    client.force_login(d.ts)
    accueil = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Invitations reçues (1)" in accueil and reverse("backoffice:invitations") in accueil
    client.force_login(d.referent)
    fiche = client.get(reverse("backoffice:fiche_personne", kwargs={"pk": d.personne.pk})).content.decode()
    assert 'href="autour/"' in fiche


def test_la_personne_voit_son_groupe_et_depuis_quand(client):
    d = dossier()
    implication = inviter(d, professionnel=d.ts)
    client.force_login(d.personne.user)
    assert "Conseil départemental du Nord" not in client.get(reverse("personnes:acces")).content.decode()
    actions.accepter(implication, acting_user=frais(d.ts))
    implication.refresh_from_db()
    page = client.get(reverse("personnes:acces")).content.decode()
    assert "Les professionnels qui vous accompagnent" in page
    assert "Conseil départemental du Nord" in page
    assert f"co-référent depuis le {timezone.localtime(implication.debut):%d/%m/%Y}" in page  # the local day


# --- Query counts ---------------------------------------------------------------------------------


def _plusieurs(d, n):
    for _ in range(n):
        organisation = OrganisationFactory(departement_id="59")
        professionnel(organisation, Role.CONSEILLER)
        implication = inviter(d, organisation)
        actions.accepter(implication, acting_user=frais(organisation.memberships.get().user))


def _compte(fonction):
    with CaptureQueriesContext(connection) as requetes:
        fonction()
    return len(requetes)


@pytest.mark.parametrize("page", ["entourage", "invitations"])
def test_les_listes_ont_un_nombre_de_requetes_constant(client, django_assert_max_num_queries, page):
    d = dossier()
    client.force_login(d.referent if page == "entourage" else d.ts)
    url = _page(d, d.referent) if page == "entourage" else reverse("backoffice:invitations")

    def ajouter(n):
        _plusieurs(d, n)
        for _ in range(n):  # invitations for the social worker's list, from other files
            autre = PersonneFactory(organisme_referent=d.agence)
            actions.inviter(autre, acting_user=frais(d.referent), organisation=d.cd, role="intervenant", motif="M")

    ajouter(1)
    petit = _compte(lambda: client.get(url))
    ajouter(5)
    with django_assert_max_num_queries(petit):
        assert client.get(url).status_code == 200


def test_implications_du_dossier_et_le_compteur_en_une_requete(django_assert_num_queries):
    d = dossier()
    _plusieurs(d, 3)
    inviter(d)
    with django_assert_num_queries(1):
        lignes = implications_du_dossier(d.personne)
        noms = [(i.organisation.nom, i.created_by.email, i.professionnel) for i in lignes]
    assert len(noms) == 4 and lignes[-1].statut == StatutImplication.PROPOSEE
    ts = frais(d.ts)
    contexte_professionnel(ts)  # read once per request (cached on the user): the count is then one query
    with django_assert_num_queries(1):
        assert compter_invitations_recues(ts) == 1


def test_la_page_d_invitation_journalise_ce_qu_elle_montre(client):
    d = dossier()
    implication = inviter(d)
    client.force_login(d.ts)
    client.get(reverse("backoffice:invitation", kwargs={"pk": implication.pk}))
    lecture = JournalAcces.objects.get(user=d.ts)
    assert (lecture.personne_id, lecture.organisation_id, lecture.partie) == (
        d.personne.pk,
        d.cd.pk,
        PartieDossier.ENTOURAGE,
    )
