"""The permission matrix's situations through the API and through the pages: they must agree.

Each role of an organisation (as on the site: a professional with that membership; as a partner's
software: an API client of the same organisation acting with that role) reads each person of the
matrix's situations: followed by the organisation, by the département's conseil départemental, by a
Mission locale that invited the organisation into the file (accepted), by nobody yet (awaiting
orientation), only invited (proposed, not accepted), and in another département. The person page
(``backoffice:fiche_personne``), the API's person (``/api/v1/personnes/{id}/``) and the API's list must
show the same people and refuse the same people, because they go through the same gate
(``francetravail/personnes/acces.py``). Refused reads leave the access log unchanged.
"""

import pytest
from django.test import Client
from django.urls import reverse

from francetravail.audit.models import JournalAcces
from francetravail.personnes.actions import accepter, inviter
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, commune, professionnel
from tests.partenaires.factories import appelant, client_api

# (organisation key, role): every role an API client may act with (portees.ROLES_CLIENT), in each kind of
# organisation of the matrix.
ACTEURS = [
    ("agence", Role.CONSEILLER),
    ("agence", Role.MEDIATEUR),
    ("agence", Role.RESPONSABLE_EQUIPE),
    ("agence", Role.ADMIN_ORGANISATION),
    ("cd", Role.TRAVAILLEUR_SOCIAL),
    ("cd", Role.DECIDEUR_DEPARTEMENTAL),
    ("cd", Role.EQUIPE_PLURIDISCIPLINAIRE),
    ("cd", Role.ADMIN_ORGANISATION),
    ("ml", Role.CONSEILLER),
    ("ailleurs", Role.CONSEILLER),
]

# Who sees whom, as the gate's rules say (acces.py's docstring): written out so that the agreement of
# the three reads cannot hide a gate that refuses (or opens) everything.
ATTENDU = {
    ("agence", Role.CONSEILLER): {"suivie_agence", "impliquee_agence", "sans_referent"},
    ("agence", Role.MEDIATEUR): {"impliquee_agence"},
    ("agence", Role.RESPONSABLE_EQUIPE): {"suivie_agence"},
    ("agence", Role.ADMIN_ORGANISATION): set(),
    ("cd", Role.TRAVAILLEUR_SOCIAL): {"suivie_cd"},
    ("cd", Role.DECIDEUR_DEPARTEMENTAL): {
        "suivie_agence", "suivie_cd", "impliquee_agence", "sans_referent", "invitee_seulement",
    },
    ("cd", Role.EQUIPE_PLURIDISCIPLINAIRE): {
        "suivie_agence", "suivie_cd", "impliquee_agence", "sans_referent", "invitee_seulement",
    },
    ("cd", Role.ADMIN_ORGANISATION): set(),
    ("ml", Role.CONSEILLER): {"impliquee_agence", "invitee_seulement"},
    ("ailleurs", Role.CONSEILLER): {"autre_departement"},
}  # fmt: skip


@pytest.fixture
def situations():
    orgs = {
        "agence": OrganisationFactory(departement_id="59"),
        "cd": OrganisationFactory(conseil_departemental=True, departement_id="59"),
        "ml": OrganisationFactory(mission_locale=True, departement_id="59"),
        "ailleurs": OrganisationFactory(departement_id="62"),
    }
    personnes = {
        "suivie_agence": PersonneFactory(organisme_referent=orgs["agence"]),
        "suivie_cd": PersonneFactory(organisme_referent=orgs["cd"]),
        "impliquee_agence": PersonneFactory(organisme_referent=orgs["ml"]),
        "invitee_seulement": PersonneFactory(organisme_referent=orgs["ml"]),
        "sans_referent": PersonneFactory(organisme_referent=None),
        "autre_departement": PersonneFactory(organisme_referent=orgs["ailleurs"], commune=commune("62041")),
    }
    assert personnes["autre_departement"].departement_id == "62"
    conseiller_ml = professionnel(orgs["ml"], Role.CONSEILLER)
    conseiller_agence = professionnel(orgs["agence"], Role.CONSEILLER)
    for cle in ("impliquee_agence", "invitee_seulement"):
        implication = inviter(
            personnes[cle], acting_user=conseiller_ml, organisation=orgs["agence"], role="co_referent", motif="Matrice"
        )
        if cle == "impliquee_agence":
            accepter(implication, acting_user=conseiller_agence)
    return orgs, personnes


def _vues_par_les_pages(user, personnes):
    client = Client()
    client.force_login(user)
    vues = set()
    for cle, personne in personnes.items():
        status = client.get(reverse("backoffice:fiche_personne", args=[personne.pk])).status_code
        assert status in (200, 404), (cle, status)
        if status == 200:
            vues.add(cle)
    return vues


def _vues_par_l_api(api, personnes):
    vues = set()
    for cle, personne in personnes.items():
        reponse = api.get(reverse("v1:personne-detail", args=[personne.pk]))
        assert reponse.status_code in (200, 403, 404), (cle, reponse.status_code)
        assert reponse.status_code != 403 or not vues, "403 pour un rôle qui lit d'autres dossiers"
        if reponse.status_code == 200:
            vues.add(cle)
    return vues


def _liste_de_l_api(api, personnes):
    reponse = api.get(reverse("v1:personne-list"), {"taille": 500})
    if reponse.status_code == 403:  # not a role that works files: no list at all, as on the site
        return set()
    assert reponse.status_code == 200
    par_id = {personne.pk: cle for cle, personne in personnes.items()}
    return {par_id[ligne["id"]] for ligne in reponse.json()["results"] if ligne["id"] in par_id}


@pytest.mark.parametrize(("organisation", "role"), ACTEURS, ids=[f"{o}-{r}" for o, r in ACTEURS])
def test_l_api_et_les_pages_voient_et_refusent_les_memes_personnes(situations, organisation, role):
    orgs, personnes = situations
    pages = _vues_par_les_pages(professionnel(orgs[organisation], role), personnes)
    logiciel = client_api(orgs[organisation], role=role, portees=["personnes:read"])
    api = appelant(logiciel)

    avant = JournalAcces.objects.filter(user=logiciel.compte).count()
    detail = _vues_par_l_api(api, personnes)
    # One line per person read through the API, none for a refused read.
    assert JournalAcces.objects.filter(user=logiciel.compte).count() - avant == len(detail)
    liste = _liste_de_l_api(api, personnes)

    assert pages == ATTENDU[(organisation, role)]
    assert detail == pages
    assert liste == pages
