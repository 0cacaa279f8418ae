"""The person's contract pages: reading, accepting, asking for changes, previous versions, activity."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contrats import actions, regles
from contrats.enums import PorteurAction, StatutContrat
from contrats.models import VersionContrat
from francetravail.reseau.enums import Role
from tests.contrats.factories import Situation
from tests.factories import PersonneFactory, UserFactory, professionnel

URL = "/mon-espace/contrat/"


@pytest.fixture
def situation():
    return Situation()


def page(client, user, url=URL):
    client.force_login(user)
    reponse = client.get(url)
    assert reponse.status_code == 200
    return reponse.content.decode()


def test_l_url_est_bien_nommee():
    assert reverse("contrats:contrat") == URL


def test_sans_dossier_ni_contrat_la_page_le_dit(client, situation):
    assert "Votre dossier n’est pas encore créé" in page(client, UserFactory())
    assert "Vous n’avez pas encore de contrat d’engagement" in page(client, situation.personne.user)


def test_un_brouillon_n_est_pas_montre_a_la_personne(client, situation):
    contrat = situation.brouillon()
    situation.ajouter(contrat, "15", description="Action encore en discussion")
    contenu = page(client, situation.personne.user)
    assert "Votre référent prépare votre contrat" in contenu
    assert "Action encore en discussion" not in contenu


def test_la_personne_lit_les_trois_couches_et_accepte(client, situation):
    contrat = situation.brouillon()
    situation.ajouter(contrat, "10", description="Formation de cariste")
    situation.ajouter(contrat, "5", description="Atelier CV", porteur=PorteurAction.ORGANISME)
    contrat = actions.soumettre(contrat, acting_user=situation.referent)
    version = contrat.derniere_version()
    contenu = page(client, situation.personne.user)
    for texte in (
        "Vos droits et vos devoirs",
        situation.socle.texte,
        "Les obligations de votre parcours",
        situation.socle.obligations_parcours,
        "Ce que je fais",
        "Formation de cariste",
        "Ce que fait l’organisme qui m’accompagne",
        "Atelier CV",
        "15 heures par semaine",
        "médiation préalable",  # the appeal routes
        version.empreinte,
    ):
        assert texte in contenu, texte

    sans_case = client.post(URL, {"action": "accepter", "empreinte": version.empreinte})
    assert "Cochez la case pour confirmer" in sans_case.content.decode()
    reponse = client.post(URL, {"action": "accepter", "empreinte": version.empreinte, "confirmation": "on"})
    assert reponse.status_code == 302
    contrat.refresh_from_db()
    assert contrat.statut == StatutContrat.ACCEPTE and contrat.empreinte_acceptee == version.empreinte
    assert "votre référent doit maintenant le contresigner" in page(client, situation.personne.user)


def test_une_acceptation_d_une_version_perimee_est_refusee_avec_un_message_clair(client, situation):
    contrat = situation.soumis()
    ancienne = contrat.derniere_version().empreinte
    # Meanwhile the person asks for a change elsewhere and the référent submits a new version.
    actions.demander_modification(contrat, acting_user=situation.personne.user, commentaire="Moins d'heures")
    situation.ajouter(contrat, "2", description="Nouvelle action")
    contrat = actions.soumettre(contrat, acting_user=situation.referent)
    nouvelle = contrat.derniere_version()
    client.force_login(situation.personne.user)
    reponse = client.post(URL, {"action": "accepter", "empreinte": ancienne, "confirmation": "on"})
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Le contrat a été modifié depuis votre lecture" in contenu
    assert "Nouvelle action" in contenu and f'value="{nouvelle.empreinte}"' in contenu
    contrat.refresh_from_db()
    assert contrat.statut == StatutContrat.SOUMIS and contrat.version_acceptee is None


def test_demander_des_modifications_garde_le_texte_en_cas_d_erreur(client, situation):
    contrat = situation.soumis()
    client.force_login(situation.personne.user)
    vide = client.post(URL, {"action": "modifier", "commentaire": "  "})
    assert "Indiquez les modifications que vous souhaitez." in vide.content.decode()
    trop_long = "x" * 5001
    reponse = client.post(URL, {"action": "modifier", "commentaire": trop_long})
    assert trop_long in reponse.content.decode()
    contrat.refresh_from_db()
    assert contrat.statut == StatutContrat.SOUMIS
    assert client.post(URL, {"action": "modifier", "commentaire": "Moins d'heures le mardi"}).status_code == 302
    contrat.refresh_from_db()
    assert contrat.statut == StatutContrat.BROUILLON
    assert contrat.derniere_version().commentaire_modification == "Moins d'heures le mardi"


def test_une_reponse_a_un_contrat_qui_n_attend_plus_rien_est_expliquee(client, situation):
    situation.accepte()
    client.force_login(situation.personne.user)
    reponse = client.post(URL, {"action": "modifier", "commentaire": "Trop tard"}, follow=True)
    assert "pas soumis à votre lecture" in reponse.content.decode()


def test_contrat_signe_plan_et_versions_precedentes_lisibles(client, situation):
    contrat = situation.signe()
    contenu = page(client, situation.personne.user)
    assert "Contrat signé le" in contenu and "Mon contrat en vigueur" in contenu
    assert "Les actions que je mène" in contenu and "Formation de cariste" in contenu
    version = contrat.versions.get()
    assert reverse("contrats:version", kwargs={"pk": version.pk}) in contenu
    lue = page(client, situation.personne.user, reverse("contrats:version", kwargs={"pk": version.pk}))
    assert "Version n° 1" in lue and version.empreinte in lue and situation.socle.texte in lue


def test_une_autre_personne_ne_voit_ni_mon_contrat_ni_mes_versions(client, situation):
    contrat = situation.soumis()
    version = contrat.derniere_version()
    autre = PersonneFactory(avec_compte=True, organisme_referent=situation.organisme)
    client.force_login(autre.user)
    assert "Formation de cariste" not in client.get(URL).content.decode()
    assert client.get(reverse("contrats:version", kwargs={"pk": version.pk})).status_code == 404
    # Posting on their own page never reaches my contract.
    client.post(URL, {"action": "accepter", "empreinte": version.empreinte, "confirmation": "on"})
    contrat.refresh_from_db()
    assert contrat.statut == StatutContrat.SOUMIS


@pytest.mark.parametrize("role", [Role.CONSEILLER, Role.DECIDEUR_DEPARTEMENTAL, "employeur"])
def test_professionnels_et_employeurs_recoivent_404_sur_les_pages_de_la_personne(client, situation, role):
    version = situation.soumis().derniere_version()
    user = UserFactory(employeur=True) if role == "employeur" else professionnel(situation.organisme, role)
    client.force_login(user)
    for url in (URL, reverse("contrats:version", kwargs={"pk": version.pk})):
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "accepter", "empreinte": version.empreinte}).status_code == 404


def test_un_anonyme_est_renvoye_vers_la_connexion(client, situation):
    assert client.get(URL).status_code == 302


# --- Query count: 30 actions and 50 versions cost what 1 action and 1 version cost ----------------


def _contrat(situation, nb_actions, nb_versions, statut):
    contrat = situation.brouillon()
    heures = "15" if nb_actions == 1 else "0.5"
    for i in range(nb_actions):
        situation.ajouter(contrat, heures, description=f"Action {i}")
    contrat = actions.soumettre(contrat, acting_user=situation.referent)
    premiere = contrat.derniere_version()
    copies = []
    for numero in range(2, nb_versions + 1):
        contenu = {**premiere.contenu, "version": numero}
        copies.append(
            VersionContrat(
                contrat=contrat,
                numero=numero,
                contenu=contenu,
                empreinte=regles.empreinte(contenu),
                soumise_par=situation.referent,
            )
        )
    VersionContrat.objects.bulk_create(copies)
    if statut == "signe":
        contrat = actions.accepter(contrat, acting_user=situation.personne.user)
        contrat = actions.contresigner(contrat, acting_user=situation.referent)
    return contrat


def _requetes(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        contenu = client.get(URL).content.decode()
    return len(ctx), contenu


@pytest.mark.parametrize("statut", ["soumis", "signe"])
def test_la_page_du_contrat_coute_autant_de_requetes_avec_30_actions_et_50_versions(client, statut):
    petit = Situation()
    _contrat(petit, 1, 1, statut)
    avec_un, _ = _requetes(client, petit.personne.user)

    grand = Situation()
    _contrat(grand, 30, 50, statut)
    avec_trente, contenu = _requetes(client, grand.personne.user)
    assert "Action 29" in contenu and "Lire la version n° 50" in contenu and "Lire la version n° 1<" in contenu
    assert avec_trente == avec_un, f"{avec_un} requêtes avec 1 action et 1 version, {avec_trente} avec 30 et 50"
    assert avec_un <= 15
