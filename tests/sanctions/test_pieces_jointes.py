"""Documents in a sanction procedure: a proof with the person's written observations, a document with
an appeal. The person attaches them from their space; the control team, the decider and the appeal's
instructor read them (each read logged); nobody else does. A refused file refuses the whole answer."""

import html

import pytest
from django.urls import reverse

from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.documents.enums import NatureDocument
from francetravail.documents.models import Document
from sanctions.enums import StatutProcedure, StatutRecours
from sanctions.models import Recours
from tests.documents.corps import poster_geant
from tests.documents.fichiers import EICAR, EXECUTABLE, pdf_lisible, televerse
from tests.factories import OrganisationFactory, professionnel
from tests.sanctions.factories import Situation, relire

S = StatutProcedure
MO = 1024 * 1024


@pytest.fixture
def s():
    return Situation()


def url(procedure):
    return reverse("sanctions:procedure", kwargs={"pk": procedure.pk})


def telecharger(client, user, document):
    client.force_login(user)
    return client.get(reverse("documents:telecharger", kwargs={"pk": document.pk}))


def repondre(client, s, procedure, fichier, observations="J'étais hospitalisée, voici le bulletin."):
    client.force_login(s.personne.user)
    donnees = {"repondre": "1", "choix": "ecrit", "observations": observations}
    if fichier is not None:
        donnees["justificatif"] = fichier
    return client.post(url(procedure), donnees)


def page(reponse):
    return html.unescape(reponse.content.decode())


def test_la_personne_repond_avec_un_justificatif_que_l_equipe_et_le_decideur_lisent(client, s):
    procedure = s.avertie()
    octets = pdf_lisible()
    reponse = repondre(client, s, procedure, televerse("bulletin d'hospitalisation.pdf", octets))
    assert reponse.status_code == 302
    procedure = relire(procedure)
    assert procedure.statut == S.OBSERVATIONS_RECUES
    document = Document.objects.get()
    assert (document.nature, document.objet, document.personne_id) == (
        NatureDocument.OBSERVATIONS,
        procedure,
        s.personne.pk,
    )
    lien = reverse("documents:telecharger", kwargs={"pk": document.pk})
    assert lien in page(client.get(url(procedure)))  # the person sees what they sent

    # The control team reads it on the procedure's page, then downloads it: logged.
    client.force_login(s.controleur)
    assert lien in page(client.get(reverse("backoffice:sanction", kwargs={"pk": procedure.pk})))
    JournalAcces.objects.all().delete()
    assert b"".join(telecharger(client, s.controleur, document).streaming_content) == octets
    # The decider (the regional director's delegate) reads it before deciding: logged with their organisation.
    assert telecharger(client, s.delegue, document).status_code == 200
    lectures = list(
        JournalAcces.objects.filter(partie=PartieDossier.DOCUMENT).values_list("user_id", "organisation_id")
    )
    assert lectures == [
        (s.controleur.pk, procedure.organisation_id),
        (s.delegue.pk, procedure.organisation_decisionnaire_id),
    ]


def test_qui_n_a_pas_de_part_a_la_procedure_ne_lit_pas_le_justificatif(client, s):
    procedure = s.avertie()
    repondre(client, s, procedure, televerse())
    document = Document.objects.get()
    JournalAcces.objects.all().delete()
    ailleurs = professionnel(OrganisationFactory(departement_id="62"))
    for intrus in (s.mediateur, ailleurs, s.equipe_pluri):
        assert telecharger(client, intrus, document).status_code == 404
    assert not JournalAcces.objects.filter(partie=PartieDossier.DOCUMENT).exists()


def test_eicar_joint_aux_observations_est_refuse_et_rien_n_est_enregistre(client, s):
    procedure = s.avertie()
    reponse = repondre(client, s, procedure, televerse("justificatif.pdf", EICAR))
    assert reponse.status_code == 200
    assert "contient un virus" in page(reponse)
    procedure = relire(procedure)
    assert procedure.statut == S.AVERTISSEMENT_NOTIFIE
    assert procedure.observations == ""
    assert not Document.objects.exists()


def test_un_executable_renomme_pdf_est_refuse_au_champ(client, s):
    procedure = s.avertie()
    reponse = repondre(client, s, procedure, televerse("justificatif.pdf", EXECUTABLE))
    assert reponse.status_code == 200
    assert "n'est pas un PDF, une image JPEG ou une image PNG" in page(reponse)
    assert relire(procedure).statut == S.AVERTISSEMENT_NOTIFIE
    assert not Document.objects.exists()


def test_un_corps_de_200_mo_est_refuse_avant_d_etre_lu(client, s):
    procedure = s.avertie()
    client.force_login(s.personne.user)
    reponse, corps = poster_geant(
        client, url(procedure), {"repondre": "1", "choix": "ecrit", "observations": "Voir pièce jointe."}, 200 * MO
    )
    assert reponse.status_code == 413
    assert "dépasse la taille maximale autorisée (20,0\xa0Mio)" in page(reponse)
    assert corps.lus == 0  # not one byte of the body was read
    assert relire(procedure).statut == S.AVERTISSEMENT_NOTIFIE
    assert not Document.objects.exists()


def test_la_taille_maximale_passe_un_octet_de_plus_est_refuse_au_champ(client, s, settings):
    """Within the envelope's margin the file is dropped while it arrives; the field says why."""
    procedure = s.avertie()
    octets = pdf_lisible()
    settings.DOCUMENTS_TAILLE_MAX = len(octets) - 1
    reponse = repondre(client, s, procedure, televerse("justificatif.pdf", octets))
    assert reponse.status_code == 200
    assert "dépasse la taille maximale autorisée" in page(reponse)
    assert "Ce champ est obligatoire" not in page(reponse)
    assert relire(procedure).statut == S.AVERTISSEMENT_NOTIFIE
    assert not Document.objects.exists()

    settings.DOCUMENTS_TAILLE_MAX = len(octets)
    assert repondre(client, s, procedure, televerse("justificatif.pdf", octets)).status_code == 302
    assert Document.objects.get().taille == len(octets)


def test_sans_justificatif_la_reponse_reste_possible(client, s):
    procedure = s.avertie()
    assert repondre(client, s, procedure, None).status_code == 302
    assert relire(procedure).statut == S.OBSERVATIONS_RECUES
    assert not Document.objects.exists()


def test_le_recours_avec_une_piece_est_lu_par_son_instructeur(client, s):
    procedure = s.decidee()
    client.force_login(s.personne.user)
    reponse = client.post(
        url(procedure),
        {"recours": "1", "motifs": "Je conteste : j'étais malade.", "piece": televerse("certificat.pdf")},
    )
    assert reponse.status_code == 302
    recours = Recours.objects.get(procedure=procedure)
    assert recours.statut == StatutRecours.DEMANDE
    document = Document.objects.get()
    assert (document.nature, document.objet) == (NatureDocument.RECOURS, recours)
    lien = reverse("documents:telecharger", kwargs={"pk": document.pk})
    assert lien in page(client.get(url(procedure)))

    # The regional mediator instructs the appeal: its page shows the document, which they download.
    client.force_login(s.mediateur)
    assert lien in page(client.get(reverse("backoffice:sanction_recours", kwargs={"pk": recours.pk})))
    JournalAcces.objects.all().delete()
    assert telecharger(client, s.mediateur, document).status_code == 200
    assert JournalAcces.objects.filter(user=s.mediateur, partie=PartieDossier.DOCUMENT).count() == 1
    # Someone of another region's mediation reads nothing.
    assert telecharger(client, professionnel(OrganisationFactory(departement_id="13")), document).status_code == 404


def test_un_recours_avec_eicar_n_est_pas_forme(client, s):
    procedure = s.decidee()
    client.force_login(s.personne.user)
    reponse = client.post(
        url(procedure), {"recours": "1", "motifs": "Je conteste.", "piece": televerse("certificat.pdf", EICAR)}
    )
    assert reponse.status_code == 200
    assert "contient un virus" in page(reponse)
    assert not Recours.objects.exists()
    assert not Document.objects.exists()


def test_la_demande_d_audition_peut_porter_un_justificatif(client, s):
    procedure = s.avertie()
    client.force_login(s.personne.user)
    reponse = client.post(
        url(procedure),
        {"repondre": "1", "choix": "entendu", "observations": "", "accompagnant": "", "justificatif": televerse()},
    )
    assert reponse.status_code == 302
    assert relire(procedure).statut == S.AUDITION_DEMANDEE
    document = Document.objects.get()
    assert (document.nature, document.objet) == (NatureDocument.OBSERVATIONS, relire(procedure))
    assert telecharger(client, s.delegue, document).status_code == 200


def etape_observations(client, s, procedure, fichier):
    client.force_login(s.controleur)
    adresse = reverse("backoffice:sanction_etape", kwargs={"pk": procedure.pk, "etape": "observations"})
    return client.post(
        adresse,
        {"observations-observations": "Remises au guichet avec un certificat.", "observations-justificatif": fichier},
    )


def test_l_equipe_enregistre_au_guichet_les_observations_et_le_justificatif_remis(client, s):
    procedure = s.avertie()
    client.force_login(s.controleur)
    page_procedure = page(client.get(reverse("backoffice:sanction", kwargs={"pk": procedure.pk})))
    assert 'enctype="multipart/form-data"' in page_procedure  # the step's form sends its file
    assert etape_observations(client, s, procedure, televerse("certificat.pdf")).status_code == 302
    assert relire(procedure).statut == S.OBSERVATIONS_RECUES
    document = Document.objects.get()
    assert (document.nature, document.depose_par_id) == (NatureDocument.OBSERVATIONS, s.controleur.pk)
    assert telecharger(client, s.delegue, document).status_code == 200


def test_au_guichet_eicar_est_refuse_au_champ_et_rien_ne_change(client, s):
    procedure = s.avertie()
    reponse = etape_observations(client, s, procedure, televerse("certificat.pdf", EICAR))
    assert reponse.status_code == 200
    assert "contient un virus" in page(reponse)
    assert relire(procedure).statut == S.AVERTISSEMENT_NOTIFIE
    assert not Document.objects.exists()


def test_au_guichet_un_corps_de_200_mo_est_refuse_avant_d_etre_lu(client, s):
    procedure = s.avertie()
    client.force_login(s.controleur)
    adresse = reverse("backoffice:sanction_etape", kwargs={"pk": procedure.pk, "etape": "observations"})
    reponse, corps = poster_geant(client, adresse, {"observations-observations": "x"}, 200 * MO)
    assert reponse.status_code == 413
    assert corps.lus == 0
    assert relire(procedure).statut == S.AVERTISSEMENT_NOTIFIE
