"""The README's examples, as a département's software runs them: a token from the token endpoint (client
credentials), then the people newly oriented to the département, then a NIR search."""

import base64

from django.urls import reverse

from francetravail.partenaires.actions import creer_client
from francetravail.reseau.enums import Role
from inscription.models import DossierInscription
from tests.api.personnes.outils import nir_valide, orienter
from tests.factories import OrganisationFactory, PersonneFactory, professionnel


def test_jeton_puis_personnes_orientees_depuis_puis_recherche_nir(client):
    cd = OrganisationFactory(conseil_departemental=True)
    admin = professionnel(cd, Role.ADMIN_ORGANISATION)
    logiciel, secret = creer_client(
        cd,
        nom="Logiciel RSA du Nord",
        role=Role.DECIDEUR_DEPARTEMENTAL,
        portees=["personnes:read", "personnes.nir:read", "orientation:read"],
        acting_user=admin,
    )
    orientee = orienter(PersonneFactory(organisme_referent=None), vers=cd, par=professionnel(OrganisationFactory()))
    DossierInscription.objects.filter(personne_id=orientee.personne_id).update(nir=nir_valide())

    # curl -u "$CLIENT_ID:$SECRET" -d grant_type=client_credentials https://…/api/oauth/token/
    identifiants = base64.b64encode(f"{logiciel.application.client_id}:{secret}".encode()).decode()
    jeton = client.post(
        reverse("api-jeton"), {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {identifiants}"
    ).json()["access_token"]
    porteur = {"HTTP_AUTHORIZATION": f"Bearer {jeton}"}

    # curl -H "Authorization: Bearer $JETON" "https://…/api/v1/personnes/?oriente_depuis=2026-01-01T00:00:00%2B01:00"
    page = client.get(reverse("v1:personne-list"), {"oriente_depuis": "2026-01-01T00:00:00+01:00"}, **porteur)
    assert [p["id"] for p in page.json()["results"]] == [orientee.personne_id]
    assert page.json()["next"] is None

    # curl -H "Authorization: Bearer $JETON" -H "Content-Type: application/json" -d '{"nir": "…"}' …/recherche-nir/
    trouvee = client.post(
        reverse("v1:personne-recherche-nir"), {"nir": nir_valide()}, content_type="application/json", **porteur
    )
    assert [p["id"] for p in trouvee.json()] == [orientee.personne_id]
