"""The référents pages: the queue (filters, count, bulk, rule), the person's référent, the team; the gate for the
responsable d'équipe; the dashboard tile and the person page's link; refusals as 404 with nothing changed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.models import AuditEvent
from francetravail.personnes.acces import personnes_visibles
from francetravail.personnes.models import Personne
from francetravail.referents import queries
from francetravail.referents.models import HistoriqueReferent, RegleAttribution
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership
from inscription.enums import Canal, StatutInscription
from inscription.models import DossierInscription
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.referents.conftest import oriente

pytestmark = pytest.mark.django_db


def _url(nom, pk):
    return reverse(f"backoffice:{nom}", kwargs={"pk": pk})


# The queue


def test_la_file_ne_garde_que_les_orientees_sans_referent_ni_cessation(agence, autre_agence, conseillers, responsable):
    dedans = oriente(agence)
    pas_orientee = PersonneFactory(organisme_referent=agence)
    avec_referent = oriente(agence)
    Personne.objects.filter(pk=avec_referent.pk).update(referent_unique=conseillers[0])
    cessee = oriente(agence)
    DossierInscription.objects.filter(personne=cessee).update(
        statut=StatutInscription.CESSEE,
        cessee_le=timezone.localdate(),
        cessee_jusqu_au=timezone.localdate(),
        motif_cessation="Radiation",
    )
    ailleurs = oriente(autre_agence)
    ids = set(queries.file_a_attribuer([agence.pk]).values_list("pk", flat=True))
    assert ids == {dedans.pk}
    assert {pas_orientee.pk, avec_referent.pk, cessee.pk, ailleurs.pk}.isdisjoint(ids)


def test_les_filtres_de_la_file_commune_date_origine(client, agence, responsable, hier):
    avant_hier = hier - datetime.timedelta(days=1)
    caf = oriente(agence, canal=Canal.FLUX_CAF_MSA, code_commune="59350", decidee_le=avant_hier)
    guichet = oriente(agence, canal=Canal.GUICHET, code_commune="59512", decidee_le=hier)
    client.force_login(responsable)

    def ids(**params):
        reponse = client.get(_url("referents_a_attribuer", agence.pk), params)
        assert reponse.status_code == 200
        return {p.pk for p in reponse.context["page"].object_list}

    assert ids() == {caf.pk, guichet.pk}
    assert ids(commune="59350") == {caf.pk}
    assert ids(origine=Canal.FLUX_CAF_MSA) == {caf.pk}
    # Dates of orientation are inclusive on both sides.
    jour_hier = timezone.localtime(hier).date()
    assert ids(oriente_du=jour_hier.isoformat()) == {guichet.pk}
    assert ids(oriente_du=(jour_hier + datetime.timedelta(days=1)).isoformat()) == set()
    assert ids(oriente_au=(jour_hier - datetime.timedelta(days=1)).isoformat()) == {caf.pk}
    assert ids(oriente_au=jour_hier.isoformat()) == {caf.pk, guichet.pk}


def test_la_file_se_lit_en_un_nombre_constant_de_requetes(
    client, agence, responsable, conseillers, django_assert_max_num_queries
):
    client.force_login(responsable)
    url = _url("referents_a_attribuer", agence.pk)
    for _ in range(2):
        oriente(agence)
    client.get(url)
    with django_assert_max_num_queries(22) as petit:
        assert client.get(url).status_code == 200
    for _ in range(15):
        oriente(agence, code_commune="59512")
    with django_assert_max_num_queries(len(petit.captured_queries)):
        reponse = client.get(url)
    assert reponse.context["page"].paginator.count == 17


def test_compter_a_attribuer_en_une_requete(agence, autre_agence, responsable, conseillers, django_assert_num_queries):
    for _ in range(3):
        oriente(agence)
    oriente(autre_agence)
    queries.compter_a_attribuer(responsable)  # the memberships, cached for the request
    with django_assert_num_queries(1):
        assert queries.compter_a_attribuer(responsable) == 3
    assert queries.compter_a_attribuer(professionnel(autre_agence, role=Role.PILOTE)) == 0


def test_designation_en_lot_depuis_la_file_et_rapport(client, agence, responsable, conseillers):
    personnes = [oriente(agence) for _ in range(3)]
    client.force_login(responsable)
    url = _url("referents_a_attribuer", agence.pk)
    reponse = client.post(
        url, {"action": "designer", "personnes": [personnes[0].pk, personnes[1].pk], "conseiller": conseillers[2].pk}
    )
    assert reponse.status_code == 302
    page = client.get(url)
    assert page.context["rapport"]["designees"] == [
        [f"{p.prenoms} {p.nom_naissance}", "Chloé Caron"] for p in sorted(personnes[:2], key=lambda p: p.pk)
    ]
    assert page.context["page"].paginator.count == 1
    assert "2 personnes attribuées" in page.content.decode()


def test_appliquer_la_regle_depuis_la_file(client, agence, responsable, conseillers):
    for _ in range(4):
        oriente(agence)
    RegleAttribution.objects.create(organisation=agence, critere="moins_charge")
    client.force_login(responsable)
    url = _url("referents_a_attribuer", agence.pk)
    assert client.post(url, {"action": "appliquer_regle"}).status_code == 302
    assert client.get(url).context["rapport"]["titre"] == "Application de la règle"
    assert not queries.file_a_attribuer([agence.pk]).exists()


def test_le_conseiller_designe_en_lot_mais_n_applique_pas_la_regle(client, agence, conseillers):
    personne = oriente(agence)
    RegleAttribution.objects.create(organisation=agence, critere="moins_charge")
    client.force_login(conseillers[0])
    url = _url("referents_a_attribuer", agence.pk)
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "appliquer_regle"}).status_code == 404
    assert Personne.objects.get(pk=personne.pk).referent_unique_id is None
    assert client.get(_url("referents_equipe", agence.pk)).status_code == 404
    client.post(url, {"action": "designer", "personnes": [personne.pk], "conseiller": conseillers[0].pk})
    assert Personne.objects.get(pk=personne.pk).referent_unique_id == conseillers[0].pk


def _refuses(agence, autre_agence):
    cd = OrganisationFactory(conseil_departemental=True)
    return [
        professionnel(autre_agence),
        professionnel(autre_agence, role=Role.RESPONSABLE_EQUIPE),
        professionnel(cd, role=Role.DECIDEUR_DEPARTEMENTAL),
        professionnel(cd, role=Role.TRAVAILLEUR_SOCIAL),
        professionnel(agence, role=Role.PILOTE),
        professionnel(agence, role=Role.ADMIN_ORGANISATION),
    ]


def test_les_autres_recoivent_une_404_et_rien_ne_change(client, agence, autre_agence, conseillers):
    personne = oriente(agence)
    RegleAttribution.objects.create(organisation=agence, critere="moins_charge")
    evenements = AuditEvent.objects.count()
    for user in _refuses(agence, autre_agence):
        client.force_login(user)
        file = _url("referents_a_attribuer", agence.pk)
        assert client.get(file).status_code == 404, user.memberships.first().role
        assert client.post(file, {"action": "appliquer_regle"}).status_code == 404
        assert (
            client.post(
                file, {"action": "designer", "personnes": [personne.pk], "conseiller": conseillers[0].pk}
            ).status_code
            == 404
        )
        assert client.get(_url("referents_equipe", agence.pk)).status_code == 404
        referent = _url("referent_personne", personne.pk)
        assert client.post(referent, {"conseiller": conseillers[0].pk}).status_code == 404
    assert Personne.objects.get(pk=personne.pk).referent_unique_id is None
    assert not HistoriqueReferent.objects.exists()
    assert not AuditEvent.objects.filter(event_type__startswith="referents.").exists()
    assert AuditEvent.objects.count() >= evenements


# The person's référent


def test_designer_puis_changer_avec_motif_depuis_la_personne(client, agence, conseillers):
    personne = oriente(agence)
    client.force_login(conseillers[0])
    url = _url("referent_personne", personne.pk)
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"].initial["conseiller"] == conseillers[0].pk
    assert client.post(url, {"conseiller": conseillers[0].pk}).status_code == 302
    sans_motif = client.post(url, {"conseiller": conseillers[1].pk, "motif": ""})
    assert sans_motif.status_code == 200 and "Indiquez le motif" in sans_motif.content.decode()
    assert Personne.objects.get(pk=personne.pk).referent_unique_id == conseillers[0].pk
    assert client.post(url, {"conseiller": conseillers[1].pk, "motif": "Rapprochement"}).status_code == 302
    assert Personne.objects.get(pk=personne.pk).referent_unique_id == conseillers[1].pk
    historique = client.get(url).content.decode()
    assert "Changement de référent" in historique and "Rapprochement" in historique


# The responsable d'équipe reads the files of their organisation (the gate), and no other.


def test_le_responsable_voit_les_dossiers_de_son_organisation_seulement(client, agence, autre_agence, responsable):
    a_moi = oriente(agence)
    ailleurs = oriente(autre_agence)
    assert set(personnes_visibles(responsable).values_list("pk", flat=True)) == {a_moi.pk}
    client.force_login(responsable)
    fiche = client.get(_url("fiche_personne", a_moi.pk))
    assert fiche.status_code == 200
    assert 'href="referent/"' in fiche.content.decode()
    assert client.get(_url("fiche_personne", ailleurs.pk)).status_code == 404
    assert client.get(_url("referent_personne", ailleurs.pk)).status_code == 404
    liste = client.get(reverse("backoffice:personnes"))
    assert [p.pk for p in liste.context["page"].object_list] == [a_moi.pk]


def test_le_decideur_lit_la_fiche_sans_lien_de_designation(client, agence):
    personne = oriente(agence)
    cd = OrganisationFactory(conseil_departemental=True)
    client.force_login(professionnel(cd, role=Role.DECIDEUR_DEPARTEMENTAL))
    fiche = client.get(_url("fiche_personne", personne.pk))
    assert fiche.status_code == 200 and 'href="referent/"' not in fiche.content.decode()


def test_un_role_retire_ne_donne_plus_rien(client, agence, responsable):
    personne = oriente(agence)
    Membership.objects.filter(user=responsable).update(actif=False)
    client.force_login(responsable)
    assert client.get(_url("fiche_personne", personne.pk)).status_code == 404


# Entry points


def test_la_tuile_du_tableau_de_bord(client, agence, responsable, conseillers):
    for _ in range(2):
        oriente(agence)
    for user in (responsable, conseillers[0]):
        client.force_login(user)
        page = client.get(reverse("backoffice:accueil")).content.decode()
        assert "Personnes à attribuer (2)" in page
        assert _url("referents_a_attribuer", agence.pk) in page
    client.force_login(professionnel(agence, role=Role.PILOTE))
    assert "Personnes à attribuer" not in client.get(reverse("backoffice:accueil")).content.decode()


def test_pas_de_tuile_sans_personne_a_attribuer(client, agence, responsable):
    client.force_login(responsable)
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Personnes à attribuer (" not in page
    # « À faire » (issue 17) says the queue is empty rather than hiding it.
    assert f"Personnes à attribuer — {agence.nom}" in page and "0 — rien à faire" in page


# The team page: rule, communes, transfer


def test_page_equipe_regle_commune_et_transfert(client, agence, responsable, conseillers):
    oriente(agence, code_commune="59350")
    for _ in range(3):
        PersonneFactory(organisme_referent=agence, referent_unique=conseillers[0])
    client.force_login(responsable)
    url = _url("referents_equipe", agence.pk)
    assert client.get(url).status_code == 200
    client.post(url, {"action": "regle", "critere": "par_commune", "repli_moins_charge": "on"})
    regle = RegleAttribution.objects.get(organisation=agence)
    assert (regle.critere, regle.repli_moins_charge, regle.modifiee_par) == ("par_commune", True, responsable)
    client.post(url, {"action": "commune", "commune": "59350", "conseiller": conseillers[1].pk})
    assert regle.communes.get().conseiller == conseillers[1]
    sans_motif = client.post(
        url,
        {
            "action": "transferer",
            "titulaire": conseillers[0].pk,
            "destinataires": [conseillers[1].pk],
            "repartition": "egale",
        },
    )
    assert "Indiquez le motif" in sans_motif.content.decode()
    assert Personne.objects.filter(referent_unique=conseillers[0]).count() == 3
    reponse = client.post(
        url,
        {
            "action": "transferer",
            "titulaire": conseillers[0].pk,
            "destinataires": [conseillers[1].pk, conseillers[2].pk],
            "repartition": "egale",
            "motif": "Départ",
        },
    )
    assert reponse.status_code == 302
    assert not Personne.objects.filter(referent_unique=conseillers[0]).exists()
    assert "Transfert de portefeuille : 3 personnes attribuées" in client.get(url).content.decode()


# Who grants the role (never oneself)


def test_le_role_s_accorde_par_un_autre_administrateur_jamais_a_soi(client, agence):
    admin = professionnel(agence, role=Role.ADMIN_ORGANISATION, email="admin@exemple.fr")
    client.force_login(admin)
    url = reverse("backoffice:membres", kwargs={"pk": agence.pk})
    formulaire = {"first_name": "Rémi", "last_name": "Roux", "role": Role.RESPONSABLE_EQUIPE}
    soi = client.post(url, {**formulaire, "email": "admin@exemple.fr"})
    assert soi.status_code == 200 and "vous attribuer vous-même" in soi.content.decode()
    assert not Membership.objects.filter(user=admin, role=Role.RESPONSABLE_EQUIPE).exists()
    assert client.post(url, {**formulaire, "email": "remi.roux@exemple.fr"}).status_code == 302
    assert Membership.objects.filter(user__email="remi.roux@exemple.fr", role=Role.RESPONSABLE_EQUIPE).exists()


def test_retirer_une_commune_avec_un_identifiant_altere(client, agence, responsable, conseillers):
    regle = RegleAttribution.objects.create(organisation=agence, critere="par_commune")
    affectation = regle.communes.create(commune_id="59350", conseiller=conseillers[0])
    client.force_login(responsable)
    url = _url("referents_equipe", agence.pk)
    for altere in ("abc", "99999999999999999999", ""):
        assert client.post(url, {"action": "retirer_commune", "affectation": altere}).status_code in (200, 302)
    assert regle.communes.get() == affectation
    assert client.post(url, {"action": "retirer_commune", "affectation": affectation.pk}).status_code == 302
    assert not regle.communes.exists()


def test_la_file_se_pagine_par_cinquante(client, agence, responsable):
    for _ in range(50):
        oriente(agence, avec_compte=False)
    client.force_login(responsable)
    url = _url("referents_a_attribuer", agence.pk)
    assert client.get(url).context["page"].paginator.num_pages == 1
    oriente(agence, avec_compte=False)
    page = client.get(url).context["page"]
    assert (page.paginator.num_pages, len(page.object_list)) == (2, 50)


def test_des_dates_de_filtre_inversees_sont_refusees_au_champ(client, agence, responsable):
    oriente(agence)
    client.force_login(responsable)
    jour = timezone.localdate()
    reponse = client.get(
        _url("referents_a_attribuer", agence.pk),
        {"oriente_du": jour.isoformat(), "oriente_au": (jour - datetime.timedelta(days=1)).isoformat()},
    )
    assert reponse.context["filtre"].errors["oriente_au"] == ["La date de fin précède la date de début."]
    # The same day on both sides is a valid one-day window.
    reponse = client.get(
        _url("referents_a_attribuer", agence.pk), {"oriente_du": jour.isoformat(), "oriente_au": jour.isoformat()}
    )
    assert reponse.context["filtre"].is_valid() and reponse.context["page"].paginator.count == 1


def test_la_page_equipe_en_un_nombre_constant_de_requetes(
    client, agence, responsable, conseillers, django_assert_max_num_queries
):
    client.force_login(responsable)
    url = _url("referents_equipe", agence.pk)
    PersonneFactory(organisme_referent=agence, referent_unique=conseillers[0])
    client.get(url)
    with django_assert_max_num_queries(30) as petit:
        assert client.get(url).status_code == 200
    for conseiller in conseillers:
        for _ in range(5):
            PersonneFactory(organisme_referent=agence, referent_unique=conseiller)
    for _ in range(3):
        professionnel(agence)
    with django_assert_max_num_queries(len(petit.captured_queries)):
        assert len(client.get(url).context["membres"]) == 6
