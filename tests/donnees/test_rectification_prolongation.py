"""Extending a rectification request's deadline (RGPD art. 12 §3): once, by the legal parameter (two months from
the first deadline), announced with its reason before the first deadline has passed (its last day included,
not the day after); the person reads the reason in their space, the e-mail only says there is something to read.
Refusals leave the request unchanged."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.donnees import rectification
from francetravail.donnees.enums import CategorieDonnees, StatutRectification
from francetravail.donnees.models import DemandeRectification
from francetravail.notifications.dispatch import rendre_courriel
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.parametres.models import ParametreLegal
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, professionnel

pytestmark = pytest.mark.django_db

MOTIF = "La correction de votre adresse doit être vérifiée auprès de la CAF du Nord."
DEMANDEE = datetime.date(2026, 3, 10)  # first deadline: 10 April 2026


def a_l_instant(monkeypatch, jour, heure=10):
    instant = timezone.make_aware(datetime.datetime.combine(jour, datetime.time(heure)))
    monkeypatch.setattr("django.utils.timezone.now", lambda: instant)


@pytest.fixture
def demande(monkeypatch, personne):
    a_l_instant(monkeypatch, DEMANDEE)
    return rectification.demander(
        personne, acting_user=personne.user, categorie=CategorieDonnees.IDENTITE, texte="Mon adresse a changé."
    )


def etat(demande):
    return DemandeRectification.objects.values("echeance", "prolongee_le", "motif_prolongation", "statut").get(
        pk=demande.pk
    )


@pytest.mark.parametrize("jour", [DEMANDEE, datetime.date(2026, 4, 10)])
def test_prolongee_de_deux_mois_jusqu_au_dernier_jour_du_premier_delai(monkeypatch, demande, conseiller, jour):
    a_l_instant(monkeypatch, jour, heure=23)
    Notification.objects.all().delete()
    prolongee = rectification.prolonger(demande, acting_user=conseiller, motif=f"  {MOTIF}  ")
    assert prolongee.echeance == datetime.date(2026, 6, 10)
    assert prolongee.motif_prolongation == MOTIF and timezone.localdate(prolongee.prolongee_le) == jour
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.RECTIFICATION_PROLONGEE)
    assert evenement.acting_user == conseiller and evenement.personne == demande.personne
    assert evenement.data == {"demande": demande.pk, "echeance": "2026-06-10"}  # never the reason's words
    # The person is told in their space and by e-mail; neither carries the reason.
    notifications = Notification.objects.filter(destinataire=demande.personne.user)
    assert sorted(n.canal for n in notifications) == sorted([Canal.EMAIL, Canal.IN_APP])
    sujet, corps = rendre_courriel(notifications.get(canal=Canal.EMAIL))
    assert MOTIF not in sujet + corps and "10 juin 2026" in corps
    assert reverse("donnees:rectification", args=[demande.pk]) in corps


def test_le_lendemain_du_premier_delai_il_est_trop_tard(monkeypatch, demande, conseiller):
    avant = etat(demande)
    a_l_instant(monkeypatch, datetime.date(2026, 4, 11), heure=0)
    with pytest.raises(ValidationError, match="Le délai de réponse est passé"):
        rectification.prolonger(demande, acting_user=conseiller, motif=MOTIF)
    assert etat(demande) == avant
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.RECTIFICATION_PROLONGEE).exists()


def test_une_seule_prolongation(monkeypatch, demande, conseiller):
    rectification.prolonger(demande, acting_user=conseiller, motif=MOTIF)
    avant = etat(demande)
    with pytest.raises(ValidationError, match="ne peut l'être qu'une fois"):
        rectification.prolonger(demande, acting_user=conseiller, motif="Encore un peu de temps.")
    assert etat(demande) == avant
    assert AuditEvent.objects.filter(event_type=TypeEvenement.RECTIFICATION_PROLONGEE).count() == 1


def test_ni_une_demande_traitee_ni_sans_motif_ni_par_une_autre_organisation(demande, conseiller):
    avant = etat(demande)
    with pytest.raises(ValidationError) as vide:
        rectification.prolonger(demande, acting_user=conseiller, motif="   ")
    assert vide.value.message_dict == {"motif_prolongation": [rectification.VIDE_MOTIF_PROLONGATION]}
    ailleurs = professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER)
    with pytest.raises(ValidationError, match="Seuls les professionnels de l'organisation chargée"):
        rectification.prolonger(demande, acting_user=ailleurs, motif=MOTIF)
    assert etat(demande) == avant
    rectification.repondre(demande, acting_user=conseiller, statut="refusee", reponse="Adresse déjà à jour.")
    with pytest.raises(ValidationError, match="déjà reçu une réponse"):
        rectification.prolonger(demande, acting_user=conseiller, motif=MOTIF)
    assert etat(demande)["statut"] == StatutRectification.REFUSEE and etat(demande)["prolongee_le"] is None


def test_la_duree_est_celle_du_parametre_en_vigueur_le_jour_de_la_demande(monkeypatch, demande, conseiller):
    # A later version (3 months from 1 April) does not apply to a request made on 10 March.
    ParametreLegal.objects.filter(cle=rectification.PARAMETRE_PROLONGATION).update(
        valide_au=datetime.date(2026, 3, 31)
    )
    ligne = ParametreLegal.objects.filter(cle=rectification.PARAMETRE_PROLONGATION).first()
    ligne.pk, ligne.valide_du, ligne.valide_au, ligne.valeur = None, datetime.date(2026, 4, 1), None, Decimal(3)
    ligne.save()
    a_l_instant(monkeypatch, datetime.date(2026, 4, 2))
    assert rectification.prolonger(demande, acting_user=conseiller, motif=MOTIF).echeance == datetime.date(2026, 6, 10)


def test_une_demande_prolongee_n_est_en_retard_qu_apres_la_nouvelle_echeance(monkeypatch, demande, conseiller):
    demande = rectification.prolonger(demande, acting_user=conseiller, motif=MOTIF)
    assert not rectification.en_retard(demande, le=datetime.date(2026, 6, 10))
    assert rectification.en_retard(demande, le=datetime.date(2026, 6, 11))


# --- The pages ------------------------------------------------------------------------------------------------


def test_le_conseiller_prolonge_depuis_la_demande_et_la_personne_lit_la_raison(client, demande, conseiller):
    page = reverse("backoffice:rectification", args=[demande.pk])
    action = reverse("backoffice:rectification_prolonger", args=[demande.pk])
    client.force_login(conseiller)
    assert action in client.get(page).content.decode()
    # Without a reason: the form says so, nothing changes.
    erreur = client.post(action, {"motif_prolongation": ""})
    assert erreur.status_code == 200 and rectification.VIDE_MOTIF_PROLONGATION in erreur.content.decode()
    assert etat(demande)["prolongee_le"] is None
    reponse = client.post(action, {"motif_prolongation": MOTIF})
    assert reponse.status_code == 302 and reponse["Location"] == page
    apres = client.get(page).content.decode()
    assert MOTIF in apres and "10 juin 2026" in apres and action not in apres  # once only
    client.force_login(demande.personne.user)
    espace = client.get(reverse("donnees:rectification", args=[demande.pk])).content.decode()
    assert MOTIF in espace and "10 juin 2026" in espace and "délai prolongé de deux mois" in espace


def test_le_formulaire_n_est_plus_propose_apres_le_premier_delai(monkeypatch, client, demande, conseiller):
    a_l_instant(monkeypatch, datetime.date(2026, 4, 11))
    client.force_login(conseiller)
    action = reverse("backoffice:rectification_prolonger", args=[demande.pk])
    assert action not in client.get(reverse("backoffice:rectification", args=[demande.pk])).content.decode()
    refus = client.post(action, {"motif_prolongation": MOTIF})
    assert refus.status_code == 200 and "Le délai de réponse est passé" in refus.content.decode()
    assert etat(demande)["prolongee_le"] is None


def test_une_autre_organisation_et_la_personne_recoivent_une_404(client, demande):
    action = reverse("backoffice:rectification_prolonger", args=[demande.pk])
    client.force_login(professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER))
    assert client.post(action, {"motif_prolongation": MOTIF}).status_code == 404
    client.force_login(demande.personne.user)
    assert client.post(action, {"motif_prolongation": MOTIF}).status_code == 404
    assert etat(demande)["prolongee_le"] is None
