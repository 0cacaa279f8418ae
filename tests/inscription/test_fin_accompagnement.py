"""The référent ends an accompaniment with a reason from the list, and may reopen it: the registration is
« cessée » with its date and reason (no last day, unlike a radiation), the person is off the lists of
people to chase, told (not after a death), and every step is audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.personnes import portefeuille
from francetravail.personnes.models import Personne
from francetravail.rendezvous import actions as rdv
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.tasks import planifier_rappels
from francetravail.reseau.enums import Role
from inscription import cessation
from inscription.acces import InscriptionRefusee
from inscription.actions import rouvrir_accompagnement, terminer_accompagnement
from inscription.enums import MotifFinAccompagnement, StatutInscription
from inscription.models import DossierInscription
from inscription.tasks import rouvrir_inscriptions
from orientation.enums import Parcours, StatutDecision, TypeOrganismeReferent
from orientation.masse import proposer_en_masse
from orientation.models import DecisionOrientation
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.inscription.factories import dossier_complet
from tests.rendezvous.factories import AgendaFactory, CreneauFactory

pytestmark = pytest.mark.django_db


def jour(n):
    return timezone.localdate() + datetime.timedelta(days=n)


class Cas:
    def __init__(self):
        self.organisme = OrganisationFactory(departement_id="59")
        self.referent = professionnel(self.organisme, Role.CONSEILLER)
        self.personne = PersonneFactory(avec_compte=True, organisme_referent=self.organisme)
        self.dossier = dossier_complet(self.personne, inscrit_le=timezone.now())

    def relu(self):
        return DossierInscription.objects.get(pk=self.dossier.pk)

    def evenements(self, type_evenement):
        return AuditEvent.objects.filter(personne=self.personne, event_type=type_evenement).count()

    def notifications(self, modele):
        return list(
            Notification.objects.filter(destinataire=self.personne.user, modele=modele).values_list("canal", flat=True)
        )


@pytest.fixture
def cas():
    return Cas()


def instantane(dossier):
    d = DossierInscription.objects.get(pk=dossier.pk)
    return {champ: getattr(d, champ) for champ in cessation.CHAMPS_CESSATION}


def test_le_referent_termine_l_accompagnement_la_personne_est_prevenue(cas):
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif=MotifFinAccompagnement.REPRISE_EMPLOI)
    d = cas.relu()
    assert d.statut == StatutInscription.CESSEE
    assert d.accompagnement_termine
    assert (d.cessee_le, d.cessee_jusqu_au) == (timezone.localdate(), None)
    assert d.motif_fin_accompagnement == MotifFinAccompagnement.REPRISE_EMPLOI
    assert d.motif_cessation == "Reprise d'emploi"
    evenement = AuditEvent.objects.get(personne=cas.personne, event_type=TypeEvenement.ACCOMPAGNEMENT_TERMINE)
    assert evenement.acting_user == cas.referent
    assert evenement.organisation == cas.organisme
    assert evenement.data["motif_fin"] == "reprise_emploi"
    assert sorted(cas.notifications("inscription/accompagnement_termine")) == sorted([Canal.EMAIL, Canal.IN_APP])


def test_pas_de_notification_apres_un_deces(cas):
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif=MotifFinAccompagnement.DECES)
    assert cas.relu().accompagnement_termine
    assert cas.evenements(TypeEvenement.ACCOMPAGNEMENT_TERMINE) == 1
    assert not Notification.objects.filter(destinataire=cas.personne.user).exists()


def test_autre_exige_une_precision(cas):
    avant = instantane(cas.dossier)
    with pytest.raises(InscriptionRefusee, match="Précisez"):
        terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="autre", precision="  ")
    assert instantane(cas.dossier) == avant
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="autre", precision="Incarcération")
    assert cas.relu().motif_cessation == "Autre : Incarcération"


def test_un_motif_hors_liste_est_refuse(cas):
    avant = instantane(cas.dossier)
    with pytest.raises(InscriptionRefusee, match="dans la liste"):
        terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="lassitude")
    assert instantane(cas.dossier) == avant


def test_la_date_de_fin_aujourd_hui_ou_avant_jamais_demain(cas):
    avant = instantane(cas.dossier)
    with pytest.raises(InscriptionRefusee, match="après aujourd'hui"):
        terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="formation", le=jour(1))
    assert instantane(cas.dossier) == avant
    assert cas.evenements(TypeEvenement.ACCOMPAGNEMENT_TERMINE) == 0
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="formation", le=jour(0))
    assert cas.relu().cessee_le == jour(0)
    autre = Cas()
    terminer_accompagnement(autre.personne, acting_user=autre.referent, motif="formation", le=jour(-10))
    assert autre.relu().cessee_le == jour(-10)


@pytest.mark.parametrize("qui", ["personne", "autre_organisation", "decideur", "mediateur", "anonyme", "inactif"])
def test_seul_le_referent_termine_ou_rouvre(cas, qui):
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    acteur = {
        "personne": cas.personne.user,
        "autre_organisation": professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER),
        "decideur": professionnel(cd, Role.DECIDEUR_DEPARTEMENTAL),
        "mediateur": professionnel(cas.organisme, Role.MEDIATEUR),
        "anonyme": None,
        "inactif": professionnel(cas.organisme, Role.CONSEILLER, is_active=False),
    }[qui]
    avant = instantane(cas.dossier)
    with pytest.raises(InscriptionRefusee, match="Seul le référent"):
        terminer_accompagnement(cas.personne, acting_user=acteur, motif="demenagement")
    assert instantane(cas.dossier) == avant
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="demenagement")
    termine = instantane(cas.dossier)
    with pytest.raises(InscriptionRefusee, match="Seul le référent"):
        rouvrir_accompagnement(cas.personne, acting_user=acteur, motif="Retour dans le département")
    assert instantane(cas.dossier) == termine
    assert cas.evenements(TypeEvenement.ACCOMPAGNEMENT_ROUVERT) == 0


def test_sans_organisme_referent_rien_a_terminer():
    cas = Cas()
    Personne.objects.filter(pk=cas.personne.pk).update(organisme_referent=None)
    cas.personne.refresh_from_db()
    with pytest.raises(InscriptionRefusee, match="Seul le référent"):
        terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="formation")
    assert cas.relu().statut == StatutInscription.INSCRIT


def test_deja_termine_refuse_et_rouvrir_un_accompagnement_en_cours_refuse(cas):
    with pytest.raises(InscriptionRefusee, match="rien à rouvrir"):
        rouvrir_accompagnement(cas.personne, acting_user=cas.referent, motif="Par erreur")
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="formation")
    termine = instantane(cas.dossier)
    with pytest.raises(InscriptionRefusee, match="déjà terminé"):
        terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="reprise_emploi")
    assert instantane(cas.dossier) == termine


def test_le_referent_rouvre_avec_un_motif(cas):
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="reprise_emploi")
    with pytest.raises(InscriptionRefusee, match="motif de la réouverture"):
        rouvrir_accompagnement(cas.personne, acting_user=cas.referent, motif=" ")
    assert cas.relu().accompagnement_termine
    rouvrir_accompagnement(cas.personne, acting_user=cas.referent, motif="Fin de la période d'essai")
    d = cas.relu()
    assert d.statut == StatutInscription.INSCRIT
    assert not d.accompagnement_termine
    assert (d.rouverte_le, d.motif_reouverture) == (timezone.localdate(), "Fin de la période d'essai")
    assert cas.evenements(TypeEvenement.ACCOMPAGNEMENT_ROUVERT) == 1
    assert sorted(cas.notifications("inscription/accompagnement_rouvert")) == sorted([Canal.EMAIL, Canal.IN_APP])
    # Ended again later: a second closure is its own step, told again.
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="formation")
    assert len(cas.notifications("inscription/accompagnement_termine")) == 4


def test_une_fin_d_accompagnement_n_est_pas_une_radiation(cas):
    """No last day: the radiations' sweep, an appeal or a later radiation never reopen nor shorten it."""
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="demande_personne")
    termine = instantane(cas.dossier)
    assert rouvrir_inscriptions() == 0
    cessation.rouvrir(cas.personne, motif="Recours admis")
    cessation.cesser(cas.personne, du=jour(0), au=jour(30), motif="Radiation")
    assert instantane(cas.dossier) == termine
    with pytest.raises(ValidationError, match="lui seul peut le rouvrir"):
        cessation.rouvrir_a_echeance(cas.personne, aujourdhui=jour(400))
    assert instantane(cas.dossier) == termine


def test_une_radiation_en_cours_devient_une_fin_d_accompagnement(cas):
    cessation.cesser(cas.personne, du=jour(-5), au=jour(30), motif="Radiation")
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="radiation")
    d = cas.relu()
    assert d.accompagnement_termine and d.cessee_jusqu_au is None
    assert rouvrir_inscriptions(aujourdhui=jour(31)) == 0


def test_plus_de_rendez_vous_ni_de_proposition_d_orientation(cas):
    creneau = CreneauFactory(agenda=AgendaFactory(organisation=cas.organisme))
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="formation")
    with pytest.raises(ValidationError, match="accompagnement est terminé"):
        rdv.proposer_creneaux(cas.personne, [creneau], acting_user=cas.referent)
    with pytest.raises(ValidationError, match="accompagnement est terminé"):
        rdv.reserver(cas.personne, creneau, acting_user=cas.referent)
    assert not cas.personne.rendez_vous.exists()
    assert proposer_en_masse([cas.personne.pk]) == 0
    rouvrir_accompagnement(cas.personne, acting_user=cas.referent, motif="Formation abandonnée")
    assert rdv.proposer_creneaux(cas.personne, [creneau], acting_user=cas.referent)


def test_le_portefeuille_ne_la_signale_plus_en_retard(cas):
    # Oriented 30 days ago without any appointment: late for the first appointment (15 days).
    il_y_a_30 = timezone.now() - datetime.timedelta(days=30)
    DecisionOrientation.objects.create(
        personne=cas.personne,
        statut=StatutDecision.CONFIRMEE,
        explication="Parcours professionnel.",
        parcours_propose=Parcours.PROFESSIONNEL,
        type_organisme_propose=TypeOrganismeReferent.FRANCE_TRAVAIL,
        parcours=Parcours.PROFESSIONNEL,
        organisme=cas.organisme,
        decidee_le=il_y_a_30,
        notifiee_le=il_y_a_30,
    )

    def ligne():
        qs = portefeuille.annoter(Personne.objects.filter(pk=cas.personne.pk))
        textes = portefeuille.lignes(list(qs))[0][1]
        return qs.filter(portefeuille.en_retard_q()).exists(), [t for t, _ in textes], any(r for _, r in textes)

    assert ligne()[0] is True
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="reprise_emploi")
    en_retard, textes, retard = ligne()
    assert (en_retard, retard) == (False, False)
    assert f"Accompagnement terminé le {timezone.localdate():%d/%m/%Y} (Reprise d'emploi)" in textes


# --- Pages ---------------------------------------------------------------------------------------


def test_parcours_du_referent_sur_les_pages(cas, client):
    client.force_login(cas.referent)
    fiche = reverse("backoffice:fiche_personne", args=[cas.personne.pk])
    assert "accompagnement/terminer/" in client.get(fiche).content.decode()
    url = reverse("backoffice:terminer_accompagnement", args=[cas.personne.pk])
    assert client.get(url).status_code == 200
    reponse = client.post(url, {"motif": "formation", "precision": "", "le": jour(1).isoformat()})
    assert reponse.status_code == 200
    assert "après aujourd" in reponse.content.decode()
    assert cas.relu().statut == StatutInscription.INSCRIT
    reponse = client.post(url, {"motif": "formation", "precision": "CAP cuisine", "le": jour(0).isoformat()})
    assert reponse.status_code == 302
    page = client.get(fiche).content.decode()
    assert "Accompagnement terminé" in page
    assert "Entrée en formation : CAP cuisine" in page
    assert "accompagnement/rouvrir/" in page
    assert "accompagnement/terminer/" not in page
    rouvrir = reverse("backoffice:rouvrir_accompagnement", args=[cas.personne.pk])
    assert client.post(rouvrir, {"motif": "Formation annulée"}).status_code == 302
    assert cas.relu().statut == StatutInscription.INSCRIT


@pytest.mark.parametrize("qui", ["autre_organisation", "decideur"])
def test_les_pages_refusent_qui_n_est_pas_le_referent(cas, client, qui):
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    acteur = {
        "autre_organisation": professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER),
        "decideur": professionnel(cd, Role.DECIDEUR_DEPARTEMENTAL),
    }[qui]
    client.force_login(acteur)
    avant = instantane(cas.dossier)
    url = reverse("backoffice:terminer_accompagnement", args=[cas.personne.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"motif": "formation", "le": jour(0).isoformat()}).status_code == 404
    assert instantane(cas.dossier) == avant
    if qui == "decideur":  # reads the file, is shown no button
        page = client.get(reverse("backoffice:fiche_personne", args=[cas.personne.pk])).content.decode()
        assert "accompagnement/terminer/" not in page


@pytest.mark.parametrize("motif", ["reprise_emploi", "deces"])
def test_les_rendez_vous_a_venir_sont_annules_et_plus_rappeles(cas, motif):
    agenda = AgendaFactory(organisation=cas.organisme)
    reserve = rdv.reserver(cas.personne, CreneauFactory(agenda=agenda), acting_user=cas.referent)
    propose = rdv.proposer_creneaux(cas.personne, [CreneauFactory(agenda=agenda)], acting_user=cas.referent)[0]
    Notification.objects.all().delete()
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif=motif)
    for r in (reserve, propose):
        r.refresh_from_db()
        assert r.statut == StatutRendezVous.ANNULE
        assert r.prochain_rappel is None
    reserve.creneau.refresh_from_db()
    assert reserve.creneau.nb_reservations == 0
    assert planifier_rappels(maintenant=timezone.now() + datetime.timedelta(days=2, hours=23)) == 0
    annulations = Notification.objects.filter(destinataire=cas.personne.user, type_notification__contains="annul")
    assert annulations.exists() == (motif != "deces")


def test_la_personne_lit_la_fin_de_son_accompagnement_dans_son_espace(cas, client):
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="formation", precision="BTS logistique")
    client.force_login(cas.personne.user)
    page = client.get(reverse("personnes:espace")).content.decode()
    assert "Votre accompagnement est terminé" in page
    assert f"depuis le {timezone.localdate():%d/%m/%Y}" in page and "BTS logistique" in page
    assert "Votre inscription n’est pas terminée" not in page
    rouvrir_accompagnement(cas.personne, acting_user=cas.referent, motif="Formation reportée")
    page = client.get(reverse("personnes:espace")).content.decode()
    assert "Votre accompagnement est terminé" not in page


def test_la_precision_tient_en_500_caracteres(cas):
    avant = instantane(cas.dossier)
    with pytest.raises(InscriptionRefusee, match="500 caractères"):
        terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="autre", precision="x" * 501)
    assert instantane(cas.dossier) == avant
    terminer_accompagnement(cas.personne, acting_user=cas.referent, motif="autre", precision="x" * 500)
    assert cas.relu().motif_cessation == "Autre : " + "x" * 500
