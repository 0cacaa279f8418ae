"""The document's template is versioned (``VersionContrat.version_gabarit``): a signed PDF is proved by its
bytes, so a version is always re-rendered with the template it was first rendered with.

Version 1 (every version made before the template was versioned) prints the ORE's jobs and communes as
codes, and its re-render stays byte-identical to the stored document: its template is the one before
versioning, byte for byte (the hash below), and a render is deterministic. The PDF's own hash is not
compared here: it depends on the machine's fonts and WeasyPrint's version, which CI may not share; version 2, the one new versions get, prints their names, frozen in
the version's content when it is submitted (no database read at render time: a later COG or ROME update
changes no document).
"""

import datetime
import hashlib
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from contrats import actions
from contrats.document import GABARITS, empreinte, rendre_pdf
from contrats.models import VersionContrat
from tests.contrats.factories import Situation

pytestmark = pytest.mark.django_db

# A version 1 as stored before the template was versioned: fixed content, number, hash and time.
CONTENU_V1 = {
    "contrat": 4242,
    "date": "2026-03-02",
    "personne": {"nom": "Durand", "prenoms": "Camille", "date_naissance": "1980-05-17"},
    "mention_jeunes": False,
    "parcours": "professionnel",
    "parcours_libelle": "Parcours professionnel",
    "organisme": "Agence France Travail Lille Centre",
    "operateur": {
        "nom": "Agence France Travail Lille Centre",
        "type": "agence_ft",
        "type_libelle": "Agence France Travail",
        "siret": "13000548100010",
    },
    "territoire": {"code": "59", "nom": "Nord"},
    "referent": "Jeanne Martin",
    "echeance_signature": "2026-04-02",
    "socle": {
        "version": 1,
        "publie_le": "2026-01-01",
        "droits_devoirs": "Vos droits et vos devoirs.",
        "obligations_parcours": "Obligations du parcours professionnel.",
        "voies_recours": "Recours : médiation préalable.",
    },
    "duree_hebdo": {
        "minimum_legal": "15",
        "total_plan": "16",
        "amenagement": "",
        "motif_minoration": "",
        "motif_dispense": "",
    },
    "plan": [
        {
            "id": 1,
            "type": "formation",
            "type_libelle": "Formation",
            "porteur": "personne",
            "porteur_libelle": "La personne",
            "description": "Préparer le CAP boulanger",
            "debut": "2026-03-02",
            "fin": "2026-05-01",
            "heures_hebdo": "16",
            "statut": "prevue",
            "lien": "",
        }
    ],
    "ore": {
        "metiers": ["D1102", "N1101"],
        "zone": "Lille et 30 km",
        "communes": ["59350", "59512"],
        "salaire_attendu": "1900",
        "fixee_le": "2026-03-01",
    },
    "version": 1,
}
# SHA-256 of templates/contrats/document/contrat.html before versioning (commit 26f64db): template 1
# must never change, or the PDFs people signed would no longer re-render to their stored bytes.
EMPREINTE_GABARIT_V1 = "3de6c3425fa35efcaf339ad50d785073ce6a5e788898c80299b1beef2e87c15c"


def version_v1():
    return VersionContrat(
        contrat_id=4242,
        numero=1,
        contenu=CONTENU_V1,
        empreinte="0" * 64,
        created_at=datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
        version_gabarit=1,
    )


def texte(octets):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(octets)).pages).replace("\n", " ")


def test_le_gabarit_1_est_celui_d_avant_le_versionnement():
    source = Path(settings.BASE_DIR, "templates", GABARITS[1]).read_bytes()
    assert hashlib.sha256(source).hexdigest() == EMPREINTE_GABARIT_V1


def test_une_version_1_se_rend_a_l_octet_pres_comme_le_document_stocke():
    octets = rendre_pdf(version_v1())
    assert empreinte(octets) == empreinte(rendre_pdf(version_v1()))
    contenu = texte(octets)
    assert "D1102, N1101" in contenu and "59350, 59512" in contenu
    assert "Boulang" not in contenu


def test_les_versions_existantes_gardent_le_gabarit_1_les_nouvelles_prennent_le_2():
    assert VersionContrat._meta.get_field("version_gabarit").default == 2
    s = Situation()
    contrat = s.brouillon()
    s.ajouter(contrat, "16")
    actions.fixer_ore(
        contrat,
        acting_user=s.referent,
        metiers=["D1102"],
        zone="Lille et 30 km",
        communes=["59350", "59512"],
        salaire_attendu=Decimal("1900"),
    )
    version = actions.soumettre(contrat, acting_user=s.referent).derniere_version()
    assert VersionContrat.objects.get(pk=version.pk).version_gabarit == 2
    # The names are frozen in the content the person accepts (and in its hash).
    assert version.contenu["ore"]["metiers_nommes"] == [{"code": "D1102", "libelle": "Boulanger / Boulangère"}]
    assert version.contenu["ore"]["communes_nommees"] == [
        {"code": "59350", "nom": "Lille"},
        {"code": "59512", "nom": "Roubaix"},
    ]
    octets = rendre_pdf(version)
    assert octets == rendre_pdf(VersionContrat.objects.get(pk=version.pk))
    contenu = texte(octets)
    assert "Boulanger / Boulangère (D1102)" in contenu
    assert "Lille (59350), Roubaix (59512)" in contenu


def test_une_version_1_relue_de_la_base_garde_son_gabarit():
    """A row written before versioning (the migration's default) renders with the old template, codes only."""
    s = Situation()
    contrat = s.brouillon()
    s.ajouter(contrat, "16")
    actions.fixer_ore(contrat, acting_user=s.referent, metiers=["D1102"], communes=["59350"])
    version = actions.soumettre(contrat, acting_user=s.referent).derniere_version()
    VersionContrat.objects.filter(pk=version.pk).update(version_gabarit=1)
    ancienne = VersionContrat.objects.get(pk=version.pk)
    contenu = texte(rendre_pdf(ancienne))
    assert "D1102" in contenu and "59350" in contenu
    assert "Boulang" not in contenu and "Lille (59350)" not in contenu
