"""The demo's partner API: the Nord's RSA software gets a token with the credentials `make run` prints,
reads the people the département follows, and the admin's subscription has a delivered and a failed
delivery."""

import base64
import io

from django.core.management import call_command
from django.urls import reverse

from demo.api import CLIENT_ID_DEMO, SECRET_CLIENT_DEMO
from francetravail.partenaires.enums import StatutLivraison
from francetravail.partenaires.models import ClientAPI, LivraisonWebhook


def test_les_identifiants_imprimes_donnent_un_jeton_qui_lit_les_personnes_du_departement(demo_chargee, client):
    sortie = io.StringIO()
    call_command("demo_logins", stdout=sortie)
    assert CLIENT_ID_DEMO in sortie.getvalue() and SECRET_CLIENT_DEMO in sortie.getvalue()

    identifiants = base64.b64encode(f"{CLIENT_ID_DEMO}:{SECRET_CLIENT_DEMO}".encode()).decode()
    reponse = client.post(
        reverse("api-jeton"), {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {identifiants}"
    )
    assert reponse.status_code == 200, reponse.content
    lecture = client.get(reverse("v1:personne-list"), HTTP_AUTHORIZATION=f"Bearer {reponse.json()['access_token']}")
    assert lecture.status_code == 200
    assert lecture.json()["results"]


def test_le_secret_n_est_garde_que_hache(demo_chargee):
    client = ClientAPI.objects.select_related("application").get(application__client_id=CLIENT_ID_DEMO)
    assert SECRET_CLIENT_DEMO not in client.application.client_secret


def test_l_abonnement_du_departement_a_une_livraison_reussie_et_une_en_echec(demo_chargee):
    client = ClientAPI.objects.get(application__client_id=CLIENT_ID_DEMO)
    statuts = sorted(
        LivraisonWebhook.objects.filter(abonnement__organisation=client.organisation).values_list("statut", flat=True)
    )
    assert statuts == sorted([StatutLivraison.LIVREE, StatutLivraison.ECHEC])


def test_chaque_adresse_electronique_de_la_demo_est_valide(demo_chargee):
    # schemathesis found « inès.leroux@exemple.fr » in the API's answers: not an e-mail address (the schema's
    # « format: email »), which a partner's software would reject.
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from francetravail.comptes.models import User
    from francetravail.personnes.models import Personne

    invalides = []
    for email in [*Personne.objects.values_list("email", flat=True), *User.objects.values_list("email", flat=True)]:
        if email:
            try:
                validate_email(email)
            except ValidationError:
                invalides.append(email)
    assert not invalides
