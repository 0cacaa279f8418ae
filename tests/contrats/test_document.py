"""The contract's PDF: rendered from the frozen version only, deterministic, tagged, stored once."""

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from contrats import actions
from contrats.document import assurer_document, empreinte, rendre_pdf, reponse_pdf
from contrats.enums import PorteurAction, TypeAction
from contrats.models import VersionContrat
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from tests.ages import naissance_pour_age
from tests.contrats.factories import Situation

pytestmark = pytest.mark.django_db


def texte(octets):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(octets)).pages)


def contrat_type(s, n_actions=8, date_naissance=None):
    """A submitted contract of ``n_actions`` actions (2 h each, 16 h in all with 8) and an ORE."""
    contrat = s.brouillon()
    debut = datetime.date.today()
    for i in range(n_actions):
        s.ajouter(
            contrat,
            "2",
            type_action=TypeAction.RECHERCHE_EMPLOI if i % 2 else TypeAction.FORMATION,
            porteur=PorteurAction.PERSONNE if i % 3 else PorteurAction.ORGANISME,
            description=f"Action numéro {i + 1} du plan",
            debut=debut,
            fin=debut + datetime.timedelta(days=60),
        )
    actions.fixer_ore(
        contrat, acting_user=s.referent, metiers=["N1101"], zone="Lille et 30 km", salaire_attendu=Decimal("1900")
    )
    return actions.soumettre(contrat, acting_user=s.referent)


def test_deux_rendus_sont_identiques_octet_pour_octet():
    s = Situation()
    version = contrat_type(s).derniere_version()
    assert rendre_pdf(version) == rendre_pdf(VersionContrat.objects.get(pk=version.pk))


def test_le_document_contient_le_contrat_fige():
    # A fixed name: pypdf reads a kerned pair as two words ("T essier"), so a random name made this flaky.
    s = Situation(date_naissance=datetime.date(1980, 5, 17), nom_naissance="Durand")
    s.personne.organisme_referent.siret = "13000548100010"
    s.personne.organisme_referent.save()
    version = contrat_type(s).derniere_version()
    contenu = texte(rendre_pdf(version))
    for attendu in (
        "Contrat d'engagement",
        "Version 1",
        "Action numéro 8 du plan",
        "16 heures par semaine",
        "Vos droits et vos devoirs.",
        "Obligations du",
        "Recours : médiation préalable",
        "N1101",
        "Lille et 30 km",
        "1900",
        s.organisme.nom,
        "13000548100010",
        version.empreinte,
        s.personne.nom_naissance,
    ):
        assert attendu in contenu.replace("\n", " ") or attendu in contenu, attendu
    assert "Jeunes" not in contenu


def test_la_mention_jeunes_figure_pour_moins_de_26_ans():
    s = Situation(date_naissance=naissance_pour_age(20))
    contenu = texte(rendre_pdf(contrat_type(s, n_actions=8).derniere_version()))
    assert "Jeunes" in contenu


def test_le_document_est_balise_avec_titre_et_langue():
    s = Situation()
    octets = rendre_pdf(contrat_type(s).derniere_version())
    lecteur = PdfReader(io.BytesIO(octets))
    racine = lecteur.trailer["/Root"]
    assert racine["/Lang"] == "fr"
    assert "/StructTreeRoot" in racine
    assert racine["/MarkInfo"]["/Marked"]
    assert lecteur.metadata.title == "Contrat d'engagement — version 1"
    roles = set()

    def parcourir(noeud):
        noeud = noeud.get_object()
        if isinstance(noeud, list):
            for enfant in noeud:
                parcourir(enfant)
            return
        if not hasattr(noeud, "get"):
            return
        if "/S" in noeud:
            roles.add(noeud["/S"])
        if "/K" in noeud:
            parcourir(noeud["/K"])

    parcourir(racine["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD"} <= roles


def test_le_document_ne_lit_que_la_version_figee():
    """Editing the live contract (a revision) changes nothing in an existing version's document."""
    s = Situation()
    contrat = actions.contresigner(
        actions.accepter(contrat_type(s), acting_user=s.personne.user), acting_user=s.referent
    )
    version = contrat.version_en_vigueur
    avant = rendre_pdf(version)
    s.organisme.nom = "Un autre nom"
    s.organisme.save()
    contrat = actions.ouvrir_revision(contrat, acting_user=s.referent, motif="Point d'étape")
    action = contrat.actions.first()
    actions.modifier_action(action, acting_user=s.referent, description="Changée")
    assert rendre_pdf(VersionContrat.objects.get(pk=version.pk)) == avant


def test_assurer_document_stocke_une_fois_avec_son_empreinte():
    s = Situation()
    version = contrat_type(s).derniere_version()
    VersionContrat.objects.filter(pk=version.pk).update(document="", document_empreinte="", document_genere_le=None)
    premiere = assurer_document(version)
    with premiere.document.open("rb") as fichier:
        stocke = fichier.read()
    assert premiere.document_empreinte == empreinte(stocke)
    # Regenerating gives the same bytes as the stored document.
    assert rendre_pdf(VersionContrat.objects.get(pk=version.pk)) == stocke
    nom, genere_le = premiere.document.name, premiere.document_genere_le
    seconde = assurer_document(version)
    assert (seconde.document.name, seconde.document_genere_le) == (nom, genere_le)
    assert AuditEvent.objects.filter(event_type=TypeEvenement.CONTRAT_DOCUMENT_GENERE, data__version=1).count() == 1


def test_reponse_pdf():
    s = Situation()
    version = contrat_type(s).derniere_version()
    response = reponse_pdf(version)
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="contrat-engagement-{version.contrat_id}-v1.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert empreinte(response.content) == VersionContrat.objects.get(pk=version.pk).document_empreinte


def test_l_acceptation_enregistre_l_empreinte_du_document():
    s = Situation()
    contrat = contrat_type(s, n_actions=8)
    # No worker in this test: the acceptance renders the document itself.
    contrat = actions.accepter(contrat, acting_user=s.personne.user)
    version = VersionContrat.objects.get(pk=contrat.version_acceptee_id)
    assert version.document_empreinte
    assert contrat.empreinte_document_acceptee == version.document_empreinte
