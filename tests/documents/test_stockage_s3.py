"""Documents on an S3-compatible object store chosen by configuration, against a real local server
(moto's, started by the test): stored private under a random name, encrypted at rest, downloaded
through the gated view and the access log, never given a URL, swept when orphan."""

import os
import subprocess
import sys
from datetime import timedelta

import boto3
import pytest
from django.core.checks import run_checks
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.base.stockage_s3 import StockagePriveS3
from francetravail.documents import depot, orphelins
from francetravail.documents.enums import NatureDocument
from francetravail.documents.models import Document
from tests.documents.fichiers import pdf_lisible, televerse
from tests.factories import PersonneFactory, professionnel
from tests.s3_local import ServeurS3, python_avec_moto

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(python_avec_moto() is None, reason="moto[server] n'est pas installé (make venv l'installe)"),
]
BUCKET = "pieces-jointes-test"
CLES = {"aws_access_key_id": "cle-de-test", "aws_secret_access_key": "secret-de-test"}


@pytest.fixture(scope="module")
def serveur():
    serveur = ServeurS3().demarrer()
    yield serveur
    serveur.arreter()


@pytest.fixture
def s3(serveur, settings):
    client = boto3.client("s3", endpoint_url=serveur.url, region_name="eu-west-3", **CLES)
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "francetravail.base.stockage_s3.StockagePriveS3",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": serveur.url,
                "region_name": "eu-west-3",
                "access_key": CLES["aws_access_key_id"],
                "secret_key": CLES["aws_secret_access_key"],
                "location": "plateforme",
                "default_acl": "private",
                "file_overwrite": False,
                "object_parameters": {"ServerSideEncryption": "AES256"},
            },
        },
    }
    yield client
    objets = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for objet in objets:
        client.delete_object(Bucket=BUCKET, Key=objet["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_un_document_est_stocke_prive_chiffre_et_lu_par_la_vue(client, s3):
    personne = PersonneFactory(avec_compte=True)
    octets = pdf_lisible()
    document = depot.deposer(
        televerse("justificatif.pdf", octets),
        personne=personne,
        nature=NatureDocument.ABSENCE_EXCUSEE,
        par=personne.user,
    )
    assert isinstance(Document._meta.get_field("fichier").storage._wrapped, StockagePriveS3)
    cle = f"plateforme/{document.fichier.name}"
    objet = s3.get_object(Bucket=BUCKET, Key=cle)
    assert objet["Body"].read() == octets
    assert objet["ServerSideEncryption"] == "AES256"
    acl = s3.get_object_acl(Bucket=BUCKET, Key=cle)
    assert [g["Permission"] for g in acl["Grants"]] == ["FULL_CONTROL"]  # the owner only: no public read
    with pytest.raises(ValueError, match="pas d'adresse publique"):
        document.fichier.url  # noqa: B018

    conseiller = professionnel(organisation=personne.organisme_referent)
    client.force_login(conseiller)
    reponse = client.get(reverse("documents:telecharger", kwargs={"pk": document.pk}))
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == octets
    assert JournalAcces.objects.filter(user=conseiller, partie=PartieDossier.DOCUMENT).count() == 1
    assert not [e for e in run_checks() if e.id == "francetravail.E002"]


def test_le_balayage_des_orphelins_passe_par_le_magasin(s3):
    personne = PersonneFactory(avec_compte=True)
    garde = depot.deposer(televerse(), personne=personne, nature=NatureDocument.ABSENCE_EXCUSEE, par=personne.user)
    orphelin = depot.deposer(televerse(), personne=personne, nature=NatureDocument.ABSENCE_EXCUSEE, par=personne.user)
    nom = orphelin.fichier.name
    Document.objects.filter(pk=orphelin.pk).delete()
    # A store's objects cannot be aged: the sweep is run « tomorrow ».
    assert orphelins.balayer(maintenant=timezone.now() + timedelta(hours=23))["documents"] == 0
    assert orphelins.balayer(maintenant=timezone.now() + timedelta(hours=25))["documents"] == 1
    cles = {o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert cles == {f"plateforme/{garde.fichier.name}"}
    assert f"plateforme/{nom}" not in cles


def test_la_configuration_choisit_le_magasin_s3_par_l_environnement():
    code = "from django.conf import settings; import django; django.setup(); print(settings.STORAGES['default'])"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "francetravail.settings.test",
        "STOCKAGE_S3_BUCKET": "documents-prod",
        "STOCKAGE_S3_ENDPOINT": "http://127.0.0.1:9",
        "STOCKAGE_S3_REGION": "fr-par",
        "STOCKAGE_S3_CHIFFREMENT": "",
    }
    sortie = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert "StockagePriveS3" in sortie and "'bucket_name': 'documents-prod'" in sortie
    assert "'default_acl': 'private'" in sortie and "object_parameters" not in sortie
    sans = {k: v for k, v in env.items() if not k.startswith("STOCKAGE_S3_")}
    sortie = subprocess.run([sys.executable, "-c", code], env=sans, capture_output=True, text=True, check=True).stdout
    assert "francetravail.base.stockage.StockagePrive'" in sortie
