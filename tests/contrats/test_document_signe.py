"""The signed copy of a contract's version: who accepted and how, who countersigned, when (Europe/Paris),
the version's hash; it is the document served from the acceptance on, and the re-drive sweep remakes it."""

import datetime
import hashlib
import io
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone
from pypdf import PdfReader

from contrats import actions, regles
from contrats.document import assurer_document_signe, empreinte, rendre_pdf
from contrats.models import ContratEngagement, VersionContrat
from francetravail.base import relances
from tests import fichiers
from tests.contrats.factories import Situation

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def texte(octets):
    """The PDF's text on one line (line breaks and repeated spaces as one space)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(octets)).pages).split())


def lu(fichier):
    with fichier.open("rb") as f:
        return f.read()


def version_de(contrat):
    return VersionContrat.objects.get(pk=ContratEngagement.objects.get(pk=contrat.pk).version_acceptee_id)


def a_paris(moment):
    """How the document prints a time: in Europe/Paris, « 5 décembre 2026 à 14:03 »."""
    return dateformat.format(moment.astimezone(PARIS), "j F Y à H:i")


def _situation():
    s = Situation(prenoms="Amélie", nom_naissance="Poulain")
    s.referent.first_name, s.referent.last_name = "Camille", "Durand"
    s.referent.save()
    return s


def test_l_exemplaire_signe_porte_l_acceptation_puis_le_contreseing_et_c_est_lui_qui_est_servi(client):
    s = _situation()
    contrat = s.soumis()
    version = contrat.derniere_version()
    client.force_login(s.personne.user)
    url_personne = reverse("contrats:version_pdf", args=[version.pk])
    avant = client.get(url_personne).content
    assert "A accepté le contrat" not in texte(avant)

    # The person accepts online: the document served is now the signed copy, with the acceptance.
    contrat = actions.accepter(contrat, acting_user=s.personne.user)
    version = version_de(contrat)
    accepte = client.get(url_personne)
    assert (
        'filename="contrat-engagement-' in accepte["Content-Disposition"]
        and "-signe.pdf" in accepte["Content-Disposition"]
    )
    lisible = texte(accepte.content)
    assert accepte.content != avant
    assert "Amélie POULAIN" in lisible
    assert (
        f"A accepté le contrat en ligne, depuis son espace personnel, le {a_paris(contrat.accepte_le)} (heure de Paris)"
        in lisible
    )
    assert "Contreseing en attente" in lisible
    version = VersionContrat.objects.get(pk=version.pk)
    assert empreinte(accepte.content) == version.document_signe_empreinte
    assert version.document_empreinte == empreinte(avant) == contrat.empreinte_document_acceptee  # kept
    assert lu(version.document) == avant
    premier_exemplaire = version.document_signe.name

    # The référent countersigns: the signed copy is made again, with both signatures.
    contrat = actions.contresigner(contrat, acting_user=s.referent)
    version = VersionContrat.objects.get(pk=version.pk)
    assert not version.document_signe  # remade on first read (or by the worker after the commit)
    signe = client.get(url_personne).content
    lisible = texte(signe)
    assert "Exemplaire signé de la version 1" in lisible
    assert f"Camille Durand, {s.organisme.nom}" in lisible
    assert (
        f"A contresigné en ligne, depuis son espace professionnel, le {a_paris(contrat.signe_le)} (heure de Paris)"
        in lisible
    )
    assert f"le {a_paris(contrat.accepte_le)} (heure de Paris)" in lisible
    version = VersionContrat.objects.get(pk=version.pk)
    assert version.document_signe.name != premier_exemplaire
    assert empreinte(signe) == version.document_signe_empreinte
    # The référent's download serves the same signed copy.
    client.force_login(s.referent)
    pro = client.get(reverse("backoffice:contrat_version_pdf", args=[s.personne.pk, version.pk])).content
    assert pro == signe
    # The « à accepter » document is still there, unchanged, and its hash is printed on the signed copy.
    assert lu(version.document) == avant
    assert version.document_empreinte in lisible


def test_l_empreinte_imprimee_est_celle_du_contenu_fige():
    s = _situation()
    contrat = actions.contresigner(s.accepte(), acting_user=s.referent)
    version = VersionContrat.objects.get(pk=contrat.version_en_vigueur_id)
    lisible = texte(rendre_pdf(version, signe=True))
    imprimee = re.search(r"JSON canonique : clés triées, sans espaces, UTF-8\) : ([0-9a-f]{64})", lisible).group(1)
    # Recomputed by hand from the frozen content, as the document says.
    canonique = __import__("json").dumps(version.contenu, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert imprimee == hashlib.sha256(canonique.encode("utf-8")).hexdigest() == regles.empreinte(version.contenu)
    assert imprimee == version.empreinte == contrat.empreinte_acceptee


def test_les_heures_sont_celles_de_paris():
    """An acceptance at 23:30 UTC in winter is printed the next day at 00:30 (Europe/Paris)."""
    s = _situation()
    contrat = s.accepte()
    version = version_de(contrat)
    tard = datetime.datetime(2026, 1, 14, 23, 30, tzinfo=datetime.UTC)
    version.attestation["acceptation"]["le"] = tard.isoformat()
    VersionContrat.objects.filter(pk=version.pk).update(attestation=version.attestation)
    lisible = texte(rendre_pdf(VersionContrat.objects.get(pk=version.pk), signe=True))
    assert "le 15 janvier 2026 à 00:30 (heure de Paris)" in lisible


def test_la_signature_papier_porte_le_canal_et_l_empreinte_du_scan():
    s = _situation()
    contrat = s.brouillon()
    s.ajouter(contrat, "15")
    scan = fichiers.scan()
    octets_scan = scan.read()
    scan.seek(0)
    contrat = actions.enregistrer_signature_papier(contrat, acting_user=s.referent, scan=scan)
    version = VersionContrat.objects.get(pk=contrat.version_en_vigueur_id)
    assert version.document_empreinte  # the document printed and signed at the desk, made at once
    lisible = texte(assurer_document_signe(version).document_signe.open("rb").read())
    assert "A signé le contrat sur papier au guichet" in lisible
    assert hashlib.sha256(octets_scan).hexdigest() in lisible
    assert version.attestation["acceptation"]["scan_empreinte"] == hashlib.sha256(octets_scan).hexdigest()
    assert "A contresigné au guichet en enregistrant la signature sur papier" in lisible
    assert f"Camille Durand, {s.organisme.nom}" in lisible
    assert version.empreinte in lisible


def test_une_revision_ne_touche_pas_l_exemplaire_signe_de_la_version_precedente():
    s = _situation()
    contrat = actions.contresigner(s.accepte(), acting_user=s.referent)
    v1 = VersionContrat.objects.get(pk=contrat.version_en_vigueur_id)
    exemplaire_v1 = rendre_pdf(v1, signe=True)
    contrat = actions.ouvrir_revision(contrat, acting_user=s.referent, motif="Point d'étape")
    contrat = actions.soumettre(contrat, acting_user=s.referent)
    contrat = actions.contresigner(actions.accepter(contrat, acting_user=s.personne.user), acting_user=s.referent)
    v2 = VersionContrat.objects.get(pk=contrat.version_en_vigueur_id)
    assert v2.numero == 2 and v2.attestation["contreseing"]
    assert rendre_pdf(VersionContrat.objects.get(pk=v1.pk), signe=True) == exemplaire_v1


def test_la_relance_refait_l_exemplaire_signe_perdu(settings, taches_immediates):
    settings.DOCUMENTS_DELAI_RELANCE = 600
    maintenant = timezone.now()
    s = _situation()
    # Accepted and countersigned, the on-commit task never ran: no signed copy stored.
    contrat = actions.contresigner(s.accepte(), acting_user=s.referent)
    version = VersionContrat.objects.get(pk=contrat.version_en_vigueur_id)
    assert version.document and not version.document_signe
    VersionContrat.objects.filter(pk=version.pk).update(
        created_at=maintenant - datetime.timedelta(seconds=3600),
        attestation_le=maintenant - datetime.timedelta(seconds=599),
    )
    assert relances.relancer_documents(maintenant=maintenant) == {}  # the normal path still has its time
    VersionContrat.objects.filter(pk=version.pk).update(attestation_le=maintenant - datetime.timedelta(seconds=601))
    assert relances.relancer_documents(maintenant=maintenant) == {"contrats.VersionContrat": 1}
    version = VersionContrat.objects.get(pk=version.pk)
    assert version.document_signe and empreinte(lu(version.document_signe)) == version.document_signe_empreinte
    assert "Exemplaire signé de la version 1" in texte(lu(version.document_signe))
    assert relances.relancer_documents(maintenant=maintenant) == {}
