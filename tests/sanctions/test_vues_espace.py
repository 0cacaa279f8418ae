"""The person's sanction pages: plain French, the log without internal notes, answer and appeal forms."""

import pytest
from django.urls import reverse
from django.utils import timezone

from sanctions import actions
from sanctions.enums import StatutProcedure, StatutRecours
from tests.factories import UserFactory
from tests.sanctions.factories import Situation, relire

S = StatutProcedure
LISTE = "/mon-espace/sanctions/"


def url(procedure):
    return f"/mon-espace/sanctions/{procedure.pk}/"


@pytest.fixture
def s():
    return Situation()


def lire(client, user, adresse, statut=200):
    client.force_login(user)
    reponse = client.get(adresse)
    assert reponse.status_code == statut
    return reponse.content.decode()


def test_urls():
    assert reverse("sanctions:liste") == LISTE
    assert reverse("sanctions:procedure", kwargs={"pk": 4}) == "/mon-espace/sanctions/4/"


def test_la_personne_lit_sans_les_notes_internes(client, s):
    procedure = actions.examiner(
        s.ouverte(),
        acting_user=s.controleur,
        examen="Situation revue.",
        accompagnement_fourni="Trois entretiens.",
        note_interne="NOTE-SECRETE-1",
    )
    procedure = actions.notifier_avertissement_prealable(
        procedure,
        acting_user=s.controleur,
        mesure_envisagee="suspension",
        sanction_envisagee="Suspension de 30 % pendant un mois.",
        note_interne="NOTE-SECRETE-2",
    )
    page = lire(client, s.personne.user, url(procedure))
    assert "NOTE-SECRETE" not in page
    assert "Suspension de 30 % pendant un mois." in page
    assert procedure.echeance_observations.strftime("%d/%m/%Y") in page
    assert "Envoyer ma réponse" in page
    assert "M1 — assiduité" in lire(client, s.personne.user, LISTE)


def test_la_personne_repond_ou_demande_a_etre_entendue(client, s):
    # Written observations need a text; a request to be heard is a full answer on its own (R5412-7:
    # « observations écrites ou demander à être entendu »), it used to require a text as well. It is
    # recorded as such (« audition demandée »), no longer as a line of the observations.
    procedure = s.avertie()
    client.force_login(s.personne.user)
    reponse = client.post(url(procedure), {"repondre": "1", "choix": "ecrit", "observations": "", "accompagnant": ""})
    assert reponse.status_code == 200 and "Écrivez vos observations" in reponse.content.decode()
    assert relire(procedure).statut == S.AVERTISSEMENT_NOTIFIE
    reponse = client.post(
        url(procedure), {"repondre": "1", "choix": "entendu", "observations": "", "accompagnant": "Mme X"}
    )
    assert reponse.status_code == 302
    procedure = relire(procedure)
    assert procedure.statut == S.AUDITION_DEMANDEE
    assert procedure.audition_demandee_le == timezone.localdate()
    assert procedure.audition_assistee_par == "Mme X"
    page = lire(client, s.personne.user, url(procedure))
    assert "Aucune décision n’est prise avant votre audition." in page
    # Until the last day the person may still complete in writing, not ask a second time.
    assert "Envoyer ma réponse" in page and "Je demande à être entendu(e)" not in page


def test_apres_le_delai_plus_de_formulaire(client, s):
    procedure = s.delai_expire()
    page = lire(client, s.personne.user, url(procedure))
    assert "Envoyer ma réponse" not in page
    client.post(url(procedure), {"repondre": "1", "choix": "ecrit", "observations": "Trop tard."})
    assert relire(procedure).statut == S.DELAI_EXPIRE


def test_la_personne_forme_un_recours(client, s):
    procedure = s.decidee()
    page = lire(client, s.personne.user, url(procedure))
    assert "Médiation préalable obligatoire" in page and "Envoyer mon recours" in page
    reponse = client.post(url(procedure), {"recours": "1", "motifs": "J'avais prévenu de mon absence."})
    assert reponse.status_code == 302
    assert procedure.recours.get().statut == StatutRecours.DEMANDE
    assert "Envoyer mon recours" not in lire(client, s.personne.user, url(procedure))


def test_une_autre_personne_ou_un_professionnel_recoit_une_404(client, s):
    procedure = s.avertie()
    autre = Situation()
    for user in (autre.personne.user, UserFactory()):
        lire(client, user, url(procedure), statut=404)
        client.post(url(procedure), {"repondre": "1", "choix": "ecrit", "observations": "x"})
    assert relire(procedure).statut == S.AVERTISSEMENT_NOTIFIE
    for user in (s.controleur, UserFactory(employeur=True)):
        lire(client, user, url(procedure), statut=404)
        lire(client, user, LISTE, statut=404)
    assert "Aucune procédure" in lire(client, autre.personne.user, LISTE)
    client.logout()
    assert client.get(url(procedure)).status_code == 302
