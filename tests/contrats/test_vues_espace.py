"""The person's contract pages: reading, accepting, asking for changes, previous versions, activity."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contrats import actions, regles
from contrats.enums import PorteurAction, StatutContrat
from contrats.models import VersionContrat
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Commune
from francetravail.rome.models import FicheRome
from tests.contrats.factories import Situation
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel

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
    prochain = timezone.localdate(contrat.signe_le) + datetime.timedelta(weeks=contrat.rythme_points_etape)
    assert f"Prochain point d’étape avec votre référent : vers le {prochain.day} " in contenu
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
    # A département-wide role is held in a conseil départemental (the gate reads it from no other type).
    departemental = role == Role.DECIDEUR_DEPARTEMENTAL
    organisation = OrganisationFactory(conseil_departemental=True) if departemental else situation.organisme
    user = UserFactory(employeur=True) if role == "employeur" else professionnel(organisation, role)
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


# --- PDF of a version ------------------------------------------------------------------------------


def test_la_personne_telecharge_le_pdf_de_sa_version_une_autre_personne_non(client, situation):
    version = situation.signe().versions.get()
    url = reverse("contrats:version_pdf", kwargs={"pk": version.pk})
    client.force_login(situation.personne.user)
    reponse = client.get(url)
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert b"".join(reponse).startswith(b"%PDF")
    assert url in page(client, situation.personne.user)
    autre = PersonneFactory(avec_compte=True, organisme_referent=situation.organisme)
    client.force_login(autre.user)
    assert client.get(url).status_code == 404
    client.force_login(situation.referent)
    assert client.get(url).status_code == 404


# --- Weekly activity declaration -------------------------------------------------------------------

ACTIVITE = "/mon-espace/contrat/activite/"


def _lundi(jours=0):
    aujourdhui = timezone.localdate() + datetime.timedelta(days=jours)
    return aujourdhui - datetime.timedelta(days=aujourdhui.weekday())


@pytest.fixture
def signe():
    """A signed contract with two actions of the person, started four weeks ago."""
    s = Situation()
    contrat = s.brouillon()
    debut = _lundi() - datetime.timedelta(weeks=4)
    s.a = s.ajouter(contrat, "10", description="Formation de cariste", debut=debut)
    s.b = s.ajouter(contrat, "5", description="Recherche d'emploi", debut=debut)
    contrat = actions.soumettre(contrat, acting_user=s.referent)
    contrat = actions.accepter(contrat, acting_user=s.personne.user)
    s.contrat = actions.contresigner(contrat, acting_user=s.referent)
    # As if accepted four weeks ago: those weeks can be declared.
    contrat.versions.update(acceptee_le=timezone.now() - datetime.timedelta(weeks=4))
    return s


def test_l_url_de_l_activite_est_bien_nommee():
    assert reverse("contrats:activite") == ACTIVITE


def test_avant_la_signature_pas_de_declaration(client, situation):
    situation.soumis()
    contenu = page(client, situation.personne.user, ACTIVITE)
    assert "une fois votre contrat d’engagement signé" in contenu and "Enregistrer ma semaine" not in contenu


def test_declarer_la_semaine_en_cours_comparee_au_plan(client, signe):
    contenu = page(client, signe.personne.user, ACTIVITE)
    assert "Formation de cariste" in contenu and "Prévu : 10 h par semaine" in contenu
    assert "<strong>15 h</strong>" in contenu
    reponse = client.post(
        ACTIVITE,
        {
            "semaine": _lundi().isoformat(),
            f"heures_{signe.a.pk}": "8,5",
            f"heures_{signe.b.pk}": "5",
            "commentaire": "",
        },
    )
    assert reponse.status_code == 302
    declaration = signe.contrat.declarations.get()
    assert declaration.semaine == _lundi()
    assert {ligne.action_id: str(ligne.heures) for ligne in declaration.lignes.all()} == {
        signe.a.pk: "8.5",
        signe.b.pk: "5.0",
    }
    contenu = page(client, signe.personne.user, ACTIVITE)
    assert "Vous avez déclaré <strong>13,5 h</strong>" in contenu and "écart : -1,5 h" in contenu


@pytest.mark.parametrize(
    ("heures", "accepte"),
    [("0", True), ("168", True), ("-1", False), ("168,5", False), ("168.5", False), ("abc", False)],
)
def test_bornes_des_heures_declarees(client, signe, heures, accepte):
    client.force_login(signe.personne.user)
    donnees = {"semaine": _lundi().isoformat(), f"heures_{signe.a.pk}": heures, f"heures_{signe.b.pk}": "0"}
    reponse = client.post(ACTIVITE, donnees)
    assert (reponse.status_code == 302) is accepte
    assert signe.contrat.declarations.exists() is accepte
    if not accepte:
        contenu = reponse.content.decode()
        assert f'value="{heures}"' in contenu  # what was typed is kept
        assert any(
            m in contenu for m in ("ne peut pas être négatif", "168 heures au plus", "Indiquez un nombre d’heures")
        )


def test_le_total_d_une_semaine_ne_depasse_pas_168_heures(client, signe):
    client.force_login(signe.personne.user)
    donnees = {"semaine": _lundi().isoformat(), f"heures_{signe.a.pk}": "100", f"heures_{signe.b.pk}": "68,5"}
    reponse = client.post(ACTIVITE, donnees)
    assert "168,5 heures au total" in reponse.content.decode()
    assert not signe.contrat.declarations.exists()


def test_une_semaine_future_est_refusee_la_saisie_est_gardee(client, signe):
    client.force_login(signe.personne.user)
    prochaine = _lundi(7).isoformat()
    donnees = {"semaine": prochaine, f"heures_{signe.a.pk}": "7", f"heures_{signe.b.pk}": "3"}
    reponse = client.post(ACTIVITE, donnees)
    contenu = reponse.content.decode()
    assert reponse.status_code == 200 and "n’a pas encore commencé" in contenu
    assert 'value="7"' in contenu
    assert not signe.contrat.declarations.exists()
    assert "n’a pas encore commencé" in client.get(ACTIVITE, {"semaine": prochaine}).content.decode()


def test_une_semaine_passee_se_declare_puis_se_corrige(client, signe):
    client.force_login(signe.personne.user)
    passee = _lundi(-14)
    url = f"{ACTIVITE}?semaine={passee.isoformat()}"
    assert "Semaine du" in client.get(url).content.decode()
    donnees = {"semaine": (passee + datetime.timedelta(days=3)).isoformat()}
    donnees.update({f"heures_{signe.a.pk}": "4", f"heures_{signe.b.pk}": "1"})
    assert client.post(ACTIVITE, donnees).status_code == 302
    donnees[f"heures_{signe.a.pk}"] = "6"
    assert client.post(ACTIVITE, donnees).status_code == 302
    declaration = signe.contrat.declarations.get()
    assert declaration.semaine == passee
    assert declaration.lignes.get(action=signe.a).heures == 6
    assert 'value="6' in client.get(url).content.decode()


def test_seules_les_semaines_depuis_l_acceptation_et_au_plus_douze_se_declarent(client, signe):
    client.force_login(signe.personne.user)
    contenu = client.get(ACTIVITE).content.decode()
    assert contenu.count("<option ") == 5  # this week and the four since the acceptance
    avant = _lundi(-35).isoformat()
    reponse = client.post(ACTIVITE, {"semaine": avant, f"heures_{signe.a.pk}": "1", f"heures_{signe.b.pk}": "1"})
    assert "Cette semaine ne se déclare pas ici" in reponse.content.decode()
    assert not signe.contrat.declarations.exists()
    signe.contrat.versions.update(acceptee_le=timezone.now() - datetime.timedelta(weeks=40))
    assert client.get(ACTIVITE).content.decode().count("<option ") == 12


def test_une_autre_personne_ne_declare_pas_sur_mon_contrat(client, signe):
    autre = PersonneFactory(avec_compte=True, organisme_referent=signe.organisme)
    client.force_login(autre.user)
    contenu = client.get(ACTIVITE).content.decode()
    assert "Formation de cariste" not in contenu
    client.post(ACTIVITE, {"semaine": _lundi().isoformat(), f"heures_{signe.a.pk}": "5", f"heures_{signe.b.pk}": "5"})
    assert not signe.contrat.declarations.exists()


@pytest.mark.parametrize("role", [Role.CONSEILLER, "employeur"])
def test_professionnels_et_employeurs_recoivent_404_sur_l_activite(client, signe, role):
    user = UserFactory(employeur=True) if role == "employeur" else professionnel(signe.organisme, role)
    client.force_login(user)
    assert client.get(ACTIVITE).status_code == 404
    assert client.post(ACTIVITE, {"semaine": _lundi().isoformat()}).status_code == 404


def test_l_activite_a_un_nombre_de_requetes_independant_du_plan(client, django_assert_max_num_queries):
    def contrat_signe(nb):
        s = Situation()
        contrat = s.brouillon()
        for i in range(nb):
            s.ajouter(contrat, "15" if nb == 1 else "0.5", description=f"Action {i}", debut=_lundi(-21))
        contrat = actions.soumettre(contrat, acting_user=s.referent)
        contrat = actions.contresigner(actions.accepter(contrat, acting_user=s.personne.user), acting_user=s.referent)
        return s

    petit, grand = contrat_signe(1), contrat_signe(30)
    semaine = (_lundi() - datetime.timedelta(weeks=1)).isoformat()
    client.force_login(petit.personne.user)
    with CaptureQueriesContext(connection) as ctx:
        client.get(ACTIVITE, {"semaine": semaine})
    client.force_login(grand.personne.user)
    with django_assert_max_num_queries(len(ctx)):
        contenu = client.get(ACTIVITE, {"semaine": semaine}).content.decode()
    assert "Action 29" in contenu


def test_une_revision_montre_ce_qui_change_et_garde_la_version_en_vigueur(client, situation):
    contrat = situation.signe()
    actions.ouvrir_revision(contrat, acting_user=situation.referent, motif="Point d'étape : la formation commence")
    contenu = page(client, situation.personne.user)
    assert "celle ci-dessous reste en vigueur" in contenu and "Mon contrat en vigueur" in contenu
    formation = contrat.actions.get()
    actions.modifier_action(formation, acting_user=situation.referent, heures_hebdo="12")
    situation.ajouter(contrat, "3", description="Atelier d'entretien", porteur=PorteurAction.ORGANISME)
    actions.soumettre(contrat, acting_user=situation.referent)
    contenu = page(client, situation.personne.user)
    assert "Ce qui change par rapport à votre contrat en vigueur" in contenu
    assert "Nouvelle action</strong> — Formation : Atelier d&#x27;entretien" in contenu
    assert "Action modifiée</strong> — Formation : Formation de cariste" in contenu
    assert "heures par semaine : 15 h → 12 h" in contenu
    assert "Lire la version n° 2" in contenu and "n° 1 (en vigueur)" in contenu


def test_l_ore_se_lit_par_noms_de_metiers_et_de_communes(client, situation):
    """Names, not codes: the person reads the jobs and communes of their ORE by name (issue 17); the
    référent reads them by name with the code beside it."""
    fiche = FicheRome.objects.get(code_rome="N1101")
    lille = Commune.objects.get(code_insee="59350")
    contrat = situation.brouillon()
    actions.fixer_ore(contrat, acting_user=situation.referent, metiers=["N1101"], zone="Lille", communes=["59350"])
    situation.ajouter(contrat, "15")
    contrat = actions.soumettre(contrat, acting_user=situation.referent)
    contenu = page(client, situation.personne.user)
    assert fiche.libelle in contenu and f"({lille.nom})" in contenu
    assert "codes ROME" not in contenu and "N1101" not in contenu and "59350" not in contenu
    version = page(client, situation.personne.user, reverse("contrats:version", args=[contrat.derniere_version().pk]))
    assert fiche.libelle in version and "59350" not in version
    pro = page(client, situation.referent, reverse("backoffice:contrat", args=[situation.personne.pk]))
    assert f"{lille.nom} (59350)" in pro and "codes INSEE" not in pro
