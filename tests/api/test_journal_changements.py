"""The API's changelog page: public, linked from the docs and the site's footer, its latest entry the
schema's version, and every resource of /api/v1/ named in it and described in the documentation."""

import json

from django.urls import reverse

from francetravail.api import router_v1
from francetravail.api_versions import DERNIERE, VERSIONS
from francetravail.reseau.enums import Role
from tests.factories import professionnel


def _schema(client):
    return json.loads(client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").content)


def test_page_publique_avec_les_versions_et_l_engagement_de_stabilite(client):
    reponse = client.get(reverse("api-changelog"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Journal des changements de l’API" in contenu
    for version in VERSIONS:
        assert f"Version {version.numero}" in contenu
    assert "<code>/api/v1/</code> est stable" in contenu
    assert "<code>/api/v2/</code>" in contenu
    assert "au moins 12 mois" in contenu


def test_page_ouverte_aussi_a_un_professionnel_connecte(client):
    client.force_login(professionnel(role=Role.CONSEILLER))
    assert client.get(reverse("api-changelog")).status_code == 200


def test_version_du_schema_est_la_derniere_du_journal(client):
    assert _schema(client)["info"]["version"] == DERNIERE.numero
    assert VERSIONS[0] == max(VERSIONS, key=lambda v: tuple(int(n) for n in v.numero.split(".")))


def test_lien_depuis_la_documentation_et_le_pied_de_page(client):
    assert reverse("api-changelog") in _schema(client)["info"]["description"]
    assert f'href="{reverse("api-changelog")}"' in client.get(reverse("pages:accueil")).content.decode()


def test_chaque_ressource_de_v1_est_dans_le_journal_et_decrite(client):
    schema = _schema(client)
    decrites = {etiquette["name"]: etiquette.get("description") for etiquette in schema["tags"]}
    textes = " ".join(changement for version in VERSIONS for changement in version.changements)
    for prefixe, _viewset, _basename in router_v1.registry:
        ressource = prefixe.split("/")[0]
        assert f"/api/v1/{ressource}/" in textes, f"{ressource} absente du journal des changements"
        assert decrites.get(ressource), f"{ressource} sans description (francetravail/api_schema.py, ETIQUETTES)"
