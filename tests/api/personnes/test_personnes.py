"""The people API as a partner's software uses it: filters, a stable cursor, the NIR search, the registration."""

import datetime
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from francetravail.audit.enums import Canal, PartieDossier, TypeEvenement
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from inscription.enums import EtatDroitRSA, StatutInscription
from inscription.models import DossierInscription, DroitRSA, FoyerRSA
from orientation.models import DecisionOrientation
from tests.api.personnes.outils import nir_valide, orienter
from tests.factories import OrganisationFactory, PersonneFactory, commune, professionnel
from tests.inscription.factories import dossier_complet
from tests.partenaires.factories import appelant, client_api

LISTE = reverse("v1:personne-list")
NIR = reverse("v1:personne-recherche-nir")


def _ids(reponse):
    assert reponse.status_code == 200, reponse.content
    return [p["id"] for p in reponse.json()["results"]]


# --- Filters ----------------------------------------------------------------------------------------------


def test_filtres_d_identite_et_de_lieu():
    agence = OrganisationFactory()
    api = appelant(client_api(agence))
    helene = PersonneFactory(
        organisme_referent=agence, nom_naissance="Lefèvre", prenoms="Hélène Marie", date_naissance="1990-05-04"
    )
    usage = PersonneFactory(organisme_referent=agence, nom_naissance="Durand", nom_usage="Lefevre", prenoms="Paul")
    autre = PersonneFactory(organisme_referent=agence, nom_naissance="Martin", commune=commune("62041"))
    PersonneFactory(nom_naissance="Lefèvre")  # another organisation's: never listed, whatever the filter

    assert _ids(api.get(LISTE, {"nom": "LEFEVRE"})) == [helene.pk, usage.pk]
    assert _ids(api.get(LISTE, {"nom": "lefèvre", "prenom": "marie"})) == [helene.pk]
    assert _ids(api.get(LISTE, {"prenom": "hel"})) == [helene.pk]
    assert _ids(api.get(LISTE, {"date_naissance": "1990-05-04"})) == [helene.pk]
    assert _ids(api.get(LISTE, {"commune": "62041"})) == [autre.pk]
    assert _ids(api.get(LISTE, {"departement": "62"})) == [autre.pk]
    assert _ids(api.get(LISTE, {"organisme_referent": agence.pk})) == [helene.pk, usage.pk, autre.pk]
    assert _ids(api.get(LISTE, {"organisme_referent": agence.pk + 1000})) == []


def test_date_mal_formee_400_au_format_probleme():
    reponse = appelant(client_api()).get(LISTE, {"date_naissance": "1990-13-45"})
    assert reponse.status_code == 400
    assert reponse["Content-Type"] == "application/problem+json"
    assert "date_naissance" in reponse.json()["erreurs"]


BORNE = datetime.datetime(2026, 3, 1, 10, 0, 0, tzinfo=datetime.UTC)
SECONDE = timedelta(seconds=1)


def test_modifie_depuis_des_deux_cotes_de_la_borne():
    agence = OrganisationFactory()
    api = appelant(client_api(agence))
    avant, pile = PersonneFactory.create_batch(2, organisme_referent=agence)
    Personne.objects.filter(pk=avant.pk).update(updated_at=BORNE - SECONDE)
    Personne.objects.filter(pk=pile.pk).update(updated_at=BORNE)
    assert _ids(api.get(LISTE, {"modifie_depuis": "2026-03-01T10:00:00Z"})) == [pile.pk]
    assert _ids(api.get(LISTE, {"modifie_depuis": "2026-03-01T09:59:59Z"})) == [avant.pk, pile.pk]


def test_oriente_depuis_les_personnes_orientees_vers_l_organisation_de_l_appelant():
    """A département's software pulls the people newly oriented to its conseil départemental."""
    cd = OrganisationFactory(conseil_departemental=True)
    agence = OrganisationFactory()
    conseiller = professionnel(agence)
    logiciel = appelant(client_api(cd, role=Role.DECIDEUR_DEPARTEMENTAL))
    ancienne, nouvelle, vers_l_agence = (
        orienter(PersonneFactory(organisme_referent=None), vers=vers, par=conseiller) for vers in (cd, cd, agence)
    )
    DecisionOrientation.objects.filter(pk=ancienne.pk).update(decidee_le=BORNE - SECONDE)
    DecisionOrientation.objects.filter(pk__in=[nouvelle.pk, vers_l_agence.pk]).update(decidee_le=BORNE)
    PersonneFactory(organisme_referent=None)  # of the Nord, read by the département, not oriented

    assert _ids(logiciel.get(LISTE, {"oriente_depuis": "2026-03-01T10:00:00Z"})) == [nouvelle.personne_id]
    assert _ids(logiciel.get(LISTE, {"oriente_depuis": "2026-03-01T09:59:59Z"})) == [
        ancienne.personne_id,
        nouvelle.personne_id,
    ]
    # The agency's own software sees the one oriented to it.
    assert _ids(appelant(client_api(agence)).get(LISTE, {"oriente_depuis": "2026-03-01T00:00:00Z"})) == [
        vers_l_agence.personne_id
    ]


def test_le_curseur_ne_saute_ni_ne_repete_personne_quand_on_en_ajoute():
    agence = OrganisationFactory()
    api = appelant(client_api(agence))
    premieres = PersonneFactory.create_batch(3, organisme_referent=agence, nom_naissance="Zola")
    page = api.get(LISTE, {"taille": 2}).json()
    assert [p["id"] for p in page["results"]] == [p.pk for p in premieres[:2]]
    # Added meanwhile, with a name that sorts first: it comes after, at its place in creation order.
    ajoutee = PersonneFactory(organisme_referent=agence, nom_naissance="Abel")
    suite = api.get(page["next"]).json()
    assert [p["id"] for p in suite["results"]] == [premieres[2].pk, ajoutee.pk]


def test_la_liste_filtree_a_un_nombre_de_requetes_fixe(django_assert_max_num_queries):
    agence = OrganisationFactory()
    api = appelant(client_api(agence))
    PersonneFactory.create_batch(2, organisme_referent=agence)
    with django_assert_max_num_queries(16) as avec_deux:
        assert len(_ids(api.get(LISTE, {"oriente_depuis": "2020-01-01T00:00:00Z", "nom": "x"}))) == 0
        assert len(_ids(api.get(LISTE))) == 2
    PersonneFactory.create_batch(30, organisme_referent=agence)
    with django_assert_max_num_queries(len(avec_deux.captured_queries)):
        assert len(_ids(api.get(LISTE, {"oriente_depuis": "2020-01-01T00:00:00Z", "nom": "x"}))) == 0
        assert len(_ids(api.get(LISTE))) == 32


# --- The NIR search ---------------------------------------------------------------------------------------


@pytest.fixture
def agence():
    return OrganisationFactory()


@pytest.fixture
def connue(agence):
    personne = PersonneFactory(organisme_referent=agence, date_naissance=datetime.date(1985, 1, 1))
    DossierInscription.objects.create(personne=personne, nir=nir_valide(), canal="guichet")
    return personne


def test_recherche_nir_renvoie_la_personne_sans_son_nir_et_la_journalise(agence, connue):
    logiciel = client_api(agence)
    reponse = appelant(logiciel).post(NIR, {"nir": "1 85 01 59 350 123 " + nir_valide()[-2:]}, format="json")

    assert reponse.status_code == 200, reponse.content
    assert [p["id"] for p in reponse.json()] == [connue.pk]
    assert nir_valide() not in reponse.content.decode()
    assert "nir" not in reponse.json()[0]
    ligne = JournalAcces.objects.get(personne=connue)
    assert (ligne.user_id, ligne.organisation_id, ligne.partie, ligne.canal) == (
        logiciel.compte_id,
        agence.pk,
        PartieDossier.IDENTITE,
        Canal.API,
    )
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.RECHERCHE_NATIONALE)
    assert evenement.acting_user_id == logiciel.compte_id
    assert evenement.data["nb_resultats"] == 1
    assert nir_valide() not in str(evenement.data)


def test_recherche_nir_hors_perimetre_ou_inconnue_liste_vide_sans_journal(agence, connue):
    autre = appelant(client_api(OrganisationFactory(departement_id="62")))
    assert autre.post(NIR, {"nir": nir_valide()}, format="json").json() == []
    assert appelant(client_api(agence)).post(NIR, {"nir": nir_valide("2850159350123")}, format="json").json() == []
    assert not JournalAcces.objects.exists()
    assert list(
        AuditEvent.objects.filter(event_type=TypeEvenement.RECHERCHE_NATIONALE).values_list("data__nb_resultats")
    ) == [(0,), (0,)]


def test_recherche_nir_invalide_400_avec_le_champ(agence, connue):
    reponse = appelant(client_api(agence)).post(NIR, {"nir": nir_valide()[:-2] + "00"}, format="json")
    assert reponse.status_code == 400
    assert reponse["Content-Type"] == "application/problem+json"
    assert "nir" in reponse.json()["erreurs"]
    assert not JournalAcces.objects.exists()


def test_recherche_nir_exige_sa_portee(agence, connue):
    logiciel = client_api(agence)
    assert (
        appelant(logiciel, portees=["personnes:read"]).post(NIR, {"nir": nir_valide()}, format="json").status_code
        == 403
    )
    assert not JournalAcces.objects.exists()
    assert (
        appelant(logiciel, portees=["personnes.nir:read"]).post(NIR, {"nir": nir_valide()}, format="json").status_code
        == 200
    )


@pytest.mark.parametrize(
    ("role", "attendu"), [(Role.MEDIATEUR, 403), (Role.RESPONSABLE_EQUIPE, 403), (Role.CONSEILLER, 200)]
)
def test_recherche_nir_pour_les_roles_de_la_recherche_des_pages(agence, connue, role, attendu):
    """The scope is never given to these roles; a session (no scope) meets the role rule of the search page."""
    session = APIClient()
    session.force_login(professionnel(agence, role))
    assert session.post(NIR, {"nir": nir_valide()}, format="json").status_code == attendu


def test_le_nir_ne_passe_jamais_par_l_adresse(agence, connue):
    api = appelant(client_api(agence))
    assert api.get(NIR, {"nir": nir_valide()}).status_code == 405
    assert not JournalAcces.objects.exists()


# --- Registration and RSA right ---------------------------------------------------------------------------


def _inscription(personne):
    return reverse("v1:inscription-list", kwargs={"personne_pk": personne.pk})


def test_inscription_et_droit_rsa_journalises_comme_la_fiche(agence):
    personne = PersonneFactory(organisme_referent=agence)
    dossier_complet(personne, nir=nir_valide())
    foyer = FoyerRSA.objects.create(
        organisme_payeur="CAF",
        numero_allocataire="5900001",
        departement_id="59",
        etat=EtatDroitRSA.OUVERT,
        etat_depuis=datetime.date(2026, 1, 5),
        date_flux=timezone.now(),
    )
    DroitRSA.objects.create(
        personne=personne,
        organisme_payeur="CAF",
        numero_allocataire="5900001",
        role="demandeur",
        date_ouverture=datetime.date(2026, 1, 5),
        foyer=foyer,
    )
    logiciel = client_api(agence)

    reponse = appelant(logiciel).get(_inscription(personne))

    assert reponse.status_code == 200, reponse.content
    corps = reponse.json()
    assert corps["personne"] == personne.pk
    assert corps["inscription"]["statut"] == StatutInscription.INSCRIT
    assert corps["inscription"]["statut_libelle"] == "Inscrit"
    assert corps["inscription"]["canal_libelle"].startswith("Au guichet")
    assert corps["droit_rsa"]["etat"] == EtatDroitRSA.OUVERT
    assert corps["droit_rsa"]["etat_libelle"]
    assert nir_valide() not in reponse.content.decode()
    ligne = JournalAcces.objects.get(personne=personne)
    assert (ligne.user_id, ligne.partie, ligne.canal) == (logiciel.compte_id, PartieDossier.SYNTHESE, Canal.API)


def test_inscription_sans_dossier_ni_droit(agence):
    personne = PersonneFactory(organisme_referent=agence)
    corps = appelant(client_api(agence)).get(_inscription(personne)).json()
    assert corps == {"personne": personne.pk, "inscription": None, "droit_rsa": None}


def test_inscription_d_une_personne_d_une_autre_organisation_404_comme_inconnue(agence):
    ailleurs = PersonneFactory(organisme_referent=OrganisationFactory(departement_id="62"))
    api = appelant(client_api(agence))
    assert api.get(_inscription(ailleurs)).status_code == 404
    assert (
        api.get(
            reverse("v1:inscription-list", kwargs={"personne_pk": Personne.objects.order_by("-pk")[0].pk + 1})
        ).status_code
        == 404
    )
    assert not JournalAcces.objects.exists()


def test_inscription_refusee_sans_portee_ou_avec_un_jeton_expire(agence):
    personne = PersonneFactory(organisme_referent=agence)
    logiciel = client_api(agence, portees=["personnes:read", "orientation:read"])
    assert appelant(logiciel, portees=["orientation:read"]).get(_inscription(personne)).status_code == 403
    assert appelant(logiciel, expire_dans=timedelta(seconds=-1)).get(_inscription(personne)).status_code == 401
    assert APIClient().get(_inscription(personne)).status_code in (401, 403)
    assert not JournalAcces.objects.exists()
