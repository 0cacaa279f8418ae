"""A move recorded by the référent: in the same département the address changes; to another département the
file is TRANSFERRED to the new département's network, not closed (orientation.actions.demenager).

A bRSA goes back to the new département's orientation queue (its président du conseil départemental is
competent: L5411-5-1 II), anyone else to an organisation of the same kind there; the référent unique is
cleared, the old organisation loses the file, the new one gains it, the history is kept, both sides are told.
"""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from demo.charger import charger_demo
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.dispatch import rendre_courriel
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.personnes.acces import organisation_donnant_acces
from francetravail.personnes.actions import modifier_coordonnees
from francetravail.personnes.models import Implication, Personne
from francetravail.rendezvous import actions as rdv
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.reseau.enums import Role, TypeOrganisation
from francetravail.reseau.models import Organisation
from inscription.enums import StatutInscription
from inscription.models import DossierInscription, DroitRSA
from orientation import acces as orientation_acces
from orientation import tasks as orientation_tasks
from orientation.actions import demenager
from orientation.enums import Parcours, StatutDecision, TypeOrganismeReferent
from orientation.models import DecisionOrientation
from tests.factories import OrganisationFactory, PersonneFactory, commune, professionnel
from tests.inscription.factories import dossier_complet
from tests.rendezvous.factories import AgendaFactory, CreneauFactory

pytestmark = pytest.mark.django_db

ARRAS, ROUBAIX = "62041", "59512"


class Cas:
    """A person accompanied by a France Travail agency of the Nord (59), with a référent unique."""

    def __init__(self, *, rsa=False):
        self.organisme = OrganisationFactory(departement_id="59")
        self.referent = professionnel(self.organisme, Role.CONSEILLER)
        self.personne = PersonneFactory(
            avec_compte=True, organisme_referent=self.organisme, referent_unique=self.referent
        )
        self.dossier = dossier_complet(self.personne, inscrit_le=timezone.now())
        self.decision = DecisionOrientation.objects.create(
            personne=self.personne,
            statut=StatutDecision.CONFIRMEE,
            explication="Parcours professionnel.",
            parcours_propose=Parcours.PROFESSIONNEL,
            type_organisme_propose=TypeOrganismeReferent.FRANCE_TRAVAIL,
            parcours=Parcours.PROFESSIONNEL,
            organisme=self.organisme,
            beneficiaire_rsa=rsa,
            decidee_le=timezone.now() - datetime.timedelta(days=200),
        )
        if rsa:
            DroitRSA.objects.create(
                personne=self.personne,
                organisme_payeur="CAF",
                numero_allocataire=f"A{self.personne.pk}",
                role="demandeur",
                date_ouverture=timezone.localdate() - datetime.timedelta(days=300),
            )
        # The new département's network: two agencies, a team manager in one, its département's decider.
        self.agence_62 = OrganisationFactory(departement_id="62", nom="Agence France Travail Arras")
        self.autre_agence_62 = OrganisationFactory(departement_id="62", nom="Agence France Travail Lens")
        self.responsable_62 = professionnel(self.agence_62, Role.RESPONSABLE_EQUIPE)
        self.conseiller_62 = professionnel(self.agence_62, Role.CONSEILLER)
        self.cd_62 = OrganisationFactory(conseil_departemental=True, departement_id="62")
        self.decideur_62 = professionnel(self.cd_62, Role.DECIDEUR_DEPARTEMENTAL)

    def relue(self):
        return Personne.objects.get(pk=self.personne.pk)

    def instantane(self):
        p = self.relue()
        return (
            p.commune_id,
            p.departement_id,
            p.adresse,
            p.code_postal,
            p.organisme_referent_id,
            p.referent_unique_id,
            DecisionOrientation.objects.filter(personne=p).count(),
            AuditEvent.objects.filter(personne=p).count(),
        )

    def vers_arras(self, **kwargs):
        return demenager(
            self.personne,
            acting_user=kwargs.pop("acting_user", self.referent),
            adresse="3 place des Héros",
            commune=commune(ARRAS),
            code_postal="62000",
            **kwargs,
        )


def notifications(user, type_notification):
    return sorted(
        Notification.objects.filter(destinataire=user, type_notification=type_notification).values_list(
            "canal", flat=True
        )
    )


def test_dans_le_meme_departement_seule_l_adresse_change():
    cas = Cas()
    demenager(cas.personne, acting_user=cas.referent, adresse="8 rue Pierre Motte", commune=commune(ROUBAIX))
    p = cas.relue()
    assert (p.commune_id, p.departement_id, p.adresse) == (ROUBAIX, "59", "8 rue Pierre Motte")
    assert (p.organisme_referent_id, p.referent_unique_id) == (cas.organisme.pk, cas.referent.pk)
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.TRANSFERT_DEPARTEMENT).exists()
    assert AuditEvent.objects.filter(personne=p, event_type=TypeEvenement.COORDONNEES_MODIFIEES).exists()
    assert DecisionOrientation.objects.filter(personne=p).count() == 1
    assert not Notification.objects.filter(type_notification__startswith="orientation.transfert").exists()


def test_hors_du_departement_le_dossier_est_transfere_a_l_organisme_choisi():
    cas = Cas()
    cas.vers_arras(organisme=cas.agence_62)
    p = cas.relue()
    assert (p.commune_id, p.departement_id, p.code_postal) == (ARRAS, "62", "62000")
    assert (p.organisme_referent_id, p.referent_unique_id) == (cas.agence_62.pk, None)
    # Not closed: the registration and the decided orientation are kept as they are.
    assert DossierInscription.objects.get(pk=cas.dossier.pk).statut == StatutInscription.INSCRIT
    assert list(DecisionOrientation.objects.filter(personne=p).values_list("pk", flat=True)) == [cas.decision.pk]
    evenement = AuditEvent.objects.get(personne=p, event_type=TypeEvenement.TRANSFERT_DEPARTEMENT)
    assert evenement.acting_user == cas.referent
    assert evenement.organisation == cas.organisme
    assert evenement.data["ancien_departement"] == "59" and evenement.data["nouveau_departement"] == "62"
    assert evenement.data["nouvel_organisme_id"] == cas.agence_62.pk
    assert evenement.data["ancien_referent_id"] == cas.referent.pk
    assert evenement.data["beneficiaire_rsa"] is False
    assert notifications(cas.personne.user, "orientation.transfert_personne") == sorted([Canal.EMAIL, Canal.IN_APP])
    # The receiving organisation's team manager designates the référent; its conseillers are not spammed.
    assert notifications(cas.responsable_62, "orientation.transfert_organisation") == [Canal.IN_APP]
    assert notifications(cas.conseiller_62, "orientation.transfert_organisation") == []
    # What they read: where the file went, who takes over, where to look (never the file's content).
    sujet, corps = rendre_courriel(Notification.objects.get(destinataire=cas.personne.user, canal=Canal.EMAIL))
    assert sujet == "Votre dossier suit votre déménagement"
    assert "Arras (62000)" in corps and "Pas-de-Calais (62)" in corps and cas.agence_62.nom in corps
    assert "/mon-espace/" in corps
    _, corps = rendre_courriel(Notification.objects.get(destinataire=cas.responsable_62))
    assert cas.personne.nom_complet in corps and cas.organisme.nom in corps and "un référent est à désigner" in corps
    assert f"/conseiller/personnes/{cas.personne.pk}/" in corps


def test_sans_responsable_d_equipe_les_referents_du_nouvel_organisme_sont_prevenus():
    cas = Cas()
    conseiller_lens = professionnel(cas.autre_agence_62, Role.CONSEILLER)
    cas.vers_arras(organisme=cas.autre_agence_62)
    assert notifications(conseiller_lens, "orientation.transfert_organisation") == [Canal.IN_APP]
    assert notifications(cas.responsable_62, "orientation.transfert_organisation") == []


def test_l_ancien_organisme_perd_l_acces_le_nouveau_le_gagne(client):
    cas = Cas()
    partenaire_59 = OrganisationFactory(departement_id="59", mission_locale=True)
    Implication.objects.create(
        personne=cas.personne, organisation=partenaire_59, motif="Atelier CV", created_by=cas.referent
    )
    Implication.objects.create(
        personne=cas.personne, organisation=cas.organisme, motif="Inscription au guichet", created_by=cas.referent
    )
    collegue_partenaire = professionnel(partenaire_59, Role.CONSEILLER)
    fiche = reverse("backoffice:fiche_personne", args=[cas.personne.pk])
    assert organisation_donnant_acces(cas.conseiller_62, cas.personne) is None
    cas.vers_arras(organisme=cas.agence_62)
    p = cas.relue()
    assert organisation_donnant_acces(cas.referent, p) is None
    assert organisation_donnant_acces(collegue_partenaire, p) is None
    assert organisation_donnant_acces(cas.conseiller_62, p) == cas.agence_62.pk
    assert not Implication.objects.actives().filter(personne=p).exists()
    client.force_login(cas.referent)
    assert client.get(fiche).status_code == 404
    client.force_login(cas.conseiller_62)
    assert client.get(fiche).status_code == 200


def test_les_rendez_vous_a_venir_avec_l_ancien_territoire_sont_annules():
    cas = Cas()
    reserve = rdv.reserver(
        cas.personne,
        CreneauFactory(agenda=AgendaFactory(organisation=cas.organisme)),
        acting_user=cas.referent,
        derogation="Personne indisponible avant.",
    )
    cas.vers_arras(organisme=cas.agence_62)
    reserve.refresh_from_db()
    assert reserve.statut == StatutRendezVous.ANNULE


def test_un_beneficiaire_du_rsa_retourne_dans_la_file_d_orientation_du_nouveau_departement():
    cas = Cas(rsa=True)
    decideur_59 = professionnel(
        OrganisationFactory(conseil_departemental=True, departement_id="59"), Role.DECIDEUR_DEPARTEMENTAL
    )
    cas.vers_arras()
    p = cas.relue()
    assert (p.departement_id, p.organisme_referent_id, p.referent_unique_id) == ("62", None, None)
    nouvelle = DecisionOrientation.objects.get(
        personne=p, statut__in=[StatutDecision.PROPOSEE, StatutDecision.GIRATOIRE]
    )
    assert nouvelle.beneficiaire_rsa is True
    assert nouvelle.reorientation_de_id == cas.decision.pk
    assert nouvelle.transfert_le == timezone.localdate()
    assert "Déménagement" in nouvelle.motif_demande
    # The history of the first decision is kept; the new département's decider has the new one to decide.
    assert DecisionOrientation.objects.filter(pk=cas.decision.pk, statut=StatutDecision.CONFIRMEE).exists()
    assert orientation_acces.decisions_a_traiter(cas.decideur_62).filter(pk=nouvelle.pk).exists()
    assert not orientation_acces.decisions_a_traiter(decideur_59).filter(pk=nouvelle.pk).exists()
    assert organisation_donnant_acces(cas.referent, p) is None
    assert organisation_donnant_acces(cas.decideur_62, p) == cas.cd_62.pk
    evenement = AuditEvent.objects.get(personne=p, event_type=TypeEvenement.TRANSFERT_DEPARTEMENT)
    assert evenement.data["beneficiaire_rsa"] is True and evenement.data["decision_id"] == nouvelle.pk
    assert notifications(cas.decideur_62, "orientation.transfert_organisation") == [Canal.IN_APP]
    assert notifications(cas.responsable_62, "orientation.transfert_organisation") == []
    assert notifications(cas.personne.user, "orientation.transfert_personne") == sorted([Canal.EMAIL, Canal.IN_APP])
    _, corps = rendre_courriel(Notification.objects.get(destinataire=cas.personne.user, canal=Canal.EMAIL))
    assert "Le département décidera de votre nouvelle orientation" in corps


def test_pour_un_beneficiaire_du_rsa_le_referent_ne_choisit_pas_l_organisme():
    cas = Cas(rsa=True)
    avant = cas.instantane()
    with pytest.raises(ValidationError, match="président du conseil départemental"):
        cas.vers_arras(organisme=cas.agence_62)
    assert cas.instantane() == avant


def test_le_nouveau_departement_a_ses_six_semaines_a_compter_du_transfert():
    """CASF D262-65-2: 6 weeks from the information of the transfer, not from the right's opening 300 days ago."""
    cas = Cas(rsa=True)
    cas.vers_arras()
    nouvelle = DecisionOrientation.objects.get(personne=cas.personne, transfert_le__isnull=False)
    veille = timezone.localdate() + datetime.timedelta(weeks=6, days=-1)
    assert orientation_tasks.signaler_rsa_hors_delai(aujourdhui=veille) == 0
    assert orientation_tasks.signaler_rsa_hors_delai(aujourdhui=veille + datetime.timedelta(days=1)) == 1
    nouvelle.refresh_from_db()
    assert nouvelle.file == "france_travail"


def test_hors_du_departement_l_organisme_qui_reprend_est_obligatoire_et_du_bon_type():
    cas = Cas()
    avant = cas.instantane()
    with pytest.raises(ValidationError, match="Choisissez l'organisme"):
        cas.vers_arras()
    assert cas.instantane() == avant
    mission_locale_62 = OrganisationFactory(departement_id="62", mission_locale=True)
    agence_59 = OrganisationFactory(departement_id="59")
    for organisme in (mission_locale_62, agence_59):
        with pytest.raises(ValidationError, match="ne peut pas reprendre"):
            cas.vers_arras(organisme=organisme)
        assert cas.instantane() == avant


def test_une_mission_locale_passe_la_main_a_une_mission_locale():
    cas = Cas()
    ml_59 = OrganisationFactory(departement_id="59", mission_locale=True)
    ml_62 = OrganisationFactory(departement_id="62", mission_locale=True)
    referent_ml = professionnel(ml_59, Role.CONSEILLER)
    Personne.objects.filter(pk=cas.personne.pk).update(organisme_referent=ml_59)
    cas.personne.refresh_from_db()
    with pytest.raises(ValidationError, match="ne peut pas reprendre"):
        cas.vers_arras(acting_user=referent_ml, organisme=cas.agence_62)
    cas.vers_arras(acting_user=referent_ml, organisme=ml_62)
    assert cas.relue().organisme_referent_id == ml_62.pk


def test_sans_organisme_d_accueil_france_travail_oriente_dans_le_nouveau_departement():
    cas = Cas()
    # Nobody of the agency's kind in the new département.
    Organisation.objects.filter(departement_id="62", type_organisation=TypeOrganisation.AGENCE_FRANCE_TRAVAIL).update(
        actif=False
    )
    cas.vers_arras()
    p = cas.relue()
    assert (p.organisme_referent_id, p.departement_id) == (None, "62")
    nouvelle = DecisionOrientation.objects.get(personne=p, transfert_le__isnull=False)
    assert nouvelle.beneficiaire_rsa is False and nouvelle.reorientation_de_id == cas.decision.pk


@pytest.mark.parametrize("qui", ["personne", "autre_organisation", "decideur", "mediateur", "nouveau", "anonyme"])
def test_seul_le_referent_declare_un_demenagement(qui):
    cas = Cas()
    cd_59 = OrganisationFactory(conseil_departemental=True, departement_id="59")
    acteur = {
        "personne": cas.personne.user,
        "autre_organisation": professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER),
        "decideur": professionnel(cd_59, Role.DECIDEUR_DEPARTEMENTAL),
        "mediateur": professionnel(cas.organisme, Role.MEDIATEUR),
        "nouveau": cas.conseiller_62,
        "anonyme": None,
    }[qui]
    avant = cas.instantane()
    with pytest.raises(ValidationError, match="Seul le référent"):
        cas.vers_arras(acting_user=acteur, organisme=cas.agence_62)
    with pytest.raises(ValidationError, match="Seul le référent"):
        demenager(cas.personne, acting_user=acteur, adresse="1 rue Neuve", commune=commune(ROUBAIX))
    assert cas.instantane() == avant


def test_apres_le_transfert_l_ancien_referent_ne_peut_plus_rien_declarer():
    cas = Cas()
    cas.vers_arras(organisme=cas.agence_62)
    apres = cas.instantane()
    with pytest.raises(ValidationError, match="Seul le référent"):
        demenager(cas.personne, acting_user=cas.referent, adresse="1 rue Neuve", commune=commune(ROUBAIX))
    assert cas.instantane() == apres


# --- Pages ---------------------------------------------------------------------------------------


def test_parcours_du_referent_sur_les_pages(client):
    cas = Cas()
    client.force_login(cas.referent)
    fiche = reverse("backoffice:fiche_personne", args=[cas.personne.pk])
    url = reverse("backoffice:demenagement", args=[cas.personne.pk])
    assert "demenagement/" in client.get(fiche).content.decode()
    assert client.get(url).status_code == 200
    # Same département: the address only.
    reponse = client.post(url, {"adresse": "8 rue Pierre Motte", "code_postal": "59100", "commune": "Roubaix"})
    assert reponse.status_code == 302 and reponse.url == fiche
    assert cas.relue().commune_id == ROUBAIX
    # Another département: the page asks which organisation takes over, listing the new département's.
    donnees = {"adresse": "3 place des Héros", "code_postal": "62000", "commune": "Arras"}
    reponse = client.post(url, donnees)
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Choisissez l'organisme du nouveau département" in html.unescape(page)
    assert cas.agence_62.nom in page and cas.autre_agence_62.nom in page
    assert cas.relue().departement_id == "59"
    reponse = client.post(url, {**donnees, "organisme": cas.agence_62.pk})
    assert reponse.status_code == 302
    assert reponse.url == reverse("backoffice:personnes")
    assert cas.relue().organisme_referent_id == cas.agence_62.pk
    # The file has gone: the old référent's pages are a 404 now.
    assert client.get(url).status_code == 404
    assert client.get(fiche).status_code == 404


def test_une_commune_inconnue_est_refusee_a_son_champ(client):
    cas = Cas()
    client.force_login(cas.referent)
    avant = cas.instantane()
    url = reverse("backoffice:demenagement", args=[cas.personne.pk])
    reponse = client.post(url, {"adresse": "1 rue Neuve", "code_postal": "62000", "commune": "Atlantide"})
    assert reponse.status_code == 200
    assert cas.instantane() == avant


@pytest.mark.parametrize("qui", ["autre_organisation", "decideur", "nouveau"])
def test_les_pages_refusent_qui_n_est_pas_le_referent(client, qui):
    cas = Cas()
    cd_59 = OrganisationFactory(conseil_departemental=True, departement_id="59")
    acteur = {
        "autre_organisation": professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER),
        "decideur": professionnel(cd_59, Role.DECIDEUR_DEPARTEMENTAL),
        "nouveau": cas.conseiller_62,
    }[qui]
    client.force_login(acteur)
    avant = cas.instantane()
    url = reverse("backoffice:demenagement", args=[cas.personne.pk])
    assert client.get(url).status_code == 404
    donnees = {
        "adresse": "3 place des Héros",
        "code_postal": "62000",
        "commune": "Arras",
        "organisme": cas.agence_62.pk,
    }
    assert client.post(url, donnees).status_code == 404
    assert cas.instantane() == avant
    if qui == "decideur":  # reads the file, is shown no link
        page = client.get(reverse("backoffice:fiche_personne", args=[cas.personne.pk])).content.decode()
        assert "demenagement/" not in page


def test_la_demo_montre_une_personne_qui_a_demenage():
    """demo/demenagement.py: Benoît Garnier's file went from Lille to the Arras agency, with its history."""
    charger_demo()
    p = Personne.objects.get(nom_naissance="Garnier", prenoms="Benoît")
    assert (p.departement_id, p.organisme_referent.nom, p.referent_unique_id) == (
        "62",
        "Agence France Travail Arras",
        None,
    )
    assert AuditEvent.objects.filter(personne=p, event_type=TypeEvenement.TRANSFERT_DEPARTEMENT).count() == 1


@pytest.mark.parametrize("qui", ["personne", "referent"])
def test_une_adresse_dans_un_autre_departement_passe_par_le_transfert(qui):
    """Changing the contact details to a commune of another département would move the file out of its
    organisme référent's territory without a transfer: refused, pointing to the move; same département: fine."""
    cas = Cas()
    acteur = cas.personne.user if qui == "personne" else cas.referent
    avant = cas.instantane()
    with pytest.raises(ValidationError, match="autre département"):
        modifier_coordonnees(cas.personne, acting_user=acteur, adresse="3 place des Héros", commune=commune(ARRAS))
    assert cas.instantane() == avant
    modifier_coordonnees(cas.personne, acting_user=acteur, adresse="8 rue Pierre Motte", commune=commune(ROUBAIX))
    assert cas.relue().commune_id == ROUBAIX


def test_sans_organisme_referent_l_adresse_change_librement():
    """Awaiting orientation (no organisme référent): nothing to transfer, the département follows the address."""
    personne = PersonneFactory(avec_compte=True, organisme_referent=None)
    modifier_coordonnees(personne, acting_user=personne.user, adresse="3 place des Héros", commune=commune(ARRAS))
    assert Personne.objects.get(pk=personne.pk).departement_id == "62"


def test_la_page_coordonnees_refuse_une_commune_d_un_autre_departement_au_champ(client):
    cas = Cas()
    client.force_login(cas.referent)
    avant = cas.instantane()
    url = reverse("backoffice:inscription_etape", args=[cas.personne.pk, "coordonnees"])
    reponse = client.post(
        url, {"email": "", "telephone": "", "adresse": "3 place des Héros", "code_postal": "62000", "commune": "Arras"}
    )
    assert reponse.status_code == 200
    assert "se déclare auprès du référent" in html.unescape(reponse.content.decode())
    assert cas.instantane() == avant


def test_sur_la_page_un_beneficiaire_du_rsa_est_transfere_sans_choix_d_organisme(client):
    cas = Cas(rsa=True)
    client.force_login(cas.referent)
    url = reverse("backoffice:demenagement", args=[cas.personne.pk])
    reponse = client.post(url, {"adresse": "3 place des Héros", "code_postal": "62000", "commune": "Arras"})
    assert reponse.status_code == 302 and reponse.url == reverse("backoffice:personnes")
    p = cas.relue()
    assert (p.departement_id, p.organisme_referent_id) == ("62", None)
    assert DecisionOrientation.objects.filter(personne=p, transfert_le=timezone.localdate()).exists()
