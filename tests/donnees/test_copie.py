"""The copy of a person's file (issue 21): asked by the person or their référent on their request, built by
the worker (ZIP: PDF summary, one JSON per category, the documents), downloaded by the person only,
7 days, then deleted."""

import datetime
import io
import json
import zipfile

import pghistory
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from contrats.document import assurer_document
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.documents.depot import deposer
from francetravail.documents.enums import NatureDocument
from francetravail.donnees import copie, copie_actions, copie_zip
from francetravail.donnees.copie_acces import REFUS_ARCHIVE, REFUS_EN_COURS, REFUS_SANS_COMPTE, CopieRefusee
from francetravail.donnees.enums import StatutCopie
from francetravail.donnees.models import CopieDossier
from francetravail.notifications.models import Notification
from francetravail.reseau.enums import Role
from tests.contrats.factories import Situation
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.fichiers import pdf_lisible

MES_DONNEES = reverse("donnees:mes_donnees")
DEMANDER = reverse("donnees:copie_demander")


def _telecharger(pk):
    return reverse("donnees:copie_telecharger", kwargs={"pk": pk})


def _copie_prete(personne, *, expire_dans=datetime.timedelta(days=7)):
    """A ready copy whose ZIP is stored, available ``expire_dans`` from now."""
    maintenant = timezone.now()
    copie = CopieDossier(
        personne=personne,
        demandee_par=personne.user,
        statut=StatutCopie.PRETE,
        progression=100,
        prete_le=maintenant,
        expire_le=maintenant + expire_dans,
        taille=4,
    )
    copie.fichier.save("copie.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    copie.save()
    return copie


def _evenements(type_evenement, personne):
    return AuditEvent.objects.filter(event_type=type_evenement, personne=personne).count()


@pytest.fixture
def dossier(client):
    """A signed contract (its PDF stored), a read of the file by the référent, a document attached."""
    s = Situation()
    contrat = s.signe()
    assurer_document(contrat.derniere_version())
    s.contrat = contrat
    client.force_login(s.referent)
    assert client.get(reverse("backoffice:fiche_personne", kwargs={"pk": s.personne.pk})).status_code == 200
    client.logout()
    fichier = SimpleUploadedFile("ma preuve.pdf", pdf_lisible(), content_type="application/pdf")
    s.document = deposer(fichier, personne=s.personne, nature=NatureDocument.OBSERVATIONS, par=s.personne.user)
    return s


def test_la_personne_demande_sa_copie_le_worker_la_construit_et_elle_la_telecharge(
    client, dossier, taches_immediates, django_capture_on_commit_callbacks
):
    personne = dossier.personne
    client.force_login(personne.user)
    assert "Demander une copie de mon dossier" in client.get(MES_DONNEES).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(DEMANDER)
    assert reponse.status_code == 302
    copie = CopieDossier.objects.get(personne=personne)
    assert copie.statut == StatutCopie.PRETE, copie.erreur
    assert copie.progression == 100
    assert copie.demandee_par == personne.user
    assert copie.expire_le - copie.prete_le == datetime.timedelta(days=7)
    assert _evenements(TypeEvenement.COPIE_DEMANDEE, personne) == 1
    # The person is told, in their space and by e-mail (which says where, not what).
    avis = Notification.objects.filter(destinataire=personne.user, type_notification="donnees.copie_prete")
    assert sorted(avis.values_list("canal", flat=True)) == ["email", "in_app"]
    assert MES_DONNEES in avis.get(canal="email").contexte["lien"]

    page = client.get(MES_DONNEES).content.decode()
    assert _telecharger(copie.pk) in page

    reponse = client.get(_telecharger(copie.pk))
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"].startswith("attachment")
    assert reponse["Content-Type"] == "application/zip"
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert _evenements(TypeEvenement.COPIE_TELECHARGEE, personne) == 1
    archive = zipfile.ZipFile(io.BytesIO(b"".join(reponse.streaming_content)))
    noms = set(archive.namelist())

    # One JSON per category, the PDF summary, the document itself and the contract's PDF.
    for cle in ("identite", "consultations", "evenements", "contrats", "contrats_historique", "documents", "compte"):
        assert f"donnees/{cle}.json" in noms, cle
    assert "resume.pdf" in noms
    piece = f"documents/pieces/{dossier.document.pk}-ma_preuve.pdf"
    assert piece in noms
    assert archive.read(piece) == pdf_lisible()
    version = dossier.contrat.derniere_version()
    assert f"documents/contrats/contrat-{version.contrat_id}-version-{version.numero}.pdf" in noms

    # Who read the file: the référent, by name and organisation.
    consultations = json.loads(archive.read("donnees/consultations.json"))
    lectures = consultations["tables"]["audit.JournalAcces"]["lignes"]
    assert any(
        ligne["user"] == dossier.referent.get_full_name() and ligne["organisation"] == dossier.organisme.nom
        for ligne in lectures
    )
    assert consultations["tables"]["audit.JournalAcces"]["champs"]["at"]
    # Every contract version, and the history of the contract's rows (pghistory).
    contrats = json.loads(archive.read("donnees/contrats.json"))
    assert len(contrats["tables"]["contrats.VersionContrat"]["lignes"]) == version.numero
    historique = json.loads(archive.read("donnees/contrats_historique.json"))
    assert historique["tables"]["contrats.ContratEngagementEvent"]["lignes"]
    # Never a secret: not the password hash.
    compte = json.loads(archive.read("donnees/compte.json"))
    (ligne_compte,) = compte["tables"]["comptes.User"]["lignes"]
    assert ligne_compte["email"] == personne.user.email
    assert "password" not in ligne_compte
    assert personne.user.password not in archive.read("donnees/compte.json").decode()

    texte = "".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read("resume.pdf"))).pages)
    assert personne.nom_complet in texte
    assert "Qui a consulté votre dossier" in texte


def test_le_telechargement_n_est_donne_qu_a_la_personne(client, dossier):
    copie = _copie_prete(dossier.personne)
    autre = PersonneFactory(avec_compte=True)
    for intrus in (autre.user, dossier.referent):
        client.force_login(intrus)
        assert client.get(_telecharger(copie.pk)).status_code == 404
        client.logout()
    reponse = client.get(_telecharger(copie.pk))
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("account_login"))
    assert _evenements(TypeEvenement.COPIE_TELECHARGEE, dossier.personne) == 0
    client.force_login(autre.user)
    assert client.get(reverse("donnees:copie_etat", kwargs={"pk": copie.pk})).status_code == 404


def test_la_copie_se_telecharge_jusqu_a_son_expiration_pas_apres(client, dossier):
    personne = dossier.personne
    client.force_login(personne.user)
    encore = _copie_prete(personne, expire_dans=datetime.timedelta(minutes=1))
    assert client.get(_telecharger(encore.pk)).status_code == 200
    passee = _copie_prete(personne, expire_dans=-datetime.timedelta(seconds=1))
    assert client.get(_telecharger(passee.pk)).status_code == 404
    assert _evenements(TypeEvenement.COPIE_TELECHARGEE, personne) == 1


def test_une_copie_expiree_est_supprimee_par_le_balayage_pas_avant(dossier):
    copie = _copie_prete(dossier.personne)
    stockage, nom = copie.fichier.storage, copie.fichier.name
    assert copie_actions.expirer_copies(maintenant=copie.expire_le - datetime.timedelta(seconds=1)) == 0
    copie.refresh_from_db()
    assert copie.statut == StatutCopie.PRETE
    assert stockage.exists(nom)


def test_le_balayage_supprime_le_fichier_a_l_expiration(dossier, django_capture_on_commit_callbacks):
    copie = _copie_prete(dossier.personne)
    stockage, nom = copie.fichier.storage, copie.fichier.name
    with django_capture_on_commit_callbacks(execute=True):
        assert copie_actions.expirer_copies(maintenant=copie.expire_le) == 1
    copie.refresh_from_db()
    assert copie.statut == StatutCopie.EXPIREE
    assert not copie.fichier
    assert not stockage.exists(nom)
    # Twice is safe.
    assert copie_actions.expirer_copies(maintenant=copie.expire_le) == 0


def test_une_seule_copie_en_preparation_a_la_fois(dossier):
    personne = dossier.personne
    copie_actions.demander_copie(personne, par=personne.user)
    with pytest.raises(CopieRefusee, match=REFUS_EN_COURS):
        copie_actions.demander_copie(personne, par=personne.user)
    assert CopieDossier.objects.filter(personne=personne).count() == 1
    assert _evenements(TypeEvenement.COPIE_DEMANDEE, personne) == 1


def test_la_demande_en_double_est_dite_dans_la_page(client, dossier):
    client.force_login(dossier.personne.user)
    client.post(DEMANDER)
    reponse = client.post(DEMANDER, follow=True)
    assert "déjà en préparation" in reponse.content.decode()
    assert CopieDossier.objects.filter(personne=dossier.personne).count() == 1


def test_un_dossier_archive_ne_donne_pas_de_copie_par_la_plateforme(dossier):
    personne = dossier.personne
    personne.archivee_le = timezone.now()
    personne.save(update_fields=["archivee_le"])
    with pytest.raises(CopieRefusee, match=REFUS_ARCHIVE):
        copie_actions.demander_copie(personne, par=personne.user)
    assert not CopieDossier.objects.filter(personne=personne).exists()


def test_le_referent_demande_la_copie_a_la_demande_de_la_personne(client, dossier):
    personne = dossier.personne
    url = reverse("backoffice:copie_dossier", kwargs={"pk": personne.pk})
    client.force_login(dossier.referent)
    assert (
        "copie-du-dossier/"
        in client.get(reverse("backoffice:fiche_personne", kwargs={"pk": personne.pk})).content.decode()
    )
    assert client.get(url).status_code == 200

    # Without saying the person asked: refused, nothing written.
    reponse = client.post(url, {})
    assert "Cochez la case" in reponse.content.decode()
    assert not CopieDossier.objects.filter(personne=personne).exists()

    reponse = client.post(url, {"demande_de_la_personne": "oui"})
    assert reponse.status_code == 302
    copie = CopieDossier.objects.get(personne=personne)
    assert copie.demandee_par == dossier.referent
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.COPIE_DEMANDEE, personne=personne)
    assert evenement.acting_user == dossier.referent
    assert evenement.data["pour_la_personne"] is True

    # The copy goes to the person's space; the référent is never given the ZIP.
    copie_zip.construire(copie.pk)
    copie.refresh_from_db()
    assert copie.statut == StatutCopie.PRETE
    # The person is told the copy their référent asked for is ready; the référent is not sent anything.
    assert Notification.objects.filter(destinataire=personne.user, type_notification="donnees.copie_prete").exists()
    assert not Notification.objects.filter(
        destinataire=dossier.referent, type_notification="donnees.copie_prete"
    ).exists()
    assert client.get(_telecharger(copie.pk)).status_code == 404
    assert "Télécharger" not in client.get(url).content.decode()
    client.force_login(personne.user)
    page = client.get(MES_DONNEES).content.decode()
    assert "Votre référent, à votre demande" in page
    assert client.get(_telecharger(copie.pk)).status_code == 200


@pytest.mark.parametrize("role", ["autre_organisation", "decideur_departemental", "mediateur"])
def test_seul_le_cote_referent_demande_pour_la_personne(client, dossier, role):
    """Another organisation's conseiller does not see the file; a departmental decider reads it (through the
    département) and a mediator of the organisme référent is a professional of it, but neither is whom the
    person asks: 404, nothing written."""
    personne = dossier.personne
    if role == "autre_organisation":
        intrus = professionnel(OrganisationFactory())
    elif role == "decideur_departemental":
        intrus = professionnel(OrganisationFactory(conseil_departemental=True), Role.DECIDEUR_DEPARTEMENTAL)
    else:
        intrus = professionnel(dossier.organisme, Role.MEDIATEUR)
    url = reverse("backoffice:copie_dossier", kwargs={"pk": personne.pk})
    client.force_login(intrus)
    assert client.get(url).status_code == 404
    assert client.post(url, {"demande_de_la_personne": "oui"}).status_code == 404
    assert not CopieDossier.objects.filter(personne=personne).exists()
    with pytest.raises(CopieRefusee):
        copie_actions.demander_copie(personne, par=intrus)
    assert not CopieDossier.objects.filter(personne=personne).exists()


def test_sans_compte_la_copie_n_est_pas_demandee(client):
    organisme = OrganisationFactory()
    referent = professionnel(organisme)
    personne = PersonneFactory(organisme_referent=organisme)
    client.force_login(referent)
    reponse = client.post(
        reverse("backoffice:copie_dossier", kwargs={"pk": personne.pk}), {"demande_de_la_personne": "oui"}
    )
    assert REFUS_SANS_COMPTE.split(":")[0] in reponse.content.decode()
    assert not CopieDossier.objects.filter(personne=personne).exists()


def test_la_progression_se_lit_pendant_la_construction(client, dossier):
    etapes = []
    with io.BytesIO() as sortie:
        maintenant = timezone.now()
        copie_zip.ecrire_zip(
            sortie,
            dossier.personne,
            genere_le=maintenant,
            expire_le=maintenant,
            avancer=lambda fait, total, etape: etapes.append((fait, total, etape)),
        )
    assert [fait for fait, _, _ in etapes] == list(range(len(etapes)))
    assert etapes[-1][2] == "Rédaction du résumé PDF"
    assert etapes[-1][0] == etapes[-1][1] - 1

    copie = copie_actions.demander_copie(dossier.personne, par=dossier.personne.user)
    CopieDossier.objects.filter(pk=copie.pk).update(
        statut=StatutCopie.EN_COURS, progression=42, etape="Lecture : Messages"
    )
    client.force_login(dossier.personne.user)
    etat = client.get(reverse("donnees:copie_etat", kwargs={"pk": copie.pk})).json()
    assert etat == {
        "statut": "en_cours",
        "statut_libelle": "En préparation",
        "progression": 42,
        "etape": "Lecture : Messages",
    }
    page = client.get(MES_DONNEES).content.decode()
    assert 'value="42"' in page
    assert "copie_dossier.js" in page
    assert "Demander une copie de mon dossier" not in page


def test_une_copie_deja_construite_n_est_pas_reconstruite(dossier):
    copie = copie_actions.demander_copie(dossier.personne, par=dossier.personne.user)
    assert copie_zip.construire(copie.pk) is not None
    copie.refresh_from_db()
    nom = copie.fichier.name
    assert copie_zip.construire(copie.pk) is None
    copie.refresh_from_db()
    assert copie.fichier.name == nom


def test_le_balayage_relance_une_copie_en_attente_apres_dix_minutes_pas_avant(dossier, taches_immediates):
    copie = copie_actions.demander_copie(dossier.personne, par=dossier.personne.user)
    maintenant = timezone.now()
    CopieDossier.objects.filter(pk=copie.pk).update(demandee_le=maintenant - datetime.timedelta(minutes=9))
    assert copie_actions.relancer_copies_en_souffrance(maintenant=maintenant) == 0
    copie.refresh_from_db()
    assert copie.statut == StatutCopie.EN_ATTENTE
    CopieDossier.objects.filter(pk=copie.pk).update(demandee_le=maintenant - datetime.timedelta(minutes=10))
    assert copie_actions.relancer_copies_en_souffrance(maintenant=maintenant) == 1
    copie.refresh_from_db()
    assert copie.statut == StatutCopie.PRETE


def test_une_construction_interrompue_depuis_une_heure_est_en_echec_pas_avant(dossier):
    copie = copie_actions.demander_copie(dossier.personne, par=dossier.personne.user)
    maintenant = timezone.now()
    CopieDossier.objects.filter(pk=copie.pk).update(
        statut=StatutCopie.EN_COURS, demandee_le=maintenant - datetime.timedelta(minutes=59)
    )
    copie_actions.relancer_copies_en_souffrance(maintenant=maintenant)
    copie.refresh_from_db()
    assert copie.statut == StatutCopie.EN_COURS
    CopieDossier.objects.filter(pk=copie.pk).update(demandee_le=maintenant - datetime.timedelta(hours=1))
    copie_actions.relancer_copies_en_souffrance(maintenant=maintenant)
    copie.refresh_from_db()
    assert copie.statut == StatutCopie.ECHEC
    assert copie.erreur == copie_actions.ERREUR_INTERROMPUE


def test_l_historique_dit_qui_a_modifie_le_dossier(dossier):
    """pghistory's context (who made a change through the site or the API) is given by name."""
    personne = dossier.personne
    with pghistory.context(user=dossier.referent.pk, url="/conseiller/"):
        personne.telephone = "0611223344"
        personne.save(update_fields=["telephone"])
    tables = copie.tables(next(c for c in copie.categories() if c.cle == "personnes_historique"), personne)
    evenements = tables["personnes.PersonneEvent"]
    assert evenements["champs"]["modifie_par"] == "modifié par"
    derniere = evenements["lignes"][-1]
    assert derniere["telephone"] == "0611223344"
    assert derniere["modifie_par"] == dossier.referent.get_full_name()
