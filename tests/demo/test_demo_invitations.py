"""The demo of the invitations (demo/invitations.py): people of the CAF/MSA flow in every follow-up status,
a bulk lot, a callback request, the day's letters, the Nord's wording; seen from the demo logins."""

from django.urls import reverse
from django.utils import timezone

from demo.invitations import LOT, ORIGINE_LOT, SUIVIS
from francetravail.comptes.models import User
from francetravail.invitations.enums import CanalInvitation, CleFormulation, StatutDemandeRappel, StatutLot
from francetravail.invitations.models import DemandeRappel, EnvoiInvitation, Formulation, LotCourriers, LotInvitations
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.rendezvous.enums import Motif, StatutSuivi
from francetravail.rendezvous.models import ManquementAExaminer, SuiviRendezVous
from francetravail.reseau.models import Organisation
from inscription.enums import Canal

ATTENDU = {
    "invite": StatutSuivi.INVITE,
    "relance": StatutSuivi.RELANCE,
    "expire": StatutSuivi.EXPIRE,
    "rappel": StatutSuivi.RAPPEL_DEMANDE,
    "rdv_pris": StatutSuivi.RDV_PRIS,
    "honore": StatutSuivi.HONORE,
    "excuse": StatutSuivi.EXCUSE,
    "absent": StatutSuivi.ABSENT,
    "annule": StatutSuivi.ANNULE,
}


def _personne(nom, prenom):
    return Personne.objects.get(nom_naissance=nom, prenoms=prenom)


def test_chaque_statut_de_suivi_pour_des_personnes_du_flux(demo_chargee):
    vus = set()
    for nom, prenom, _naissance, _email, _mobile, _adresse, etape in SUIVIS:
        personne = _personne(nom, prenom)
        assert personne.inscription.canal == Canal.FLUX_CAF_MSA
        assert personne.droits_rsa.exists()
        suivi = SuiviRendezVous.objects.filter(personne=personne, motif=Motif.ENTRETIEN_ORIENTATION).first()
        if etape == "non_invite":
            assert suivi is None or suivi.statut == StatutSuivi.NON_INVITE
            vus.add(StatutSuivi.NON_INVITE)
            continue
        assert suivi is not None and suivi.statut == ATTENDU[etape], (prenom, suivi and suivi.statut)
        vus.add(suivi.statut)
    assert vus == set(StatutSuivi.values)
    absente = _personne("Deruelle", "Irène")
    assert ManquementAExaminer.objects.filter(personne=absente).exists()


def test_un_lot_ses_courriers_une_demande_de_rappel_et_la_formulation_du_nord_dans_les_sms(demo_chargee):
    lot = LotInvitations.objects.get(origine=ORIGINE_LOT)
    assert lot.statut == StatutLot.TERMINE
    assert (lot.nb_invitations, lot.nb_ignorees) == (len(LOT), 0)
    lettres = EnvoiInvitation.objects.filter(invitation__lot=lot, canal=CanalInvitation.COURRIER)
    assert lettres.count() == sum(adresse for *_debut, adresse in LOT)
    assert DemandeRappel.objects.filter(
        personne=_personne("Caron", "Emma"), statut=StatutDemandeRappel.A_TRAITER
    ).exists()
    # The SMS of the Nord's people speak the Nord's wording (demo/suivi_formulations.py).
    formulation = Formulation.objects.get(departement_id="59", cle=CleFormulation.INVITATION_SMS)
    debut = formulation.texte.split("{{")[0]
    sms = Notification.objects.filter(
        canal="sms",
        type_notification="invitations.invitation",
        contexte__organisation="Agence France Travail Lille Centre",
    )
    assert sms.exists() and all(n.contexte["texte"].startswith(debut) for n in sms)


def test_les_comptes_de_demo_voient_les_invitations_depuis_leur_tableau_de_bord(demo_chargee, client):
    """Camille Durand: the follow-up counts of Lille Centre, the callback request, the bulk invitation;
    Agnès Leroy (responsable d'équipe): the day's letters to print."""
    lille = Organisation.objects.get(nom="Agence France Travail Lille Centre")
    client.force_login(User.objects.get(email="conseiller@demo.francetravail.localhost"))
    tableau = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Demandes de rappel (1)" in tableau and "Invitations groupées" in tableau
    assert "Suivi des rendez-vous" in tableau
    for statut, titre in (
        (StatutSuivi.INVITE, "Invités, en attente de réservation"),
        (StatutSuivi.RELANCE, "Relancés"),
        (StatutSuivi.EXPIRE, "Invitations expirées, à réinviter"),
        (StatutSuivi.ANNULE, "Rendez-vous annulés, à réinviter"),
    ):
        nombre = SuiviRendezVous.objects.filter(organisation=lille, statut=statut).count()
        assert nombre >= 1 and f"{nombre} personne" in tableau.split(titre, 1)[1][:2000], titre
    assert ORIGINE_LOT in client.get(reverse("backoffice:lots_invitations")).content.decode()
    assert "Caron" in client.get(reverse("backoffice:demandes_rappel")).content.decode().title()

    client.force_login(User.objects.get(email="responsable.equipe@demo.francetravail.localhost"))
    tableau = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Courriers à imprimer" in tableau
    lot = LotCourriers.objects.get(organisation=lille, jour=timezone.localdate())
    assert lot.statut == StatutLot.TERMINE and lot.nb_courriers >= 6
    page = client.get(reverse("backoffice:courriers")).content.decode()
    assert reverse("backoffice:courriers_pdf", args=[lot.pk]) in page
