"""The scans stored before issue 21 (``ContratEngagement.signature_papier``) become documents: the data
migration moves each one as it is (same stored file), attached to the version signed on paper, with its
size, its SHA-256 and who recorded it; the download then serves it through the documents' gate."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from contrats.models import VersionContrat
from contrats.queries import scan_papier
from francetravail.documents.enums import NatureDocument
from francetravail.documents.models import Document
from tests.contrats.factories import Situation
from tests.fichiers import pdf_lisible

AVANT = [("contrats", "0008_version_gabarit_document")]
APRES = [("contrats", "0009_scan_papier_en_document")]


@pytest.mark.django_db
def test_le_scan_d_avant_devient_un_document_de_la_version_signee(client):
    s = Situation()
    contrat = s.signe()
    version = contrat.version_en_vigueur
    # As a paper signature recorded it before: the attestation names the paper channel and the scan's hash.
    octets = pdf_lisible()
    empreinte = hashlib.sha256(octets).hexdigest()
    attestation = {**version.attestation, "acceptation": {**version.attestation["acceptation"], "canal": "papier"}}
    attestation["acceptation"]["scan_empreinte"] = empreinte
    VersionContrat.objects.filter(pk=version.pk).update(attestation=attestation)
    nom = default_storage.save("contrats/signatures/ab/0123456789abcdef0123456789abcdef.pdf", ContentFile(octets))
    with connection.cursor() as curseur:
        curseur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate(AVANT)
    try:
        anciennes = executor.loader.project_state(AVANT).apps
        Ancien = anciennes.get_model("contrats", "ContratEngagement")
        Ancien.objects.filter(pk=contrat.pk).update(signature_papier=nom)
        with connection.cursor() as curseur:
            curseur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(APRES)
    document = Document.objects.get(personne=s.personne)
    assert document == scan_papier(version)
    assert (document.nature, document.fichier.name, document.taille, document.empreinte) == (
        NatureDocument.SIGNATURE_PAPIER,
        nom,
        len(octets),
        empreinte,
    )
    assert (document.depose_par, document.type_fichier, document.nom) == (
        s.referent,
        "application/pdf",
        f"contrat-engagement-{contrat.pk}-signature-papier.pdf",
    )
    client.force_login(s.referent)
    reponse = client.get(reverse("documents:telecharger", kwargs={"pk": document.pk}))
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == octets
